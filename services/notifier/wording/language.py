"""Which language to answer in: a light Welsh/English heuristic, and joining names in each."""

from __future__ import annotations

import re
from collections.abc import Sequence

WELSH_BODIES = frozenset({"monmouthshire-cc", "gwent-police", "aneurin-bevan-uhb", "swtra"})


def _words(text: str) -> frozenset[str]:
    return frozenset(text.split())


# Words only one language uses; shared ones ("a", "at", "do", "hi", "dim") count for none.
WELSH_WORDS = _words("""
    mae maen oedd roedd bydd fydd sydd sy bod yw ydy ydi oes does dyw dydy dw dwi rwy rydw
    rydyn ydyn ni chi nhw fi ti fy dy ein eich eu ei yn y yr ar ac ond hefyd iawn ddim nid
    wedi gyda gydag heb mewn wrth ger gerllaw tu allan yma yna hyn hwn hon pam ble
    beth sut pryd pwy os gwelwch dda diolch plis plîs helo shwmae nawr rwan heddiw ddoe eto
    ers wythnos wythnosau mis byth erioed pob dydd nos bore prynhawn angen eisiau isio
    moyn gallwch allwch gallu torri gweithio gwneud cael mynd dod gweld ffonio stryd ffordd
    heol lôn golau olau goleuadau twll tyllau sbwriel ysgol tŷ tai dŵr llifogydd coeden
    goeden palmant cyngor heddlu ysbyty damwain perygl peryglus mawr fawr bach newydd drws
    gwastraff cŵn baw fe mai achos felly llawer
""")
ENGLISH_WORDS = _words("""
    the and is are was were be been being has have had of to in on it its this that there
    these those for with not no please near outside by from again still can could would should
    someone anyone my our your we you they them their he she his her will does an or if
    but so just very about into out up off any some here what when where who why how
    road street light lights broken pothole potholes weeks days since thanks thank hello
    blocked flooding rubbish working fixed dangerous nobody been getting today yesterday
""")
WELSH_TAILS = frozenset({"r", "n", "i", "w", "ch"})  # mae'r, dw i'n, i'w
ENGLISH_TAILS = frozenset({"s", "t", "ve", "re", "ll", "d", "m"})  # it's, don't, I'm
# Inside a name like "Heol y Porth" or "Stratford upon Avon" these join capitalised words.
CONNECTORS = frozenset({"y", "yr", "ar", "yn", "a", "de", "dan", "uwch", "is", "o", "on", "upon"})
# Words that begin names as often as sentences: "Y Fenni", "Heol Maendy", "Ysgol Gymraeg".
NAME_STARTS = frozenset(
    {
        "y",
        "yr",
        "heol",
        "stryd",
        "ffordd",
        "lôn",
        "ysgol",
        "tŷ",
        "cyngor",
        "heddlu",
        "ysbyty",
        "coeden",
        "the",
    }
)
# A weak hint for words in neither list: letters and clusters English hardly uses.
WELSH_SPELLING = re.compile(r"[ŵŷâêîôû]|^(ll|rh|dd)|(ydd|wch)$")

_NOISE = re.compile(r"https?://\S+|[@#][\w.]+")
_WORD = re.compile(r"[^\W\d_]+(?:[-'’][^\W\d_]+)*")
_SENTENCE_END = re.compile(r"[.!?:;\n]\s*$")


def detect_language(text: str) -> str:
    """'cy' when more of the post's own words are Welsh than English, else 'en'."""
    welsh, english = _scores(text)
    return "cy" if welsh >= 2 and welsh > english else "en"


def reply_language(
    text: str, body_ids: Sequence[str], welsh_bodies: frozenset[str] = WELSH_BODIES
) -> str:
    """Welsh only for a Welsh post to a Welsh body; English otherwise."""
    if body_ids and body_ids[0] in welsh_bodies and detect_language(text) == "cy":
        return "cy"
    return "en"


def join_names(names: Sequence[str], language: str) -> str:
    """'A, B and C', or in Welsh 'A, B a C' ('ac' before a vowel)."""
    names = [name for name in names if name]
    if len(names) <= 1:
        return "".join(names)
    last = names[-1]
    if language == "cy":
        conjunction = "ac" if last[0].lower() in "aeiouwyâêîôûŵŷ" else "a"
    else:
        conjunction = "and"
    return f"{', '.join(names[:-1])} {conjunction} {last}"


def _scores(text: str) -> tuple[float, float]:
    text = _NOISE.sub(" ", text).replace("’", "'")
    letters = [c for c in text if c.isalpha()]
    if letters and sum(c.isupper() for c in letters) > 0.8 * len(letters):
        text = text.lower()  # shouting: no capitals left to tell names by
    tokens = [(m.group(), _starts_sentence(text[: m.start()])) for m in _WORD.finditer(text)]
    welsh = english = 0.0
    for index, (token, starts_sentence) in enumerate(tokens):
        if _in_name(tokens, index, starts_sentence):
            continue
        head, _, tail = token.partition("'")
        word = head.lower()
        if token == "I":
            english += 1
        elif word in WELSH_WORDS:
            welsh += 1
        elif word in ENGLISH_WORDS:
            english += 1
        elif len(word) >= 4 and "-" not in word and WELSH_SPELLING.search(word):
            welsh += 0.5
        welsh += tail.lower() in WELSH_TAILS
        english += tail.lower() in ENGLISH_TAILS
    return welsh, english


def _starts_sentence(before: str) -> bool:
    return not before.strip() or _SENTENCE_END.search(before) is not None


def _capitalised(token: str) -> bool:
    return token[0].isupper() and token != "I"


def _in_name(tokens: list[tuple[str, bool]], index: int, starts_sentence: bool) -> bool:
    """A place or person's name: capitalised mid-sentence, or a capital run at a sentence start."""
    token = tokens[index][0]
    after = tokens[index + 1][0] if index + 1 < len(tokens) else ""
    if _capitalised(token):
        if not starts_sentence:
            return True
        # "Y Fenni is flooded" opens on a name; "Mae Stryd Fawr ar gau" opens on a verb.
        word = token.lower().partition("'")[0]
        if word in WELSH_WORDS | ENGLISH_WORDS and word not in NAME_STARTS:
            return False
        return bool(after) and not tokens[index + 1][1] and _capitalised(after)
    if index == 0 or not after or tokens[index + 1][1] or not _capitalised(after):
        return False
    return token.lower() in CONNECTORS and _in_name(tokens, index - 1, tokens[index - 1][1])

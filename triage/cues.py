"""Risk-to-life cue groups, as model features (not rules): the model learns each group's weight.

A group fires when any of its phrases appears, so a weapon or an injury the training posts never
named still moves the emergency score. Written from the contract's definition of 'emergency'
(injury, fire, crime in progress, live wires), in English and Welsh, not from the dev set.

Phrase syntax: words separated by spaces; 'a|b' is either word; a trailing '*' matches any
ending; a leading '~' marks a Welsh word, matched in its mutated forms too ('cyllell' is also
'gyllell', 'chyllell' and 'nghyllell'). People report emergencies in a hurry, so words (each
mutated form, and the bare stem of a '*' word of five letters or more) also match with one
slip: four-letter words with two letters swapped or one doubled ('taor', 'weid'), longer words
also with one dropped, and words of six letters or more with one wrong letter; a digit typed
for a letter ('tar0', 'h1t') is read as the letter. A slip that spells a common English word
is not one ('sparking' less an 's' is 'parking').
"""

from __future__ import annotations

import re

import numpy as np
import scipy.sparse as sp

from triage.gazetteer import fold
from triage.words import is_common_english, welsh_mutations

PERSON = (
    "child|kid|pedestrian|cyclist|rider|driver|woman|man|person|boy|girl|someone|somebody|sumone"
)
# Who can be on the ground: 'litter on the ground' is not a casualty, 'he's on the ground' is.
WHO_DOWN = f"{PERSON}|people|he|she|hes|shes|lad|bloke|guy|fella|chap|lady|pensioner|they|theyre"
WHO_DOWN += "|mum|dad|nan"
CUES: dict[str, list[str]] = {
    "injury": [
        "hurt",
        "injur*",
        "bleed*",
        "blood",
        "unconscious",
        "not moving",
        "aint|isnt|not moving|movin|breathing|breathin",
        "~anafu",
        "~anafwyd",
        "~anafiadau",
        "damwain ddifrifol",
        "~gyrrwr|~plentyn|dyn|~menyw|rhywun|~teithiwr yn sownd",
        "on the tracks|railway",
        "on|across the train|railway tracks|line|lines|rails",
        "across the rails|tracks|line",
        "bus|minibus|coach|lorry|van|car|truck|tractor|motorbike on its side",
        "lying in the|a lane|carriageway|outside|middle",
        "on his|her|their kitchen|bathroom|bedroom|living floor",
        "barely talking|conscious|awake",
        "lips|tongue|throat|face swelling|swollen|puffed|puffing",
        "lips|tongue|throat are|is|has|have|gone|going swollen|huge|swelling|puffed|up",
        "not getting|gettin up",
        "cut head",
        "head is|was cut|bleeding",
        "on its|their roof",
        "car|van|lorry on its roof|side",
        "car|van|lorry|vehicle|bus|minibus|tractor upside down",
        "no sign of the|anyone|him|her|them|driver getting out",
        "ar ei do",
        "hongian yn ei wregys",
        "gone|going|turning floppy|limp|blue|grey",
        "~llewygu",
        "playing chicken",
        "for a dare",
        "o ~blaen y|yr loriau|ceir|traffig|bysiau|tren|trenau",
        "in front of lorries|cars|traffic|buses|trains",
        "outside of the bridge|parapet|railings",
        "on|onto|over the parapet",
        "hanging over|off the edge|ledge|parapet|bridge|river|water",
        "hanging out over the river|water|edge",
        "cant|cannot reach him|her|them",
        "stuck|trapped in his|her|their car|van in the",
        "get|getting|got|pull|pulling|cut|cutting the driver|him|her|them|people out",
        "not breathing",
        "collapsed",
        "trapped",
        "stabbed",
        "glassed",
        "run over",
        "lying in|on the road|ground|floor",
        f"{WHO_DOWN} on the road|ground|floor|pavement",
        f"{WHO_DOWN} is|was|lying|laid|left on the road|ground|floor|pavement",
        "in a bad way",
        "still in|inside",
        "been|got hit|hurt|stabbed",
        "anaf*",
        "~gwaedu",
        "anymwybodol",
        "gorwedd ar y",
        "sownd yn y car",
        "wedi ~taro",
        "~taro ~plentyn|~cerddwr|~beiciwr",
        "ei ~taro",
        "unresponsive",
        "not responding|responsive",
        "passed out",
        "fitting",
        "having a fit|seizure",
        "seizure",
        "cant|cannot breathe",
        "choking",
        "cpr",
        "heart attack",
        "overdos*",
        f"{PERSON}|someones|somebodys|lad|bloke|guy|fella down",
        "head wound|injury",
        "broken leg|arm|neck|back|hip|ankle|wrist",
        "leg|arm|neck|back|hip|ankle|wrist is|was|looks broken",
        "pinned under|against|by",
        "crushed",
        "casualt*",
        "knocked down|off",
        "fell off|from",
        "in agony",
        "out cold",
        "knocked out",
        "concuss*",
        "not waking up",
        "wont wake up",
        "cant wake him|her|them",
        "stopped breathing",
        "barely breathing",
        "turning blue",
        "hit|banged|cracked his|her|their head",
        "cant|cannot get up",
        "under the car|van|lorry|bus|truck|wheels",
        "ploughed|plowed|drove|driven|smashed into the|a crowd|queue",
        "ploughed|plowed|drove|driven|smashed into crowd|people|pedestrians|shoppers",
        "mowed|mown down",
        "headbutt*",
        "strangl*",
        "stroke",
        "face|mouth|smile drooping|droopy|dropped|dropping",  # the signs of a stroke (FAST)
        "one side of his|her|their face",
        "cardiac arrest",
        "chest pain|pains",
        "slurr*",
        "anaphyla*",
        "allergic reaction",
        "epipen",
        "swelling up",
        "hypo",
        "diabetic",
        "fainted",
        "keeled over",
        "slumped",
        "convuls*",
        "seiz*",
        "burns",
        "burnt|burned|scalded his|her|their|my",
        "scald*",
        "fell|fallen down the stairs",
        "fallen and cant|cannot get up",
        "suicid*",
        "threatening to jump",
        "on the ledge",
        "jump|jumping off|from the bridge|roof",
        "self harm*",
        "giving birth",
        "baby|child not breathing",
        "hypotherm*",
        "pool of blood",
        "losing blood",
        "blood everywhere",
        "screaming for help",
        "buried alive|under",
        "wall|roof|ceiling|building collapsed|collapsing",
        "collapsed on|onto",
        "under the rubble",
        "through the ice",
        "wandering in|into the road",
        "toddler|child|kid|baby in the road",
        "locked in the|a car",
        "missing child|boy|girl",
        "screaming in pain",
        "badly hurt|injured",
        "~gwaed",
        "wedi ~brifo",
        "ddim yn anadlu",
    ],
    "fire": [
        "fire",
        "flames",
        "flame",
        "ablaze",
        "petrol bomb*",
        "molotov*",
        "set fire",
        "set alight",
        "torched",
        "arson*",
        "alight",
        "blaze",
        "smoke",
        "burning",
        "explosion",
        "exploded",
        "carbon monoxide",
        "chemical spill",
        "smoke alarm|alarms",
        "on fire",
        "on fie|fyre|fiya|fiyah",  # listed slips that are words of their own elsewhere ('fie')
        "caught fire",
        "fireball",
        "gas leak",
        "smell|smells|smelling of gas",
        "gas smell|smells",
        "sick|dizzy|ill|faint from the fumes",
        "overcome by fumes|smoke|gas",
        "building|buildings|house|houses|flat|flats|car|cars|van|shed|bin|bins going up",
        "ar dan",
        "r tan yn",  # Welsh 'mae'r tân yn lledu': 'tân' alone is too like English 'tan'
        "~cynnau tan",
        "~gwasanaeth tan",
        "tan yn lledu|llosgi",
        "mwg",
        "~llosgi",
        "fflam*",
    ],
    "weapon": [
        "knife",
        "knives",
        "machete",
        "gun",
        "firearm",
        "weapon*",
        "baseball bat",
        "hammer",
        "crowbar",
        "axe",
        "blade",
        "~cyllell",
        "~cyllyll",
        "~gwn",
        "shotgun",
        "handgun",
        "guns",
        "~saethu",
        "pistol",
        "rifle",
        "shots fired",
        "knifepoint",
        "gunpoint",
        "armed robbery|men|man|gang",
        "shot|shooting at|him|her|someone",
        "gunshot*",
        "stabbing",
        "acid",
    ],
    "in_progress": [
        "right now",
        "as we speak",
        "happening now",
        "rn",
        "in progress",
        "still here|there|going",
        "currently",
        "nawr",
        "ar hyn o bryd",
        "yr eiliad hon",
        "burglar|burglars|intruder|intruders in|inside|on|upstairs|downstairs|are|is|breaking",
        "breaking in|into",
        "break in|into",
        "trying to get in|into",
        "kicking the|my|our door|doors",
        "following me|us",
        "being followed",
        "still inside|in the house",
        "trying the doors|door",
        "trying door|car handles",
        "breaking into|in",
    ],
    "services": [
        "999",
        "ambulance*",
        "ambiwlans",
        "paramedic*",
        "send help",
        "send someone now",
        "help",
        "hurry",
        "emergency services",
        "ar frys",
    ],
    # Someone asking for an ambulance, or saying they have rung 999, is telling of a risk to
    # life even when they do not say what it is.
    "calls_999": [
        "send|need|needs|call|get|getting|and an|the|a ambulance|ambulances|paramedic|paramedics",
        "send|need|needs|call ambulance|ambulances|paramedic|paramedics",
        "call|calling|called|ring|ringing|rang|phoned|dial|dialled|dialed 999",
        "999 called|rang|phoned|is|are|on|busy|engaged",
        "ambulance|ambulances|paramedics on the|its|their way",
        "waiting for an|the ambulance|paramedics",
        "~ffonio|~ffoniwch|angen|galw|ac ambiwlans|999",
    ],
    # A vulnerable person missing in the cold or near water is a risk to life now.
    "missing_person": [
        "walked|wandered|gone|got out of|off from her|his|their|the care home|hospital|ward",
        "missing from her|his|their|the care home|hospital|ward",
        "in her|his nightie|nightdress|pyjamas|pjs|slippers",
        "has|with dementia|alzheimers",
        "missing child|boy|girl|toddler|teenager|pensioner|man|woman",
        "cant find my son|daughter|child|kid|mum|dad|nan|grandad",
    ],
    "electric": [
        "live wires|wire|cables|cable",
        "exposed wires|wire|cables|cable",
        "sparking",
        "sparks",
        "power line|lines",
        "wires|cables down|hanging|out",
        "bare wires|cables|wire|cable",
        "wire|wires|cable|cables poking|sticking|hanging out",
        "~gwifrau",
        "gwreichion",
        "live cable|cables|wire|wires",
        "electrocut*",
        "electric shock|shocks",
        "got|gave|giving|get a shock",
        "tingled|tingling when",
        "metal|post|pole|column|fence|railing|railings|door|box is|was|its live",
        "arcing",
        "gwifrau byw",
    ],
    "water": [
        "swept away",
        "in the water|river|sea|floodwater|floods|current|canal",
        "into the water|river|sea",
        "drowning",
        "clinging to",
        (
            "fell|fallen|gone|went|drove|driven|jumped|slipped|swept "
            "into the canal|river|water|sea|harbour|lake"
        ),
        "drown*",
        "stuck|trapped in the water|flood|floods|floodwater|river",
        "stuck|trapped in water|floodwater|floods",
        "cut off by the water|flood|tide",
        "on the roof of the|a|his|her|their car|van",
        "up to the windows|roof",
    ],
    "attack": [
        "attack*",
        "assault*",
        "fight",
        "fighting",
        "beaten|beating up",
        "mugg*",
        "robbing",
        "threaten*",
        "chasing",
        "punch*",
        "ymosod*",
        "~curo",
        "~bygwth",
        "snatch*",
        "stamping",
        "kicking him|her|them|someone|somebody",
        "kicked him|her|them|someone|somebody",
        "brawl",
        "mass fight",
        "kidnap*",
        "dragged",
        "abduct*",
        "dragged into",
        "hostage",
        "sexual assault",
        "raped",
        "hitting her|him|them",
        "someone in my house|home|garden|flat",
        "grabbed",
        "ymladd",
    ],
    "person_hit": [
        f"{PERSON} hit|knocked|thrown",
        f"{PERSON} has|was|just|got been|hit|knocked",
        f"hit a|an|the {PERSON}",
        "hit|hitting|hits ppl|people|pedestrians|kids|children|someone|somebody|sumone",
        "driven|driving|drove|drives at|into people|pedestrians|us|someone",
        "driven|driving|drove|drives at|into the|a crowd|queue",
        "hit|hitting|hits 2|3|4|two|three|four|some|several ppl|people|pedestrians|kids|children",
    ],
    # Risk words used in jest ('best chippy in town, fight me'): the model learns they lower risk.
    "figurative": [
        "fight me",
        "killing me",
        "dying to",
        "to die for",
        "im dead",
        "dead funny",
        "was|were|is|proper|absolute fire",
    ],
    # A hazard that may hurt someone soon is 'high' in the contract, not a risk to life now.
    "not_yet": [
        "going|about to get|be hurt|killed|injured|knocked",
        "gonna get|be hurt|killed|injured|knocked",
        "will|could|might|would get|be hurt|killed|injured|knocked",
        "before someone|somebody|anyone|a|sumone gets|is|get hurt|killed|injured|knocked|hit",
        "waiting to happen",
        "until someone|somebody gets|is",
    ],
    # Over and done: the contract's emergency is a risk to life now ('since last night' is not
    # over, see COMPOUNDS).
    "over": [
        "yesterday",
        "last night|week|weekend|month|year|time",
        "the other day|night|week",
        "neithiwr",
        "ddoe",
        "wythnos diwethaf",
    ],
    "no_injury": [
        "nobody|noone hurt|injured",
        "no one hurt|injured",
        "no injuries",
        "everyone|everyones ok|fine|safe",
        "neb wedi brifo|anafu",
    ],
}
# Groups that name a risk to life by themselves, and groups that say there is none after all.
RISK_TO_LIFE = (
    "injury",
    "fire",
    "weapon",
    "electric",
    "water",
    "person_hit",
    "attack",
    "calls_999",
    "missing_person",
)
CALMING = ("figurative", "not_yet", "over", "no_injury")
# Word pairs read as one word, so the risk word inside them is not seen: names of services
# ('minor injuries unit', 'blood test') and 'since last night', which is not over.
COMPOUNDS = {
    ("minor", "injuries"),
    ("minor", "injury"),
    ("blood", "test"),
    ("blood", "tests"),
    ("blood", "clinic"),
    ("blood", "pressure"),
    ("blood", "donation"),
    ("blood", "donor"),
    ("blood", "bank"),
    ("since", "yesterday"),
    ("since", "last"),
}
_COMPOUND_FIRST = {a for a, _ in COMPOUNDS}
_TOKEN = re.compile(r"[a-z0-9]+")
_LETTERS = "abcdefghijklmnopqrstuvwxyz"
_ROWS = ("qwertyuiop", "asdfghjkl", "zxcvbnm")
_NEIGHBOURS = {
    c: "".join(row[j] for j in (i - 1, i + 1) if 0 <= j < len(row))
    for row in _ROWS
    for i, c in enumerate(row)
}
_DIGIT_AS_LETTER = str.maketrans("013457", "oieast")


def _read_token(token: str) -> str:
    """A word with digits typed for letters read as letters ('h1t' -> 'hit', 'sum1' ->
    'sumone'); numbers stay."""
    if token.isalpha() or token.isdigit():
        return token
    if token.endswith("1") and token[:-1].isalpha():
        return token[:-1] + "one"
    return token.translate(_DIGIT_AS_LETTER)


def slips(word: str, *, english_too: bool = False, inside: bool = False) -> set[str]:
    """The word and every spelling one slip away that is not itself a common English word
    (english_too: those as well; inside a phrase, four-letter words may drop a letter too)."""
    if len(word) < 4 or not word.isalpha():
        return {word}
    return {
        s
        for s in _one_slip(word, drop_from=4 if inside else 5)
        if s == word or english_too or not is_common_english(s)
    }


def _one_slip(word: str, drop_from: int = 5) -> set[str]:
    """Every spelling one slip away: a dropped, doubled, swapped or wrong letter."""
    out = {word}
    for i in range(len(word)):
        # A dropped letter in a four-letter word is too often another word, unless the words
        # around it say which one it is ('on fie').
        if len(word) >= drop_from:
            out.add(word[:i] + word[i + 1 :])
        out.add(word[:i] + word[i] + word[i:])
        if i + 1 < len(word):
            out.add(word[:i] + word[i + 1] + word[i] + word[i + 2 :])
        if len(word) >= 6:  # a wrong letter in a shorter word is too often another word
            out.update(word[:i] + c + word[i + 1 :] for c in _LETTERS)
        elif len(word) == 5:  # ...except the key next to the right one ('smpke')
            out.update(word[:i] + c + word[i + 1 :] for c in _NEIGHBOURS.get(word[i], ""))
    return out


def _compounded(toks: list[str]) -> list[str]:
    """The tokens with each pair in COMPOUNDS joined into one."""
    out: list[str] = []
    for tok in toks:
        if out and (out[-1], tok) in COMPOUNDS:
            out[-1] += tok
        else:
            out.append(tok)
    return out


class _Slot:
    """One word position of a phrase: exact spellings (with slips) and prefixes."""

    def __init__(self, spec: str, *, inside: bool = False) -> None:
        self.words: set[str] = set()
        self.prefixes: list[str] = []
        for alt in spec.split("|"):
            if alt.endswith("*"):
                self.prefixes.append(alt[:-1])
                if len(alt) > 5:  # the bare stem with a slip: 'anbulance' for 'ambulance*'
                    self.words |= slips(alt[:-1])
            elif alt.startswith("~"):
                # Inside a Welsh phrase a slip may spell an English word ('o flan y' for 'o
                # flaen y'): the words around it already say which language this is.
                for form in {alt[1:], *welsh_mutations(alt[1:])}:
                    self.words |= slips(form, english_too=inside, inside=inside)
            else:
                self.words |= slips(alt, inside=inside)

    def __contains__(self, token: str) -> bool:
        return token in self.words or any(token.startswith(p) for p in self.prefixes)

    def matcher(self) -> frozenset[str] | _Slot:
        """A plain set when there are no prefixes (membership in C, the common case)."""
        return self if self.prefixes else frozenset(self.words)


class CueFeatures:
    """One 0/1 column per cue group, found by a single pass over the post's words."""

    def __init__(self, cues: dict[str, list[str]]) -> None:
        self.names = list(cues)
        self._risk_cols = [self.names.index(g) for g in RISK_TO_LIFE if g in cues]
        self._risk_and_calm = np.zeros((len(self.names), 2), dtype=np.float32)
        self._risk_and_calm[self._risk_cols, 0] = 1.0
        self._risk_and_calm[[self.names.index(g) for g in CALMING if g in cues], 1] = 1.0
        self._by_first: dict[str, list[tuple[int, list[frozenset[str] | _Slot]]]] = {}
        self._by_prefix: dict[str, list[tuple[str, int, list[frozenset[str] | _Slot]]]] = {}
        self._cands: dict[str, list[tuple[int, list[frozenset[str] | _Slot]]]] = {}
        for j, phrases in enumerate(cues.values()):
            for phrase in phrases:
                first, *rest = phrase.lower().split()
                slots = [_Slot(r, inside=True).matcher() for r in rest]
                head = _Slot(first)
                for w in head.words:
                    self._by_first.setdefault(w, []).append((j, slots))
                for p in head.prefixes:  # prefixes are at least three letters
                    self._by_prefix.setdefault(p[:3], []).append((p, j, slots))

    def __len__(self) -> int:
        return len(self.names)

    def risk_names(self, present: sp.csr_matrix, i: int) -> list[str]:
        """The risk-to-life groups present in row i of transform()'s matrix."""
        row = set(present.indices[present.indptr[i] : present.indptr[i + 1]].tolist())
        return [self.names[j] for j in self._risk_cols if j in row]

    def risk_to_life(self, present: sp.csr_matrix) -> np.ndarray:
        """Per row of transform()'s matrix: a risk-to-life group present and no calming one."""
        risk, calm = (present @ self._risk_and_calm).T > 0
        return np.asarray(risk & ~calm)

    def _candidates(self, tok: str) -> list[tuple[int, list[frozenset[str] | _Slot]]]:
        """Phrases that may start at this word (cached: words repeat)."""
        got = self._cands.get(tok)
        if got is None:
            got = list(self._by_first.get(tok, ()))
            got += [(j, s) for p, j, s in self._by_prefix.get(tok[:3], ()) if tok.startswith(p)]
            if len(self._cands) > 100_000:
                self._cands.clear()
            self._cands[tok] = got
        return got

    def groups(self, text: str) -> set[int]:
        """Indices of the cue groups present in a text."""
        toks = [t if t.isalpha() else _read_token(t) for t in _TOKEN.findall(fold(text))]
        if not _COMPOUND_FIRST.isdisjoint(toks):
            toks = _compounded(toks)
        found: set[int] = set()
        n = len(toks)
        cache = self._cands
        for i, tok in enumerate(toks):
            cands = cache.get(tok)
            if cands is None:
                cands = self._candidates(tok)
            for j, slots in cands:
                if j in found or i + len(slots) >= n:
                    continue
                for k, slot in enumerate(slots, start=i + 1):
                    if toks[k] not in slot:
                        break
                else:
                    found.add(j)
        return found

    def transform(self, texts: list[str]) -> sp.csr_matrix:
        """The cue groups present in each text, as a sparse 0/1 matrix."""
        rows, cols = [], []
        for i, text in enumerate(texts):
            for j in self.groups(text):
                rows.append(i)
                cols.append(j)
        return sp.csr_matrix(
            (np.ones(len(rows), dtype=np.float32), (rows, cols)),
            shape=(len(texts), len(self.names)),
        )

    def fired(self, text: str) -> list[str]:
        """Names of the cue groups present in one text (for evidence)."""
        found = self.groups(text)
        return [n for j, n in enumerate(self.names) if j in found]

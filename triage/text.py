"""What the model reads: the post with links, handles and postcodes reduced to placeholders."""

from __future__ import annotations

import re

from triage.gazetteer import CAMEL_RE, HANDLE_RE, HASHTAG_RE, URL_RE
from triage.location import POSTCODE_RE

_SPACES = re.compile(r"\s+")


def _hashtag(m: re.Match[str]) -> str:
    return " " + CAMEL_RE.sub(" ", m.group(1)).replace("_", " ") + " "


_EMOJI_WORDS = (("\U0001fa78", " blood "), ("\U0001f692", " fire engine "))


def model_text(text: str) -> str:
    """Normalise a post for the classifier (case is left to the vectoriser)."""
    if "http" in text or "www." in text:
        text = URL_RE.sub(" url ", text)
    if "@" in text:
        text = HANDLE_RE.sub(" @acct ", text)
    text = POSTCODE_RE.sub(" postcode ", text)
    if "#" in text:
        text = HASHTAG_RE.sub(_hashtag, text)
    # Emoji that say what words would: a drop of blood, a fire engine.
    for emoji, words in _EMOJI_WORDS:
        if emoji in text:
            text = text.replace(emoji, words)
    return _SPACES.sub(" ", text).strip()

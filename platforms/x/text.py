"""X's text length rule for outgoing posts: 280, weighted like twitter-text v3.

Code points in U+0000-U+10FF, U+2000-U+200D, U+2010-U+201F and U+2032-U+2037 weigh 1, the
rest 2 (CJK, emoji: this counts a ZWJ emoji sequence higher than X, so it errs on the safe
side), and each URL weighs 23 whatever its length.
"""

from __future__ import annotations

import re
import unicodedata

MAX_LENGTH = 280
URL_WEIGHT = 23
URL_RE = re.compile(r"https?://[^\s<>\"]+[^\s<>\".,;:!?)\]'\"]")
_LIGHT = ((0x0000, 0x10FF), (0x2000, 0x200D), (0x2010, 0x201F), (0x2032, 0x2037))


def _weight(text: str) -> int:
    return sum(1 if any(a <= ord(c) <= b for a, b in _LIGHT) else 2 for c in text)


def weighted_length(text: str) -> int:
    """The length X counts against MAX_LENGTH."""
    text = unicodedata.normalize("NFC", text)
    pieces = URL_RE.split(text)
    return _weight("".join(pieces)) + URL_WEIGHT * (len(pieces) - 1)

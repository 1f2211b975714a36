"""Post text rules: the 300-grapheme / 3000-byte limits and @handle spans in UTF-8 bytes.

Graphemes are approximated without a segmentation table: a base code point plus the combining
marks, variation selectors, skin-tone modifiers and tag characters after it; a zero-width
joiner glues on the next code point; two regional indicators make one flag. That matches
UAX #29 for Latin, Welsh and Irish text and common emoji.
"""

from __future__ import annotations

import re
import unicodedata

MAX_GRAPHEMES = 300
MAX_BYTES = 3000
ZWJ = "\u200d"
_LABEL = r"[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?"
# A full handle has at least one dot ("@lowri.bsky.social"), like the Bluesky app's detection.
HANDLE_MENTION_RE = re.compile(rf"(?<![\w@/])@({_LABEL}(?:\.{_LABEL})+)")


def _extends(char: str) -> bool:
    code = ord(char)
    return (
        unicodedata.category(char) in ("Mn", "Me", "Mc")
        or 0xFE00 <= code <= 0xFE0F
        or 0x1F3FB <= code <= 0x1F3FF
        or 0xE0020 <= code <= 0xE007F
    )


def grapheme_count(text: str) -> int:
    """User-perceived characters in text (the approximation described above)."""
    count, joined, open_flag = 0, False, False
    for index, char in enumerate(text):
        if index and (joined or _extends(char) or char == ZWJ):
            joined = char == ZWJ
            continue
        regional = 0x1F1E6 <= ord(char) <= 0x1F1FF
        if regional and open_flag:
            open_flag = False
            continue
        open_flag = regional
        count += 1
        joined = False
    return count


def too_long(text: str) -> bool:
    """Whether Bluesky would refuse the text (over 300 graphemes or 3000 UTF-8 bytes)."""
    return grapheme_count(text) > MAX_GRAPHEMES or len(text.encode()) > MAX_BYTES


def handle_mentions(text: str) -> list[tuple[int, int, str]]:
    """(byteStart, byteEnd, handle) of every @handle in text; offsets are UTF-8 bytes."""
    spans = []
    for match in HANDLE_MENTION_RE.finditer(text):
        start = len(text[: match.start()].encode())
        spans.append((start, start + len(match.group(0).encode()), match.group(1).lower()))
    return spans

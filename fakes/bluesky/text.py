"""Post text rules: the 300-grapheme / 3000-byte limits, and mention facets for /_fake/posts.

Graphemes are approximated without a Unicode segmentation table: a user-perceived character
is a base code point plus any combining marks, variation selectors, emoji skin-tone modifiers
and tag characters after it; a zero-width joiner glues the next code point on (family and
profession emoji), and two regional indicators make one flag. That agrees with UAX #29 for
Latin, Welsh and Irish text and common emoji, which is all the fake needs.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable
from typing import Any

MAX_GRAPHEMES = 300
MAX_BYTES = 3000
ZWJ = "\u200d"
# Same shape as the Bluesky app's mention detection: @ and a domain-like handle.
MENTION_RE = re.compile(r"(?<![\w@])@([A-Za-z0-9](?:[A-Za-z0-9.-]*[A-Za-z0-9])?)")


def _extends(char: str) -> bool:
    code = ord(char)
    return (
        unicodedata.combining(char) != 0
        or unicodedata.category(char) in ("Mn", "Me", "Mc")
        or 0xFE00 <= code <= 0xFE0F  # variation selectors
        or 0x1F3FB <= code <= 0x1F3FF  # skin-tone modifiers
        or 0xE0020 <= code <= 0xE007F  # tag characters (subdivision flags)
    )


def _regional(char: str) -> bool:
    return 0x1F1E6 <= ord(char) <= 0x1F1FF


def grapheme_count(text: str) -> int:
    """User-perceived characters in text (the approximation described above)."""
    count = 0
    previous = ""
    joined = False
    pending_flag = False
    for char in text:
        if previous and (joined or _extends(char) or char == ZWJ):
            joined = char == ZWJ
            previous = char
            continue
        if _regional(char) and pending_flag:
            pending_flag = False
            previous = char
            continue
        pending_flag = _regional(char)
        count += 1
        joined = False
        previous = char
    return count


def mention_facets(text: str, resolve: Callable[[str], str | None]) -> list[dict[str, Any]]:
    """Mention facets (UTF-8 byte offsets) for every @handle in text that resolves to a DID."""
    facets: list[dict[str, Any]] = []
    for match in MENTION_RE.finditer(text):
        did = resolve(match.group(1))
        if did is None:
            continue
        start = len(text[: match.start()].encode())
        end = start + len(match.group(0).encode())
        facets.append(
            {
                "$type": "app.bsky.richtext.facet",
                "index": {"byteStart": start, "byteEnd": end},
                "features": [{"$type": "app.bsky.richtext.facet#mention", "did": did}],
            }
        )
    return facets

"""Choosing the wordiest variant that fits a platform, and shortening only a department's words."""

from __future__ import annotations

from collections.abc import Callable, Sequence

from services.notifier.wording.schema import Variant, WordingError

ELLIPSIS = "…"
# Back off to a word boundary only if it costs little; a long word is cut where it stands.
WORD_BACKOFF = 20


def applicable(variants: Sequence[Variant], values: dict[str, str]) -> list[Variant]:
    """Variants suited to these values: none built on an empty value, the message kept if given."""
    empty = {
        name for name in ("bodies", "body", "link", "message", "previous") if not values.get(name)
    }
    chosen = [v for v in variants if not v.fields & empty] or list(variants)
    if values.get("message"):
        # The department's words are the point of an update: never drop them for brevity.
        chosen = [v for v in chosen if "message" in v.fields] or chosen
    return chosen


def fit(
    variants: Sequence[Variant],
    values: dict[str, str],
    *,
    key: str,
    limit: int,
    measure: Callable[[str], int],
) -> str:
    """The wordiest variant within limit; else the shortest with its message cut to fit."""
    chosen = applicable(variants, values)
    for variant in chosen:
        _check_values(variant, values, key)
        text = variant.fill(values)
        if measure(text) <= limit:
            return text
    shortest = min(chosen, key=lambda v: measure(v.fill({**values, "message": ""})))
    if "message" not in shortest.fields or not values.get("message"):
        raise WordingError(f"no variant fits in {limit} (shortest: {shortest.text!r})", key=key)
    return _truncated(shortest, values, key=key, limit=limit, measure=measure)


def _check_values(variant: Variant, values: dict[str, str], key: str) -> None:
    missing = variant.fields - values.keys()
    if missing:
        raise WordingError(f"no value given for {', '.join(sorted(missing))}", key=key)


def _truncated(
    variant: Variant,
    values: dict[str, str],
    *,
    key: str,
    limit: int,
    measure: Callable[[str], int],
) -> str:
    message = values["message"]

    def filled(n: int) -> str:
        return variant.fill({**values, "message": message[:n].rstrip() + ELLIPSIS})

    if measure(filled(0)) > limit:
        raise WordingError(f"even with the message cut, nothing fits in {limit}", key=key)
    low, high = 0, len(message)  # filled(low) fits; search the longest prefix that does
    while low < high:
        mid = (low + high + 1) // 2
        if measure(filled(mid)) <= limit:
            low = mid
        else:
            high = mid - 1
    if 0 < low < len(message) and not message[low].isspace():
        space = message.rfind(" ", 0, low)
        if space > 0 and low - space <= WORD_BACKOFF:
            low = space
    return filled(low)

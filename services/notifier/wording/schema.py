"""The keys Heard says things under, the placeholders each takes, and one parsed variant."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from string import Formatter

PLACEHOLDERS = frozenset({"bodies", "body", "reference", "link", "message", "previous"})


@dataclass(frozen=True)
class Rule:
    """What every variant of a key must carry, and what else it may use."""

    required: frozenset[str]
    optional: frozenset[str] = frozenset()
    must_say: str = ""  # literal text every variant needs, e.g. the 999 advice


def _rule(required: str, optional: str = "", must_say: str = "") -> Rule:
    return Rule(frozenset(required.split()), frozenset(optional.split()), must_say)


# {body} is optional where a body's own file may write its name out (e.g. in Welsh).
RULES: dict[str, Rule] = {
    "first_reply": _rule("reference link", "bodies"),
    "first_reply_emergency": _rule("reference link", "bodies", must_say="999"),
    "needs_location": _rule("reference", "link"),
    "out_of_area": _rule("reference", "link"),
    "rerouted": _rule("reference link", "bodies previous"),
    "acknowledged": _rule("reference", "body link message"),
    "update": _rule("reference message", "body link"),
    "resolved": _rule("reference", "body link message"),
    "holding_reply": _rule("reference", "body link"),
    "location_received": _rule("reference", "bodies link"),
}


class WordingError(ValueError):
    """A template file (or a render) that cannot be used; names the file, the key and why."""

    def __init__(self, problem: str, *, file: Path | str | None = None, key: str | None = None):
        self.file, self.key, self.problem = file, key, problem
        where = ": ".join(str(part) for part in (file, f"key {key!r}" if key else None) if part)
        super().__init__(f"{where}: {problem}" if where else problem)


@dataclass(frozen=True)
class Variant:
    """One way of saying a key: literal text and the placeholders between it."""

    text: str
    pieces: tuple[tuple[str, str | None], ...]  # (literal, placeholder or None)

    @property
    def fields(self) -> frozenset[str]:
        """The placeholders this variant uses."""
        return frozenset(name for _, name in self.pieces if name)

    def fill(self, values: dict[str, str]) -> str:
        """The text with its placeholders filled (values are never themselves formatted)."""
        return "".join(literal + (values[name] if name else "") for literal, name in self.pieces)


def parse_variant(text: str, *, key: str, file: Path) -> Variant:
    """Parse one variant, refusing placeholders that are unknown, indexed or formatted."""
    try:
        parsed = list(Formatter().parse(text))
    except ValueError as error:  # a lone "{" or "}"
        raise WordingError(
            f"{error} in {text!r} (write {{{{ or }}}} for a brace)", file=file, key=key
        ) from error
    pieces: list[tuple[str, str | None]] = []
    for literal, name, spec, conversion in parsed:
        if name is not None and (spec or conversion or name not in PLACEHOLDERS):
            shown = "{" + name + ("!" + conversion if conversion else "")
            shown += (":" + spec if spec else "") + "}"
            raise WordingError(f"unknown placeholder {shown} in {text!r}", file=file, key=key)
        pieces.append((literal, name))
    return Variant(text=text, pieces=tuple(pieces))


def check_variants(key: str, raw: object, *, file: Path) -> tuple[Variant, ...]:
    """Validate one key's value: a non-empty list of strings obeying the key's rule."""
    rule = RULES.get(key)
    if rule is None:
        raise WordingError(f"unknown key (known: {', '.join(sorted(RULES))})", file=file, key=key)
    texts = [raw] if isinstance(raw, str) else raw
    if (
        not isinstance(texts, list)
        or not texts
        or not all(isinstance(t, str) and t.strip() for t in texts)
    ):
        raise WordingError(
            "expected a list of non-empty strings, wordiest first", file=file, key=key
        )
    variants = tuple(parse_variant(text, key=key, file=file) for text in texts)
    for variant in variants:
        missing = rule.required - variant.fields
        if missing:
            names = ", ".join("{" + name + "}" for name in sorted(missing))
            raise WordingError(f"missing {names} in {variant.text!r}", file=file, key=key)
        extra = variant.fields - rule.required - rule.optional
        if extra:
            names = ", ".join("{" + name + "}" for name in sorted(extra))
            raise WordingError(
                f"{names} cannot be used here, in {variant.text!r}", file=file, key=key
            )
        if rule.must_say and rule.must_say not in variant.text:
            raise WordingError(
                f"must say {rule.must_say!r}, in {variant.text!r}", file=file, key=key
            )
    return variants

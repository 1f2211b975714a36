"""Reply templates from TOML files: packaged defaults, per-body overrides, an operator's folder."""

from __future__ import annotations

import re
import tomllib
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from services.notifier.wording.fitting import fit
from services.notifier.wording.schema import RULES, Variant, WordingError, check_variants

PACKAGED = Path(__file__).parent / "templates"
DEFAULT = "default"
FALLBACK_LANGUAGE = "en"
_LANGUAGE = re.compile(r"^[a-z]{2,3}$")
_ASSIGNMENT = re.compile(r"^\s*([A-Za-z0-9_-]+)\s*=")
_ERROR_LINE = re.compile(r"at line (\d+)")

# (scope, language) -> key -> variants; scope is "default" or a body id.
Catalogue = dict[tuple[str, str], dict[str, tuple[Variant, ...]]]


@dataclass(frozen=True)
class Wording:
    """Everything Heard can say, by key, language and body."""

    catalogue: Catalogue = field(default_factory=dict)

    @classmethod
    def load(cls, override_dir: Path | None = None) -> Wording:
        """Read the packaged templates, then an operator's folder over them key by key."""
        catalogue: Catalogue = {}
        _read_layer(PACKAGED, catalogue)
        if override_dir is not None:
            if not override_dir.is_dir():
                raise WordingError("templates folder not found", file=override_dir)
            _read_layer(override_dir, catalogue)
        base = catalogue.get((DEFAULT, FALLBACK_LANGUAGE), {})
        missing = sorted(set(RULES) - base.keys())
        if missing:
            raise WordingError(
                f"the English defaults lack {', '.join(missing)}",
                file=PACKAGED / DEFAULT / f"{FALLBACK_LANGUAGE}.toml",
            )
        return cls(catalogue)

    def variants(self, key: str, *, language: str, body_ids: Sequence[str]) -> tuple[Variant, ...]:
        """The first body's override in this language, else the default, else English."""
        if key not in RULES:
            raise WordingError("unknown key", key=key)
        language = language.lower()
        for scope in (*body_ids, DEFAULT):
            found = self.catalogue.get((scope, language), {}).get(key)
            if found:
                return found
        return self.catalogue[(DEFAULT, FALLBACK_LANGUAGE)][key]

    def render(
        self,
        key: str,
        *,
        language: str,
        body_ids: Sequence[str],
        limit: int,
        measure: Callable[[str], int] = len,
        **values: str,
    ) -> str:
        """The wordiest variant within limit, filled; else a department's message cut with …."""
        variants = self.variants(key, language=language, body_ids=body_ids)
        return fit(variants, dict(values), key=key, limit=limit, measure=measure)


def _read_layer(root: Path, catalogue: Catalogue) -> None:
    for folder in sorted(p for p in root.iterdir() if p.is_dir()):
        for path in sorted(folder.glob("*.toml")):
            if not _LANGUAGE.match(path.stem):
                raise WordingError("name the file by language, e.g. en.toml or cy.toml", file=path)
            layer = catalogue.setdefault((folder.name, path.stem), {})
            layer.update(_read_file(path))


def _read_file(path: Path) -> dict[str, tuple[Variant, ...]]:
    text = path.read_text(encoding="utf-8")
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as error:
        raise WordingError(
            f"not valid TOML: {error}", file=path, key=_key_near(text, str(error))
        ) from error
    return {key: check_variants(key, raw, file=path) for key, raw in data.items()}


def _key_near(text: str, error: str) -> str | None:
    """The key assigned at or before a TOML error's line, so the operator knows where to look."""
    line = _ERROR_LINE.search(error)  # tomllib in 3.11 gives the line only in its message
    if line is None:
        return None
    for candidate in reversed(text.splitlines()[: int(line.group(1))]):
        match = _ASSIGNMENT.match(candidate)
        if match:
            return match.group(1)
    return None

"""The responsibility table applied: which bodies a classified report goes to, and by which row."""

from __future__ import annotations

from dataclasses import dataclass

from shared.events.routed import ResponsibleBody
from triage import schema as s
from triage.directory import Body, Directory


@dataclass(frozen=True)
class RouteContext:
    """What the rules may look at besides category and area."""

    area: str
    road: s.RoadEntry | None = None
    facility_body: str | None = None
    addressed: tuple[Body, ...] = ()


class Router:
    """Evaluates rules.json: the first row matching category, area and condition fires."""

    def __init__(self, directory: Directory) -> None:
        self.d = directory
        self._cache: dict[tuple[str, str], list[s.RuleEntry]] = {}

    def routed_categories(
        self, category: str, secondary: list[str]
    ) -> list[tuple[str, str | None]]:
        """The primary category, plus secondary ones a combine row lets through (with its id)."""
        out: list[tuple[str, str | None]] = [(category, None)]
        present = {category, *secondary}
        for c in self.d.combine:
            group = set(c.categories) | set(c.with_)
            if present & set(c.categories) and present & set(c.with_):
                for extra in secondary:
                    if extra in group and extra != category and all(extra != x for x, _ in out):
                        out.append((extra, c.id))
        return out

    def _rows(self, category: str, area: str) -> list[s.RuleEntry]:
        key = (category, area)
        rows = self._cache.get(key)
        if rows is None:
            rows = [r for r in self.d.rules if category in r.categories and r.area in ("*", area)]
            self._cache[key] = rows
        return rows

    def _holds(self, rule: s.RuleEntry, ctx: RouteContext) -> bool:
        w = rule.when
        if w is None:
            return True
        if w.road_kind and not (
            ctx.road and ctx.road.kind == w.road_kind and ctx.road.area == ctx.area
        ):
            return False
        if w.facility and not ctx.facility_body:
            return False
        return not (w.addressed and not any(b.area == ctx.area for b in ctx.addressed))

    def _resolve(self, ref: str, ctx: RouteContext) -> str | None:
        if not ref.startswith("$"):
            return ref
        if ref in ("$council", "$police"):
            body = self.d.role_body(ctx.area, ref[1:])
            return body.id if body else None
        if ref == "$road":
            return ctx.road.body if ctx.road else None
        if ref == "$facility":
            return ctx.facility_body
        if ref == "$addressed":
            return next((b.id for b in ctx.addressed if b.area == ctx.area), None)
        return None

    def bodies(
        self, category: str, secondary: list[str], ctx: RouteContext
    ) -> list[ResponsibleBody]:
        """Bodies responsible for a report in a resolved area, sorted by id, each with its rule."""
        why: dict[str, list[str]] = {}
        for cat, via in self.routed_categories(category, secondary):
            for rule in self._rows(cat, ctx.area):
                if not self._holds(rule, ctx):
                    continue
                cond = f" {rule.when.describe()}" if rule.when else ""
                if rule.when and rule.when.road_kind and ctx.road:
                    cond += f" ({ctx.road.name})"
                combined = f" [combined by {via}]" if via else ""
                for ref in rule.bodies:
                    body_id = self._resolve(ref, ctx)
                    if body_id is None:
                        continue
                    text = f"rules.json {rule.id}: {cat} in {ctx.area}{cond} -> {body_id}{combined}"
                    why.setdefault(body_id, []).append(text)
                break
        return [
            ResponsibleBody(id=b, name=self.d.body(b).name, rule="; ".join(why[b]))
            for b in sorted(why)
        ]

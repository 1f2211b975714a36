"""`python -m triage.evaluate`: scores on the public dev set and the held-out sets.

Sets, none ever trained on: `public_dev` (the contract's 40 examples); `heldout_templates`, the
generated corpus's held-out templates (read while tuning, so optimistic); `blind_validation`,
posts hand-written from the contract alone by an author who saw nothing of this code, used to
choose between designs by its totals only (its misses are never printed); and `blind_heldout`,
written the same way by another author and scored once, at the end. The hand-written sets of
earlier rounds, once read, became training data (data/corpus/handwritten/).
"""

from __future__ import annotations

import argparse
import json
from dataclasses import dataclass, field
from pathlib import Path

from shared.events.envelope import report_id_for
from shared.events.mention import Mention
from triage.directory import Directory
from triage.engine import Triage
from triage.model import TextModel
from triage.schema import CATEGORIES

DATA = Path(__file__).parent / "data"


@dataclass(frozen=True)
class EvalSet:
    """A labelled JSONL file, and whether its misses may be printed."""

    path: Path
    show_misses: bool = True

    def rows(self) -> list[dict]:
        """The labelled records of this set."""
        return [json.loads(x) for x in self.path.read_text(encoding="utf-8").splitlines() if x]


SETS = {
    "public_dev": EvalSet(DATA / "eval" / "public_dev.jsonl"),
    "heldout_templates": EvalSet(DATA / "corpus" / "heldout.jsonl"),
    "blind_validation": EvalSet(DATA / "eval" / "blind_validation.jsonl", show_misses=False),
    "blind_heldout": EvalSet(DATA / "eval" / "blind_heldout.jsonl", show_misses=False),
}


def accepts(expected, value) -> bool:
    """Whether a label (one value, or a list of acceptable ones) accepts this value."""
    return value in expected if isinstance(expected, list) else value == expected


def emergency_truth(expect: dict) -> bool | None:
    """True for an emergency, False for a report that cannot be one (a false alarm if called
    one), None for the rest: non-reports and labels that allow emergency among others."""
    if expect["urgency"] in ("emergency", ["emergency"]):
        return True
    if expect["is_report"] and not accepts(expect["urgency"], "emergency"):
        return False
    return None


@dataclass
class Scores:
    n: int = 0
    category_ok: int = 0
    urgency_ok: int = 0
    area_ok: int = 0
    bodies_ok: int = 0
    exact_ok: int = 0
    report_tp: int = 0
    report_fp: int = 0
    report_fn: int = 0
    emergencies: int = 0
    emergencies_caught: int = 0
    other_reports: int = 0
    false_alarms: int = 0
    per_cat: dict[str, list[int]] = field(
        default_factory=lambda: {c: [0, 0, 0] for c in CATEGORIES}
    )
    misses: list[str] = field(default_factory=list)

    def add(self, expect: dict, out: dict, text: str) -> None:
        """Score one contract output against its expectation."""
        self.n += 1
        cat_ok = accepts(expect["category"], out["category"])
        urg_ok = accepts(expect["urgency"], out["urgency"])
        self.category_ok += cat_ok
        self.urgency_ok += urg_ok
        self.area_ok += out["area"] == expect["area"]
        bodies_ok = sorted(out["bodies"]) == sorted(expect["bodies"])
        self.bodies_ok += bodies_ok
        exact = (
            cat_ok
            and urg_ok
            and bodies_ok
            and out["area"] == expect["area"]
            and out["is_report"] == expect["is_report"]
            and out["needs_location"] == expect["needs_location"]
        )
        self.exact_ok += exact
        if not exact and len(self.misses) < 400:
            self.misses.append(
                f"{text[:90]!r}\n      expected {_brief(expect)}\n      got      {_brief(out)}"
            )
        ir, pr = expect["is_report"], out["is_report"]
        self.report_tp += ir and pr
        self.report_fp += (not ir) and pr
        self.report_fn += ir and not pr
        truth = emergency_truth(expect)
        if truth:
            self.emergencies += 1
            self.emergencies_caught += out["urgency"] == "emergency"
        elif truth is False:
            self.other_reports += 1
            self.false_alarms += out["urgency"] == "emergency"
        want = expect["category"]
        got = out["category"]
        if cat_ok and got is not None:
            self.per_cat[got][0] += 1
        else:
            primary = want[0] if isinstance(want, list) else want
            if primary is not None:
                self.per_cat[primary][2] += 1
            if got is not None:
                self.per_cat[got][1] += 1

    def summary(self) -> dict[str, float]:
        """The headline numbers."""
        f1 = 2 * self.report_tp / max(1, 2 * self.report_tp + self.report_fp + self.report_fn)
        return {
            "posts": self.n,
            "category_accuracy": self.category_ok / self.n,
            "is_report_f1": f1,
            "urgency_accuracy": self.urgency_ok / self.n,
            "emergency_recall": self.emergencies_caught / max(1, self.emergencies),
            "emergencies": self.emergencies,
            "emergency_false_alarms": self.false_alarms / max(1, self.other_reports),
            "area_accuracy": self.area_ok / self.n,
            "bodies_exact_set_accuracy": self.bodies_ok / self.n,
            "contract_exact": self.exact_ok / self.n,
        }


def _brief(d: dict) -> str:
    return (
        f"report={d['is_report']} cat={d['category']} urg={d['urgency']} area={d['area']} "
        f"bodies={d['bodies']} ask={d['needs_location']}"
    )


def evaluate(engine: Triage, rows: list[dict]) -> Scores:
    """Run triage over labelled records."""
    mentions = [Mention.model_validate(r["mention"]) for r in rows]
    classified = engine.assess_many(
        mentions, report_ids=[report_id_for(m.platform, m.id) for m in mentions]
    )
    scores = Scores()
    for r, c in zip(rows, classified, strict=True):
        scores.add(r["expect"], engine.contract_output(c, engine.route(c)), r["mention"]["text"])
    return scores


def report(name: str, s: Scores, show_misses: int) -> str:
    """The scores as a text table."""
    lines = [f"== {name} ({s.n} posts)"]
    for k, v in s.summary().items():
        lines.append(f"  {k:28s} {v:.3f}" if isinstance(v, float) else f"  {k:28s} {v}")
    lines.append(f"  {'category':22s} {'prec':>6s} {'recall':>6s} {'f1':>6s} {'support':>7s}")
    for cat, (tp, fp, fn) in s.per_cat.items():
        p = tp / (tp + fp) if tp + fp else 0.0
        r = tp / (tp + fn) if tp + fn else 0.0
        f = 2 * p * r / (p + r) if p + r else 0.0
        lines.append(f"  {cat:22s} {p:6.3f} {r:6.3f} {f:6.3f} {tp + fn:7d}")
    for m in s.misses[:show_misses]:
        lines.append(f"  MISS {m}")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--directory", type=Path, default=None)
    parser.add_argument("--model", type=Path, default=None)
    parser.add_argument("--misses", type=int, default=0, help="print up to N wrong outputs per set")
    parser.add_argument("--json", type=Path, default=None, help="also write the numbers here")
    args = parser.parse_args(argv)
    engine = Triage(
        Directory.load(args.directory), TextModel.load(args.model) if args.model else None
    )
    numbers = {}
    for name, subset in SETS.items():
        s = evaluate(engine, subset.rows())
        numbers[name] = s.summary()
        print(report(name, s, args.misses if subset.show_misses else 0))
    if args.json:
        args.json.parent.mkdir(parents=True, exist_ok=True)
        args.json.write_text(json.dumps(numbers, indent=2) + "\n")


if __name__ == "__main__":
    main()

"""`python -m triage.bench`: triage throughput in one process, beside plain parse + re-serialise."""

from __future__ import annotations

import argparse
import io
import json
import platform
import time
from pathlib import Path

from shared.events.mention import Mention
from triage.cli import triage_lines
from triage.directory import Directory
from triage.engine import Triage
from triage.evaluate import SETS


def _input_lines(n: int) -> list[str]:
    """n Mention lines, cycling through the dev set and the held-out split."""
    base: list[str] = []
    for subset in SETS.values():
        base.extend(json.dumps(r["mention"], ensure_ascii=False) for r in subset.rows())
    return [base[i % len(base)] for i in range(n)]


def _best_of(runs: int, fn) -> float:
    best = float("inf")
    for _ in range(runs):
        t0 = time.perf_counter()
        fn()
        best = min(best, time.perf_counter() - t0)
    return best


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("-n", type=int, default=20000, help="mentions per run")
    parser.add_argument("--runs", type=int, default=3, help="best of this many runs")
    parser.add_argument("--out", type=Path, default=Path("bench") / "results" / "triage.json")
    args = parser.parse_args(argv)

    t0 = time.perf_counter()
    engine = Triage(Directory.load())
    startup = time.perf_counter() - t0
    lines = _input_lines(args.n)

    def parse_only() -> None:
        out = io.StringIO()
        for line in lines:
            out.write(Mention.model_validate_json(line).model_dump_json() + "\n")

    def triage_all() -> None:
        triage_lines(engine, lines, io.StringIO())

    triage_all()  # warm caches before timing
    parse_s = _best_of(args.runs, parse_only)
    triage_s = _best_of(args.runs, triage_all)
    numbers = {
        "mentions": args.n,
        "runs": args.runs,
        "startup_seconds": round(startup, 3),
        "parse_reserialise_per_second": round(args.n / parse_s),
        "triage_per_second": round(args.n / triage_s),
        "triage_ms_per_mention": round(1000 * triage_s / args.n, 4),
        "triage_over_parse_ratio": round(triage_s / parse_s, 1),
        "classifier": engine.model.name,
        "python": platform.python_version(),
        "machine": platform.machine(),
    }
    print(f"startup (directory + model load): {startup:.3f} s")
    print(f"parse + re-serialise: {numbers['parse_reserialise_per_second']:>9,} mentions/s")
    print(
        f"triage (end to end):  {numbers['triage_per_second']:>9,} mentions/s "
        f"({numbers['triage_ms_per_mention']} ms each, {numbers['triage_over_parse_ratio']}x parse)"
    )
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(numbers, indent=2) + "\n")
    print(f"wrote {args.out}")


if __name__ == "__main__":
    main()

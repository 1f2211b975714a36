"""`python -m fakes.department --port 8105 --config file.json`: serve the fake department."""

from __future__ import annotations

import argparse

from fakes.department.app import DEFAULT_PORT, run
from fakes.department.config import CONFIG_ENV
from shared.serve import exit_zero_after_graceful_stop


def main(argv: list[str] | None = None) -> None:
    """Parse --host/--port/--config and serve until interrupted."""
    parser = argparse.ArgumentParser(prog="python -m fakes.department", description=__doc__)
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, default=DEFAULT_PORT)
    parser.add_argument(
        "--config", default=None, help=f"JSON file or inline JSON (default: ${CONFIG_ENV})"
    )
    args = parser.parse_args(argv)
    exit_zero_after_graceful_stop()
    run(host=args.host, port=args.port, config=args.config)


if __name__ == "__main__":
    main()

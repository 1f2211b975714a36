"""`python -m fakes.x --port 8102`: serve a seeded fake X (API v2)."""

from __future__ import annotations

import argparse

from fakes.x.app import DEFAULT_PORT, run


def main(argv: list[str] | None = None) -> None:
    """Parse --host/--port and serve until interrupted."""
    parser = argparse.ArgumentParser(prog="python -m fakes.x", description=__doc__)
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, default=DEFAULT_PORT)
    args = parser.parse_args(argv)
    run(host=args.host, port=args.port)


if __name__ == "__main__":
    main()

"""`python -m fakes.facebook --port 8103`: serve a seeded fake Facebook Graph API."""

from __future__ import annotations

import argparse

from fakes.facebook.app import DEFAULT_PORT, run


def main(argv: list[str] | None = None) -> None:
    """Parse --host/--port and serve until interrupted."""
    parser = argparse.ArgumentParser(prog="python -m fakes.facebook", description=__doc__)
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, default=DEFAULT_PORT)
    args = parser.parse_args(argv)
    run(host=args.host, port=args.port)


if __name__ == "__main__":
    main()

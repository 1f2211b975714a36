"""`python -m fakes.mastodon --port 8101`: serve a seeded fake Mastodon."""

from __future__ import annotations

import argparse

from fakes.mastodon.app import run


def main(argv: list[str] | None = None) -> None:
    """Parse --host/--port and serve until interrupted."""
    parser = argparse.ArgumentParser(prog="python -m fakes.mastodon", description=__doc__)
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, default=8101)
    args = parser.parse_args(argv)
    run(host=args.host, port=args.port)


if __name__ == "__main__":
    main()

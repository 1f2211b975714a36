"""A fake Mastodon server (FastAPI, in-memory) for Heard's tests and demos."""

from fakes.mastodon.app import create_app, run
from fakes.mastodon.seed import CITIZEN_ACCOUNTS, OFFICIAL_ACCOUNTS, SEED_ACCOUNTS, SeedAccount

__all__ = [
    "CITIZEN_ACCOUNTS",
    "OFFICIAL_ACCOUNTS",
    "SEED_ACCOUNTS",
    "SeedAccount",
    "create_app",
    "run",
]

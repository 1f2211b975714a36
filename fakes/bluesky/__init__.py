"""A fake Bluesky (FastAPI, in-memory) for Heard's tests and demos: PDS XRPC + Jetstream v1."""

from fakes.bluesky.app import DEFAULT_PORT, create_app, run
from fakes.bluesky.seed import (
    CITIZEN_ACCOUNTS,
    OFFICIAL_ACCOUNTS,
    SEED_ACCOUNTS,
    SeedAccount,
    did_for,
    seed_account,
)

__all__ = [
    "CITIZEN_ACCOUNTS",
    "DEFAULT_PORT",
    "OFFICIAL_ACCOUNTS",
    "SEED_ACCOUNTS",
    "SeedAccount",
    "create_app",
    "did_for",
    "run",
    "seed_account",
]

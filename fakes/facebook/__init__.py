"""A fake Facebook Graph API (FastAPI, in-memory) for Heard's tests and demos."""

from fakes.facebook.app import create_app, run
from fakes.facebook.seed import (
    APP_ID,
    DEFAULT_APP_SECRET,
    SEED_PAGES,
    SEED_USERS,
    SeedPage,
    SeedUser,
    page_for,
    user_for,
)

__all__ = [
    "APP_ID",
    "DEFAULT_APP_SECRET",
    "SEED_PAGES",
    "SEED_USERS",
    "SeedPage",
    "SeedUser",
    "create_app",
    "page_for",
    "run",
    "user_for",
]

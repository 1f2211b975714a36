"""A fresh database per use: SQLite by default, PostgreSQL when HEARD_TEST_POSTGRES_URL is set."""

from __future__ import annotations

import os
import uuid
from pathlib import Path

import psycopg

POSTGRES_URL = os.environ.get(
    "HEARD_TEST_POSTGRES_URL"
)  # e.g. postgresql://postgres@127.0.0.1/test


def fresh_database_url(tmp_dir: Path) -> str | None:
    """None means each service uses its own SQLite file under its data dir."""
    if not POSTGRES_URL:
        return None
    name = f"heard_test_{uuid.uuid4().hex[:10]}"
    with psycopg.connect(POSTGRES_URL, autocommit=True) as connection:
        connection.execute(f'CREATE DATABASE "{name}"')
    base = POSTGRES_URL.rsplit("/", 1)[0]
    return f"{base}/{name}"


def drop_database(url: str | None) -> None:
    if not url or not POSTGRES_URL:
        return
    name = url.rsplit("/", 1)[1]
    with psycopg.connect(POSTGRES_URL, autocommit=True) as connection:
        connection.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')

"""Database access: an async engine per service, alembic migrations per service."""

from __future__ import annotations

import asyncio
from pathlib import Path
from typing import TypeVar

from alembic import command
from alembic.config import Config
from sqlalchemy import event, inspect, text
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncEngine, async_sessionmaker, create_async_engine
from sqlmodel.ext.asyncio.session import AsyncSession

SessionMaker = async_sessionmaker[AsyncSession]
T = TypeVar("T")


def create_engine(url: str) -> AsyncEngine:
    """An async engine; SQLite gets WAL and a busy timeout so readers never block writers."""
    engine = create_async_engine(url, pool_pre_ping=True)
    if engine.dialect.name == "sqlite":

        @event.listens_for(engine.sync_engine, "connect")
        def _sqlite_pragmas(dbapi_connection, _record):  # type: ignore[no-untyped-def]
            cursor = dbapi_connection.cursor()
            cursor.execute("PRAGMA journal_mode=WAL")
            cursor.execute("PRAGMA busy_timeout=5000")
            cursor.close()

    return engine


def session_maker(engine: AsyncEngine) -> SessionMaker:
    return async_sessionmaker(engine, class_=AsyncSession, expire_on_commit=False)


def sync_url(url: str) -> str:
    """Alembic runs synchronously: the same database through a sync driver."""
    return url.replace("sqlite+aiosqlite://", "sqlite://")


ALEMBIC_ENV = Path(__file__).parent / "alembic"


def alembic_config(migrations_dir: Path, url: str, service: str) -> Config:
    """One env for all services; each keeps its revisions and its version table apart."""
    config = Config()
    config.set_main_option("script_location", str(ALEMBIC_ENV))
    config.set_main_option("path_separator", "os")
    config.set_main_option("version_locations", str(migrations_dir))
    config.set_main_option("sqlalchemy.url", sync_url(url).replace("%", "%%"))
    config.attributes["version_table"] = f"alembic_version_{service}"
    config.attributes["table_prefix"] = f"{service}_"
    return config


def upgrade(migrations_dir: Path, url: str, service: str) -> None:
    """Bring this service's tables to the newest revision."""
    command.upgrade(alembic_config(migrations_dir, url, service), "head")


async def upgrade_async(migrations_dir: Path, url: str, service: str) -> None:
    await asyncio.to_thread(upgrade, migrations_dir, url, service)


async def database_answers(engine: AsyncEngine) -> bool:
    """True when SELECT 1 succeeds now (readiness)."""
    try:
        async with engine.connect() as connection:
            await connection.execute(text("SELECT 1"))
    except Exception:  # noqa: BLE001 - any failure means not ready
        return False
    return True


async def insert_once(sessions: SessionMaker, row: object) -> bool:
    """Insert a row keyed by an idempotency key; False if the key was already taken."""
    async with sessions() as session:
        session.add(row)
        try:
            await session.commit()
        except IntegrityError:
            await session.rollback()
            return False
    return True


async def insert_or_existing(sessions: SessionMaker, row: T) -> T:
    """Insert a row keyed by an idempotency key, or return the row already stored under it."""
    if await insert_once(sessions, row):
        return row
    key = inspect(row).identity or tuple(
        getattr(row, column.key) for column in inspect(type(row)).primary_key
    )
    async with sessions() as session:
        existing = await session.get(type(row), key)
    if existing is None:  # refused for another unique column, not its own key
        raise IntegrityError("insert refused without a row under its key", None, ValueError())
    return existing

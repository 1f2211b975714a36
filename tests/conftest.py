"""Fixtures every test layer may use."""

from __future__ import annotations

from collections.abc import AsyncIterator, Callable
from pathlib import Path

import pytest

from shared.storage import SessionMaker, create_engine, session_maker, upgrade_async

ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture
async def migrated(tmp_path: Path) -> AsyncIterator[Callable[[str], object]]:
    """migrated("notifier") -> a session maker on a fresh SQLite database at head."""
    engines = []

    async def make(service: str) -> SessionMaker:
        url = f"sqlite+aiosqlite:///{tmp_path / service}.db"
        await upgrade_async(ROOT / "services" / service / "migrations", url, service)
        engine = create_engine(url)
        engines.append(engine)
        return session_maker(engine)

    yield make
    for engine in engines:
        await engine.dispose()

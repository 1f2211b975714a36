"""Operator commands that act on the router's database: department keys, delivery replay."""

from __future__ import annotations

import asyncio
from typing import Annotated

import typer

from shared.storage import create_engine, session_maker, upgrade_async

keys_app = typer.Typer(help="Department API keys (stored hashed).", no_args_is_help=True)
deliveries_app = typer.Typer(help="Deliveries to departmental systems.", no_args_is_help=True)


async def _router_sessions():  # type: ignore[no-untyped-def]
    from services.router.bootstrap import MIGRATIONS
    from services.router.config import get_settings

    settings = get_settings()
    url = settings.resolved_database_url()
    await upgrade_async(MIGRATIONS, url, "router")
    engine = create_engine(url)
    return settings, engine, session_maker(engine)


@keys_app.command("create")
def create_key(
    body: Annotated[str, typer.Argument(help="Body id, e.g. monmouthshire-cc")],
    label: str = "",
) -> None:
    """Create a key for a body and print it once: only its hash is stored."""
    from services.router.assignments import AssignmentRepository
    from triage.directory import Directory

    async def run() -> str:
        settings, engine, sessions = await _router_sessions()
        if body not in Directory.load(settings.directory).bodies:
            raise typer.BadParameter(f"no body {body!r} in the directory")
        try:
            return await AssignmentRepository(sessions).create_key(body, label)
        finally:
            await engine.dispose()

    typer.echo(asyncio.run(run()))


@deliveries_app.command("replay")
def replay(
    body: Annotated[str | None, typer.Option(help="Only this body's failed deliveries.")] = None,
    delivery: Annotated[str | None, typer.Option(help="Only this delivery id.")] = None,
) -> None:
    """Queue failed deliveries again (same webhook id, so receivers still deduplicate)."""
    from services.router.deliveries import DeliveryRepository

    async def run() -> int:
        settings, engine, sessions = await _router_sessions()
        try:
            now = settings.clock().now()
            return await DeliveryRepository(sessions).replay(
                now=now, body_id=body, delivery_id=delivery
            )
        finally:
            await engine.dispose()

    typer.echo(f"{asyncio.run(run())} deliveries queued again")

"""Router's HTTP face: the Department API, citizens' status pages, health and readiness."""

from __future__ import annotations

from fastapi import FastAPI

from services.router.bootstrap import bootstrap
from services.router.config import RouterSettings
from services.router.department_api import router as department_router
from services.router.public import public_timeline
from services.router.status_page.api import create_status_router
from shared.service import create_service_app


def create_app(settings: RouterSettings) -> FastAPI:
    app: FastAPI

    async def lookup(reference: str):  # type: ignore[no-untyped-def]
        parts = getattr(app.state, "parts", None)
        return await public_timeline(parts.state["ctx"], reference) if parts else None

    app = create_service_app(
        title="Heard router",
        settings=settings,
        bootstrap=lambda: bootstrap(settings),
        routers=[department_router, create_status_router(lookup)],
    )
    return app

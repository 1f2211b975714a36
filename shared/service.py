"""What every Heard service process shares: lifespan, consumers, health and readiness."""

from __future__ import annotations

import asyncio
import logging
from collections.abc import AsyncIterator, Awaitable, Callable, Coroutine, Sequence
from contextlib import asynccontextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from fastapi import APIRouter, FastAPI
from fastapi.responses import JSONResponse
from opentelemetry.instrumentation.fastapi import FastAPIInstrumentor
from sqlalchemy.ext.asyncio import AsyncEngine
from tenacity import AsyncRetrying, stop_after_delay, wait_fixed

from shared.kafka.producer import EventProducer
from shared.kafka.runner import ConsumerRunner, RetryPolicy, Subscription
from shared.logging import configure_logging
from shared.settings import ServiceSettings
from shared.storage import database_answers, upgrade_async
from shared.telemetry import setup_telemetry, shutdown_telemetry

log = logging.getLogger(__name__)

# A background job runs until the event is set, then returns (pollers, timers).
BackgroundJob = Callable[[asyncio.Event], Coroutine[Any, Any, None]]


@dataclass
class ServiceParts:
    """Everything bootstrap wired for one service; the lifespan starts and stops it."""

    name: str
    settings: ServiceSettings
    engine: AsyncEngine
    migrations_dir: Path
    producer: EventProducer
    subscriptions: Sequence[Subscription[Any]] = ()
    background: Sequence[BackgroundJob] = ()
    on_shutdown: list[Callable[[], Awaitable[None]]] = field(default_factory=list)
    state: dict[str, Any] = field(default_factory=dict)


class ServiceRuntime:
    def __init__(self, parts: ServiceParts) -> None:
        self.parts = parts
        self.runners: list[ConsumerRunner] = []
        self.jobs: list[asyncio.Task[None]] = []
        self.stop_jobs = asyncio.Event()
        self.ready = False

    async def start(self) -> None:
        parts, settings = self.parts, self.parts.settings
        await upgrade_async(parts.migrations_dir, settings.resolved_database_url(), parts.name)
        # The broker may still be starting (make run starts everything at once).
        async for attempt in AsyncRetrying(stop=stop_after_delay(60), wait=wait_fixed(0.5)):
            with attempt:
                await parts.producer.start()
        retry = RetryPolicy(
            settings.kafka_max_attempts, settings.kafka_retry_initial_s, settings.kafka_retry_max_s
        )
        for subscription in parts.subscriptions:
            runner = ConsumerRunner(
                subscription=subscription,
                producer=parts.producer,
                bootstrap_servers=settings.kafka_bootstrap_servers,
                # One group per topic: members of a group should all subscribe alike.
                group_id=f"heard-{parts.name}.{subscription.topic}",
                service=parts.name,
                retry=retry,
                fetch_max_wait_ms=settings.kafka_fetch_max_wait_ms,
                session_timeout_ms=settings.kafka_session_timeout_ms,
            )
            await runner.start()
            self.runners.append(runner)
        for job in parts.background:
            self.jobs.append(
                asyncio.create_task(job(self.stop_jobs), name=getattr(job, "__name__", "job"))
            )
        self.ready = True
        log.info("%s started", parts.name)

    async def stop(self) -> None:
        """Readiness off, inputs stopped, in-flight work finished and committed, then close."""
        self.ready = False
        self.stop_jobs.set()
        await asyncio.gather(*self.jobs, return_exceptions=True)
        for runner in self.runners:
            await runner.stop()
        await self.parts.producer.stop()
        for close in self.parts.on_shutdown:
            await close()
        await self.parts.engine.dispose()
        log.info("%s stopped", self.parts.name)
        shutdown_telemetry()

    def alive(self) -> bool:
        """False once a consumer loop or background job has died: restart the process."""
        crashed = [t for t in self.jobs if t.done() and not t.cancelled() and t.exception()]
        runners_dead = any(r._task is not None and r._task.done() for r in self.runners)
        return not crashed and not (runners_dead and self.ready)

    async def readiness(self) -> dict[str, bool]:
        return {
            "started": self.ready,
            "alive": self.alive(),
            "broker": await self.parts.producer.broker_answers(),
            "database": await database_answers(self.parts.engine),
        }


def create_service_app(
    *,
    title: str,
    settings: ServiceSettings,
    bootstrap: Callable[[], Awaitable[ServiceParts]],
    routers: Sequence[APIRouter] = (),
) -> FastAPI:
    """A FastAPI app whose lifespan runs the service's consumers and background jobs."""

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        configure_logging(settings.log_level, settings.log_json)
        setup_telemetry(settings.service_name, settings.otlp_endpoint)
        parts = await bootstrap()
        runtime = ServiceRuntime(parts)
        app.state.parts = parts
        app.state.runtime = runtime
        await runtime.start()
        try:
            yield
        finally:
            await runtime.stop()

    app = FastAPI(title=title, lifespan=lifespan)

    @app.get("/healthz", tags=["ops"], summary="The process is alive")
    async def healthz() -> JSONResponse:
        runtime: ServiceRuntime | None = getattr(app.state, "runtime", None)
        ok = runtime is not None and runtime.alive()
        return JSONResponse({"status": "ok" if ok else "dead"}, status_code=200 if ok else 503)

    @app.get("/readyz", tags=["ops"], summary="Broker and database answer; consumers running")
    async def readyz() -> JSONResponse:
        runtime: ServiceRuntime | None = getattr(app.state, "runtime", None)
        checks = await runtime.readiness() if runtime else {"started": False}
        ok = all(checks.values())
        return JSONResponse(
            {"status": "ready" if ok else "not ready", "checks": checks},
            status_code=200 if ok else 503,
        )

    for router in routers:
        app.include_router(router)
    FastAPIInstrumentor.instrument_app(app, excluded_urls="healthz,readyz")
    return app

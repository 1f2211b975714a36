"""Run a service app under uvicorn; SIGTERM/SIGINT run the lifespan's graceful shutdown."""

from __future__ import annotations

import signal
import sys

import uvicorn
from fastapi import FastAPI

from shared.settings import ServiceSettings


def _exit_cleanly(signum: int, frame: object) -> None:
    sys.exit(0)


def exit_zero_after_graceful_stop() -> None:
    """uvicorn re-raises the captured signal after its graceful shutdown; with these handlers
    that becomes exit status 0, so supervisors can tell a clean stop from a crash."""
    signal.signal(signal.SIGTERM, _exit_cleanly)
    signal.signal(signal.SIGINT, _exit_cleanly)


def serve(app: FastAPI, settings: ServiceSettings) -> None:
    exit_zero_after_graceful_stop()
    uvicorn.run(
        app,
        host=settings.http_host,
        port=settings.http_port,
        log_level=settings.log_level.lower(),
        access_log=False,
        timeout_graceful_shutdown=20,
    )

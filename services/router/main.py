"""Run the router as a process: `heard serve router`."""

from services.router.api import create_app
from services.router.config import get_settings
from shared.serve import serve


def main() -> None:
    settings = get_settings()
    serve(create_app(settings), settings)

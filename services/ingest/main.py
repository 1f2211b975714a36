"""Run ingest as a process: `heard serve ingest`."""

from services.ingest.api import create_app
from services.ingest.config import get_settings
from shared.serve import serve


def main() -> None:
    settings = get_settings()
    serve(create_app(settings), settings)

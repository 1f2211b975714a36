"""Run the notifier as a process: `heard serve notifier`."""

from services.notifier.api import create_app
from services.notifier.config import get_settings
from shared.serve import serve


def main() -> None:
    settings = get_settings()
    serve(create_app(settings), settings)

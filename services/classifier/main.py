"""Run the classifier as a process: `heard serve classifier`."""

from services.classifier.api import create_app
from services.classifier.config import get_settings
from shared.serve import serve


def main() -> None:
    settings = get_settings()
    serve(create_app(settings), settings)

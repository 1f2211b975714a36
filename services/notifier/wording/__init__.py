"""What Heard says: reply templates per body and language, and fitting them to a platform."""

from services.notifier.wording.catalogue import Wording
from services.notifier.wording.language import (
    WELSH_BODIES,
    detect_language,
    join_names,
    reply_language,
)
from services.notifier.wording.schema import RULES, WordingError

__all__ = [
    "RULES",
    "WELSH_BODIES",
    "Wording",
    "WordingError",
    "detect_language",
    "join_names",
    "reply_language",
]

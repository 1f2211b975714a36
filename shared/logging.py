"""Logging with citizens' contact details redacted, one line per record."""

from __future__ import annotations

import json
import logging
import re
import sys

_EMAIL = re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)*\.[A-Za-z]{2,}")
# UK numbers (0 or +44 then 10 digits) and other +country numbers, spaced or dashed; ids,
# dates and snowflakes (which never start with 0 or +) stay readable for the 3 a.m. reader.
_PHONE = re.compile(
    r"(?<![\w/+-])(?:(?:\+44\s?(?:\(0\)\s?)?|0)\d(?:[\s-]?\d){8,9}"
    r"|\+\d{1,3}(?:[\s-]?\d){6,12})(?![\w-])"
)
_SECRET_PARAM = re.compile(r"(?i)(access_token|api_key|token|secret|password)=([^&\s]+)")
_BEARER = re.compile(r"(?i)(bearer\s+)[\w.~+/=-]+")


def redact(text: str) -> str:
    """Mask e-mail addresses, phone numbers and credentials in free text."""
    text = _EMAIL.sub("[email]", text)
    text = _PHONE.sub("[phone]", text)
    text = _SECRET_PARAM.sub(r"\1=[secret]", text)
    return _BEARER.sub(r"\1[secret]", text)


class RedactingFormatter(logging.Formatter):
    def __init__(self, as_json: bool) -> None:
        super().__init__("%(asctime)s %(levelname)s %(name)s %(message)s")
        self.as_json = as_json

    def format(self, record: logging.LogRecord) -> str:
        message = redact(record.getMessage())
        if record.exc_info:
            message += "\n" + redact(self.formatException(record.exc_info))
        if not self.as_json:
            return f"{self.formatTime(record)} {record.levelname} {record.name} {message}"
        return json.dumps(
            {
                "ts": self.formatTime(record),
                "level": record.levelname,
                "logger": record.name,
                "msg": message,
            }
        )


def configure_logging(level: str = "INFO", as_json: bool = False) -> None:
    """Route all logging through the redacting formatter."""
    handler = logging.StreamHandler(sys.stderr)
    handler.setFormatter(RedactingFormatter(as_json))
    root = logging.getLogger()
    root.handlers[:] = [handler]
    root.setLevel(level)
    for noisy in ("aiokafka", "httpx", "uvicorn.access"):
        logging.getLogger(noisy).setLevel(logging.WARNING)

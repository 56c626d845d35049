"""Structured JSON logs with stable event names; never comment texts, names or secrets."""

from __future__ import annotations

import json
import logging
import sys
from collections.abc import Iterable
from datetime import UTC, datetime
from typing import Any

_RESERVED = set(logging.LogRecord("", 0, "", 0, "", (), None).__dict__) | {"message", "asctime"}
#: Fields that would carry a comment's text or a person's name: never written, even by mistake.
PERSONAL_FIELDS = frozenset(
    {
        "text",
        "draft_text",
        "edited_text",
        "display_name",
        "author_display_name",
        "handle",
        "author_handle",
    }
)
#: A batch log line names at most this many correlation ids.
MAX_CORRELATION_IDS = 500


def correlation_ids(values: Iterable[object]) -> list[str]:
    """The distinct correlation ids among ``values`` (str, bytes or None), in order, capped.

    Every log line about a comment carries its correlation id, so one id followed through
    the five services' logs tells the comment's whole path."""
    seen: dict[str, None] = {}
    for value in values:
        if isinstance(value, bytes):
            value = value.decode("utf-8", "replace")
        if isinstance(value, str) and value and value not in seen:
            seen[value] = None
            if len(seen) >= MAX_CORRELATION_IDS:
                break
    return list(seen)


class JsonFormatter(logging.Formatter):
    def __init__(self, service: str) -> None:
        super().__init__()
        self.service = service

    def format(self, record: logging.LogRecord) -> str:
        payload: dict[str, Any] = {
            "ts": datetime.fromtimestamp(record.created, UTC).isoformat(timespec="milliseconds"),
            "level": record.levelname.lower(),
            "service": self.service,
            "event": record.getMessage(),
            "logger": record.name,
        }
        for key, value in record.__dict__.items():
            if key not in _RESERVED and not key.startswith("_"):
                payload[key] = "[redacted]" if key in PERSONAL_FIELDS else value
        if record.exc_info:
            payload["error"] = self.formatException(record.exc_info).splitlines()[-1]
        return json.dumps(payload, default=str, ensure_ascii=False)


def setup_logging(service: str, level: str = "INFO") -> logging.Logger:
    handler = logging.StreamHandler(sys.stdout)
    handler.setFormatter(JsonFormatter(service))
    root = logging.getLogger()
    root.handlers[:] = [handler]
    root.setLevel(level.upper())
    # FastStream logs every message at INFO; at pipeline volume that is noise.
    logging.getLogger("faststream").setLevel(max(logging.WARNING, root.level))
    logging.getLogger("uvicorn.access").setLevel(logging.WARNING)
    return logging.getLogger(f"webcare.{service}")

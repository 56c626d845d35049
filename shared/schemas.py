"""The stream contracts as JSON Schema, committed under ``docs/schemas/``.

``python -m shared.schemas`` regenerates the file; a test fails when the models change and
the committed file does not, so a breaking change is always a visible diff.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from pydantic import BaseModel

from shared.events import (
    CaseRouted,
    CaseUpdate,
    CommentClassified,
    CommentIn,
    CommentReceived,
    DlqEntry,
    ModerationRequested,
    Notification,
    ReplyOutbound,
)
from shared.streams import Stream

SCHEMA_FILE = Path(__file__).resolve().parent.parent / "docs" / "schemas" / "streams.json"

#: What each stream carries.
CONTRACTS: dict[Stream, type[BaseModel]] = {
    Stream.COMMENTS_INBOUND: CommentIn,
    Stream.COMMENTS_RECEIVED: CommentReceived,
    Stream.COMMENTS_CLASSIFIED: CommentClassified,
    Stream.CASES_ROUTED: CaseRouted,
    Stream.REPLIES_OUTBOUND: ReplyOutbound,
    Stream.MODERATION_OUTBOUND: ModerationRequested,
    Stream.NOTIFICATIONS_OUTBOUND: Notification,
    Stream.CASES_UPDATES: CaseUpdate,
    Stream.DLQ: DlqEntry,
}


def export() -> dict[str, Any]:
    return {
        "title": "webcare stream contracts",
        "description": "Each stream entry has the fields type, data (the JSON below) and correlation_id.",
        "streams": {
            stream.value: model.model_json_schema(mode="serialization")
            for stream, model in CONTRACTS.items()
        },
    }


def render() -> str:
    return json.dumps(export(), indent=2, ensure_ascii=False, sort_keys=True) + "\n"


if __name__ == "__main__":
    SCHEMA_FILE.parent.mkdir(parents=True, exist_ok=True)
    SCHEMA_FILE.write_text(render(), encoding="utf-8")
    print(f"wrote {SCHEMA_FILE}")

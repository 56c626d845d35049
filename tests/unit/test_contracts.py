"""The stream contracts: example payloads validate, and the committed schema is current."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from pydantic import ValidationError

from shared import wire
from shared.events import (
    CaseUpdate,
    CommentIn,
    DlqEntry,
    ModerationRequested,
    Notification,
    ReplyOutbound,
)
from shared.schemas import SCHEMA_FILE, render

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "events"
MODELS = {
    "comment_in.v1.json": CommentIn,
    "case_update.approved.v1.json": CaseUpdate,
    "reply_outbound.v1.json": ReplyOutbound,
    "moderation_requested.v1.json": ModerationRequested,
    "notification.v1.json": Notification,
    "dlq_entry.v1.json": DlqEntry,
}


def test_every_fixture_has_a_model() -> None:
    assert sorted(p.name for p in FIXTURES.glob("*.json")) == sorted(MODELS)


@pytest.mark.parametrize("name", sorted(MODELS))
def test_example_payloads_validate_against_their_model(name: str) -> None:
    data = json.loads((FIXTURES / name).read_text(encoding="utf-8"))
    event = MODELS[name].model_validate(data)
    # What we write back out reads back the same: the wire format round-trips.
    fields = {k.encode(): v.encode() for k, v in wire.encode(event).items()}
    assert wire.parse(MODELS[name], fields) == event


def test_the_committed_schema_matches_the_models() -> None:
    assert SCHEMA_FILE.read_text(encoding="utf-8") == render(), (
        "the stream contracts changed: run `python -m shared.schemas` and commit docs/schemas/streams.json"
    )


def test_unknown_input_fields_are_kept_in_raw() -> None:
    data = json.loads((FIXTURES / "comment_in.v1.json").read_text(encoding="utf-8"))
    assert CommentIn.model_validate(data).raw == {"campaign": "winter-sale"}


def test_a_naive_timestamp_is_refused_with_the_field_named() -> None:
    data = json.loads((FIXTURES / "comment_in.v1.json").read_text(encoding="utf-8"))
    data["created_at"] = "2026-11-20T10:15:00"
    with pytest.raises(ValidationError) as info:
        CommentIn.model_validate(data)
    assert wire.describe_errors(info.value).startswith("created_at:")


def test_the_same_text_gives_the_same_version_and_an_edit_a_new_one() -> None:
    data = json.loads((FIXTURES / "comment_in.v1.json").read_text(encoding="utf-8"))
    first = CommentIn.model_validate(data)
    again = CommentIn.model_validate(data)
    edited = CommentIn.model_validate(
        {**data, "kind": "edited", "text": "Hoe zeg ik mijn abonnement op?"}
    )
    deleted = CommentIn.model_validate({**data, "kind": "deleted", "text": ""})
    assert first.content_version() == again.content_version()
    assert len({first.content_version(), edited.content_version(), deleted.content_version()}) == 3


def test_an_empty_text_is_refused_unless_the_comment_was_deleted() -> None:
    data = json.loads((FIXTURES / "comment_in.v1.json").read_text(encoding="utf-8"))
    with pytest.raises(ValidationError):
        CommentIn.model_validate({**data, "text": "   "})

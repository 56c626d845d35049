"""Reading stream entries and normalising comments: pure, no services."""

from __future__ import annotations

import json

import pytest

from services.ingest.normalise import clean_text, language_hint
from shared import wire


def test_json_in_the_data_field_is_read() -> None:
    assert wire.decode_fields({b"data": b'{"a": 1}'}) == {"a": 1}


def test_a_flat_entry_is_read_as_the_object_itself() -> None:
    assert wire.decode_fields({b"platform": b"x", b"text": b"hi"}) == {
        "platform": "x",
        "text": "hi",
    }


async def test_an_entry_from_a_faststream_publisher_is_read() -> None:
    from faststream.redis.parser.binary import BinaryMessageFormatV1

    encoded = await BinaryMessageFormatV1.encode(
        message=json.dumps({"a": 2}).encode(), reply_to=None, headers={}, correlation_id="c"
    )
    assert wire.decode_fields({b"__data__": encoded}) == {"a": 2}


@pytest.mark.parametrize(
    ("fields", "reason"),
    [
        ({b"data": b"{oops"}, "malformed JSON"),
        ({b"data": b"\xff\xfe"}, "not valid UTF-8"),
        ({b"data": b"[1, 2]"}, "expected a JSON object"),
        ({}, "empty entry"),
    ],
)
def test_unreadable_entries_are_invalid_input_with_a_reason(
    fields: dict[bytes, bytes], reason: str
) -> None:
    with pytest.raises(wire.InvalidInput, match=reason):
        wire.decode_fields(fields)


def test_the_dlq_keeps_undecodable_bytes_and_cuts_huge_values() -> None:
    out = wire.printable({b"data": b"\xff" + b"a" * 30}, limit=10)
    assert out["data"].startswith("\ufffd") and "more characters" in out["data"]


@pytest.mark.parametrize(
    ("hint", "expected"),
    [
        ("nl-NL", "nl"),
        ("en_US", "en"),
        ("SWE", "sv"),
        ("und", None),
        ("", None),
        (None, None),
        ("x1", None),
    ],
)
def test_language_hints_are_normalised_to_two_letters(
    hint: str | None, expected: str | None
) -> None:
    assert language_hint(hint) == expected


def test_text_is_cleaned_of_control_characters_and_composed() -> None:
    assert clean_text("  Cafe\u0301\x00 is dicht\n ") == "Café is dicht"

"""Poison input on every stream a stage reads and over HTTP, in the middle of a steady run.

Each bad input ends as a clear HTTP error or exactly one DLQ entry per consumer group that
reads it; no service crashes and the good comments around it keep flowing.
"""

from __future__ import annotations

import json

import httpx
import pytest

from shared.streams import SUBSCRIPTIONS, Stream
from tests.reliability.driver import Run, dlq_since, with_fault
from tests.reliability.pipeline import TOKEN, Pipeline
from tests.reliability.report import record
from webcare.benchdata import make_comments
from webcare.runner import SERVICES

pytestmark = [pytest.mark.reliability, pytest.mark.asyncio(loop_scope="session")]

_TOO_LONG = "Waarom duurt het zo lang? " * 800  # ~20,800 characters, over the 10,000 limit


def _good(external_id: str) -> dict[str, object]:
    from datetime import UTC, datetime

    return make_comments("poison", 1, datetime.now(UTC))[0] | {"external_id": external_id}


def _stream_poison() -> dict[Stream, list[dict[str, bytes]]]:
    wrong_types = _good("wrong-types") | {
        "author": "not an object",
        "created_at": 1700000000,
        "reach": {"likes": "many"},
    }
    return {
        Stream.COMMENTS_INBOUND: [
            {b"data": b'{"platform": "facebook", "text": '},  # malformed JSON
            {b"data": json.dumps(wrong_types).encode()},
            {b"data": json.dumps(_good("too-long") | {"text": _TOO_LONG}).encode()},
            {b"data": b'{"platform": "facebook", "text": "\xff\xfe broken"}'},  # invalid UTF-8
            {b"data": json.dumps(_good("myspace") | {"platform": "myspace"}).encode()},
            {b"data": b"[1, 2, 3]"},  # JSON, but not an object
            {b"__data__": b"\x00\x01 not a faststream message"},
        ],
        # Internal streams: entries no service wrote, in shapes each stage must refuse.
        Stream.COMMENTS_RECEIVED: [
            {b"data": b'{"type": "comment.received", "comment": {"comment_id": "x"}}'}
        ],
        Stream.COMMENTS_CLASSIFIED: [{b"data": b"\xc3\x28"}],
        Stream.CASES_ROUTED: [{b"data": b"{}"}],
        Stream.CASES_UPDATES: [{b"data": b'{"type": "approved"}'}],
    }


def _readers(stream: Stream) -> list[str]:
    return [
        group.value
        for group, streams in SUBSCRIPTIONS.items()
        if stream in streams and group.value in SERVICES
    ]


async def _http_poison(p: Pipeline, run: Run) -> None:
    """Each bad request gets its own clear 4xx; none reaches a stream."""
    headers = {"Authorization": f"Bearer {TOKEN}", "Content-Type": "application/json"}
    cases: list[tuple[bytes, int, str]] = [
        (b'{"platform": "facebook", "text": ', 400, "malformed JSON"),
        (
            json.dumps(_good("h-types") | {"author": 5, "created_at": "yesterday"}).encode(),
            422,
            "author",
        ),
        (json.dumps(_good("h-long") | {"text": _TOO_LONG}).encode(), 422, "text"),
        (b'{"platform": "facebook", "text": "\xff\xfe"}', 400, "UTF-8"),
        (json.dumps(_good("h-platform") | {"platform": "myspace"}).encode(), 422, "platform"),
        (json.dumps([_good("h-ok"), {"platform": "x"}]).encode(), 422, "external_id"),
        (b"[]", 422, "empty"),
        (b"x" * 1_100_000, 413, "larger than"),
    ]
    async with httpx.AsyncClient(base_url=p.base_url, timeout=30) as http:
        for body, status, words in cases:
            response = await http.post("/v1/comments", content=body, headers=headers)
            assert response.status_code == status, (
                body[:60],
                response.status_code,
                response.text[:300],
            )
            assert words in response.text, (words, response.text[:300])
            run.rejected_http += 1
            run.sent_poison += 1


async def test_poison_on_the_streams_and_over_http_ends_in_the_dlq_or_a_clear_error(
    live: Pipeline,
) -> None:
    runs: list[Run] = []

    async def poison(run: Run) -> None:
        runs.append(run)
        for stream, entries in _stream_poison().items():
            for fields in entries:
                entry = (await live.redis.xadd(live.key(stream), fields)).decode()
                run.sent_poison += 1
                for service in _readers(stream):
                    run.expected_dlq.add((live.key(stream), entry, service))
        await _http_poison(live, run)

    # ``finish`` checks that the DLQ holds exactly one entry per poison entry and reader.
    result = record(await with_fault(live, "poison", poison, n=200, rate=100, at=0.5))
    assert result["lost"] == 0 and result["duplicated"] == 0
    reasons = [d["reason"] for d in await dlq_since(live, runs[0])]
    assert all(r.startswith("invalid input: ") for r in reasons), reasons
    for words in ("malformed JSON", "not valid UTF-8", "author", "text: longer than", "platform"):
        assert any(words in r for r in reasons), f"a DLQ reason names {words!r}: {reasons}"
    assert sorted(live.alive()) == sorted(SERVICES), "no service died of bad input"

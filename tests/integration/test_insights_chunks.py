"""The insights round reads its window from Postgres a chunk at a time: the same crisis
as when it read everything at once, and only the latest version of a comment counts."""

from __future__ import annotations

from collections.abc import AsyncIterator
from datetime import timedelta
from typing import Any

import pytest

from services.followup import insights_watch
from services.followup.insights_watch import insights_round
from shared.clock import FrozenClock
from shared.insights import queries
from shared.insights.queries import load_mentions, mention_chunks
from shared.insights.topics import Mention
from shared.service import bootstrap
from shared.settings import Settings
from tests.integration.test_insights import BURST, NOW, _generate, _insert

pytestmark = pytest.mark.integration


async def test_a_round_holds_a_few_rows_at_a_time_and_finds_the_same_crisis(
    settings: Settings, monkeypatch: pytest.MonkeyPatch
) -> None:
    rt = bootstrap("followup", settings, FrozenClock(NOW))
    sizes: list[int] = []
    real = insights_watch.mention_chunks

    async def counting(*args: Any, **kwargs: Any) -> AsyncIterator[list[Mention]]:
        async for chunk in real(*args, **kwargs):
            sizes.append(len(chunk))
            yield chunk

    monkeypatch.setattr(queries, "CHUNK_ROWS", 3)
    monkeypatch.setattr(insights_watch, "mention_chunks", counting)
    try:
        await _insert(rt.sessions, _generate())
        notes = await insights_round(rt, NOW)
    finally:
        await rt.redis.aclose()
        await rt.engine.dispose()
    # The last hour holds the burst of price complaints and nothing else.
    assert sum(sizes) == BURST and max(sizes) == 3
    (crisis,) = [n for n in notes if n.kind == "crisis"]
    assert "price" in crisis.summary and "20 different authors" in crisis.summary
    assert "petities.nl" in crisis.summary


async def test_only_the_latest_version_of_a_comment_decides_whether_it_counts(
    settings: Settings,
) -> None:
    rows = _generate()[-4:]  # four price complaints of the burst
    edited = [
        (c | {"version": "v2", "source_entry": c["source_entry"] + "-2"}, cl) for c, cl in rows
    ]
    # The first becomes praise; the second was praise and becomes a complaint again.
    edited[0] = (edited[0][0], edited[0][1] | {"intent": "praise", "sentiment": "positive"})
    rows[1] = (rows[1][0], rows[1][1] | {"intent": "praise", "sentiment": "positive"})
    rt = bootstrap("followup", settings, FrozenClock(NOW))
    try:
        await _insert(rt.sessions, rows)
        await _insert(rt.sessions, edited)
        since, until = NOW - timedelta(hours=1), NOW
        async with rt.sessions() as session:
            whole = await load_mentions(session, since, until)
            chunks = [c async for c in mention_chunks(session, since, until, rows=1)]
    finally:
        await rt.redis.aclose()
        await rt.engine.dispose()
    assert {m.comment_id for m in whole} == {m.comment_id for c in chunks for m in c}
    assert [len(c) for c in chunks] == [1, 1, 1]
    # Filtering before picking the latest version would also count the first (4 rows).
    assert len(whole) == 3 and all(m.intent == "complaint" for m in whole)

"""Respond's guard rails on real Redis and Postgres: failing drafts wait with their reasons,
the approval policy, refused edits, one troll offer, variation across replicas, a model."""

from __future__ import annotations

import asyncio
import json
from collections.abc import Callable
from contextlib import AsyncExitStack
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import httpx
import pytest
import redis.asyncio as aioredis
import yaml
from sqlalchemy import select, text

from services.respond.handlers import Drafter
from shared.clock import FrozenClock
from shared.db import CaseEvent, Reply
from shared.events import CaseRouted, CaseUpdate, CommentClassified, StoredComment
from shared.policy import PolicyHolder
from shared.replies.assemble import _offset
from shared.runtime import Item, Outbox
from shared.settings import DEFAULT_POLICY_FILE, Settings
from shared.streams import Stream
from tests.helpers import at_least, comment, events, publish, running, store_comment, wait_for
from tests.integration.test_cli import webcare
from tests.unit.factories_route import make_classification
from tests.unit.test_respond_backends import GOOD

pytestmark = pytest.mark.integration
TUESDAY_10 = datetime(2026, 11, 17, 9, 0, tzinfo=UTC)
SANNE_ONLY = [
    {"name": "Sanne Jansen", "languages": ["nl", "en"], "contact": "sanne@webcare.example"}
]


def policy_file(tmp_path: Path, change: Callable[[dict[str, Any]], None]) -> Path:
    data = yaml.safe_load(DEFAULT_POLICY_FILE.read_text(encoding="utf-8"))
    change(data)
    path = tmp_path / "policy.yaml"
    path.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    return path


async def classified(
    rt: Any,
    client: aioredis.Redis,
    settings: Settings,
    external_id: str,
    intent: str = "complaint",
    text: str = "Mijn pakket is al twee weken te laat en niemand helpt me",
    **extra: Any,
) -> StoredComment:
    stored = await store_comment(
        rt.sessions,
        comment(external_id, text, created_at=TUESDAY_10.isoformat(), **extra),
        entry=f"0-{external_id}",
    )
    sentiment = "positive" if intent == "praise" else "negative"
    event = CommentClassified(
        correlation_id=external_id,
        comment=stored,
        classification=make_classification(intent, sentiment=sentiment, confidence=0.95),
    )
    await publish(client, settings, Stream.COMMENTS_CLASSIFIED, event)
    return stored


async def replies(rt: Any) -> list[Reply]:
    async with rt.sessions() as session:
        return list(await session.scalars(select(Reply).order_by(Reply.created_at)))


async def history(rt: Any, event: str) -> list[CaseEvent]:
    async with rt.sessions() as session:
        return list(await session.scalars(select(CaseEvent).where(CaseEvent.event == event)))


async def story(app: Any, external_id: str) -> dict[str, Any]:
    transport = httpx.ASGITransport(app=app)
    async with httpx.AsyncClient(transport=transport, base_url="http://ingest") as http:
        response = await http.get(
            f"/v1/comments/facebook/{external_id}",
            headers={"Authorization": "Bearer test-token"},
        )
    assert response.status_code == 200, response.text
    return response.json()


async def start(stack: AsyncExitStack, settings: Settings, *services: str) -> dict[str, Any]:
    clock = FrozenClock(TUESDAY_10)
    started = {}
    for service in services:
        started[service] = await stack.enter_async_context(running(service, settings, clock))
    return started


async def test_a_draft_that_fails_a_check_waits_with_its_reasons_even_when_its_rule_would_send_it(
    settings: Settings, redis_client: aioredis.Redis, tmp_path: Path
) -> None:
    def change(data: dict[str, Any]) -> None:
        data["replies"]["max_chars"] = {"facebook": 60}
        for rule in data["rules"]:
            if rule["name"] == "complaint-answer-offline":
                rule["auto_send"] = True

    settings = settings.model_copy(update={"policy_file": policy_file(tmp_path, change)})
    async with AsyncExitStack() as stack:
        s = await start(stack, settings, "ingest", "route", "respond")
        await classified(s["route"][1], redis_client, settings, "g-1")
        [reply] = await wait_for(lambda: replies(s["respond"][1]), what="a draft")
        body = await story(s["ingest"][0], "g-1")
    assert reply.status == "awaiting_approval" and reply.auto_send is False
    assert reply.checks_failed == ["length"] and reply.approval_reason == "checks_failed"
    assert await events(redis_client, settings, Stream.REPLIES_OUTBOUND) == []
    [shown] = body["replies"]
    assert shown["checks"] == [{"check": "length", "why": "longer than the platform allows"}]
    assert "length" in shown["waiting_for"]
    drafted = [e for e in body["history"] if e["event"] == "reply.drafted"]
    assert drafted[0]["detail"]["checks_failed"] == ["length"]


async def test_thanks_for_praise_goes_out_at_once_when_the_approval_policy_allows_it(
    settings: Settings, redis_client: aioredis.Redis, tmp_path: Path
) -> None:
    def change(data: dict[str, Any]) -> None:
        data["replies"]["approval"]["auto_send"] = [
            {"name": "praise-thanks", "actions": ["thank"], "intents": ["praise"],
             "min_confidence": 0.9, "platforms": ["facebook"], "languages": ["nl"]}
        ]  # fmt: skip

    settings = settings.model_copy(update={"policy_file": policy_file(tmp_path, change)})
    async with AsyncExitStack() as stack:
        s = await start(stack, settings, "route", "respond")
        await classified(s["route"][1], redis_client, settings, "p-1", "praise", "Top service!")
        out = await wait_for(
            lambda: events(redis_client, settings, Stream.REPLIES_OUTBOUND), what="the thanks"
        )
        await classified(s["route"][1], redis_client, settings, "p-2")
        both = await wait_for(
            lambda: _at_least(replies(s["respond"][1]), 2), what="the complaint's draft"
        )
    assert len(out) == 1 and out[0]["approved_by"] == "policy" and "Jan" in out[0]["text"]
    praise, complaint = both
    assert (praise.status, praise.approval_reason) == ("approved", "auto_send:praise-thanks")
    assert (complaint.status, complaint.approval_reason) == (
        "awaiting_approval",
        "approval_required",
    )


async def _at_least(rows: Any, n: int) -> Any:
    found = await rows
    return found if len(found) >= n else None


async def test_an_edit_that_leaks_personal_data_is_refused_and_a_clean_edit_goes_out(
    settings: Settings, redis_client: aioredis.Redis
) -> None:
    async with AsyncExitStack() as stack:
        s = await start(stack, settings, "ingest", "route", "respond")
        await classified(s["route"][1], redis_client, settings, "e-1")
        [draft] = await wait_for(lambda: replies(s["respond"][1]), what="a draft")
        leaky = draft.draft_text.replace("\n", "\nBel gerust 06-12345678. ", 1)
        update = {"case_id": draft.case_id, "reply_id": draft.id, "actor": "sanne"}
        await publish(
            redis_client, settings, Stream.CASES_UPDATES,
            CaseUpdate(type="edited", text=leaky, update_id="u-leak", **update),
        )  # fmt: skip
        [refusal] = await wait_for(
            lambda: history(s["respond"][1], "reply.approval_refused"), what="the refusal"
        )
        assert await events(redis_client, settings, Stream.REPLIES_OUTBOUND) == []
        [waiting] = await replies(s["respond"][1])
        clean = draft.draft_text.replace("\n", "\nIk kijk er vandaag nog naar. ", 1)
        await publish(
            redis_client, settings, Stream.CASES_UPDATES,
            CaseUpdate(type="approved", text=clean, update_id="u-clean", **update),
        )  # fmt: skip
        out = await wait_for(
            lambda: events(redis_client, settings, Stream.REPLIES_OUTBOUND), what="the reply"
        )
        body = await story(s["ingest"][0], "e-1")
    assert refusal.detail["checks_failed"] == ["personal_data"]
    assert waiting.status == "awaiting_approval" and waiting.edited_text is None
    assert waiting.edit_checks_failed == ["personal_data"]
    assert [o["text"] for o in out] == [clean]
    [shown] = body["replies"]
    assert shown["edited"] is True and shown["draft_text"] == draft.draft_text
    assert shown["sent_text"] == clean and shown["edit_checks"] == []
    # The team sees what agents change: `webcare replies --edited --json`.
    listed = webcare("replies", "--edited", "--json", settings=settings)
    assert listed.returncode == 0, listed.stderr
    [row] = json.loads(listed.stdout)
    assert (row["draft_text"], row["edited_text"]) == (draft.draft_text, clean)
    unedited = webcare("replies", "--unedited", "--json", settings=settings)
    assert json.loads(unedited.stdout) == []


async def test_a_troll_gets_the_one_offer_and_a_second_troll_comment_gets_nothing(
    settings: Settings, redis_client: aioredis.Redis
) -> None:
    troll = "Haha clowns, jullie zijn een grap"
    author = {"id": "troll-1", "display_name": "Kees"}
    async with AsyncExitStack() as stack:
        s = await start(stack, settings, "route", "respond")
        # Both arrive before the author's troll count is known to route (a race respond
        # guards), the second in another thread, so it is another case.
        await classified(
            s["route"][1], redis_client, settings, "t-1", "troll", troll, author=author
        )
        [offer] = await wait_for(lambda: replies(s["respond"][1]), what="the one offer")
        await classified(
            s["route"][1], redis_client, settings, "t-2", "troll", troll,
            author=author, thread_id="post-2",
        )  # fmt: skip
        [skipped] = await wait_for(
            lambda: history(s["respond"][1], "reply.skipped"), what="the second troll comment"
        )
        rows = await replies(s["respond"][1])
    assert [r.id for r in rows] == [offer.id]
    assert skipped.detail == {"reason": "troll_offer_made"} and skipped.case_id != offer.case_id


#: One alternative per block except the thanks: two possible Dutch texts in all.
TWO_TEXTS_NL: dict[str, list[str]] = {
    "greeting_name.informal": ["Hoi {name},"],
    "thanks.informal": ["Dank je wel voor je bericht.", "Goed dat je dit meldt."],
    "empathy_topic.informal": ["Vervelend dat er iets misging met {topic}."],
    "apology": ["Sorry, dit had niet mogen gebeuren."],
    "offer_email.informal": ["Mail me gerust op {contact}, dan help ik je verder."],
    "signature_team.informal": ["Groet, {agent} van {team}"],
}


async def _two_cases_with_the_same_thanks(
    stack: AsyncExitStack,
    settings: Settings,
    redis_client: aioredis.Redis,
    tmp_path: Path,
    prefix: str,
    *,
    own_threads: bool,
) -> tuple[Any, Drafter, CaseRouted, CaseRouted]:
    """Route four complaints under a policy with two possible Dutch texts, and return two
    cases whose seeds pick the same thanks (alone, each would draft the same text)."""

    def change(data: dict[str, Any]) -> None:
        data["agents"] = SANNE_ONLY
        data["replies"]["blocks"]["nl"] = TWO_TEXTS_NL

    path = policy_file(tmp_path, change)
    settings = settings.model_copy(update={"policy_file": path})
    s = await start(stack, settings, "route")
    for n in range(4):
        thread = {"thread_id": f"thread-{n}"} if own_threads else {}
        await classified(s["route"][1], redis_client, settings, f"{prefix}-{n}", **thread)
    routed = [
        CaseRouted.model_validate(e)
        for e in await wait_for(
            lambda: at_least(redis_client, settings, Stream.CASES_ROUTED, 4), what="routing"
        )
    ]
    by_choice: dict[int, list[CaseRouted]] = {}
    for event in routed:
        by_choice.setdefault(_offset(str(event.case_id), "thanks", 2), []).append(event)
    first, second = next(pair for pair in by_choice.values() if len(pair) >= 2)[:2]
    drafter = Drafter(policy=PolicyHolder(path), clock=FrozenClock(TUESDAY_10))
    return s["route"][1], drafter, first, second


async def test_two_replicas_drafting_in_one_thread_at_once_never_write_the_same_text(
    settings: Settings, redis_client: aioredis.Redis, tmp_path: Path
) -> None:
    async with AsyncExitStack() as stack:
        rt, drafter, first, second = await _two_cases_with_the_same_thanks(
            stack, settings, redis_client, tmp_path, "r", own_threads=False
        )
        sessions = rt.sessions
        drafted, release = asyncio.Event(), asyncio.Event()

        async def replica(event: CaseRouted, hold: bool) -> None:
            async with sessions() as session, session.begin():
                await drafter([Item(entry_id="0-1", value=event)], session, Outbox())
                if hold:  # the first replica has drafted but not yet committed
                    drafted.set()
                    await release.wait()

        async def second_done_or_waiting() -> bool:
            if other.done():
                return True
            async with sessions() as session:
                waiting = await session.scalar(
                    text(
                        "select count(*) from pg_locks where locktype = 'advisory' and not granted"
                    )
                )
            return bool(waiting)

        one = asyncio.create_task(replica(first, hold=True))
        await drafted.wait()
        other = asyncio.create_task(replica(second, hold=False))
        await wait_for(second_done_or_waiting, what="the second replica to draft or wait")
        release.set()
        await asyncio.gather(one, other)
        rows = await replies(rt)
    assert len(rows) == 2
    assert rows[0].draft_text != rows[1].draft_text, rows[0].draft_text


async def test_a_language_model_named_in_the_policy_drafts_and_its_draft_is_checked(
    settings: Settings, redis_client: aioredis.Redis, tmp_path: Path
) -> None:
    def change(data: dict[str, Any]) -> None:
        data["agents"] = SANNE_ONLY
        data["replies"]["language_model"] = {
            "enabled": True,
            "factory": "tests.unit.test_respond_backends:make_model",
            "name": "scripted",
        }

    settings = settings.model_copy(update={"policy_file": policy_file(tmp_path, change)})
    async with AsyncExitStack() as stack:
        s = await start(stack, settings, "route", "respond")
        await classified(s["route"][1], redis_client, settings, "m-1")
        [first] = await wait_for(lambda: replies(s["respond"][1]), what="a model draft")
        # The same answer again in the same thread would repeat it word for word.
        await classified(s["route"][1], redis_client, settings, "m-2")
        rows = await wait_for(lambda: _at_least(replies(s["respond"][1]), 2), what="two drafts")
        [discarded] = await history(s["respond"][1], "reply.model_draft_discarded")
    assert (first.draft_text, first.drafted_by, first.checks_failed) == (GOOD, "scripted", [])
    second = rows[1]
    assert second.drafted_by == "blocks" and second.draft_text != GOOD
    assert discarded.detail["reasons"] == ["repeat"]


async def test_an_agents_drafts_of_one_day_differ_across_threads(
    settings: Settings, redis_client: aioredis.Redis, tmp_path: Path
) -> None:
    async with AsyncExitStack() as stack:
        rt, drafter, first, second = await _two_cases_with_the_same_thanks(
            stack, settings, redis_client, tmp_path, "d", own_threads=True
        )
        assert first.comment.thread_id != second.comment.thread_id
        for event in (first, second):  # one batch each, as two deliveries a moment apart
            async with rt.sessions() as session, session.begin():
                await drafter([Item(entry_id="0-1", value=event)], session, Outbox())
        rows = await replies(rt)
    assert len(rows) == 2
    assert {r.agent for r in rows} == {"Sanne Jansen"}
    assert rows[0].draft_text != rows[1].draft_text


async def _routed(
    stack: AsyncExitStack,
    settings: Settings,
    redis_client: aioredis.Redis,
    comments: list[tuple[str, str, str, dict[str, Any]]],
) -> tuple[Any, Drafter, list[CaseRouted]]:
    """Route ``(external id, intent, text, extra)`` comments; return their routed cases in
    that order and a drafter to draft them in batches of the test's choosing."""
    s = await start(stack, settings, "route")
    for external_id, intent, body, extra in comments:
        await classified(s["route"][1], redis_client, settings, external_id, intent, body, **extra)
    routed = {
        event.comment.external_id: event
        for event in (
            CaseRouted.model_validate(e)
            for e in await wait_for(
                lambda: at_least(redis_client, settings, Stream.CASES_ROUTED, len(comments)),
                what="routing",
            )
        )
    }
    drafter = Drafter(policy=PolicyHolder(settings.policy_file), clock=FrozenClock(TUESDAY_10))
    return s["route"][1], drafter, [routed[external_id] for external_id, *_ in comments]


async def test_two_troll_comments_of_one_author_in_one_batch_get_one_offer(
    settings: Settings, redis_client: aioredis.Redis
) -> None:
    troll = "Haha clowns, jullie zijn een grap"
    author = {"id": "troll-2", "display_name": "Kees"}
    async with AsyncExitStack() as stack:
        rt, drafter, [one, two] = await _routed(
            stack,
            settings,
            redis_client,
            [
                ("tb-1", "troll", troll, {"author": author}),
                ("tb-2", "troll", troll, {"author": author, "thread_id": "post-2"}),
            ],
        )
        assert one.action == two.action == "respond_offline"
        async with rt.sessions() as session, session.begin():
            items = [Item(entry_id="0-1", value=one), Item(entry_id="0-2", value=two)]
            await drafter(items, session, Outbox())
        rows = await replies(rt)
        [skipped] = await history(rt, "reply.skipped")
        [drafted] = await history(rt, "reply.drafted")
    assert [r.case_id for r in rows] == [one.case_id]
    assert (skipped.case_id, skipped.detail) == (two.case_id, {"reason": "troll_offer_made"})
    assert drafted.case_id == one.case_id and drafted.detail["reply_id"] == str(rows[0].id)


async def test_a_comment_deleted_in_the_batch_that_drafted_its_reply_cancels_that_draft(
    settings: Settings, redis_client: aioredis.Redis
) -> None:
    async with AsyncExitStack() as stack:
        rt, drafter, [routed, other] = await _routed(
            stack,
            settings,
            redis_client,
            [
                ("del-1", "complaint", "Mijn pakket is al twee weken te laat", {}),
                ("del-2", "complaint", "Mijn factuur klopt niet", {"thread_id": "post-3"}),
            ],
        )
        deleted = routed.model_copy(
            update={"comment": routed.comment.model_copy(update={"kind": "deleted"})}
        )
        out = Outbox()
        async with rt.sessions() as session, session.begin():
            items = [Item(f"0-{n}", event) for n, event in enumerate((routed, other, deleted))]
            await drafter(items, session, out)
        # A redelivery of the batch later finds the replies: nothing new is written.
        async with rt.sessions() as session, session.begin():
            await drafter(items[:2], session, Outbox())
        rows = {r.case_id: r for r in await replies(rt)}
        drafted = await history(rt, "reply.drafted")
    assert rows[routed.case_id].status == "cancelled"
    assert rows[other.case_id].status == "awaiting_approval"
    assert rows[other.case_id].draft_text and rows[other.case_id].blocks
    assert sorted(str(e.case_id) for e in drafted) == sorted(str(c) for c in rows)
    assert not out.events  # nothing goes out: one waits for a person, one was cancelled

"""Respond and followup on real Redis and Postgres: drafts, approval, publication, resolution, SLA."""

from __future__ import annotations

from contextlib import AsyncExitStack
from datetime import UTC, datetime, timedelta

import pytest
import redis.asyncio as aioredis
from sqlalchemy import select

from shared.clock import FrozenClock
from shared.db import Case, Reply
from shared.events import CaseUpdate, CommentClassified
from shared.replies.checks import check
from shared.settings import Settings
from shared.streams import Stream
from tests.helpers import comment, events, publish, running, store_comment, wait_for
from tests.unit.factories_route import make_classification

pytestmark = pytest.mark.integration
# A Tuesday, 10:00 in Amsterdam: inside business hours.
TUESDAY_10 = datetime(2026, 11, 17, 9, 0, tzinfo=UTC)


async def _pipeline(stack: AsyncExitStack, settings: Settings, clock: FrozenClock):
    rts = {}
    for service in ("route", "respond", "followup"):
        _, rts[service] = await stack.enter_async_context(running(service, settings, clock))
    return rts


async def _reply(rt, kind: str = "public_reply") -> Reply | None:
    async with rt.sessions() as session:
        return await session.scalar(select(Reply).where(Reply.kind == kind))


async def test_a_dutch_complaint_is_drafted_approved_with_an_edit_and_sent_with_the_edited_text(
    settings: Settings, redis_client: aioredis.Redis
) -> None:
    clock = FrozenClock(TUESDAY_10)
    async with AsyncExitStack() as stack:
        rts = await _pipeline(stack, settings, clock)
        stored = await store_comment(
            rts["route"].sessions, comment("f-1", created_at=TUESDAY_10.isoformat())
        )
        await publish(
            redis_client,
            settings,
            Stream.COMMENTS_CLASSIFIED,
            CommentClassified(
                correlation_id="c1", comment=stored, classification=make_classification("complaint")
            ),
        )
        draft = await wait_for(lambda: _reply(rts["respond"]), what="a draft")
        assert draft.status == "awaiting_approval"
        assert draft.checks_failed == []
        assert draft.draft_text.splitlines()[0].startswith(
            ("Hoi Jan", "Hallo Jan", "Beste Jan", "Dag Jan", "Hi Jan")
        )
        policy = rts["respond"].policy.current()
        assignee = policy.assignee(draft.agent)
        assert (
            check(
                draft.draft_text,
                language="nl",
                action="respond_offline",
                platform="facebook",
                policy=policy,
                assignee=assignee,
                expected_name="Jan",
                comment_text=stored.text,
            )
            == ()
        )
        assert assignee is not None and assignee.contact in draft.draft_text
        assert await events(redis_client, settings, Stream.REPLIES_OUTBOUND) == []

        edited = draft.draft_text.replace("Hoi Jan", "Hoi Jan!") + "\nPS: we kijken er meteen naar."
        approve = CaseUpdate(
            type="edited",
            case_id=draft.case_id,
            reply_id=draft.id,
            text=edited,
            actor="sanne",
            update_id="u-1",
        )
        await publish(redis_client, settings, Stream.CASES_UPDATES, approve)
        await publish(redis_client, settings, Stream.CASES_UPDATES, approve)  # a retried update
        out = await wait_for(
            lambda: events(redis_client, settings, Stream.REPLIES_OUTBOUND),
            what="the approved reply",
        )

        clock.advance(minutes=20)
        await publish(
            redis_client,
            settings,
            Stream.CASES_UPDATES,
            CaseUpdate(
                type="published",
                case_id=draft.case_id,
                reply_id=draft.id,
                platform_reply_id="fb-reply-9",
                actor="connector",
                at=clock.now(),
            ),
        )

        async def answered():
            async with rts["followup"].sessions() as session:
                case = await session.get(Case, draft.case_id)
                return case if case and case.first_response_at else None

        case = await wait_for(answered, what="the first response recorded")
        stored_reply = await _reply(rts["respond"])
    assert len(out) == 1, "a retried approval sends once"
    assert (
        out[0]["text"] == edited and out[0]["parent_id"] == "f-1" and out[0]["channel"] == "public"
    )
    assert (
        stored_reply is not None
        and stored_reply.draft_text == draft.draft_text
        and stored_reply.edited_text == edited
    )
    assert stored_reply.status == "published" and stored_reply.platform_reply_id == "fb-reply-9"
    assert case.first_response_at == TUESDAY_10 + timedelta(minutes=20)


async def test_resolving_an_answered_case_drafts_a_follow_up_in_the_thread(
    settings: Settings, redis_client: aioredis.Redis
) -> None:
    clock = FrozenClock(TUESDAY_10)
    async with AsyncExitStack() as stack:
        rts = await _pipeline(stack, settings, clock)
        stored = await store_comment(
            rts["route"].sessions,
            comment(
                "f-2",
                "Min beställning är försenad igen, riktigt dåligt",
                author={"id": "a-2", "display_name": "Linnea Andersson"},
                created_at=TUESDAY_10.isoformat(),
            ),
        )
        await publish(
            redis_client,
            settings,
            Stream.COMMENTS_CLASSIFIED,
            CommentClassified(
                correlation_id="c2",
                comment=stored,
                classification=make_classification("complaint", language="sv"),
            ),
        )
        draft = await wait_for(lambda: _reply(rts["respond"]), what="a draft")
        await publish(
            redis_client,
            settings,
            Stream.CASES_UPDATES,
            CaseUpdate(type="approved", case_id=draft.case_id, actor="linnea"),
        )
        await wait_for(
            lambda: events(redis_client, settings, Stream.REPLIES_OUTBOUND),
            what="the approved reply",
        )
        await publish(
            redis_client,
            settings,
            Stream.CASES_UPDATES,
            CaseUpdate(
                type="resolved", case_id=draft.case_id, actor="linnea", reason="refund sent"
            ),
        )
        follow = await wait_for(
            lambda: _reply(rts["followup"], "followup_public"), what="a follow-up draft"
        )
        async with rts["followup"].sessions() as session:
            case = await session.get(Case, draft.case_id)
    assert case is not None and case.status == "resolved" and case.resolved_at == TUESDAY_10
    assert follow.status == "awaiting_approval" and follow.language == "sv"
    assert follow.draft_text.startswith(("Hej Linnea", "Hallå Linnea", "Hej igen Linnea")), (
        follow.draft_text
    )
    assert follow.draft_text != draft.draft_text


async def test_a_troll_case_gets_no_follow_up_when_resolved(
    settings: Settings, redis_client: aioredis.Redis
) -> None:
    clock = FrozenClock(TUESDAY_10)
    async with AsyncExitStack() as stack:
        rts = await _pipeline(stack, settings, clock)
        stored = await store_comment(
            rts["route"].sessions, comment("f-3", "Haha clowns, jullie zijn een grap")
        )
        await publish(
            redis_client,
            settings,
            Stream.COMMENTS_CLASSIFIED,
            CommentClassified(
                correlation_id="c3",
                comment=stored,
                classification=make_classification("troll", sentiment="negative"),
            ),
        )
        draft = await wait_for(
            lambda: _reply(rts["respond"]), what="the one offer of personal service"
        )
        await publish(
            redis_client,
            settings,
            Stream.CASES_UPDATES,
            CaseUpdate(type="approved", case_id=draft.case_id),
        )
        await publish(
            redis_client,
            settings,
            Stream.CASES_UPDATES,
            CaseUpdate(type="resolved", case_id=draft.case_id),
        )

        async def resolved():
            async with rts["followup"].sessions() as session:
                case = await session.get(Case, draft.case_id)
                return case if case and case.status == "resolved" else None

        await wait_for(resolved, what="resolution")
        assert await _reply(rts["followup"], "followup_public") is None


async def test_the_sla_watch_warns_before_and_escalates_after_the_deadline(
    settings: Settings, redis_client: aioredis.Redis
) -> None:
    clock = FrozenClock(TUESDAY_10)
    async with AsyncExitStack() as stack:
        rts = await _pipeline(stack, settings, clock)
        stored = await store_comment(
            rts["route"].sessions, comment("f-4", created_at=TUESDAY_10.isoformat())
        )
        await publish(
            redis_client,
            settings,
            Stream.COMMENTS_CLASSIFIED,
            CommentClassified(
                correlation_id="c4", comment=stored, classification=make_classification("complaint")
            ),
        )
        routed = (
            await wait_for(
                lambda: events(redis_client, settings, Stream.CASES_ROUTED), what="routing"
            )
        )[0]
        due = datetime.fromisoformat(routed["first_response_due"])
        assert due == TUESDAY_10 + timedelta(hours=1)
        clock.set(due - timedelta(minutes=10))
        await wait_for(lambda: _kind(redis_client, settings, "sla_at_risk"), what="a warning")
        clock.set(due + timedelta(minutes=1))
        await wait_for(
            lambda: _kind(redis_client, settings, "escalated"), what="a breach escalated"
        )
        clock.advance(minutes=5)
        await wait_for(lambda: _gauge_seen(), what="another watch round")
        notes = await events(redis_client, settings, Stream.NOTIFICATIONS_OUTBOUND)
    notes = [n for n in notes if n["case_id"] == routed["case_id"]]  # not e.g. the weekly report
    kinds = [n["kind"] for n in notes if n["kind"] in ("new_case", "sla_at_risk", "sla_breach")]
    assert kinds == ["new_case", "sla_at_risk", "sla_breach"], "each notification once, in order"
    # A breach escalates once: to the team lead.
    escalated = [n for n in notes if n["kind"] == "escalated"]
    assert len(escalated) == 1 and escalated[0]["assignee"] == "Emma Visser"


async def _kind(client, settings, kind):
    found = await events(client, settings, Stream.NOTIFICATIONS_OUTBOUND)
    return found if any(n["kind"] == kind for n in found) else None


async def _gauge_seen() -> bool:
    import asyncio

    await asyncio.sleep(0.5)
    return True

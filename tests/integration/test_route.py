"""Route on real Redis and Postgres with a frozen clock."""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
import redis.asyncio as aioredis
from sqlalchemy import func, select

from shared.clock import FrozenClock
from shared.db import AuthorRecord, Case, DecisionRecord
from shared.events import CommentClassified
from shared.settings import Settings
from shared.streams import Stream
from tests.helpers import at_least, comment, events, publish, running, store_comment, wait_for
from tests.unit.factories_route import make_classification

pytestmark = pytest.mark.integration
AMS = ZoneInfo("Europe/Amsterdam")
FRIDAY_1630 = datetime(2026, 11, 20, 16, 30, tzinfo=AMS)


async def test_a_dutch_complaint_on_friday_afternoon_is_due_monday_morning(
    settings: Settings, redis_client: aioredis.Redis
) -> None:
    clock = FrozenClock(FRIDAY_1630)
    async with running("route", settings, clock) as (app, rt):
        stored = await store_comment(
            rt.sessions, comment("r-1", created_at=FRIDAY_1630.isoformat())
        )
        await publish(
            redis_client,
            settings,
            Stream.COMMENTS_CLASSIFIED,
            CommentClassified(
                correlation_id="c1", comment=stored, classification=make_classification("complaint")
            ),
        )
        routed = (
            await wait_for(
                lambda: events(redis_client, settings, Stream.CASES_ROUTED), what="cases.routed"
            )
        )[0]
        notes = await wait_for(
            lambda: events(redis_client, settings, Stream.NOTIFICATIONS_OUTBOUND),
            what="a notification",
        )
        async with rt.sessions() as session:
            case = await session.scalar(select(Case))
    assert routed["action"] == "respond_offline"
    assert datetime.fromisoformat(routed["first_response_due"]).astimezone(AMS) == datetime(
        2026, 11, 23, 9, 30, tzinfo=AMS
    )
    assert datetime.fromisoformat(routed["resolution_due"]).astimezone(AMS) == datetime(
        2026, 11, 23, 16, 30, tzinfo=AMS
    )
    assert "nl" in next(
        a.languages for a in rt.policy.current().agents if a.name == routed["assignee"]["name"]
    )
    assert routed["rule"] and routed["policy_version"] == rt.policy.current().fingerprint
    assert (
        case is not None and case.status == "open" and case.assignee == routed["assignee"]["name"]
    )
    assert notes[0]["kind"] == "new_case" and notes[0]["case_id"] == routed["case_id"]
    assert "Mijn pakket" not in str(notes[0]), "notifications never carry the comment text"


async def test_repeated_abuse_on_an_owned_channel_is_hidden_without_a_case(
    settings: Settings, redis_client: aioredis.Redis
) -> None:
    async with running("route", settings, FrozenClock(FRIDAY_1630)) as (app, rt):
        stored = await store_comment(
            rt.sessions, comment("r-abuse", "Jullie zijn allemaal idioten")
        )
        async with rt.sessions() as session, session.begin():
            session.add(
                AuthorRecord(
                    platform="facebook",
                    author_id=stored.author_id,
                    comments=3,
                    abuse_count=2,
                    troll_count=0,
                )
            )
        event = CommentClassified(
            correlation_id="c2",
            comment=stored,
            author_abuse_count=2,
            classification=make_classification("abuse", toxicity=0.9),
        )
        await publish(redis_client, settings, Stream.COMMENTS_CLASSIFIED, event)
        hide = (
            await wait_for(
                lambda: events(redis_client, settings, Stream.MODERATION_OUTBOUND),
                what="a hide request",
            )
        )[0]
        routed = (await events(redis_client, settings, Stream.CASES_ROUTED))[0]
        async with rt.sessions() as session:
            cases = await session.scalar(select(func.count()).select_from(Case))
            author = await session.get(AuthorRecord, ("facebook", stored.author_id))
    assert (
        hide["request"] == "hide"
        and hide["external_id"] == "r-abuse"
        and hide["rule"] == routed["rule"]
    )
    assert routed["action"] == "hide" and routed["case_id"] is None
    assert cases == 0
    assert author is not None and author.abuse_count == 3


async def test_a_legal_threat_is_held_as_critical_with_a_notification(
    settings: Settings, redis_client: aioredis.Redis
) -> None:
    async with running("route", settings, FrozenClock(FRIDAY_1630)) as (app, rt):
        stored = await store_comment(
            rt.sessions, comment("r-legal", "Oplichters! Ik stap naar mijn advocaat.")
        )
        await publish(
            redis_client,
            settings,
            Stream.COMMENTS_CLASSIFIED,
            CommentClassified(
                correlation_id="c3",
                comment=stored,
                classification=make_classification("legal_threat"),
            ),
        )
        notes = await wait_for(
            lambda: events(redis_client, settings, Stream.NOTIFICATIONS_OUTBOUND),
            what="legal notification",
        )
        routed = (await events(redis_client, settings, Stream.CASES_ROUTED))[0]
    assert routed["action"] == "hold_legal" and routed["priority"] == "critical"
    assert notes[0]["kind"] == "legal_hold"
    # Critical cases run on calendar time: 15 minutes, even on a Friday evening.
    assert datetime.fromisoformat(routed["first_response_due"]) == FRIDAY_1630.replace(minute=45)


async def test_a_redelivered_comment_gets_the_same_decision_and_one_case(
    settings: Settings, redis_client: aioredis.Redis
) -> None:
    async with running("route", settings, FrozenClock(FRIDAY_1630)) as (app, rt):
        stored = await store_comment(rt.sessions, comment("r-twice"))
        event = CommentClassified(
            correlation_id="c4", comment=stored, classification=make_classification("complaint")
        )
        await publish(redis_client, settings, Stream.COMMENTS_CLASSIFIED, event)
        await publish(redis_client, settings, Stream.COMMENTS_CLASSIFIED, event)
        routed = await wait_for(
            lambda: at_least(redis_client, settings, Stream.CASES_ROUTED, 2),
            what="two routed events",
        )
        async with rt.sessions() as session:
            cases = await session.scalar(select(func.count()).select_from(Case))
            decisions = await session.scalar(select(func.count()).select_from(DecisionRecord))
        notes = await events(redis_client, settings, Stream.NOTIFICATIONS_OUTBOUND)
    assert routed[0] == routed[1]
    assert (cases, decisions) == (1, 1)
    # cases.routed again (respond keys its draft by case), but the team is told once.
    assert [n["kind"] for n in notes] == ["new_case"]

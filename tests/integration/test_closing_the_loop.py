"""Closing the loop on real Redis and Postgres with a frozen clock: follow-up after
resolution, the customer's answer, reopening, and every case where webcare stays silent."""

from __future__ import annotations

import shutil
import uuid
from contextlib import AsyncExitStack
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
import redis.asyncio as aioredis
from sqlalchemy import select

from shared.clock import FrozenClock
from shared.db import Case, Reply
from shared.events import CaseUpdate, CommentClassified
from shared.settings import DEFAULT_POLICY_FILE, Settings
from shared.streams import Stream
from tests.helpers import comment, events, publish, running, store_comment, wait_for
from tests.unit.factories_route import make_classification

pytestmark = pytest.mark.integration
TUESDAY_10 = datetime(2026, 11, 17, 9, 0, tzinfo=UTC)


class Loop:
    """Route and followup running, and a case answered in public."""

    def __init__(
        self, settings: Settings, redis_client: aioredis.Redis, clock: FrozenClock, rts: dict
    ) -> None:
        self.settings, self.redis, self.clock, self.rts = settings, redis_client, clock, rts

    async def comment(
        self,
        external_id: str,
        *,
        sentiment: str = "negative",
        intent: str = "complaint",
        author: str = "cust-1",
        thread: str = "post-1",
        text: str | None = None,
        kind: str = "created",
    ) -> dict:
        extra = {"text": text} if text is not None else {}
        stored = await store_comment(
            self.rts["route"].sessions,
            comment(
                external_id,
                author={"id": author, "display_name": "Sanne Bakker"},
                thread_id=thread,
                created_at=self.clock.now().isoformat(),
                kind=kind,
                **extra,
            ),
            entry=f"{external_id}-{kind}",
        )
        n = len(await events(self.redis, self.settings, Stream.CASES_ROUTED))
        await publish(
            self.redis,
            self.settings,
            Stream.COMMENTS_CLASSIFIED,
            CommentClassified(
                correlation_id=external_id,
                comment=stored,
                classification=make_classification(intent, sentiment=sentiment),
            ),
        )

        async def routed():
            found = await events(self.redis, self.settings, Stream.CASES_ROUTED)
            return found[n] if len(found) > n else None

        return await wait_for(routed, what=f"{external_id} routed")

    async def answered(self, routed: dict) -> uuid.UUID:
        """The brand's public reply went out, offering a private channel."""
        case_id = uuid.UUID(routed["case_id"])
        reply_id = uuid.uuid4()
        async with self.rts["route"].sessions() as session, session.begin():
            session.add(
                Reply(
                    id=reply_id,
                    case_id=case_id,
                    kind="public_reply",
                    channel="public",
                    status="approved",
                    language="nl",
                    agent=routed["assignee"]["name"],
                    draft_text="Hoi Sanne, mail me gerust.",
                    checks_failed=[],
                    auto_send=False,
                    thread_id=routed["comment"]["thread_id"],
                    day="2026-11-17",
                    created_at=self.clock.now(),
                )
            )
        await self.update("published", case_id, reply_id=reply_id)
        await wait_for(
            lambda: self.case(case_id, lambda c: c.first_response_at is not None), what="published"
        )
        return case_id

    async def update(self, kind: str, case_id: uuid.UUID, **fields) -> None:
        await publish(
            self.redis,
            self.settings,
            Stream.CASES_UPDATES,
            CaseUpdate(
                type=kind,
                case_id=case_id,
                at=self.clock.now(),
                update_id=f"{kind}-{uuid.uuid4().hex[:6]}",
                **fields,
            ),
        )

    async def case(self, case_id: uuid.UUID, ready=lambda c: True) -> Case | None:
        async with self.rts["followup"].sessions() as session:
            case = await session.get(Case, case_id)
            return case if case is not None and ready(case) else None

    async def replies(self, case_id: uuid.UUID) -> dict[str, Reply]:
        async with self.rts["followup"].sessions() as session:
            return {
                r.kind: r
                for r in await session.scalars(select(Reply).where(Reply.case_id == case_id))
            }

    async def resolve(self, case_id: uuid.UUID) -> Case:
        await self.update("resolved", case_id, reason="fixed")
        return await wait_for(
            lambda: self.case(case_id, lambda c: c.status == "resolved"), what="resolved"
        )


@pytest.fixture
async def loop(settings: Settings, redis_client: aioredis.Redis, tmp_path: Path):
    policy = tmp_path / "policy.yaml"
    shutil.copy(DEFAULT_POLICY_FILE, policy)
    policy.write_text(
        policy.read_text().replace("  threads: []", "  threads: [hostile-thread]"), encoding="utf-8"
    )
    live = settings.model_copy(update={"policy_file": policy})
    clock = FrozenClock(TUESDAY_10)
    async with AsyncExitStack() as stack:
        rts = {}
        for name in ("route", "followup"):
            _, rts[name] = await stack.enter_async_context(running(name, live, clock))
        yield Loop(live, redis_client, clock, rts)


async def test_a_resolved_case_reached_privately_gets_a_public_follow_up_and_a_private_satisfaction_question(
    loop: Loop,
) -> None:
    case_id = await loop.answered(await loop.comment("l-1"))
    loop.clock.advance(hours=1)
    await loop.update("customer_replied", case_id, actor="customer")
    loop.clock.advance(hours=1)
    case = await loop.resolve(case_id)
    replies = await wait_for(lambda: _kinds(loop, case_id, 3), what="both follow-ups")
    assert case.reached_privately
    assert (
        replies["followup_public"].language == "nl"
        and replies["followup_public"].status == "awaiting_approval"
    )
    assert replies["followup_private"].channel == "private"
    assert any(ch in replies["followup_private"].draft_text for ch in ("1", "5")), (
        "asks for a 1 to 5 rating"
    )


async def _kinds(loop: Loop, case_id: uuid.UUID, n: int):
    found = await loop.replies(case_id)
    return found if len(found) >= n else None


async def test_a_happy_answer_in_the_thread_keeps_the_case_resolved(loop: Loop) -> None:
    case_id = await loop.answered(await loop.comment("l-2"))
    await loop.resolve(case_id)
    loop.clock.advance(hours=3)
    routed = await loop.comment(
        "l-2-answer", sentiment="positive", intent="praise", text="Top, alles is nu opgelost!"
    )
    case = await wait_for(
        lambda: loop.case(case_id, lambda c: c.last_sentiment == "positive"), what="the answer"
    )
    assert routed["case_id"] == str(case_id), "the answer belongs to the resolved case"
    assert case.status == "resolved" and case.first_sentiment == "negative"


async def test_an_unhappy_answer_reopens_the_case_with_a_new_deadline_and_tells_the_agent(
    loop: Loop,
) -> None:
    case_id = await loop.answered(await loop.comment("l-3"))
    await loop.resolve(case_id)
    loop.clock.advance(hours=2)
    await loop.comment("l-3-answer", text="Nee hoor, het is nog steeds kapot")
    case = await wait_for(
        lambda: loop.case(case_id, lambda c: c.status == "reopened"), what="reopening"
    )
    notes = [
        n
        for n in await events(loop.redis, loop.settings, Stream.NOTIFICATIONS_OUTBOUND)
        if n["kind"] == "reopened"
    ]
    assert case.resolved_at is None and case.reopened == 1
    assert case.next_response_due == loop.clock.now() + timedelta(hours=1)
    assert len(notes) == 1 and notes[0]["assignee"] == case.assignee


@pytest.mark.parametrize(
    ("rating", "status"), [(1, "reopened"), (2, "reopened"), (4, "resolved"), (5, "resolved")]
)
async def test_a_rating_of_one_or_two_reopens_and_a_good_one_is_recorded(
    loop: Loop, rating: int, status: str
) -> None:
    case_id = await loop.answered(await loop.comment(f"l-r{rating}"))
    await loop.resolve(case_id)
    await loop.update("customer_replied", case_id, rating=rating, actor="survey")
    case = await wait_for(
        lambda: loop.case(case_id, lambda c: c.satisfaction == rating), what="the rating"
    )
    assert case.status == status


async def _suppressed(loop: Loop, case_id: uuid.UUID) -> str:
    await loop.resolve(case_id)
    async with loop.rts["followup"].sessions() as session:
        from shared.db import CaseEvent

        event = await session.scalar(
            select(CaseEvent).where(
                CaseEvent.case_id == case_id, CaseEvent.event == "followup.suppressed"
            )
        )
    assert "followup_public" not in await loop.replies(case_id)
    assert event is not None
    return event.detail["reason"]


async def test_no_follow_up_under_a_comment_its_author_deleted(loop: Loop) -> None:
    case_id = await loop.answered(await loop.comment("l-del"))
    await loop.comment("l-del", kind="deleted", text="")
    await wait_for(
        lambda: loop.case(case_id, lambda c: c.status == "removed_by_author"), what="the removal"
    )
    async with loop.rts["followup"].sessions() as session, session.begin():
        (await session.get(Case, case_id)).status = "open"  # an agent resolves it anyway
    assert "deleted" in await _suppressed(loop, case_id)


async def test_no_follow_up_in_a_do_not_engage_thread(loop: Loop) -> None:
    routed = await loop.comment(
        "l-dne", thread="hostile-thread", intent="question", sentiment="neutral"
    )
    assert routed["case_id"] is None, "the brand stays out of the thread altogether"


async def test_no_follow_up_for_a_troll(loop: Loop) -> None:
    case_id = await loop.answered(await loop.comment("l-troll", intent="troll"))
    assert "troll" in await _suppressed(loop, case_id)


async def test_no_follow_up_when_the_customer_wants_no_more_contact(loop: Loop) -> None:
    case_id = await loop.answered(await loop.comment("l-nc"))
    await loop.update(
        "customer_replied", case_id, text="Bedankt, maar laat me verder met rust aub."
    )
    await wait_for(lambda: loop.case(case_id, lambda c: c.no_contact), what="the wish recorded")
    assert "no more contact" in await _suppressed(loop, case_id)

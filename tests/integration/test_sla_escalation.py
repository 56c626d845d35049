"""SLA clocks that pause, reassignment, crisis and reach escalation: route and followup on
real Redis and Postgres with a frozen clock."""

from __future__ import annotations

import uuid
from contextlib import AsyncExitStack
from datetime import UTC, datetime, timedelta

import pytest
import redis.asyncio as aioredis
from sqlalchemy import func, select

from shared.clock import FrozenClock
from shared.db import Case, DecisionRecord, ReachSample, Reply
from shared.events import CaseUpdate, CommentClassified
from shared.settings import Settings
from shared.streams import Stream
from tests.helpers import comment, events, publish, running, store_comment, wait_for
from tests.unit.factories_route import make_classification

pytestmark = pytest.mark.integration
# Tuesday 17 November 2026, 10:00 in Amsterdam.
TUESDAY_10 = datetime(2026, 11, 17, 9, 0, tzinfo=UTC)


async def _services(stack: AsyncExitStack, settings: Settings, clock: FrozenClock, *names: str):
    rts = {}
    for name in names:
        _, rts[name] = await stack.enter_async_context(running(name, settings, clock))
    return rts


async def _case(rt, case_id) -> Case | None:
    async with rt.sessions() as session:
        return await session.get(Case, uuid.UUID(str(case_id)))


async def _route(
    redis_client,
    settings,
    rts,
    external_id: str,
    *,
    author: str = "a-1",
    thread: str = "post-1",
    intent: str = "complaint",
    **extra,
):
    stored = await store_comment(
        rts["route"].sessions,
        comment(
            external_id,
            author={"id": author, "display_name": "Jan de Vries"},
            thread_id=thread,
            created_at=TUESDAY_10.isoformat(),
            **extra,
        ),
    )
    await publish(
        redis_client,
        settings,
        Stream.COMMENTS_CLASSIFIED,
        CommentClassified(
            correlation_id=external_id, comment=stored, classification=make_classification(intent)
        ),
    )
    return stored


async def _routed(redis_client, settings, n: int):
    async def enough():
        found = await events(redis_client, settings, Stream.CASES_ROUTED)
        return found if len(found) >= n else None

    return await wait_for(enough, what=f"{n} routed comments")


async def test_the_resolution_clock_pauses_while_waiting_on_the_customer_and_a_new_message_restarts_it(
    settings: Settings, redis_client: aioredis.Redis
) -> None:
    clock = FrozenClock(TUESDAY_10)
    async with AsyncExitStack() as stack:
        rts = await _services(stack, settings, clock, "route", "followup")
        await _route(redis_client, settings, rts, "p-1")
        routed = (await _routed(redis_client, settings, 1))[0]
        case_id = uuid.UUID(routed["case_id"])
        reply_id = uuid.uuid4()
        async with rts["route"].sessions() as session, session.begin():
            session.add(
                Reply(
                    id=reply_id,
                    case_id=case_id,
                    kind="public_reply",
                    channel="public",
                    status="approved",
                    language="nl",
                    agent=routed["assignee"]["name"],
                    draft_text="Hoi Jan, mail me gerust.",
                    checks_failed=[],
                    auto_send=False,
                    thread_id="post-1",
                    day="2026-11-17",
                    created_at=TUESDAY_10,
                )
            )
        clock.advance(minutes=20)
        await publish(
            redis_client,
            settings,
            Stream.CASES_UPDATES,
            CaseUpdate(
                type="published",
                case_id=case_id,
                reply_id=reply_id,
                at=clock.now(),
                update_id="pub-1",
            ),
        )
        paused = await wait_for(
            lambda: _status(rts["followup"], case_id, "waiting_customer"), what="the pause"
        )
        resolution_before = paused.resolution_due
        # Two business hours later the customer answers privately.
        clock.advance(hours=2)
        await publish(
            redis_client,
            settings,
            Stream.CASES_UPDATES,
            CaseUpdate(
                type="customer_replied", case_id=case_id, at=clock.now(), update_id="cust-1"
            ),
        )
        resumed = await wait_for(
            lambda: _status(rts["followup"], case_id, "open"), what="the resume"
        )
        # Nothing is overdue while paused: the watcher sends no resolution warnings.
        notes = await events(redis_client, settings, Stream.NOTIFICATIONS_OUTBOUND)
    assert paused.first_response_at == TUESDAY_10 + timedelta(minutes=20)
    assert resumed.paused_at is None and resumed.paused_seconds == pytest.approx(7200)
    assert resumed.resolution_due == resolution_before + timedelta(hours=2)
    assert resumed.next_response_due == clock.now() + timedelta(hours=1)
    assert not any(n["kind"] in ("sla_at_risk", "sla_breach") for n in notes)


async def _status(rt, case_id, status: str) -> Case | None:
    case = await _case(rt, case_id)
    return case if case is not None and case.status == status else None


async def test_a_case_nobody_answers_is_reassigned_and_the_lead_told(
    settings: Settings, redis_client: aioredis.Redis
) -> None:
    clock = FrozenClock(TUESDAY_10)
    async with AsyncExitStack() as stack:
        rts = await _services(stack, settings, clock, "route", "followup")
        await _route(redis_client, settings, rts, "re-1")
        routed = (await _routed(redis_client, settings, 1))[0]
        first = routed["assignee"]["name"]
        clock.advance(minutes=31)

        async def moved():
            case = await _case(rts["followup"], routed["case_id"])
            return case if case is not None and case.assignee != first else None

        case = await wait_for(moved, what="reassignment")
        notes = [
            n
            for n in await events(redis_client, settings, Stream.NOTIFICATIONS_OUTBOUND)
            if n["kind"] == "reassigned"
        ]
    policy = rts["route"].policy.current()
    assert "nl" in next(a.languages for a in policy.agents if a.name == case.assignee)
    assert case.assigned_at == TUESDAY_10 + timedelta(minutes=31)
    assert {n["assignee"] for n in notes} == {case.assignee, "Emma Visser"} - (
        {first} if first == "Emma Visser" else set()
    )


async def test_a_pile_of_negative_comments_on_one_post_opens_one_crisis_case(
    settings: Settings, redis_client: aioredis.Redis
) -> None:
    clock = FrozenClock(TUESDAY_10)
    async with AsyncExitStack() as stack:
        rts = await _services(stack, settings, clock, "route")
        from shared.db import ClassificationRecord

        for i in range(12):
            stored = await store_comment(
                rts["route"].sessions,
                comment(
                    f"cr-{i}",
                    author={"id": f"angry-{i}"},
                    thread_id="post-crisis",
                    created_at=TUESDAY_10.isoformat(),
                ),
            )
            cls = make_classification("complaint")
            async with rts["route"].sessions() as session, session.begin():
                session.add(
                    ClassificationRecord(
                        comment_id=stored.comment_id,
                        **cls.model_dump(exclude={"reasons"}),
                        reasons=[],
                    )
                )
            await publish(
                redis_client,
                settings,
                Stream.COMMENTS_CLASSIFIED,
                CommentClassified(correlation_id=f"cr-{i}", comment=stored, classification=cls),
            )
            await _routed(redis_client, settings, i + 1)
        routed = await events(redis_client, settings, Stream.CASES_ROUTED)
        notes = await events(redis_client, settings, Stream.NOTIFICATIONS_OUTBOUND)
        async with rts["route"].sessions() as session:
            crisis_cases = await session.scalar(
                select(func.count()).select_from(Case).where(Case.action == "escalate_crisis")
            )
            folded = await session.scalar(
                select(func.count())
                .select_from(DecisionRecord)
                .where(DecisionRecord.action == "escalate_crisis")
            )
    actions = [r["action"] for r in routed]
    assert actions[:9] == ["respond_offline"] * 9, (
        "below the threshold every complaint is its own case"
    )
    assert actions[9:] == ["escalate_crisis"] * 3
    assert len({r["case_id"] for r in routed[9:]}) == 1 and routed[9]["priority"] == "critical"
    assert crisis_cases == 1 and folded == 3
    assert [n["kind"] for n in notes].count("crisis") == 1


async def test_fast_growing_reach_raises_the_priority_and_tightens_the_deadline(
    settings: Settings, redis_client: aioredis.Redis
) -> None:
    clock = FrozenClock(TUESDAY_10)
    async with AsyncExitStack() as stack:
        rts = await _services(stack, settings, clock, "route", "followup")
        await _route(redis_client, settings, rts, "v-1")
        routed = (await _routed(redis_client, settings, 1))[0]
        before = datetime.fromisoformat(routed["first_response_due"])
        now_db = datetime.now(UTC)
        async with rts["route"].sessions() as session, session.begin():
            for minutes, likes in ((10, 5), (0, 300)):
                session.add(
                    ReachSample(
                        platform="facebook",
                        external_id="v-1",
                        at=now_db - timedelta(minutes=minutes),
                        likes=likes,
                        replies=0,
                        shares=0,
                    )
                )

        async def raised():
            case = await _case(rts["followup"], routed["case_id"])
            return case if case is not None and case.priority == "high" else None

        case = await wait_for(raised, what="the escalation")
        notes = await events(redis_client, settings, Stream.NOTIFICATIONS_OUTBOUND)
    assert case.first_response_due is not None and case.first_response_due < before
    assert case.first_response_due == TUESDAY_10 + timedelta(minutes=30)
    assert "reach" in case.escalations
    assert [n["kind"] for n in notes].count("spike") == 1


async def test_a_second_comment_of_the_same_customer_continues_their_case(
    settings: Settings, redis_client: aioredis.Redis
) -> None:
    clock = FrozenClock(TUESDAY_10)
    async with AsyncExitStack() as stack:
        rts = await _services(stack, settings, clock, "route", "followup")
        await _route(redis_client, settings, rts, "conv-1", author="cust-9")
        await _routed(redis_client, settings, 1)
        clock.advance(minutes=5)
        await _route(
            redis_client,
            settings,
            rts,
            "conv-2",
            author="cust-9",
            text="En nog steeds niks gehoord!",
        )
        routed = await _routed(redis_client, settings, 2)

        async def restarted():
            case = await _case(rts["followup"], routed[0]["case_id"])
            return case if case is not None and case.next_response_due is not None else None

        case = await wait_for(restarted, what="the next-response clock")
        async with rts["route"].sessions() as session:
            cases = await session.scalar(select(func.count()).select_from(Case))
    assert routed[1]["case_id"] == routed[0]["case_id"]
    assert cases == 1
    assert case.next_response_due == TUESDAY_10 + timedelta(minutes=65)


async def test_the_same_routed_event_twice_in_one_batch_starts_the_clock_once(
    settings: Settings, redis_client: aioredis.Redis
) -> None:
    from shared.db import CaseEvent

    clock = FrozenClock(TUESDAY_10)
    async with AsyncExitStack() as stack:
        rts = await _services(stack, settings, clock, "route")
        await _route(redis_client, settings, rts, "twice-1")
        await _routed(redis_client, settings, 1)
        # A redelivery of the same routed event lands in followup's first batch beside it.
        key = Stream.CASES_ROUTED.key(settings.stream_prefix)
        [(_, fields)] = await redis_client.xrange(key)
        await redis_client.xadd(key, fields)
        _, followup = await stack.enter_async_context(running("followup", settings, clock))
        await wait_for(lambda: _acked(redis_client, key), what="both entries handled")
        async with followup.sessions() as session:
            started = await session.scalar(
                select(func.count()).select_from(CaseEvent).where(CaseEvent.event == "sla.started")
            )
    assert started == 1


async def _events_named(rt, name: str, n: int) -> bool:
    from shared.db import CaseEvent

    async with rt.sessions() as session:
        count = await session.scalar(
            select(func.count()).select_from(CaseEvent).where(CaseEvent.event == name)
        )
    return (count or 0) >= n


async def _acked(client: aioredis.Redis, key: str) -> bool:
    groups = {g["name"]: g for g in await client.xinfo_groups(key)}
    group = groups.get(b"followup") or groups.get("followup")
    return bool(group) and group["pending"] == 0 and group["lag"] == 0


async def test_only_cases_past_the_limit_in_business_time_are_reassigned(
    settings: Settings,
) -> None:
    """Monday 09:20 (Amsterdam): a case assigned Friday 16:50 is 3 days old in calendar time
    but has waited 30 business minutes (Friday 16:50-17:00, Monday 09:00-09:20): due. One
    assigned Friday 16:55 has waited 25: it is read as a candidate and left alone."""
    from types import SimpleNamespace

    from services.followup.escalation import Escalator
    from shared.db import make_engine, make_sessionmaker
    from shared.policy import load_policy
    from shared.settings import DEFAULT_POLICY_FILE

    policy = load_policy(DEFAULT_POLICY_FILE)
    friday = datetime(2026, 11, 20, 15, 50, tzinfo=UTC)  # 16:50 in Amsterdam
    now = datetime(2026, 11, 23, 8, 20, tzinfo=UTC)  # Monday 09:20 in Amsterdam
    engine = make_engine(settings.database_url)
    sessions = make_sessionmaker(engine)
    agent = next(a.name for a in policy.agents if "nl" in a.languages)
    ids = {}
    try:
        for name, assigned in (("due", friday), ("not-yet", friday + timedelta(minutes=5))):
            ids[name] = await _open_case(sessions, f"ra-{name}", agent, assigned, policy)
        escalator = Escalator(SimpleNamespace())  # type: ignore[arg-type]
        async with sessions() as session, session.begin():
            notes = await escalator._reassign(session, now=now, policy=policy)
        async with sessions() as session:
            due = await session.get(Case, ids["due"])
            waiting = await session.get(Case, ids["not-yet"])
    finally:
        await engine.dispose()
    assert due is not None and due.assignee != agent and due.assigned_at == now
    assert (
        waiting is not None
        and waiting.assignee == agent
        and waiting.assigned_at == (friday + timedelta(minutes=5))
    )
    assert {n.case_id for n in notes} == {ids["due"]}


async def test_reassignment_reads_its_candidates_a_chunk_at_a_time_and_misses_none(
    settings: Settings, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Five cases past the limit and two not yet, read two at a time: the five are
    reassigned, the two left alone, and no read returned more than two."""
    from types import SimpleNamespace

    from sqlalchemy.ext.asyncio import AsyncResult

    from services.followup import escalation
    from shared.db import make_engine, make_sessionmaker
    from shared.policy import load_policy
    from shared.settings import DEFAULT_POLICY_FILE

    sizes: list[int] = []
    partitions = AsyncResult.partitions

    async def counted(self: AsyncResult, size: int | None = None):  # type: ignore[no-untyped-def]
        async for part in partitions(self, size):
            sizes.append(len(part))
            yield part

    monkeypatch.setattr(escalation, "CANDIDATE_CHUNK_ROWS", 2)
    monkeypatch.setattr(AsyncResult, "partitions", counted)
    policy = load_policy(DEFAULT_POLICY_FILE)
    friday = datetime(2026, 11, 20, 15, 50, tzinfo=UTC)  # 16:50 in Amsterdam
    now = datetime(2026, 11, 23, 8, 20, tzinfo=UTC)  # Monday 09:20: 30 business minutes on
    engine = make_engine(settings.database_url)
    sessions = make_sessionmaker(engine)
    agent = next(a.name for a in policy.agents if "nl" in a.languages)
    assigned = {f"due-{i}": friday for i in range(5)}
    assigned |= {f"not-yet-{i}": friday + timedelta(minutes=5) for i in range(2)}
    ids: dict[str, uuid.UUID] = {}
    try:
        for name, at in assigned.items():
            ids[name] = await _open_case(sessions, f"chunk-{name}", agent, at, policy)
        escalator = escalation.Escalator(SimpleNamespace())  # type: ignore[arg-type]
        async with sessions() as session, session.begin():
            notes = await escalator._reassign(session, now=now, policy=policy)
        async with sessions() as session:
            after = {name: await session.get(Case, ids[name]) for name in assigned}
    finally:
        await engine.dispose()
    moved = {name for name, case in after.items() if case is not None and case.assignee != agent}
    assert moved == {f"due-{i}" for i in range(5)}
    assert {n.case_id for n in notes} == {ids[name] for name in moved}
    assert sum(sizes) == 7 and max(sizes) == 2


async def _open_case(sessions, external_id: str, agent: str, at: datetime, policy) -> uuid.UUID:
    """A stored comment and its open complaint case, assigned to ``agent`` at ``at``."""
    stored = await store_comment(sessions, comment(external_id))
    case_id = uuid.uuid4()
    async with sessions() as session, session.begin():
        session.add(
            Case(
                id=case_id,
                comment_id=stored.comment_id,
                platform="facebook",
                external_id=stored.external_id,
                thread_id=stored.thread_id,
                author_id=stored.author_id,
                language="nl",
                intent="complaint",
                action="respond_offline",
                priority="normal",
                status="open",
                assignee=agent,
                assigned_at=at,
                opened_at=at,
                rule="r",
                policy_version=policy.fingerprint,
                updated_at=at,
            )
        )
    return case_id

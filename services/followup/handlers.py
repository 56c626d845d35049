"""Followup's stages: SLA clocks, publication and resolution, the follow-up in the thread."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from typing import Any

from sqlalchemy import select
from sqlalchemy.dialects.postgresql import insert
from sqlalchemy.ext.asyncio import AsyncSession

from services.followup.clocks import (
    WAITS_ON_CUSTOMER,
    pause,
    record_response,
    resume,
    start_next_response,
)
from services.followup.loop import (
    UNHAPPY_RATING,
    reopen,
    wants_no_contact,
    with_rating_question,
)
from shared import metrics, wire
from shared.business_hours import BusinessCalendar, CalendarCache
from shared.clock import Clock
from shared.db import AppliedUpdate, Case, CaseEvent, Comment, Reply, any_of, keys_in
from shared.events import CaseRouted, CaseUpdate, Notification, ReplyKind, StoredComment
from shared.policy import Policy, PolicyHolder
from shared.replies.checks import check
from shared.replies.names import first_name
from shared.replies.store import (
    HISTORY_COLUMNS,
    INSERT_HISTORY,
    DraftWrites,
    draft_row,
    history,
    history_row,
)
from shared.replies.templates import compose_followup
from shared.runtime import Item, Outbox
from shared.streams import Stream

_FOLLOWUP_UPDATES = frozenset(
    {"published", "resolved", "customer_replied", "reclassified", "no_contact"}
)
_NO_FOLLOWUP_INTENTS = frozenset({"troll", "abuse", "spam", "legal_threat"})


def decode_routed(fields: dict[bytes, bytes]) -> CaseRouted:
    return wire.parse(CaseRouted, fields)


def decode_update(fields: dict[bytes, bytes]) -> CaseUpdate:
    return wire.parse(CaseUpdate, fields)


#: One cached statement for any number of keys (a ``.values([...])`` per batch was a new
#: statement, compiled and kept per batch size).
_CLAIM = (
    insert(AppliedUpdate.__table__)
    .values(consumer="followup")
    .on_conflict_do_nothing()
    .returning(AppliedUpdate.update_id)
)


async def _first_times(session: AsyncSession, keys: Sequence[str]) -> set[str]:
    """The keys (cut to 160 characters) not applied before, now claimed: one statement for a
    whole batch."""
    unique = list(dict.fromkeys(k[:160] for k in keys))
    if not unique:
        return set()
    result = await session.execute(_CLAIM, [{"update_id": k} for k in unique])
    return set(result.scalars())


def _row(event: CaseEvent) -> dict[str, Any]:
    """A ``case_events`` row for the batch's one executemany."""
    return {name: getattr(event, name) for name in HISTORY_COLUMNS}


async def _write_history(session: AsyncSession, rows: list[dict[str, Any]]) -> None:
    await INSERT_HISTORY.execute(session, rows)


class Clocks:
    """Holds the business calendar of the policy in force."""

    def __init__(self, *, policy: PolicyHolder, clock: Clock) -> None:
        self.policy = policy
        self.clock = clock
        self._calendars = CalendarCache()

    def calendar(self, policy: Policy, language: str = "") -> BusinessCalendar:
        """The business calendar for ``language``, built once per policy version."""
        return self._calendars.get(policy, language)

    def customer_answered(
        self,
        case: Case,
        now: datetime,
        policy: Policy,
        out: Outbox,
        *,
        actor: str,
        sentiment: str | None = None,
        rating: int | None = None,
        text: str | None = None,
    ) -> list[CaseEvent]:
        """The customer's word after a reply or the follow-up: record it; unhappy reopens."""
        events: list[CaseEvent] = []
        if sentiment is not None:
            first = case.first_sentiment or sentiment
            case.last_sentiment = sentiment
            out.on_commit(lambda: metrics.sentiment_change.labels(first, sentiment).inc())
        if rating is not None:
            case.satisfaction = rating
            out.on_commit(lambda: metrics.satisfaction_ratings.labels(str(rating)).inc())
            events.append(history(case.id, now, actor, "customer.rated", rating=rating))
        if wants_no_contact(text) and not case.no_contact:
            case.no_contact = True
            events.append(history(case.id, now, actor, "customer.no_contact"))
        unhappy = (rating is not None and rating <= UNHAPPY_RATING) or (
            rating is None and sentiment == "negative"
        )
        if case.status == "resolved":
            if unhappy:
                reopen(case, now, policy=policy, calendar=self.calendar(policy, case.language))
                reason = f"rating {rating}" if rating is not None else "negative answer"
                out.on_commit(
                    lambda: metrics.cases_reopened.labels(
                        "rating" if rating is not None else "answer"
                    ).inc()
                )
                events.append(
                    history(
                        case.id,
                        now,
                        actor,
                        "case.reopened",
                        reason=reason,
                        next_response_due=case.next_response_due.isoformat()
                        if case.next_response_due
                        else None,
                    )
                )
                out.publish(
                    Stream.NOTIFICATIONS_OUTBOUND,
                    Notification(
                        correlation_id=f"reopened:{case.id}:{case.reopened}",
                        kind="reopened",
                        case_id=case.id,
                        priority=case.priority,
                        assignee=case.assignee,
                        summary=f"case reopened: {reason}",
                        due=case.next_response_due,
                        at=now,
                    ),
                    once=f"reopened:{case.id}:{case.reopened}",
                )
            else:
                events.append(history(case.id, now, actor, "followup.answered", satisfied=True))
        return events

    def customer_wrote(self, case: Case, now: datetime, policy: Policy, actor: str) -> CaseEvent:
        """Resume a paused case and start the next-response clock."""
        calendar = self.calendar(policy, case.language)
        waited = resume(case, now, policy=policy, calendar=calendar)
        due = start_next_response(case, now, policy=policy, calendar=calendar)
        return history(
            case.id,
            now,
            actor,
            "customer.replied",
            paused_seconds=round(waited),
            next_response_due=due.isoformat(),
            resolution_due=case.resolution_due.isoformat() if case.resolution_due else None,
        )


class RoutedCases(Clocks):
    """Start the SLA clock of each new case; a later comment of the customer continues it."""

    async def __call__(
        self, items: Sequence[Item[CaseRouted]], session: AsyncSession, out: Outbox
    ) -> None:
        policy = self.policy.current()
        routed_cases = [
            i.value
            for i in items
            if i.value.case_id is not None and i.value.comment.kind == "created"
        ]
        if not routed_cases:
            return
        # One read of the cases' comments and one claim of the work keys for the whole batch.
        # A case's comment never changes, so which events continue an earlier case is known
        # without a lock; only those cases change here and are read whole and locked. A new
        # case only gets its ``sla.started`` row: locking it too wrote a row lock (a WAL
        # record) per case and made respond's reply insert wait for its key-share lock.
        owners: dict[Any, int] = dict(
            (
                await session.execute(
                    select(Case.id, Case.comment_id).where(
                        any_of(Case.id, {r.case_id for r in routed_cases})
                    )
                )
            ).all()
        )
        continued = {
            r.case_id
            for r in routed_cases
            if r.case_id in owners and owners[r.case_id] != r.comment.comment_id
        }
        cases: dict[Any, Case] = {}
        if continued:
            cases = {
                c.id: c
                for c in await session.scalars(
                    select(Case).where(any_of(Case.id, continued)).with_for_update()
                )
            }

        def key(routed: CaseRouted) -> str:
            if routed.case_id in continued:
                return f"message:{routed.comment.comment_id}"
            return f"routed:{routed.case_id}"

        keys = [key(r) for r in routed_cases]
        fresh = await _first_times(session, keys)
        rows: list[dict[str, Any]] = []
        for routed, work in zip(routed_cases, keys, strict=True):
            # Each key once: a batch can hold the same routed event twice (a redelivery).
            if work not in fresh:
                continue
            fresh.discard(work)
            case = cases.get(routed.case_id)  # type: ignore[arg-type]
            if case is not None:
                # A later comment of the same customer in the thread (not a crisis pile-up).
                if case.action == "escalate_crisis":
                    continue
                was_resolved = case.status == "resolved"
                rows += map(
                    _row,
                    self.customer_answered(
                        case,
                        routed.routed_at,
                        policy,
                        out,
                        actor="customer",
                        sentiment=routed.classification.sentiment,
                        text=routed.comment.text,
                    ),
                )
                if not was_resolved:
                    rows.append(
                        _row(self.customer_wrote(case, routed.routed_at, policy, "customer"))
                    )
                continue
            rows.append(
                history_row(
                    routed.case_id,
                    routed.routed_at,
                    "followup",
                    "sla.started",
                    priority=routed.priority,
                    first_response_due=routed.first_response_due.isoformat()
                    if routed.first_response_due
                    else None,
                    resolution_due=routed.resolution_due.isoformat()
                    if routed.resolution_due
                    else None,
                )
            )
        await _write_history(session, rows)


class CaseUpdates(Clocks):
    """Publication stops the first-response clock; resolution stops the case and follows up."""

    async def __call__(
        self, items: Sequence[Item[CaseUpdate]], session: AsyncSession, out: Outbox
    ) -> None:
        policy = self.policy.current()
        wanted = [
            (item.value, (item.value.update_id or f"entry:{item.entry_id}")[:160])
            for item in items
            if item.value.type in _FOLLOWUP_UPDATES
        ]
        if not wanted:
            return
        # One claim of the batch's keys and one locked read of its cases, not two per item.
        fresh = await _first_times(session, [key for _, key in wanted])
        cases = {
            c.id: c
            for c in await session.scalars(
                select(Case)
                .where(any_of(Case.id, {u.case_id for u, _ in wanted}))
                .with_for_update()
            )
        }
        todo = []
        for u, key in wanted:
            # Each key once: a batch can hold the same update twice (a redelivery).
            if key in fresh:
                fresh.discard(key)
                if u.case_id in cases:
                    todo.append(u)
        if not todo:
            return
        batch = await _UpdateBatch.load(session, todo, cases)
        for u in todo:
            case = cases[u.case_id]
            now = u.at or self.clock.now()
            if u.type == "published":
                self._published(case, u, now, policy, batch, out)
            elif u.type == "resolved":
                self._resolved(case, u, now, policy, batch, out)
            elif u.type == "customer_replied":
                if case.paused_at is not None or case.status == "waiting_customer":
                    case.reached_privately = True  # they answered us in the private channel
                was_resolved = case.status == "resolved"
                batch.rows += map(
                    _row,
                    self.customer_answered(
                        case, now, policy, out, actor=u.actor, rating=u.rating, text=u.text
                    ),
                )
                if not was_resolved:
                    batch.rows.append(_row(self.customer_wrote(case, now, policy, u.actor)))
            elif u.type == "no_contact":
                case.no_contact = True
                batch.rows.append(
                    history_row(case.id, now, u.actor, "customer.no_contact", reason=u.reason)
                )
            elif u.type == "reclassified":
                batch.rows.append(
                    history_row(
                        case.id, now, u.actor, "case.reclassified", intent=u.intent, reason=u.reason
                    )
                )
        await batch.write(session)

    def _published(
        self,
        case: Case,
        u: CaseUpdate,
        now: datetime,
        policy: Policy,
        batch: _UpdateBatch,
        out: Outbox,
    ) -> None:
        stopped = record_response(case, now)
        if stopped == "first_response":
            seconds = self._elapsed(case, now, policy)
            out.on_commit(
                lambda: metrics.first_response_seconds.labels(case.priority).observe(seconds)
            )
        reply = batch.channels.get(u.reply_id) if u.reply_id else None
        offered_private = reply == ("public_reply", "public")
        if offered_private and case.action in WAITS_ON_CUSTOMER and pause(case, now):
            batch.rows.append(
                history_row(
                    case.id, now, "followup", "sla.paused", reason="private channel offered"
                )
            )

    def _elapsed(self, case: Case, now: datetime, policy: Policy) -> float:
        clock = policy.sla.targets[case.priority].clock  # type: ignore[index]
        if clock == "calendar":
            return max((now - case.opened_at).total_seconds(), 0.0)
        return self.calendar(policy, case.language).seconds_between(case.opened_at, now) - (
            case.paused_seconds or 0.0
        )

    def _resolved(
        self,
        case: Case,
        u: CaseUpdate,
        now: datetime,
        policy: Policy,
        batch: _UpdateBatch,
        out: Outbox,
    ) -> None:
        if case.resolved_at is not None:
            return
        case.status = "resolved"
        case.resolved_at = now
        case.paused_at = None
        case.updated_at = now
        batch.rows.append(history_row(case.id, now, u.actor, "case.resolved", reason=u.reason))
        seconds = self._elapsed(case, now, policy)
        out.on_commit(lambda: metrics.resolution_seconds.labels(case.priority).observe(seconds))
        comment = batch.comments[case.comment_id]
        waited = max((now - comment.created_at).total_seconds(), 0.0)
        out.on_commit(lambda: metrics.time_to_resolution_seconds.observe(waited))
        reason = self._no_followup_reason(case, policy, batch)
        followed_up = reason is None
        if reason:
            batch.rows.append(
                history_row(case.id, now, "followup", "followup.suppressed", reason=reason)
            )
        else:
            self._draft(case, comment, "followup_public", now, policy, batch, out)
        if case.reached_privately and not case.no_contact and case.status != "removed_by_author":
            # Where we spoke privately, ask privately how satisfied they are (1 to 5).
            self._draft(case, comment, "followup_private", now, policy, batch, out)
            out.on_commit(metrics.satisfaction_questions.inc)
        private = str(case.reached_privately).lower()
        out.on_commit(
            lambda: metrics.cases_resolved.labels(private, str(followed_up).lower()).inc()
        )

    def _draft(
        self,
        case: Case,
        comment: StoredComment,
        kind: ReplyKind,
        now: datetime,
        policy: Policy,
        batch: _UpdateBatch,
        out: Outbox,
    ) -> None:
        if (case.id, kind) in batch.drafted:
            return  # a redelivery: this case has this follow-up already
        batch.drafted.add((case.id, kind))
        assignee = policy.assignee(case.assignee)
        draft = compose_followup(
            comment=comment,
            language=case.language,
            assignee=assignee,
            policy=policy,
            variant_seed=f"{case.id}:{kind}",
            private=kind == "followup_private",
        )
        text = draft.text
        if kind == "followup_private":
            register = getattr(policy.replies.address, draft.language, "informal")
            text = with_rating_question(text, draft.language, register)
        failed = check(
            text,
            language=draft.language,
            action="answer",
            platform=case.platform,
            policy=policy,
            assignee=assignee,
            expected_name=first_name(comment.author_display_name, comment.author_handle),
            comment_text=comment.text,
            kind=kind,
        )
        draft_row(
            out,
            case_id=case.id,
            kind=kind,
            text=text,
            language=draft.language,
            assignee=assignee,
            thread_id=case.thread_id,
            checks_failed=failed,
            now=now,
            actor="followup",
            writes=batch.writes,
        )

    @staticmethod
    def _no_followup_reason(case: Case, policy: Policy, batch: _UpdateBatch) -> str | None:
        """Playbook 7 follow-up, except where going back would do harm."""
        if (case.platform, case.external_id) in batch.deleted or case.status == "removed_by_author":
            return "comment deleted by its author"
        if case.no_contact:
            return "the customer asked for no more contact"
        if case.thread_id in policy.do_not_engage.threads:
            return "thread is on the do-not-engage list"
        if case.intent in _NO_FOLLOWUP_INTENTS:
            return f"author was classified as {case.intent}"
        if case.id not in batch.answered:
            return "the brand never answered in the thread"
        return None


class _UpdateBatch:
    """What a batch of case updates reads besides its cases, in one statement per table,
    and the rows it writes: the history and the follow-up drafts, one insert per table.

    Read at the start of the batch: followup never changes a public reply's status nor a
    comment, so later updates in the batch would read the same.
    """

    def __init__(self) -> None:
        #: A published reply's (kind, channel), by id.
        self.channels: dict[Any, tuple[str, str]] = {}
        #: Resolved cases' comments, by id.
        self.comments: dict[int, StoredComment] = {}
        #: (platform, external_id) of resolved cases whose comment was deleted.
        self.deleted: set[tuple[str, str]] = set()
        #: Resolved cases with an approved or published public reply.
        self.answered: set[Any] = set()
        #: (case id, kind) of the follow-ups there are, the batch's own included.
        self.drafted: set[tuple[Any, str]] = set()
        self.rows: list[dict[str, Any]] = []
        self.writes = DraftWrites()

    @classmethod
    async def load(
        cls, session: AsyncSession, updates: Sequence[CaseUpdate], cases: dict[Any, Case]
    ) -> _UpdateBatch:
        batch = cls()
        published = {u.reply_id for u in updates if u.type == "published" and u.reply_id}
        if published:
            rows = await session.execute(
                select(Reply.id, Reply.kind, Reply.channel).where(any_of(Reply.id, published))
            )
            batch.channels = {rid: (kind, channel) for rid, kind, channel in rows.all()}
        resolved = [cases[u.case_id] for u in updates if u.type == "resolved"]
        if not resolved:
            return batch
        comments = await session.execute(
            select(*_COMMENT_COLUMNS).where(any_of(Comment.id, {c.comment_id for c in resolved}))
        )
        for row in comments.all():
            values = row._asdict()
            values["comment_id"] = values.pop("id")
            batch.comments[values["comment_id"]] = StoredComment.model_validate(values)
        deleted = await session.execute(
            select(Comment.platform, Comment.external_id).where(
                keys_in(
                    [Comment.platform, Comment.external_id],
                    sorted({(c.platform, c.external_id) for c in resolved}),
                ),
                Comment.kind == "deleted",
            )
        )
        batch.deleted = {(platform, external_id) for platform, external_id in deleted.all()}
        replies = await session.execute(
            select(Reply.case_id, Reply.kind, Reply.status).where(
                any_of(Reply.case_id, {c.id for c in resolved})
            )
        )
        for case_id, kind, status in replies.all():
            if kind == "public_reply" and status in ("approved", "published"):
                batch.answered.add(case_id)
            batch.drafted.add((case_id, kind))
        return batch

    async def write(self, session: AsyncSession) -> None:
        await self.writes.flush(session)
        await _write_history(session, self.rows)


#: A comment's columns as ``StoredComment`` has them, and its time for the resolution metric.
_COMMENT_COLUMNS = [
    Comment.id,
    Comment.created_at,
    *(
        getattr(Comment, k)
        for k in StoredComment.model_fields
        if k not in ("comment_id", "created_at")
    ),
]

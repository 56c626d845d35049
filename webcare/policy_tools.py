"""``webcare policy check`` and ``webcare policy replay``: test a policy before it goes live."""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import select

from services.route.crisis import reach_growth
from services.route.policy import decide
from shared.business_hours import BusinessCalendar
from shared.db import (
    AuthorRecord,
    ClassificationRecord,
    Comment,
    DecisionRecord,
    make_engine,
    make_sessionmaker,
)
from shared.events import Classification, StoredComment
from shared.policy import Policy
from shared.settings import Settings

_DURATION = re.compile(r"^\s*(\d+)\s*([mhdw])\s*$")
_UNITS = {"m": "minutes", "h": "hours", "d": "days", "w": "weeks"}


def parse_since(value: str) -> timedelta:
    """``30m``, ``24h``, ``7d``, ``2w``."""
    match = _DURATION.match(value)
    if not match:
        raise ValueError(f"{value!r} is not a duration like 30m, 24h, 7d or 2w")
    return timedelta(**{_UNITS[match.group(2)]: int(match.group(1))})


@dataclass
class Change:
    platform: str
    external_id: str
    language: str
    intent: str
    before: str
    after: str
    rule_before: str
    rule_after: str
    text: str


@dataclass
class ReplayReport:
    since: datetime
    total: int = 0
    changed: list[Change] = field(default_factory=list)
    transitions: Counter[tuple[str, str]] = field(default_factory=Counter)
    priority_changes: int = 0

    def as_dict(self, examples: int, show_text: bool) -> dict[str, Any]:
        return {
            "since": self.since.isoformat(),
            "replayed": self.total,
            "unchanged": self.total - len(self.changed),
            "changed": len(self.changed),
            "priority_changes": self.priority_changes,
            "transitions": [
                {"from": a, "to": b, "count": n} for (a, b), n in self.transitions.most_common()
            ],
            "examples": [
                {k: v for k, v in vars(c).items() if show_text or k != "text"}
                for c in self.changed[:examples]
            ],
        }


def _stored(comment: Comment) -> StoredComment:
    fields = {k: getattr(comment, k) for k in StoredComment.model_fields if k != "comment_id"}
    return StoredComment(comment_id=comment.id, **fields)


def _classification(c: ClassificationRecord) -> Classification:
    fields = {k: getattr(c, k) for k in Classification.model_fields if k != "reasons"}
    return Classification(**fields, reasons=tuple(c.reasons))


async def replay(
    settings: Settings, candidate: Policy, *, now: datetime, since: timedelta
) -> ReplayReport:
    """Run ``candidate`` over the classified comments decided since ``now - since``.

    The author's history is today's (troll and abuse counts as they stand now), which can
    differ from what it was at the time of the original decision.
    """
    start = now - since
    report = ReplayReport(since=start)
    calendars: dict[str, BusinessCalendar] = {}
    engine = make_engine(settings.database_url)
    try:
        async with make_sessionmaker(engine)() as session:
            rows = (
                await session.execute(
                    select(Comment, ClassificationRecord, DecisionRecord, AuthorRecord)
                    .join(ClassificationRecord, ClassificationRecord.comment_id == Comment.id)
                    .join(DecisionRecord, DecisionRecord.comment_id == Comment.id)
                    .outerjoin(
                        AuthorRecord,
                        (AuthorRecord.platform == Comment.platform)
                        & (AuthorRecord.author_id == Comment.author_id),
                    )
                    .where(DecisionRecord.decided_at >= start)
                    .order_by(DecisionRecord.decided_at)
                )
            ).all()
    finally:
        await engine.dispose()
    for comment, cls, decision, author in rows:
        stored, classification = _stored(comment), _classification(cls)
        calendar_def = candidate.calendar_for(classification.language)
        key = calendar_def.model_dump_json()
        calendar = calendars.setdefault(key, BusinessCalendar(calendar_def))
        total = (comment.likes or 0) + (comment.replies or 0) + (comment.shares or 0)
        minutes = (decision.decided_at - comment.created_at).total_seconds() / 60
        again = decide(
            comment=stored,
            classification=classification,
            policy=candidate,
            now=decision.decided_at,
            author_troll_count=author.troll_count if author else 0,
            author_abuse_count=author.abuse_count if author else 0,
            in_business_hours=calendar.is_open(decision.decided_at),
            reach_growth=reach_growth(total, minutes),
        )
        report.total += 1
        if again.priority != decision.priority:
            report.priority_changes += 1
        if again.action != decision.action:
            report.transitions[(decision.action, again.action)] += 1
            report.changed.append(
                Change(
                    platform=comment.platform,
                    external_id=comment.external_id,
                    language=classification.language,
                    intent=classification.intent,
                    before=decision.action,
                    after=again.action,
                    rule_before=decision.rule,
                    rule_after=again.rule,
                    text=comment.text[:80],
                )
            )
    return report

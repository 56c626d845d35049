"""Insights beside the SLA watch: organised discontent as it happens, the weekly report.

Every round looks at the last burst window for topics where many different people, or a
petition, turned up, and raises one crisis notification per topic and window; in the
first round of each ISO week it sends the weekly report. Each notice is claimed in
``insight_notices`` before it is published, in the same transaction, so replicas never
send it twice; the publication happens before the commit, so a crash in between repeats
a notice rather than losing it.
"""

from __future__ import annotations

import asyncio
from datetime import datetime, timedelta

from shared import metrics
from shared.events import Notification
from shared.insights.discontent import Discontent, Sighting, find_discontent
from shared.insights.queries import claim_notice, load_report, mention_chunks, notice_since
from shared.insights.report import InsightRules, summary
from shared.insights.topics import Mention, TopicAssigner, Topics
from shared.insights.trends import PERIODS, Windows
from shared.runtime import is_transient
from shared.service import Runtime
from shared.streams import Stream

#: Comments written up to this long after ``now`` still count (clocks of platforms drift).
_CLOCK_SKEW = timedelta(minutes=1)


def _sightings(assigner: TopicAssigner, chunk: list[Mention]) -> list[Sighting]:
    assigner.add(chunk)
    return [Sighting.of(mention) for mention in chunk]


async def _burst(
    rt: Runtime, now: datetime, rules: InsightRules
) -> tuple[list[Discontent], Topics]:
    """Organised discontent in the window before ``now``, and the topics. The window is
    read a chunk at a time and only a ``Sighting`` (no text) is kept of each mention, plus
    at most ``MAX_TEXTS`` texts to cluster, instead of every mention's text. The read has
    a transaction of its own: clustering takes seconds of CPU, longer than a transaction
    may stay idle (``IDLE_IN_TRANSACTION_MS``)."""
    assigner = TopicAssigner()
    sightings: list[Sighting] = []
    async with rt.sessions() as session, session.begin():
        async for chunk in mention_chunks(session, now - rules.burst_window, now + _CLOCK_SKEW):
            sightings += await asyncio.to_thread(_sightings, assigner, chunk)
    topics = await asyncio.to_thread(assigner.topics)
    return find_discontent(
        sightings, topics, window=rules.burst_window, min_authors=rules.burst_min_authors
    ), topics


async def insights_round(rt: Runtime, now: datetime) -> list[Notification]:
    """One round: returns the notifications it published (empty when nothing was due)."""
    rules = InsightRules.from_settings(rt.settings)
    window = rules.burst_window
    found_all, topics = await _burst(rt, now, rules)
    notes: list[Notification] = []
    async with rt.sessions() as session, session.begin():
        bucket = int(now.timestamp() // window.total_seconds())
        for found in found_all:
            # Once per topic and window: not again while the last one is this recent.
            if await notice_since(session, kind="crisis", topic=found.topic, since=now - window):
                continue
            key = f"crisis:{found.topic}:{bucket}"
            detail = {"authors": found.authors, "markers": list(found.markers)}
            if not await claim_notice(
                session, key, kind="crisis", topic=found.topic, now=now, detail=detail
            ):
                continue
            notes.append(
                Notification(
                    correlation_id=f"insights:{key}",
                    kind="crisis",
                    case_id=None,
                    priority="critical",
                    assignee=None,
                    summary=found.summary(topics.label(found.topic), window),
                    at=now,
                )
            )
            rt.log.warning(
                "insights.discontent",
                extra={"topic": found.topic, "authors": found.authors, "reasons": found.reasons},
            )
        year, week, _ = now.isocalendar()
        key = f"report:{year}-W{week:02d}"
        if await claim_notice(session, key, kind="insights_report", now=now):
            windows = Windows(
                until=now, period=PERIODS["week"], count=rt.settings.insights_report_weeks
            )
            report = await load_report(
                session, now=now, windows=windows, period="week", rules=rules
            )
            notes.append(
                Notification(
                    correlation_id=f"insights:{key}",
                    kind="insights_report",
                    case_id=None,
                    priority="low",
                    assignee=None,
                    summary=summary(report),
                    at=now,
                )
            )
            rt.log.info("insights.report_sent", extra={"week": key, "topics": len(report.topics)})
        await rt.publisher.send([(Stream.NOTIFICATIONS_OUTBOUND, n) for n in notes])
    for note in notes:
        metrics.notifications_sent.labels(note.kind).inc()
    return notes


async def watch_insights(rt: Runtime) -> None:
    """Runs beside the consumers for as long as the followup service runs."""
    while True:
        try:
            await insights_round(rt, rt.clock.now())
        except Exception as exc:
            if not is_transient(exc):
                rt.log.exception("insights.watch_failed")
        await asyncio.sleep(rt.settings.insights_check_interval_s)

"""FAQ candidates, and whether publishing an FAQ entry made the questions go away.

A topic that keeps coming back as a question (intent ``question``) in several periods is
a candidate: the answer belongs on the website, not in a hundred replies. Once the team
marks it published, the report compares equal stretches of time before and after the
publication, period by period.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Literal

from shared.insights.topics import OTHER, Mention, Topics
from shared.insights.trends import TrendRules

Verdict = Literal["fell", "rose", "unchanged", "too_early"]


@dataclass(frozen=True)
class FaqRules:
    """A candidate has at least ``min_questions`` questions in the look-back, spread over
    at least ``min_periods`` periods (a one-day burst is not a recurring question)."""

    min_questions: int = 5
    min_periods: int = 2


@dataclass(frozen=True)
class Publication:
    """The team published an FAQ entry for a topic."""

    topic: str
    published_at: datetime
    published_by: str


@dataclass(frozen=True)
class Comparison:
    """Counts per period in the ``periods`` periods before and after publication (the
    stretch after is as long as the whole periods that have passed since, at most the
    look-back)."""

    periods: int
    questions_before: list[int]
    questions_after: list[int]
    mentions_before: list[int]
    mentions_after: list[int]
    verdict: Verdict


@dataclass(frozen=True)
class FaqStatus:
    topic: str
    status: Literal["candidate", "published"]
    #: Questions on the topic in the look-back, and in how many periods there were any.
    questions: int
    periods_with_questions: int
    published_at: datetime | None = None
    published_by: str | None = None
    comparison: Comparison | None = None


def verdict(before: int, after: int, rules: TrendRules) -> Verdict:
    """Did the volume fall after publication? The same thresholds as a trend."""
    if after * rules.ratio <= before and before - after >= rules.min_change:
        return "fell"
    if after >= before * rules.ratio and after - before >= rules.min_change:
        return "rose"
    return "unchanged"


def compare(
    mentions: Sequence[Mention],
    topics: Topics,
    publication: Publication,
    *,
    now: datetime,
    period: timedelta,
    max_periods: int,
    rules: TrendRules,
) -> Comparison:
    """Questions and all mentions on the topic per period, before and after publication."""
    whole = int((now - publication.published_at) // period) if now > publication.published_at else 0
    k = min(whole, max_periods)
    if k == 0:
        return Comparison(0, [], [], [], [], "too_early")
    pub = publication.published_at
    q_before, q_after, m_before, m_after = [0] * k, [0] * k, [0] * k, [0] * k
    for mention in mentions:
        if topics.of(mention) != publication.topic:
            continue
        offset = mention.at - pub
        index = int(offset // period)
        if -k <= index < 0:
            m_before[index + k] += 1
            q_before[index + k] += mention.intent == "question"
        elif 0 <= index < k:
            m_after[index] += 1
            q_after[index] += mention.intent == "question"
    return Comparison(
        k, q_before, q_after, m_before, m_after, verdict(sum(q_before), sum(q_after), rules)
    )


def faq_statuses(
    question_counts: dict[str, list[int]],
    publications: Sequence[Publication],
    comparisons: dict[str, Comparison],
    rules: FaqRules,
) -> list[FaqStatus]:
    """Published topics first (newest publication first), then candidates by questions.

    ``question_counts`` holds each topic's questions per period of the look-back.
    """
    published = {p.topic: p for p in publications}
    out: list[FaqStatus] = []
    for pub in sorted(publications, key=lambda p: p.published_at, reverse=True):
        counts = question_counts.get(pub.topic, [])
        out.append(
            FaqStatus(
                topic=pub.topic,
                status="published",
                questions=sum(counts),
                periods_with_questions=sum(1 for c in counts if c),
                published_at=pub.published_at,
                published_by=pub.published_by,
                comparison=comparisons.get(pub.topic),
            )
        )
    candidates = [
        FaqStatus(
            topic=topic,
            status="candidate",
            questions=sum(counts),
            periods_with_questions=sum(1 for c in counts if c),
        )
        for topic, counts in question_counts.items()
        if topic not in published
        and topic != OTHER
        and sum(counts) >= rules.min_questions
        and sum(1 for c in counts if c) >= rules.min_periods
    ]
    candidates.sort(key=lambda s: (-s.questions, s.topic))
    return out + candidates

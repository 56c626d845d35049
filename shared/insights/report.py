"""The insights report: recurring complaints per topic over sliding windows.

``build_report`` is pure: it takes the loaded mentions, the FAQ publications and the
windows (which end at the report's ``until``) and returns everything the CLI, the API and
the weekly notification show.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from dataclasses import asdict, dataclass, field
from datetime import datetime, timedelta
from typing import TYPE_CHECKING, Any

from shared.insights.discontent import Discontent, find_discontent
from shared.insights.faq import FaqRules, FaqStatus, Publication, compare, faq_statuses
from shared.insights.masking import example
from shared.insights.taxonomy import TOPIC_LABELS, label
from shared.insights.topics import OTHER, Mention, Topics, assign_topics
from shared.insights.trends import Trend, TrendRules, Windows, classify_trend

if TYPE_CHECKING:
    from shared.settings import Settings


@dataclass(frozen=True)
class InsightRules:
    """The thresholds of a report (see ``TrendRules``, ``FaqRules``); organised
    discontent is ``burst_min_authors`` different authors within ``burst_window``."""

    trend: TrendRules = TrendRules()
    faq: FaqRules = FaqRules()
    burst_window: timedelta = timedelta(minutes=60)
    burst_min_authors: int = 15
    max_examples: int = 3

    @classmethod
    def from_settings(cls, settings: Settings) -> InsightRules:
        """The thresholds an operator set (``WEBCARE_INSIGHTS_*``), defaults elsewhere."""
        return cls(
            faq=FaqRules(min_questions=settings.insights_faq_min_questions),
            burst_window=timedelta(minutes=settings.insights_burst_window_minutes),
            burst_min_authors=settings.insights_burst_min_authors,
        )


DEFAULT_RULES = InsightRules()


@dataclass(frozen=True)
class TopicReport:
    topic: str
    label: str
    #: ``taxonomy`` (keywords), ``cluster`` (similar texts) or ``none`` (the rest).
    source: str
    #: Mentions per period, oldest first; the last is the current period.
    counts: list[int]
    trend: Trend
    #: First and last mention within the look-back.
    first_seen: datetime
    last_seen: datetime
    platforms: dict[str, int]
    languages: dict[str, int]
    intents: dict[str, int]
    negative: int
    questions: int
    #: Up to three recent comments, masked and cut to about 140 characters.
    examples: list[str] = field(default_factory=list)

    @property
    def total(self) -> int:
        return sum(self.counts)

    @property
    def current(self) -> int:
        return self.counts[-1] if self.counts else 0


@dataclass(frozen=True)
class Report:
    generated_at: datetime
    period: str
    windows: Windows
    totals: list[int]
    topics: list[TopicReport]
    faq: list[FaqStatus]
    discontent: list[Discontent]
    rules: InsightRules

    def top(self, n: int) -> list[TopicReport]:
        """The ``n`` topics with most mentions in the current period (``other`` left out)."""
        return [t for t in self.topics if t.topic != OTHER and t.current][:n]

    def label_of(self, topic: str) -> str:
        """How the report names a topic (a cluster by its words)."""
        return next((t.label for t in self.topics if t.topic == topic), label(topic))

    def as_dict(self) -> dict[str, Any]:
        """JSON-ready: datetimes as ISO strings, periods with their bounds."""
        periods = [{"start": s.isoformat(), "end": e.isoformat()} for s, e in self.windows.bounds()]

        def iso(value: Any) -> Any:
            if isinstance(value, datetime):
                return value.isoformat()
            if isinstance(value, dict):
                return {k: iso(v) for k, v in value.items()}
            if isinstance(value, list | tuple):
                return [iso(v) for v in value]
            return value

        return iso(
            {
                "generated_at": self.generated_at,
                "period": self.period,
                "since": self.windows.since,
                "until": self.windows.until,
                "periods": periods,
                "totals": self.totals,
                "topics": [
                    asdict(t) | {"total": t.total, "current": t.current} for t in self.topics
                ],
                "faq": [asdict(f) | {"label": self.label_of(f.topic)} for f in self.faq],
                "discontent": [
                    asdict(d) | {"label": self.label_of(d.topic)} for d in self.discontent
                ],
                "rules": {
                    "trend_ratio": self.rules.trend.ratio,
                    "trend_min_change": self.rules.trend.min_change,
                    "faq_min_questions": self.rules.faq.min_questions,
                    "faq_min_periods": self.rules.faq.min_periods,
                    "burst_window_minutes": int(self.rules.burst_window.total_seconds() // 60),
                    "burst_min_authors": self.rules.burst_min_authors,
                },
            }
        )


def _topic_report(
    topic: str, items: list[Mention], windows: Windows, topics: Topics, rules: InsightRules
) -> TopicReport:
    counts = [0] * windows.count
    for mention in items:
        index = windows.index(mention.at)
        if index is not None:
            counts[index] += 1
    examples: list[str] = []
    for mention in sorted(items, key=lambda m: (m.at, m.comment_id), reverse=True):
        shown = example(mention.text)
        if shown and shown not in examples:
            examples.append(shown)
        if len(examples) >= rules.max_examples:
            break
    if topic in TOPIC_LABELS:
        source, name = "taxonomy", TOPIC_LABELS[topic]
    elif topic in topics.cluster_terms:
        source, name = "cluster", ", ".join(topics.cluster_terms[topic])
    else:
        source, name = "none", "no topic found"
    return TopicReport(
        topic=topic,
        label=name,
        source=source,
        counts=counts,
        trend=classify_trend(counts, rules.trend),
        first_seen=min(m.at for m in items),
        last_seen=max(m.at for m in items),
        platforms=dict(Counter(m.platform for m in items).most_common()),
        languages=dict(Counter(m.language for m in items).most_common()),
        intents=dict(Counter(m.intent for m in items).most_common()),
        negative=sum(m.sentiment == "negative" for m in items),
        questions=sum(m.intent == "question" for m in items),
        examples=examples,
    )


def build_report(
    mentions: Sequence[Mention],
    *,
    now: datetime,
    windows: Windows,
    period: str,
    publications: Sequence[Publication] = (),
    rules: InsightRules = DEFAULT_RULES,
) -> Report:
    """The report for ``windows``. ``mentions`` may reach further back than the look-back
    (the stretch before an FAQ publication); only those inside it are counted as topics."""
    topics = assign_topics(mentions)
    inside = [m for m in mentions if windows.index(m.at) is not None]
    by_topic: dict[str, list[Mention]] = {}
    for mention in inside:
        by_topic.setdefault(topics.of(mention), []).append(mention)
    reports = [_topic_report(t, items, windows, topics, rules) for t, items in by_topic.items()]
    reports.sort(key=lambda r: (r.topic == OTHER, -r.current, -r.total, r.topic))

    totals = [0] * windows.count
    questions: dict[str, list[int]] = {}
    for mention in inside:
        index = windows.index(mention.at)
        assert index is not None
        totals[index] += 1
        if mention.intent == "question":
            questions.setdefault(topics.of(mention), [0] * windows.count)[index] += 1
    comparisons = {
        p.topic: compare(
            mentions,
            topics,
            p,
            now=windows.until,
            period=windows.period,
            max_periods=windows.count,
            rules=rules.trend,
        )
        for p in publications
    }
    current_start = windows.until - windows.period
    discontent = find_discontent(
        [m for m in inside if m.at >= current_start],
        topics,
        window=rules.burst_window,
        min_authors=rules.burst_min_authors,
    )
    return Report(
        generated_at=now,
        period=period,
        windows=windows,
        totals=totals,
        topics=reports,
        faq=faq_statuses(questions, publications, comparisons, rules.faq),
        discontent=discontent,
        rules=rules,
    )


def summary(report: Report, *, top: int = 5) -> str:
    """The weekly notification's text: top topics with counts and trends, FAQ news and
    organised discontent; counts and topic names only, never comment texts."""
    lines = [
        f"Insights {report.windows.since:%Y-%m-%d} to {report.windows.until:%Y-%m-%d}: "
        f"{sum(report.totals)} complaints and questions, {report.totals[-1]} in the last "
        f"{report.period}."
    ]
    tops = report.top(top)
    if tops:
        lines.append(
            "Top topics: " + "; ".join(f"{t.label} {t.current} ({t.trend})" for t in tops) + "."
        )
    candidates = [f.topic for f in report.faq if f.status == "candidate"]
    if candidates:
        lines.append(
            "FAQ candidates: " + ", ".join(report.label_of(t) for t in candidates[:5]) + "."
        )
    for f in report.faq:
        if f.status == "published" and f.comparison and f.comparison.verdict != "too_early":
            c = f.comparison
            lines.append(
                f"FAQ {report.label_of(f.topic)}: questions {sum(c.questions_before)} before, "
                f"{sum(c.questions_after)} after ({c.verdict})."
            )
    if report.discontent:
        lines.append(
            "Organised discontent: "
            + ", ".join(report.label_of(d.topic) for d in report.discontent)
            + "."
        )
    return " ".join(lines)

"""The comments a report counts, and the topic each one is given."""

from __future__ import annotations

import heapq
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime
from typing import Protocol

from shared.insights.clustering import MAX_TEXTS, cluster_texts
from shared.insights.taxonomy import detect_topic, label

#: The intents that make a comment a complaint or question worth counting; praise, spam,
#: trolls and abuse say nothing about what goes wrong. Any negative comment counts too.
COUNTED_INTENTS: frozenset[str] = frozenset({"complaint", "question", "legal_threat"})
#: Negative comments of these intents do not count (they are not about what goes wrong).
UNCOUNTED_NEGATIVE_INTENTS: frozenset[str] = frozenset({"troll", "abuse", "spam"})

#: Where no keyword and no cluster fits.
OTHER = "other"


@dataclass(frozen=True)
class Mention:
    """One comment (its latest version) with what classify said about it.

    ``author`` is an opaque key (platform and author id) used only to count different
    people; it never appears in a report.
    """

    comment_id: int
    at: datetime
    platform: str
    author: str
    language: str
    intent: str
    sentiment: str
    text: str


def counted(intent: str, sentiment: str) -> bool:
    """Whether a classified comment belongs in the insights at all."""
    return intent in COUNTED_INTENTS or (
        sentiment == "negative" and intent not in UNCOUNTED_NEGATIVE_INTENTS
    )


class Identified(Protocol):
    """Anything that names its comment: a ``Mention``, or what is kept of one."""

    @property
    def comment_id(self) -> int: ...


@dataclass(frozen=True)
class Topics:
    """Each mention's topic (``OTHER`` when neither a keyword nor a cluster fits), and
    the label terms of every cluster topic."""

    by_comment: dict[int, str]
    cluster_terms: dict[str, tuple[str, ...]]

    def of(self, mention: Identified) -> str:
        return self.by_comment.get(mention.comment_id, OTHER)

    def label(self, topic: str) -> str:
        """A taxonomy topic's name, or a cluster's words."""
        terms = self.cluster_terms.get(topic)
        return ", ".join(terms) if terms else label(topic)


class TopicAssigner:
    """Topics for mentions that arrive in chunks, the same as ``assign_topics`` gives for
    all of them at once: each chunk's keywords as it comes; the most recent ``max_texts``
    texts no keyword matched are clustered at the end. Between chunks it holds a topic per
    matched comment and at most ``max_texts`` texts, never the whole window's texts."""

    def __init__(self, *, max_texts: int = MAX_TEXTS) -> None:
        self._max_texts = max_texts
        self._by_comment: dict[int, str] = {}
        # (at, comment_id, text) of the unmatched: a min-heap, so the oldest is dropped
        # first; comment ids are unique, so texts are never compared.
        self._rest: list[tuple[datetime, int, str]] = []

    def add(self, mentions: Iterable[Mention]) -> None:
        for mention in mentions:
            topic = detect_topic(mention.text, mention.language)
            if topic is not None:
                self._by_comment[mention.comment_id] = topic
                continue
            item = (mention.at, mention.comment_id, mention.text)
            if len(self._rest) < self._max_texts:
                heapq.heappush(self._rest, item)
            elif item > self._rest[0]:
                heapq.heapreplace(self._rest, item)

    def topics(self) -> Topics:
        """The topics of every mention added: call it once, after the last chunk (the
        result takes over the assigner's table instead of copying it)."""
        rest, self._rest = sorted(self._rest), []
        by_comment = self._by_comment
        terms: dict[str, tuple[str, ...]] = {}
        for cluster in cluster_texts([text for _, _, text in rest]):
            # Two clusters with the same main words are one subject: they share the topic id.
            topic = cluster.topic
            terms.setdefault(topic, cluster.terms)
            for index in cluster.members:
                by_comment[rest[index][1]] = topic
        return Topics(by_comment=by_comment, cluster_terms=terms)


def assign_topics(mentions: Iterable[Mention]) -> Topics:
    """Keywords first; the texts they leave are clustered (the most recent ``MAX_TEXTS``)."""
    assigner = TopicAssigner()
    assigner.add(mentions)
    return assigner.topics()

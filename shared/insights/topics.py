"""The comments a report counts, and the topic each one is given."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime

from shared.insights.clustering import MAX_TEXTS, cluster_texts
from shared.insights.taxonomy import detect_topic, label

#: The intents that make a comment a complaint or question worth counting; praise, spam,
#: trolls and abuse say nothing about what goes wrong. Any negative comment counts too.
COUNTED_INTENTS: frozenset[str] = frozenset({"complaint", "question", "legal_threat"})

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
        sentiment == "negative" and intent not in {"troll", "abuse", "spam"}
    )


@dataclass(frozen=True)
class Topics:
    """Each mention's topic (``OTHER`` when neither a keyword nor a cluster fits), and
    the label terms of every cluster topic."""

    by_comment: dict[int, str]
    cluster_terms: dict[str, tuple[str, ...]]

    def of(self, mention: Mention) -> str:
        return self.by_comment.get(mention.comment_id, OTHER)

    def label(self, topic: str) -> str:
        """A taxonomy topic's name, or a cluster's words."""
        terms = self.cluster_terms.get(topic)
        return ", ".join(terms) if terms else label(topic)


def assign_topics(mentions: Sequence[Mention]) -> Topics:
    """Keywords first; the texts they leave are clustered (the most recent ``MAX_TEXTS``)."""
    by_comment: dict[int, str] = {}
    rest: list[Mention] = []
    for mention in mentions:
        topic = detect_topic(mention.text, mention.language)
        if topic is None:
            rest.append(mention)
        else:
            by_comment[mention.comment_id] = topic
    rest.sort(key=lambda m: (m.at, m.comment_id))
    rest = rest[-MAX_TEXTS:]
    terms: dict[str, tuple[str, ...]] = {}
    for cluster in cluster_texts([m.text for m in rest]):
        # Two clusters with the same main words are one subject: they share the topic id.
        topic = cluster.topic
        terms.setdefault(topic, cluster.terms)
        for index in cluster.members:
            by_comment[rest[index].comment_id] = topic
    return Topics(by_comment=by_comment, cluster_terms=terms)

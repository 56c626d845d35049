"""Organised discontent: many different people on one topic at once, or a petition.

A single angry customer is a case; twenty people on the same subject within the hour, or
a link to a petition, a protest group or a call for a boycott, is something the team lead
must hear about before it reaches the press.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta

from shared.insights.topics import Mention, Topics

# Name -> pattern. The name (never the link itself, which may name an organiser) goes into
# notifications and reports.
PETITION_MARKERS: dict[str, re.Pattern[str]] = {
    name: re.compile(pattern, re.IGNORECASE)
    for name, pattern in {
        "change.org": r"change\.org",
        "petities.nl": r"petities\.nl",
        "namenlijst": r"namenlijst",
        "skrivunder": r"skrivunder",
        "openpetition": r"openpetition",
        "avaaz": r"avaaz",
        "facebook group": r"(?:facebook|fb)\.com/groups",
        # petitie (nl), petition (en, de, sv), pétition (fr); plurals too.
        "petition": r"\bp[ée]titi(?:e|on)s?\b|\bpetitionen\b",
        "namenactie": r"namenactie",
        "namninsamling": r"namninsamling",
        # boycot (nl), boycott (en, fr), bojkott (sv), Boykott (de)
        "boycott": r"\bbo(?:ycot|jkott|ykott)\w*",
    }.items()
}


def petition_markers(text: str) -> tuple[str, ...]:
    """The names of the petition, group and boycott markers in ``text``."""
    return tuple(name for name, pattern in PETITION_MARKERS.items() if pattern.search(text))


@dataclass(frozen=True, slots=True)
class Sighting:
    """What the discontent watch keeps of a mention: when, who, and the names of the
    petition markers in its text, but not the text, so a window of tens of thousands of
    mentions stays small."""

    comment_id: int
    at: datetime
    author: str
    markers: tuple[str, ...] = ()

    @classmethod
    def of(cls, mention: Mention) -> Sighting:
        return cls(mention.comment_id, mention.at, mention.author, petition_markers(mention.text))


@dataclass(frozen=True)
class Discontent:
    """One topic where people organise: the busiest window and what was found in it."""

    topic: str
    #: Different authors in the busiest window of the given length.
    authors: int
    mentions: int
    start: datetime
    end: datetime
    markers: tuple[str, ...]
    #: ``many_authors`` and/or ``petition``.
    reasons: tuple[str, ...]

    def summary(self, label: str, window: timedelta) -> str:
        """One line for a notification: counts and marker names, never texts or names."""
        minutes = int(window.total_seconds() // 60)
        text = (
            f"organised discontent on {label}: {self.authors} different authors within "
            f"{minutes} min ({self.mentions} comments)"
        )
        if self.markers:
            text += "; petition or group: " + ", ".join(self.markers)
        return text


def _busiest(
    items: Sequence[tuple[datetime, str]], window: timedelta
) -> tuple[int, int, datetime, datetime]:
    """(authors, mentions, start, end) of the window with most different authors."""
    best = (0, 0, items[0][0], items[0][0])
    left = 0
    counts: dict[str, int] = {}
    for right, (at, author) in enumerate(items):
        counts[author] = counts.get(author, 0) + 1
        while at - items[left][0] > window:
            old = items[left][1]
            counts[old] -= 1
            if not counts[old]:
                del counts[old]
            left += 1
        if len(counts) > best[0]:
            best = (len(counts), right - left + 1, items[left][0], at)
    return best


def find_discontent(
    mentions: Iterable[Mention | Sighting],
    topics: Topics,
    *,
    window: timedelta,
    min_authors: int,
) -> list[Discontent]:
    """Topics with at least ``min_authors`` different authors within ``window``, or with a
    petition, group or boycott marker; most authors first."""
    by_topic: dict[str, list[Sighting]] = {}
    for mention in mentions:
        seen = mention if isinstance(mention, Sighting) else Sighting.of(mention)
        by_topic.setdefault(topics.of(seen), []).append(seen)
    found: list[Discontent] = []
    for topic, items in by_topic.items():
        items.sort(key=lambda m: (m.at, m.comment_id))
        authors, count, start, end = _busiest([(m.at, m.author) for m in items], window)
        markers = tuple(sorted({marker for m in items for marker in m.markers}))
        reasons = ("many_authors",) * (authors >= min_authors) + ("petition",) * bool(markers)
        if reasons:
            found.append(Discontent(topic, authors, count, start, end, markers, reasons))
    return sorted(found, key=lambda d: (-d.authors, d.topic))

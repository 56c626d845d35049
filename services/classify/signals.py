"""Sum the lexicon hits of one comment into weighted evidence per category."""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Final

from services.classify.lexicons import base as cat
from services.classify.matcher import Hit
from services.classify.text import Prepared

#: Laughter on its own is friendly; it only makes a negative comment more of a provocation.
LAUGHTER: Final = frozenset({"haha", "hahaha", "lol", "lmao", "lmfao", "rofl", "mdr", "ptdr"})
#: How many words back a negator still flips polarity ("not really happy").
_NEGATION_WINDOW: Final = 3
_FLIPPABLE: Final = frozenset({cat.PRAISE, cat.POSITIVE, cat.NEGATIVE})
#: One to four words in quotes after a space: the 'upgrade', a "fast" delivery. Next to praise
#: that is how people say they mean the opposite; one regex over the cleaned text, so cheap.
_SCARE_QUOTES: Final = re.compile(
    r"(?:^|\s)['\"‘“«]\s?[^\s'\"‘’“”«»]+(?:\s[^\s'\"‘’“”«»]+){0,3}\s?['\"’”»](?=[\s.,!?;:]|$)"
)
#: An opening quote at the start or after a space: without one the pattern cannot match, and
#: this one scans for a space first instead of trying the alternation at every character.
_OPENING_QUOTE: Final = re.compile("\\s['\"‘“«]")
_OPENING_QUOTES: Final = frozenset("'\"‘“«")


@dataclass(slots=True)
class Signals:
    """Weighted evidence per category, and the reasons behind it."""

    scores: dict[str, float] = field(default_factory=dict)
    reasons: list[str] = field(default_factory=list)
    laughter: float = 0.0
    negated_positive: float = 0.0
    #: "??" or two questions: indignation more often than a plain question.
    question_marks: int = 0
    #: @mentions: a smiley next to a tagged friend is talk between friends, not praise.
    mentions: int = 0

    def __getitem__(self, category: str) -> float:
        return self.scores.get(category, 0.0)

    def add(self, category: str, weight: float, reason: str) -> None:
        self.scores[category] = self.scores.get(category, 0.0) + weight
        self.reasons.append(reason)


def _negated(hit: Hit, negators: list[Hit]) -> bool:
    return any(
        negator.end <= hit.start and hit.start - negator.end < _NEGATION_WINDOW
        for negator in negators
    )


def collect(hits: Iterable[Hit], prepared: Prepared, language: str) -> Signals:
    """Turn selected hits and surface features into :class:`Signals`.

    Negators only count in the comment's own language: Swedish "ni" (you) is French "ni".
    """
    hits = list(hits)
    negators = [
        hit for hit in hits if hit.category == cat.NEGATOR and hit.language in (language, "en")
    ]
    signals = Signals()
    for hit in hits:
        if hit.category == cat.NEGATOR:
            continue
        if hit.category == cat.TROLL and hit.phrase in LAUGHTER:
            signals.laughter += hit.weight
            continue
        if hit.category in _FLIPPABLE and _negated(hit, negators):
            if hit.category == cat.NEGATIVE:
                signals.reasons.append(f"negated:{hit.reason}")
            else:
                signals.negated_positive += hit.weight
                signals.add(cat.NEGATIVE, hit.weight, f"negated:{hit.reason}")
            continue
        signals.add(hit.category, hit.weight, hit.reason)
    signals.laughter += prepared.laugh_emojis * 0.5
    signals.question_marks = prepared.question_marks
    signals.mentions = prepared.mentions
    clean = prepared.clean
    opens_quote = clean[:1] in _OPENING_QUOTES or _OPENING_QUOTE.search(clean) is not None
    if opens_quote and _SCARE_QUOTES.search(clean):
        signals.add(cat.SARCASM, 0.5, "rule:scare-quotes")
    if prepared.question_marks:
        signals.add(cat.QUESTION, 1.0, "rule:question-mark")
    if prepared.positive_emojis:
        signals.add(cat.POSITIVE, min(prepared.positive_emojis, 3) * 0.5, "emoji:positive")
    if prepared.negative_emojis:
        signals.add(cat.NEGATIVE, min(prepared.negative_emojis, 3) * 0.5, "emoji:negative")
    if prepared.urls and signals[cat.SPAM]:
        signals.add(cat.SPAM, 1.0, "rule:spam-with-link")
    if prepared.mentions >= 4:
        signals.add(cat.SPAM, 0.5, "rule:many-mentions")
    return signals

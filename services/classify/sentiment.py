"""Sentiment and toxicity from the same signals the intent rules read."""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Final

from services.classify.lexicons import base as cat
from services.classify.signals import Signals
from services.classify.text import Prepared
from shared.events import Sentiment

#: What the decided intent says about the writer's mood.
_INTENT_LEAN: Final = {
    "complaint": -1.5,
    "legal_threat": -2.0,
    "abuse": -2.0,
    "troll": -1.5,
    "praise": 1.5,
}
_RATING_LEAN: Final = {1: -3.0, 2: -2.0, 3: 0.0, 4: 2.0, 5: 3.0}
_NEUTRAL_BAND: Final = 0.75
#: Per-signal toxicity; combined as independent chances so several weak ones add up.
_TOXICITY: Final = {
    cat.PROFANITY: 0.3,
    cat.ABUSE: 0.6,
    cat.SLUR: 0.85,
    cat.THREAT: 0.9,
    cat.TROLL: 0.15,
    cat.FRAUD: 0.1,
}


@dataclass(frozen=True, slots=True)
class SentimentDecision:
    sentiment: Sentiment
    confidence: float
    reasons: tuple[str, ...]


def decide_sentiment(
    signals: Signals, intent: str, *, sarcasm: bool, rating: int | None = None
) -> SentimentDecision:
    # Sarcastic praise is not positive: "great, down again" counts only its negative side.
    positive = 0.0 if sarcasm else signals[cat.PRAISE] + 0.5 * signals[cat.POSITIVE]
    negative = (
        signals[cat.COMPLAINT]
        + signals[cat.NEGATIVE]
        + signals[cat.ABUSE]
        + 0.5 * signals[cat.PROFANITY]
        + signals[cat.SLUR]
        + signals[cat.THREAT]
        + signals[cat.LEGAL]
        + signals[cat.FRAUD]
        + signals[cat.TROLL]
    )
    lean = _INTENT_LEAN.get(intent, 0.0)
    rating_lean = _RATING_LEAN.get(rating, 0.0) if rating is not None else 0.0
    score = positive - negative + lean + rating_lean
    reasons: list[str] = []
    if rating_lean:
        reasons.append(f"rating:{rating}")
    sentiment: Sentiment
    if score > _NEUTRAL_BAND:
        sentiment = "positive"
    elif score < -_NEUTRAL_BAND:
        sentiment = "negative"
    else:
        sentiment = "neutral"
    evidence = positive + negative + abs(lean) + abs(rating_lean)
    if sentiment == "neutral":
        # No evidence at all is a fairly safe neutral; balanced evidence is not.
        confidence = 0.7 - 0.4 * min(1.0, evidence / 4)
    else:
        confidence = 0.5 + 0.45 * math.tanh(abs(score) / 2.5)
        mixed = min(positive + max(0.0, rating_lean), negative + max(0.0, -rating_lean))
        if mixed:
            confidence *= 1 - 0.4 * mixed / (positive + negative + abs(rating_lean))
            reasons.append("sentiment:mixed")
    return SentimentDecision(sentiment, round(max(0.0, min(1.0, confidence)), 3), tuple(reasons))


def toxicity(signals: Signals, prepared: Prepared) -> float:
    """0..1: how likely the comment is to hurt or offend, not whether it is negative."""
    clean = 1.0
    scores = signals.scores
    for category, weight in _TOXICITY.items():
        count = scores.get(category)
        if count:
            clean *= (1 - weight) ** count
    if prepared.shouting:
        clean *= 0.9
    return round(1 - clean, 3)

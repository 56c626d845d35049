"""The classifier: one pure function from a comment to a :class:`Classification`.

This first version is rules and lexicons (``rules-*``). The steps are separate so a trained
model can later replace one of them (language, sentiment, intent) without touching the rest:
prepare the text, match the lexicons, detect the language, collect signals, decide.
"""

from __future__ import annotations

import functools
import math
from collections import defaultdict
from typing import Final

from services.classify.intent import decide_intent
from services.classify.language import LanguageGuess, detect_language
from services.classify.lexicons import LEXICONS
from services.classify.matcher import Hit, Matcher, select
from services.classify.sentiment import decide_sentiment, toxicity
from services.classify.signals import collect
from services.classify.text import Prepared, prepare
from shared.events import Classification

MODEL_VERSION: Final = "rules-2026.11.1"
#: Weighted interactions (likes + 2 x replies + 3 x shares) that count as full reach.
_FULL_ENGAGEMENT: Final = 1_000
#: Followers that count as full reach.
_FULL_FOLLOWERS: Final = 1_000_000
#: Reasons past this many are dropped; the first ones are the language and the rules.
_MAX_REASONS: Final = 12
#: A reply this uncertain about its own language borrows the language of what it answers.
_PARENT_FALLBACK_BELOW: Final = 0.5


@functools.cache
def _matcher() -> Matcher:
    return Matcher(LEXICONS.values())


def reach_score(
    *, likes: int | None, replies: int | None, shares: int | None, followers: int | None
) -> float:
    """0..1, log-scaled: ~1,000 weighted interactions or ~1M followers is 1.

    Replies and shares weigh more than likes because they spread a comment further. The two
    sources combine like independent chances, so either alone can make reach high.
    """
    engagement = max(0, likes or 0) + 2 * max(0, replies or 0) + 3 * max(0, shares or 0)
    from_engagement = min(1.0, math.log1p(engagement) / math.log1p(_FULL_ENGAGEMENT))
    from_followers = min(1.0, math.log1p(max(0, followers or 0)) / math.log1p(_FULL_FOLLOWERS))
    return round(1 - (1 - from_engagement) * (1 - from_followers), 3)


def _lexicon_votes(hits: list[Hit]) -> dict[str, float]:
    """Per language, the words its phrases cover; a word in k lexicons gives each 1/k."""
    languages_at: dict[int, set[str]] = defaultdict(set)
    for hit in hits:
        for position in range(hit.start, hit.end):
            languages_at[position].add(hit.language)
    votes: dict[str, float] = defaultdict(float)
    for languages in languages_at.values():
        for language in languages:
            votes[language] += 1 / len(languages)
    return dict(votes)


def _language(
    prepared: Prepared, hits: list[Hit], language_hint: str | None, parent_text: str | None
) -> LanguageGuess:
    guess = detect_language(prepared, hint=language_hint, lexicon_votes=_lexicon_votes(hits))
    unsure = guess.confidence < _PARENT_FALLBACK_BELOW or not prepared.has_words
    if parent_text and unsure:
        parent = prepare(parent_text)
        parent_guess = detect_language(
            parent, lexicon_votes=_lexicon_votes(_matcher().match(parent.tokens))
        )
        if parent_guess.language != "und":
            return LanguageGuess(
                parent_guess.language,
                round(parent_guess.confidence * 0.8, 3),
                ("lang:parent", *parent_guess.reasons),
            )
    return guess


def classify(
    text: str,
    *,
    language_hint: str | None = None,
    likes: int | None = None,
    replies: int | None = None,
    shares: int | None = None,
    followers: int | None = None,
    rating: int | None = None,
    parent_text: str | None = None,
) -> Classification:
    """Classify one comment. Pure: same input, same output; no I/O after the first call.

    ``language_hint`` is the platform's language tag ("nl", "nl-NL", "en_US") and is trusted
    when it names one of the five languages. ``rating`` is a review's 1-5 stars.
    ``parent_text`` is the comment this one replies to, used only when this one is too short
    to tell its language.
    """
    prepared = prepare(text)
    all_hits = _matcher().match(prepared.tokens)
    language = _language(prepared, all_hits, language_hint, parent_text)
    # Lexicons of every language count (people mix English into everything), but strict
    # words only in their own language.
    hits = select(all_hits, language.language)
    signals = collect(hits, prepared, language.language)
    intent = decide_intent(signals, rating=rating)
    sarcasm = "rule:sarcasm" in intent.reasons
    sentiment = decide_sentiment(signals, intent.intent, sarcasm=sarcasm, rating=rating)
    reasons = (*language.reasons, *intent.reasons, *sentiment.reasons, *signals.reasons)
    return Classification(
        language=language.language,
        language_confidence=language.confidence,
        sentiment=sentiment.sentiment,
        sentiment_confidence=sentiment.confidence,
        intent=intent.intent,
        intent_confidence=intent.confidence,
        toxicity=toxicity(signals, prepared),
        reach_score=reach_score(likes=likes, replies=replies, shares=shares, followers=followers),
        confidence=min(language.confidence, intent.confidence, sentiment.confidence),
        model_version=MODEL_VERSION,
        reasons=tuple(dict.fromkeys(reasons))[:_MAX_REASONS],
    )

"""The classifier: one pure function from a comment to a :class:`Classification`.

Steps: prepare the text, match the lexicons, detect the language, collect the rule signals
(:func:`analyse`), then score the trained linear heads (sentiment, offensive, hate, complaint,
intent) over n-grams plus those signals, and combine heads, rules and context
(:mod:`services.classify.decide`). Without trained artifacts it falls back to the rules alone.
"""

from __future__ import annotations

import functools
import math
from collections import defaultdict
from dataclasses import dataclass
from pathlib import Path
from typing import Final

import numpy as np

from services.classify import decide, encoder
from services.classify.features import dense, ngrams
from services.classify.intent import IntentDecision, decide_intent
from services.classify.language import LanguageGuess, detect_language
from services.classify.lexicons import LEXICONS
from services.classify.linear import ARTIFACTS, LinearModels, Prediction
from services.classify.matcher import Hit, Matcher, select
from services.classify.sentiment import decide_sentiment, toxicity
from services.classify.signals import Signals, collect
from services.classify.text import Prepared, prepare
from shared.events import Classification

RULES_VERSION: Final = "rules-2026.11.1"
#: The heads in scoring order; the intent head reads the others' outputs.
BASE_HEADS: Final = ("sentiment", "offensive", "hate", "complaint")
#: Weighted interactions (likes + 2 x replies + 3 x shares) that count as full reach.
_FULL_ENGAGEMENT: Final = 1_000
#: Followers that count as full reach.
_FULL_FOLLOWERS: Final = 1_000_000
#: Reasons past this many are dropped; the first ones are the language and the rules.
_MAX_REASONS: Final = 16
#: A reply this uncertain about its own language borrows the language of what it answers.
_PARENT_FALLBACK_BELOW: Final = 0.5


@functools.cache
def _matcher() -> Matcher:
    return Matcher(LEXICONS.values())


@functools.cache
def trained(directory: Path = ARTIFACTS) -> LinearModels | None:
    """The committed heads, or None when they have not been trained (rules only)."""
    try:
        return LinearModels.load(directory)
    except FileNotFoundError:
        return None


def _version() -> str:
    models = trained()
    return models.version if models is not None else RULES_VERSION


MODEL_VERSION: Final = _version()


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


@dataclass(frozen=True, slots=True)
class Analysis:
    """Everything the rules know about one comment; the heads' features are built from it."""

    text: str
    prepared: Prepared
    language: LanguageGuess
    signals: Signals
    rule_intent: IntentDecision


def analyse(
    text: str,
    *,
    language_hint: str | None = None,
    parent_text: str | None = None,
    rating: int | None = None,
) -> Analysis:
    prepared = prepare(text)
    all_hits = _matcher().match(prepared.tokens)
    language = _language(prepared, all_hits, language_hint, parent_text)
    # Lexicons of every language count (people mix English into everything), but strict
    # words only in their own language.
    hits = select(all_hits, language.language)
    signals = collect(hits, prepared, language.language)
    return Analysis(text, prepared, language, signals, decide_intent(signals, rating=rating))


def dense_features(analysis: Analysis) -> dict[str, float]:
    """The dense rule features, as every head sees them."""
    features = dense(analysis.signals, analysis.prepared)
    features["ri:" + analysis.rule_intent.intent] = 1.0
    return features


def base_features(analysis: Analysis) -> tuple[dict[str, int], dict[str, float]]:
    """n-gram counts and dense rule features, as every head sees them."""
    return ngrams(analysis.prepared, analysis.text), dense_features(analysis)


@functools.cache
def _stacked_names(head: str, labels: tuple[str, ...]) -> tuple[str, ...]:
    return tuple(f"h:{head}:{label}" for label in labels)


def stacked(base: dict[str, Prediction]) -> dict[str, float]:
    """The base heads' probabilities as dense features for the intent head."""
    out: dict[str, float] = {}
    for name, prediction in base.items():
        probabilities = prediction.probabilities
        # The same few names for every comment: spelled once.
        names = _stacked_names(name, tuple(probabilities))
        out.update(zip(names, probabilities.values(), strict=True))
    return out


def score(
    analysis: Analysis,
    models: LinearModels,
    *,
    explain: int = 3,
    embedding: np.ndarray | None = None,
) -> dict[str, Prediction]:
    """Every head's calibrated prediction for one analysed comment (with the sentence
    ``embedding``, the quality mode's stack re-scores the heads it knows)."""
    # The n-gram counts by vocabulary position: the same vector as vectorize(*base_features).
    counts = models.positions.counts(analysis.prepared, analysis.text)
    indices, values = models.vectorize_positions(counts, dense_features(analysis))
    heads = tuple(h for h in BASE_HEADS if h in models.heads)
    return models.predict(
        indices,
        values,
        heads,
        explain=explain,
        stacked=("intent", stacked) if "intent" in models.heads else None,
        language=analysis.language.language,
        embedding=embedding,
    )


def _toxicity(rule_toxicity: float, predictions: dict[str, Prediction]) -> float:
    """The rules' and the heads' evidence combined like independent chances, damped so a
    merely negative comment does not read as toxic."""
    offensive = predictions["offensive"].probabilities.get("offensive", 0.0)
    hate = predictions["hate"].probabilities.get("hate", 0.0)
    model = max(offensive, 0.8 * hate)
    return round(1 - (1 - rule_toxicity) * (1 - model**2), 3)


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
    author_troll_count: int = 0,
    author_abuse_count: int = 0,
    models: LinearModels | None = None,
    rules_only: bool = False,
    embedding: np.ndarray | None = None,
) -> Classification:
    """Classify one comment. Pure: same input, same output; no I/O after the first call.

    ``language_hint`` is the platform's language tag ("nl", "nl-NL", "en_US") and is trusted
    when it names one of the five languages. ``rating`` is a review's 1-5 stars.
    ``parent_text`` is the comment this one replies to: its language stands in when this one
    is too short to tell, and a complaint above a vague reply keeps the thread a complaint.
    The author's earlier trolls and abuse make an ambiguous provocation lean that way.
    ``embedding`` is the text's sentence embedding when the caller embedded a whole batch
    at once (the quality mode); without it, the quality mode embeds this text alone.
    """
    analysis = analyse(text, language_hint=language_hint, parent_text=parent_text, rating=rating)
    prepared, signals, language = analysis.prepared, analysis.signals, analysis.language
    reach = reach_score(likes=likes, replies=replies, shares=shares, followers=followers)
    models = None if rules_only else (models or trained())
    rule_toxicity = toxicity(signals, prepared)
    context = decide.Context(author_troll_count, author_abuse_count, None, rating)
    if models is None or not prepared.has_words:
        # No words (emojis, a link): the rules' emoji reading is all there is to go on.
        intent = analysis.rule_intent
        sarcasm = "rule:sarcasm" in intent.reasons
        sentiment = decide_sentiment(signals, intent.intent, sarcasm=sarcasm, rating=rating)
        sentiment_label, sentiment_confidence = sentiment.sentiment, sentiment.confidence
        sentiment_reasons, tox, version = sentiment.reasons, rule_toxicity, RULES_VERSION
    else:
        # The quality mode (off by default: the encoder is ~5x slower than everything else).
        embedding = (
            (encoder.embed(text) if embedding is None else embedding)
            if models.stack is not None
            and models.stack.covers(language.language)
            and encoder.enabled()
            else None
        )
        predictions = score(analysis, models, embedding=embedding)
        thread = context
        if parent_text:
            parent_intent = analyse(parent_text).rule_intent.intent
            thread = decide.Context(author_troll_count, author_abuse_count, parent_intent, rating)
        intent = decide.decide_intent(
            analysis.rule_intent,
            predictions.get("intent"),
            thread,
            complaint=predictions.get("complaint"),
            sentiment=predictions.get("sentiment"),
        )
        sentiment_label, sentiment_confidence, sentiment_reasons = decide.decide_sentiment(
            predictions["sentiment"], intent, rating=rating
        )
        tox, version = _toxicity(rule_toxicity, predictions), models.version
    level_score, level = decide.severity(
        intent=intent.intent, toxicity=tox, reach=reach, context=context
    )
    reasons = (
        *language.reasons,
        *intent.reasons,
        *sentiment_reasons,
        *signals.reasons,
        f"severity:{level}:{level_score}",
    )
    unique = tuple(dict.fromkeys(reasons))
    if len(unique) > _MAX_REASONS:
        unique = (*unique[: _MAX_REASONS - 1], unique[-1])
    return Classification(
        language=language.language,
        language_confidence=language.confidence,
        sentiment=sentiment_label,
        sentiment_confidence=sentiment_confidence,
        intent=intent.intent,
        intent_confidence=intent.confidence,
        toxicity=tox,
        reach_score=reach,
        confidence=min(language.confidence, intent.confidence, sentiment_confidence),
        model_version=version,
        reasons=unique,
    )

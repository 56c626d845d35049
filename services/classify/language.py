"""Which of the five languages a comment is in, or "und".

lingua, restricted to the five languages, decides on anything of a sentence or more. On a few
words its guess is close to a coin toss, so a vote of known words (stopwords and lexicon
phrases) is mixed in, weighted by how short the text is. lingua cannot say "none of these", so
common words of neighbouring languages (Spanish, Danish, ...) vote for "und".
"""

from __future__ import annotations

import functools
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Final

from lingua import Language, LanguageDetector, LanguageDetectorBuilder

from services.classify.lexicons import FOREIGN_LETTERS, FOREIGN_STOPWORDS, LEXICONS
from services.classify.text import Prepared
from shared.events import Language as LanguageCode

TARGETS: Final[tuple[LanguageCode, ...]] = ("nl", "sv", "en", "de", "fr")
_LINGUA: Final[dict[Language, LanguageCode]] = {
    Language.DUTCH: "nl",
    Language.SWEDISH: "sv",
    Language.ENGLISH: "en",
    Language.GERMAN: "de",
    Language.FRENCH: "fr",
}
#: lingua's accuracy stops improving long before this; the cap keeps long posts cheap.
_MAX_DETECT_CHARS: Final = 400
#: Below this combined score the best guess is not worth acting on.
_MIN_CONFIDENCE: Final = 0.45
_HINT_CONFIDENCE: Final = 0.95
_NO_WORDS_CONFIDENCE: Final = 0.9
# On the labelled tweets, texts whose stopwords agree this clearly were in the voted language
# 99.9% of the time (the misses were mislabelled), so lingua's ~0.3 ms is skipped for them.
_SURE_VOTES: Final = 4
_SURE_SHARE: Final = 0.7
_SURE_MARGIN: Final = 3


@dataclass(frozen=True, slots=True)
class LanguageGuess:
    language: LanguageCode
    confidence: float
    reasons: tuple[str, ...]


@functools.cache
def detector() -> LanguageDetector:
    """The lingua detector, built on first use (loading its models takes about a second).

    High accuracy mode: low accuracy mode is twice as fast but measurably worse on texts of
    one to six words, which is most of what people post under a brand's messages.
    """
    return LanguageDetectorBuilder.from_languages(*_LINGUA).build()


def warm_up() -> None:
    """Load lingua's models now rather than on the first comment."""
    detector().compute_language_confidence_values("warm up")


def normalise_hint(hint: str | None) -> LanguageCode | None:
    """Map "nl", "nl-NL", "en_US", "SV" to the language code when it is one of the five."""
    if not hint:
        return None
    code = hint.strip().lower().replace("_", "-").split("-", 1)[0]
    for target in TARGETS:
        if code == target:
            return target
    return None


def _vote_weight(words: int) -> float:
    if words <= 2:
        return 0.6
    if words <= 4:
        return 0.45
    if words <= 8:
        return 0.25
    return 0.1


def _stopword_votes(tokens: tuple[str, ...]) -> dict[LanguageCode, float]:
    return {
        code: sum(1 for token in tokens if token in LEXICONS[code].stopwords) for code in TARGETS
    }


def _foreign_vote(prepared: Prepared) -> tuple[str, int]:
    best, score = "", 0
    for code, stopwords in FOREIGN_STOPWORDS.items():
        votes = sum(1 for token in prepared.tokens if token in stopwords)
        votes += 2 * any(char in prepared.clean for char in FOREIGN_LETTERS.get(code, ""))
        if votes > score:
            best, score = code, votes
    return best, score


def _latin_share(text: str) -> float:
    letters = [char for char in text if char.isalpha()]
    if not letters:
        return 0.0
    return sum(1 for char in letters if char < "\u0250") / len(letters)


def _lingua_scores(text: str) -> dict[LanguageCode, float]:
    values = detector().compute_language_confidence_values(text[:_MAX_DETECT_CHARS])
    return {_LINGUA[value.language]: value.value for value in values}


def detect_language(
    prepared: Prepared,
    *,
    hint: str | None = None,
    lexicon_votes: Mapping[str, float] | None = None,
) -> LanguageGuess:
    """Guess the language of a prepared comment.

    ``lexicon_votes`` counts, per language, the words covered by that language's lexicon
    phrases; the caller has matched them already.
    """
    hinted = normalise_hint(hint)
    if hinted is not None:
        return LanguageGuess(hinted, _HINT_CONFIDENCE, (f"lang:hint:{hinted}",))
    words = sum(1 for token in prepared.tokens if not token.isdigit())
    if words == 0:
        return LanguageGuess("und", _NO_WORDS_CONFIDENCE, ("lang:no-words",))

    if _latin_share(prepared.clean) < 0.5:
        return LanguageGuess("und", _NO_WORDS_CONFIDENCE, ("lang:script",))

    votes = _stopword_votes(prepared.tokens)
    ranked = sorted(votes.values(), reverse=True)
    total = sum(ranked)
    if ranked[0] >= _SURE_VOTES and ranked[0] >= _SURE_SHARE * total:
        margin = ranked[0] - ranked[1]
        if margin >= _SURE_MARGIN:
            best = max(votes, key=votes.__getitem__)
            confidence = round(min(0.99, 0.85 + 0.02 * margin), 3)
            return LanguageGuess(best, confidence, (f"lang:stopwords:{ranked[0]:g}/{total:g}",))
    for code in TARGETS:
        votes[code] += (lexicon_votes or {}).get(code, 0.0)
    foreign, foreign_votes = _foreign_vote(prepared)
    if foreign_votes >= 2 and foreign_votes > max(votes.values()):
        confidence = round(min(0.95, 0.5 + 0.1 * (foreign_votes - max(votes.values()))), 3)
        return LanguageGuess("und", confidence, (f"lang:foreign:{foreign}",))

    lingua = _lingua_scores(prepared.clean)
    total_votes = sum(votes.values())
    weight = _vote_weight(words) if total_votes else 0.0
    combined = {
        code: (1 - weight) * lingua.get(code, 0.0)
        + weight * (votes[code] / total_votes if total_votes else 0.0)
        for code in TARGETS
    }
    best = max(combined, key=combined.__getitem__)
    confidence = combined[best]
    voted = max(votes, key=votes.__getitem__)
    if weight and voted == best and max(lingua, key=lingua.__getitem__) == best:
        # Two independent signals agreeing are worth more than their average.
        confidence = 1 - (1 - lingua[best]) * (1 - votes[best] / total_votes)
    confidence = round(min(0.99, confidence), 3)
    reasons = [f"lang:lingua:{lingua.get(best, 0.0):.2f}"]
    if weight:
        reasons.append(f"lang:vote:{best}:{votes[best]:g}/{total_votes:g}")
    if confidence < _MIN_CONFIDENCE:
        return LanguageGuess("und", confidence, (*reasons, "lang:uncertain"))
    return LanguageGuess(best, confidence, tuple(reasons))

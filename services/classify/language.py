"""Which of the five languages a comment is in, or "und".

Cheapest first. A clear stopword vote decides alone; common words of neighbouring languages
(Spanish, Danish, ...) vote for "und". Then the character n-gram model trained on the
labelled comments (:mod:`services.classify.langmodel`) decides when it is sure and the text
looks like what it was trained on. Only the rest (a few percent: a word or two, unfamiliar
spelling, the model and the known words disagreeing) pays for lingua, restricted to the five
languages, mixed with the n-gram model and the vote of known words (stopwords and lexicon
phrases) weighted by how short the text is; too little agreement gives "und". Without a
trained n-gram model (before the first ``webcare train``) lingua and the vote decide.
"""

from __future__ import annotations

import contextlib
import functools
import re
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Final

from lingua import Language, LanguageDetector, LanguageDetectorBuilder

from services.classify import langmodel
from services.classify.langmodel import LANGMODEL_FILE, LanguageModel, LanguageScores, usable_words
from services.classify.lexicons import FOREIGN_LETTERS, FOREIGN_STOPWORDS, LEXICONS
from services.classify.linear import ARTIFACTS
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
#: Letters past the Latin Extended blocks (Cyrillic, Greek, Arabic, CJK, ...).
_BEYOND_LATIN: Final = re.compile("[\u0250-\U0010ffff]")
_CODES: Final[dict[str, LanguageCode]] = {code: code for code in TARGETS}
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


#: The trained n-gram model decides alone when it is at least this sure (calibrated on dev)...
_NGRAM_SURE: Final = 0.9
#: ...and has seen at least this share of the comment's n-grams: text in a language it was
#: never trained on (Tagalog, Catalan) looks unfamiliar and goes to lingua and the vote.
_NGRAM_KNOWN: Final = 0.85
#: Weights of lingua, the n-gram model and the word vote when they have to be combined.
_MIX_LINGUA: Final = 0.3
_MIX_NGRAMS: Final = 0.7


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


@functools.cache
def _load_model(directory: Path) -> LanguageModel | None:
    if not (directory / LANGMODEL_FILE).is_file():
        return None
    return LanguageModel.load(directory)


_model_directory: list[Path] = [ARTIFACTS]


@contextlib.contextmanager
def models_from(directory: Path | None) -> Iterator[None]:
    """Read the n-gram model from ``directory`` inside the block only (``webcare train
    --out``'s evaluation, ``webcare bench --models``), so a process that trains goes on
    with the committed model; None keeps the one in use."""
    previous = _model_directory[0]
    _model_directory[0] = directory or previous
    try:
        yield
    finally:
        _model_directory[0] = previous


def language_model() -> LanguageModel | None:
    """The trained n-gram model, or None before ``webcare train`` has written one."""
    return _load_model(_model_directory[0])


def train_language_model(rows: Iterable[langmodel.TrainingRow], directory: Path) -> Path:
    """``webcare train``'s step: fit the n-gram model on the train split of ``rows`` and
    write it to ``directory`` (a model already loaded from there is read again)."""
    path = langmodel.train(rows, TARGETS).save(directory)
    _load_model.cache_clear()
    return path


def warm_up() -> None:
    """Load lingua's models and the n-gram model now rather than on the first comment."""
    detector().compute_language_confidence_values("warm up")
    language_model()


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


def _word_languages(lists: Iterable[tuple[str, frozenset[str]]]) -> dict[str, tuple[str, ...]]:
    """For each listed word, the languages whose list has it: one look-up per token."""
    index: dict[str, list[str]] = {}
    for code, words in lists:
        for word in words:
            index.setdefault(word, []).append(code)
    return {word: tuple(codes) for word, codes in index.items()}


_STOPWORD_LANGUAGES: Final = _word_languages((code, LEXICONS[code].stopwords) for code in TARGETS)
_FOREIGN_LANGUAGES: Final = _word_languages(FOREIGN_STOPWORDS.items())
_FOREIGN_LETTER: Final = re.compile(
    "[" + re.escape("".join(sorted(set("".join(FOREIGN_LETTERS.values()))))) + "]"
)


def _stopword_votes(tokens: tuple[str, ...]) -> dict[LanguageCode, float]:
    index = _STOPWORD_LANGUAGES
    votes: dict[LanguageCode, float] = dict.fromkeys(TARGETS, 0)
    for token in tokens:
        for code in index.get(token, ()):
            votes[_CODES[code]] += 1
    return votes


def _foreign_vote(prepared: Prepared) -> tuple[str, int]:
    index = _FOREIGN_LANGUAGES
    counts = dict.fromkeys(FOREIGN_STOPWORDS, 0)
    for token in prepared.tokens:
        for code in index.get(token, ()):
            counts[code] += 1
    # One scan for all the foreign letters; most comments have none.
    letters = set(_FOREIGN_LETTER.findall(prepared.clean))
    best, score = "", 0
    for code, votes in counts.items():
        if letters:
            votes += 2 * any(char in letters for char in FOREIGN_LETTERS.get(code, ""))
        if votes > score:
            best, score = code, votes
    return best, score


def _latin_share(letters: str) -> float:
    if not letters:
        return 0.0
    return (len(letters) - len(_BEYOND_LATIN.findall(letters))) / len(letters)


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
    words = prepared.words
    if words == 0:
        return LanguageGuess("und", _NO_WORDS_CONFIDENCE, ("lang:no-words",))

    if _latin_share(prepared.letters) < 0.5:
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

    total_votes = sum(votes.values())
    model = language_model()
    ngrams = model.scores(usable_words(prepared.tokens)) if model is not None else None
    decided = _ngrams_decide(ngrams, votes, total_votes) if ngrams is not None else None
    if ngrams is not None and decided is not None:
        confidence = round(min(0.99, ngrams.confidence), 3)
        return LanguageGuess(decided, confidence, (f"lang:ngrams:{ngrams.confidence:.2f}",))

    lingua = _lingua_scores(prepared.clean)
    signal = lingua
    if ngrams is not None:
        # lingua alone is a coin toss on a few words; the n-gram model, trained on comments
        # like these, carries more of the weight.
        signal = {
            code: _MIX_LINGUA * lingua.get(code, 0.0)
            + _MIX_NGRAMS * ngrams.probabilities.get(code, 0.0)
            for code in TARGETS
        }
    weight = _vote_weight(words) if total_votes else 0.0
    combined = {
        code: (1 - weight) * signal.get(code, 0.0)
        + weight * (votes[code] / total_votes if total_votes else 0.0)
        for code in TARGETS
    }
    best = max(combined, key=combined.__getitem__)
    confidence = combined[best]
    voted = max(votes, key=votes.__getitem__)
    if weight and voted == best and max(signal, key=signal.__getitem__) == best:
        # Two independent signals agreeing are worth more than their average.
        confidence = 1 - (1 - signal[best]) * (1 - votes[best] / total_votes)
    confidence = round(min(0.99, confidence), 3)
    reasons = [f"lang:lingua:{lingua.get(best, 0.0):.2f}"]
    if ngrams is not None:
        reasons.append(f"lang:ngrams:{ngrams.probabilities.get(best, 0.0):.2f}")
    if weight:
        reasons.append(f"lang:vote:{best}:{votes[best]:g}/{total_votes:g}")
    if confidence < _MIN_CONFIDENCE:
        return LanguageGuess("und", confidence, (*reasons, "lang:uncertain"))
    return LanguageGuess(best, confidence, tuple(reasons))


def _ngrams_decide(
    ngrams: LanguageScores, votes: Mapping[LanguageCode, float], total_votes: float
) -> LanguageCode | None:
    """The n-gram model's language when it is sure enough, on familiar text, to skip lingua.

    When the known words point elsewhere, the slower, fuller combination decides.
    """
    if ngrams.confidence < _NGRAM_SURE or ngrams.known < _NGRAM_KNOWN:
        return None
    best = _CODES.get(ngrams.best)
    if best is None or (total_votes and votes[best] < max(votes.values())):
        return None
    return best

"""A character n-gram language model for the five languages: multinomial naive Bayes.

Each word of a prepared comment (URLs, @mentions, emojis and '#' already gone) is padded with
spaces and cut into character 1-4-grams; a language's score is its log prior plus the sum of
the n-grams' log probabilities in that language. Scores are summed per word and a word's sum
is cached, because the same few thousand words make up most comments: a comment then costs
one cache look-up per word, which is what lets language detection skip lingua on most texts.

Trained by ``webcare train`` from the ``lang`` field of the training split only, and stored as
plain arrays in one ``.npz`` (the n-grams as a unicode array, the log probabilities as
float16), loaded with ``allow_pickle=False``: no texts, no pickle.
"""

from __future__ import annotations

import functools
import math
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Final, Protocol

import numpy as np

from services.classify.text import prepare

LANGMODEL_FILE: Final = "langid.npz"
#: n-gram lengths inside a word padded with one space each side.
NGRAM_MIN: Final = 1
NGRAM_MAX: Final = 4
#: n-grams seen fewer times than this in the training texts are dropped (typos, names).
MIN_COUNT: Final = 2
MAX_NGRAMS: Final = 60_000
#: Add-alpha smoothing: an n-gram never seen in a language still gets a small probability.
ALPHA: Final = 0.5
#: Words past this many add nothing to the decision and would cost time.
MAX_WORDS: Final = 60
#: Distinct words whose scores are kept (about 8 MB when full): the head of the vocabulary.
_WORD_CACHE: Final = 20_000


def word_ngrams(word: str) -> list[str]:
    """The character 1-4-grams of ``word`` padded with spaces (" ab", "ab ", ...)."""
    padded = " " + word + " "
    size = len(padded)
    # The 1-grams are the letters themselves: a lone space says nothing.
    grams = list(word)
    grams += [
        padded[start : start + n] for n in range(2, NGRAM_MAX + 1) for start in range(size - n + 1)
    ]
    return grams


def usable_words(tokens: Sequence[str]) -> list[str]:
    """The tokens that say something about the language: no numbers."""
    return [token for token in tokens[:MAX_WORDS] if not token.isdigit()]


@dataclass(frozen=True, slots=True)
class LanguageScores:
    """Posterior probabilities over the model's languages for one comment.

    ``known`` is the share of the comment's n-grams (of two or more characters) that the
    model has seen at all: text in a language it was not trained on scores low.
    """

    probabilities: dict[str, float]
    known: float
    ngrams: int

    @property
    def best(self) -> str:
        return max(self.probabilities, key=self.probabilities.__getitem__)

    @property
    def confidence(self) -> float:
        return self.probabilities[self.best]


class LanguageModel:
    """Log probabilities of n-grams per language, with per-word scores cached."""

    def __init__(
        self,
        *,
        languages: Sequence[str],
        ngrams: Sequence[str],
        log_probs: np.ndarray,
        log_prior: np.ndarray,
        temperature: float = 1.0,
    ) -> None:
        self.languages = tuple(languages)
        self.ngrams = list(ngrams)
        self.index = {gram: i for i, gram in enumerate(self.ngrams)}
        self.log_probs = np.asarray(log_probs, dtype=np.float32)
        self._rows: list[list[float]] = self.log_probs.astype(np.float64).tolist()
        self._novel = [len(gram.strip()) > 1 for gram in self.ngrams]
        self.log_prior = [float(v) for v in log_prior]
        self.temperature = float(temperature)
        # A bound method per instance, so two models (a test's and the committed one) never
        # share cached word scores.
        self._word = functools.lru_cache(maxsize=_WORD_CACHE)(self._word_scores)

    # -- files -----------------------------------------------------------------------------

    @classmethod
    def load(cls, directory: Path) -> LanguageModel:
        with np.load(directory / LANGMODEL_FILE, allow_pickle=False) as arrays:
            return cls(
                languages=[str(v) for v in arrays["languages"]],
                ngrams=[str(v) for v in arrays["ngrams"]],
                log_probs=arrays["log_probs"],
                log_prior=arrays["log_prior"],
                temperature=float(arrays["temperature"]),
            )

    def save(self, directory: Path) -> Path:
        directory.mkdir(parents=True, exist_ok=True)
        path = directory / LANGMODEL_FILE
        with path.open("wb") as handle:
            np.savez_compressed(
                handle,
                languages=np.array(self.languages),
                ngrams=np.array(self.ngrams),
                # float16 keeps the file small; log probabilities lose < 0.01 of a nat.
                log_probs=self.log_probs.astype(np.float16),
                log_prior=np.array(self.log_prior, dtype=np.float32),
                temperature=np.array(self.temperature, dtype=np.float32),
            )
        return path

    # -- scoring ---------------------------------------------------------------------------

    def _word_scores(self, word: str) -> tuple[tuple[float, ...], int, int]:
        """(summed log probabilities per language, n-grams known, n-grams counted); the
        sums are empty when no n-gram of the word is known.

        Single letters and the n-grams that are one letter and a space say little about
        novelty (every alphabet shares them), so "known" and "counted" leave them out: a
        word of L >= 2 letters has 3L - 2 others.
        """
        rows, novel = self._rows, self._novel
        found = [row for row in map(self.index.get, word_ngrams(word)) if row is not None]
        known = sum([novel[row] for row in found])
        counted = 3 * len(word) - 2 if len(word) >= 2 else 0
        if not found:
            return (), known, counted
        # Plain floats summed column by column: cheaper than numpy for a word's few rows.
        return tuple(map(sum, zip(*[rows[row] for row in found], strict=True))), known, counted

    def log_scores(self, words: Iterable[str]) -> tuple[list[float], int, int] | None:
        """(log prior + log likelihood per language, n-grams known, n-grams counted), or
        None when no word has a known n-gram."""
        vectors: list[tuple[float, ...]] = []
        known = counted = 0
        cached = self._word
        for word in words:
            vector, word_known, word_counted = cached(word)
            known += word_known
            counted += word_counted
            if vector:
                vectors.append(vector)
        if not vectors:
            return None
        summed = [
            prior + sum(column)
            for prior, column in zip(self.log_prior, zip(*vectors, strict=True), strict=True)
        ]
        return summed, known, counted

    def scores(self, words: Iterable[str]) -> LanguageScores | None:
        """Posterior over the languages, or None when no word has a known n-gram."""
        found = self.log_scores(words)
        if found is None:
            return None
        summed, known, counted = found
        scaled = [v / self.temperature for v in summed]
        top = max(scaled)
        exp = [math.exp(v - top) for v in scaled]
        norm = sum(exp)
        probabilities = {
            code: value / norm for code, value in zip(self.languages, exp, strict=True)
        }
        return LanguageScores(probabilities, known / counted if counted else 0.0, counted)


def fit(
    texts: Sequence[Sequence[str]],
    labels: Sequence[str],
    languages: Sequence[str],
    *,
    temperature: float = 1.0,
    uniform_prior: bool = False,
) -> LanguageModel:
    """Count n-grams per language over tokenised training texts and smooth them.

    ``texts`` are token sequences (what :func:`services.classify.text.prepare` returns), so
    the model sees exactly what it will see at run time.
    """
    position = {code: i for i, code in enumerate(languages)}
    counts: dict[str, list[int]] = {}
    docs = [0] * len(languages)
    for tokens, label in zip(texts, labels, strict=True):
        column = position.get(label)
        if column is None:
            continue
        docs[column] += 1
        for word in usable_words(tokens):
            for gram in word_ngrams(word):
                row = counts.get(gram)
                if row is None:
                    row = counts[gram] = [0] * len(languages)
                row[column] += 1
    kept = sorted(
        (g for g, row in counts.items() if sum(row) >= MIN_COUNT),
        key=lambda g: (-sum(counts[g]), g),
    )
    kept = sorted(kept[:MAX_NGRAMS])
    matrix = np.array([counts[g] for g in kept], dtype=np.float64).reshape(
        len(kept), len(languages)
    )
    # Each n-gram length is its own distribution: a 1-gram and a 4-gram never compete.
    log_probs = np.zeros_like(matrix)
    lengths = np.array([len(g) for g in kept])
    for n in range(NGRAM_MIN, NGRAM_MAX + 1):
        rows = lengths == n
        if not rows.any():
            continue
        block = matrix[rows] + ALPHA
        log_probs[rows] = np.log(block / block.sum(axis=0, keepdims=True))
    total_docs = sum(docs)
    if uniform_prior or not total_docs:
        prior = np.full(len(languages), -math.log(len(languages)))
    else:
        prior = np.log((np.array(docs, dtype=np.float64) + 1) / (total_docs + len(languages)))
    return LanguageModel(
        languages=languages,
        ngrams=kept,
        log_probs=log_probs,
        log_prior=prior,
        temperature=temperature,
    )


def fit_temperature(
    model: LanguageModel, texts: Sequence[Sequence[str]], labels: Sequence[str]
) -> float:
    """The temperature that minimises the log loss on held-out texts.

    Naive Bayes counts every n-gram as independent evidence, so its raw posteriors are close
    to 0 or 1 even on two words; dividing the scores by a temperature makes them usable as a
    confidence (and comparable with lingua's and the stopword vote's).
    """
    position = {code: i for i, code in enumerate(model.languages)}
    rows: list[tuple[list[float], int]] = []
    for tokens, label in zip(texts, labels, strict=True):
        found = model.log_scores(usable_words(tokens))
        if label in position and found is not None:
            rows.append((found[0], position[label]))
    if not rows:
        return 1.0
    scores = np.array([r[0] for r in rows])
    gold = np.array([r[1] for r in rows])
    best, best_loss = 1.0, float("inf")
    for t in (0.5, 0.75, 1, 1.5, 2, 3, 4, 5, 6, 8, 10, 12, 15, 20, 25, 30, 40):
        z = scores / t
        z = z - z.max(axis=1, keepdims=True)
        log_p = z - np.log(np.exp(z).sum(axis=1, keepdims=True))
        loss = float(-log_p[np.arange(len(gold)), gold].mean())
        if loss < best_loss - 1e-9:
            best, best_loss = float(t), loss
    return best


class TrainingRow(Protocol):
    text: str
    lang: str
    split: str


def train(rows: Iterable[TrainingRow], languages: Sequence[str]) -> LanguageModel:
    """Fit on the ``train`` split of ``rows`` and calibrate on ``dev``; ``test`` is never read.

    A text that appears under several tasks counts once.
    """
    by_split: dict[str, dict[str, str]] = {"train": {}, "dev": {}}
    for row in rows:
        if row.split in by_split and row.lang in languages:
            by_split[row.split].setdefault(row.text, row.lang)
    train_texts = by_split["train"]
    # Uniform prior: the training texts are two-thirds English tweets, a brand's comments
    # are not; on the dev split the two priors differ by two texts in 4,400.
    model = fit(
        [prepare(t).tokens for t in train_texts],
        list(train_texts.values()),
        languages,
        uniform_prior=True,
    )
    dev = by_split["dev"]
    model.temperature = fit_temperature(model, [prepare(t).tokens for t in dev], list(dev.values()))
    return model

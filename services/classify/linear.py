"""The trained heads at run time: linear models over one shared, named feature space.

``webcare train`` writes two files: ``vocab.json`` (the feature names, the heads with their
classes and calibration temperatures) and ``weights.npz`` (plain float arrays, loaded with
``allow_pickle=False``, so loading a model file never runs code). Scoring a comment is one
fancy index and one small matrix product for all heads at once.

A head may have language-specific columns (``sentiment@nl``): their scores are added to the
shared head's for a comment in that language, which is the same as training on n-grams
copied once per language ("frustratingly easy" domain adaptation) at no extra look-up cost.
An optional stack (:class:`Stack`) re-scores the base heads from their logits and a sentence
embedding, for the quality mode (``WEBCARE_CLASSIFY_ENCODER=on``).
"""

from __future__ import annotations

import json
import math
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from itertools import chain
from pathlib import Path
from typing import Any, Final

import numpy as np

from services.classify.features import NgramPositions

ARTIFACTS: Final = Path(__file__).with_name("models")
VOCAB_FILE: Final = "vocab.json"
WEIGHTS_FILE: Final = "weights.npz"
#: ``sentiment@nl`` holds the Dutch-only part of the sentiment head.
LANGUAGE_SEP: Final = "@"
#: 1 + log(tf) for the term counts a comment has (math.log's values, looked up by count).
_TF_TABLE: Final = np.array([1.0] + [1.0 + math.log(count) for count in range(1, 1024)])
#: Vocabulary rows per block when a head's row means are computed ahead (about a comment's).
_MEAN_BLOCK: Final = 256


def _tf_weights(tf: np.ndarray) -> np.ndarray:
    """1 + log(count) per count (counts >= 1), exactly as math.log computes it."""
    try:
        return _TF_TABLE[tf]
    except IndexError:
        # A count past the table (a very long word repeated): computed one by one.
        return np.array([1.0 + math.log(count) for count in tf.tolist()], dtype=np.float64)


def _largest(column: np.ndarray, count: int) -> list[int] | None:
    """Where the ``count`` largest positive values of ``column`` are, largest first: a few
    argmax calls instead of sorting some 150 values. None when two of them, or the last and
    the next, are equal, which only a sort orders the way the explanation always has."""
    work = column.copy()
    found: list[int] = []
    last = None
    while True:
        i = int(work.argmax())
        value = float(work[i])
        if value <= 0:
            return found
        if value == last:
            return None
        if len(found) == count:
            return found
        found.append(i)
        last = value
        work[i] = -np.inf


@dataclass(frozen=True, slots=True)
class Head:
    """One linear classifier: its classes, its columns in the weight matrix, its calibration."""

    name: str
    classes: tuple[str, ...]
    start: int
    temperature: float

    @property
    def stop(self) -> int:
        return self.start + len(self.classes)


@dataclass(frozen=True, slots=True)
class Prediction:
    """Calibrated probabilities of one head and the features that pushed its winner most."""

    head: str
    probabilities: dict[str, float]
    top_features: tuple[str, ...]

    @property
    def label(self) -> str:
        return max(self.probabilities, key=self.probabilities.__getitem__)

    @property
    def confidence(self) -> float:
        return self.probabilities[self.label]


@dataclass(frozen=True, slots=True)
class Stack:
    """Second-stage heads over [the base heads' logits, a sentence embedding].

    ``inputs`` names the base heads whose raw scores (before temperature) come first, in
    order; the embedding follows. Each stacked head keeps its base head's name and classes.
    ``languages`` are those the encoder knows (empty: all); other comments keep the base heads.
    """

    inputs: tuple[str, ...]
    dim: int
    encoder: str
    weights: np.ndarray  # (sum of the inputs' classes + dim) x columns
    bias: np.ndarray
    heads: dict[str, Head]
    languages: tuple[str, ...] = ()

    def covers(self, language: str | None) -> bool:
        return not self.languages or language in self.languages


class LinearModels:
    """All heads over one vocabulary: n-grams weighted (1 + log tf) x idf and L2-normalised,
    then dense features (rule signals, earlier heads' outputs) as given."""

    def __init__(
        self,
        *,
        version: str,
        names: list[str],
        n_ngrams: int,
        idf: np.ndarray,
        weights: np.ndarray,
        bias: np.ndarray,
        heads: list[Head],
        meta: Mapping[str, Any] | None = None,
        stack: Stack | None = None,
    ) -> None:
        self.version = version
        self.names = names
        self.index = {name: i for i, name in enumerate(names)}
        #: A comment's n-gram counts by vocabulary position (cached per word).
        self.positions = NgramPositions(self.index)
        self.n_ngrams = n_ngrams
        self.idf = idf.astype(np.float32)
        self._idf64 = self.idf.astype(np.float64)
        self.weights = weights.astype(np.float32)
        self.bias = bias.astype(np.float32)
        self.heads = {head.name: head for head in heads}
        self.meta = dict(meta or {})
        self.stack = stack
        # head -> language -> its language-specific columns
        self.by_language: dict[str, dict[str, Head]] = {}
        for head in heads:
            if LANGUAGE_SEP in head.name:
                base, language = head.name.split(LANGUAGE_SEP, 1)
                self.by_language.setdefault(base, {})[language] = head
        # (head, language block) -> each vocabulary row's mean over the head's classes
        self._row_means: dict[tuple[str, str | None], np.ndarray] = {}
        # (head, class, language block) -> the class's column minus the row means
        self._centered: dict[tuple[str, int, str | None], np.ndarray] = {}
        # dense feature names -> (the known ones, their positions, their weight rows)
        self._dense_rows: dict[tuple[str, ...], tuple[tuple[str, ...], np.ndarray, np.ndarray]] = {}

    # -- files -----------------------------------------------------------------------------

    @classmethod
    def load(cls, directory: Path = ARTIFACTS) -> LinearModels:
        spec = json.loads((directory / VOCAB_FILE).read_text(encoding="utf-8"))
        with np.load(directory / WEIGHTS_FILE, allow_pickle=False) as arrays:
            idf, weights, bias = arrays["idf"], arrays["weights"], arrays["bias"]
            stack_arrays = (
                (arrays["stack_weights"], arrays["stack_bias"])
                if "stack_weights" in arrays
                else None
            )
        heads = [
            Head(h["name"], tuple(h["classes"]), h["start"], h["temperature"])
            for h in spec["heads"]
        ]
        stack = None
        if stack_arrays is not None and "stack" in spec:
            info = spec["stack"]
            stack = Stack(
                inputs=tuple(info["inputs"]),
                dim=info["dim"],
                encoder=info["encoder"],
                weights=stack_arrays[0].astype(np.float32),
                bias=stack_arrays[1].astype(np.float32),
                heads={
                    h["name"]: Head(h["name"], tuple(h["classes"]), h["start"], h["temperature"])
                    for h in info["heads"]
                },
                languages=tuple(info.get("languages", ())),
            )
        return cls(
            version=spec["version"],
            names=spec["names"],
            n_ngrams=spec["n_ngrams"],
            idf=idf,
            weights=weights,
            bias=bias,
            heads=heads,
            meta=spec.get("meta", {}),
            stack=stack,
        )

    def save(self, directory: Path) -> None:
        directory.mkdir(parents=True, exist_ok=True)
        spec = {
            "version": self.version,
            "n_ngrams": self.n_ngrams,
            "heads": [
                {
                    "name": h.name,
                    "classes": list(h.classes),
                    "start": h.start,
                    "temperature": h.temperature,
                }
                for h in self.heads.values()
            ],
            "meta": self.meta,
            "names": self.names,
        }
        arrays: dict[str, Any] = {}
        if self.stack is not None:
            spec["stack"] = {
                "inputs": list(self.stack.inputs),
                "dim": self.stack.dim,
                "encoder": self.stack.encoder,
                "languages": list(self.stack.languages),
                "heads": [
                    {
                        "name": h.name,
                        "classes": list(h.classes),
                        "start": h.start,
                        "temperature": h.temperature,
                    }
                    for h in self.stack.heads.values()
                ],
            }
            arrays = {"stack_weights": self.stack.weights, "stack_bias": self.stack.bias}
        (directory / VOCAB_FILE).write_text(
            json.dumps(spec, ensure_ascii=False, separators=(",", ":")), encoding="utf-8"
        )
        # float16 halves the file; the rounding moves probabilities by well under 0.001.
        with (directory / WEIGHTS_FILE).open("wb") as handle:
            np.savez_compressed(
                handle,
                idf=self.idf.astype(np.float16),
                weights=self.weights.astype(np.float16),
                bias=self.bias,
                **arrays,
            )

    # -- scoring ---------------------------------------------------------------------------

    def vectorize(
        self, counts: Mapping[str, int], dense: Mapping[str, float]
    ) -> tuple[list[int], list[float]]:
        """Sparse (indices, values) of one comment; unknown features are dropped."""
        index = self.index
        positions, values = self.vectorize_positions(
            {index[key]: count for key, count in counts.items() if key in index}, dense
        )
        return positions.tolist(), values.tolist()

    def vectorize_positions(
        self, counts: Mapping[int, int], dense: Mapping[str, float]
    ) -> tuple[np.ndarray, np.ndarray]:
        """:meth:`vectorize` of n-gram counts already keyed by vocabulary position
        (:class:`NgramPositions`), as arrays: the same numbers, a few array operations
        instead of a Python loop over some 150 n-grams."""
        index = self.index
        # The dense features the vocabulary knows follow the n-grams in the same arrays.
        known = [key for key in dense if key in index]
        size = len(counts)
        positions = np.fromiter(
            chain(counts, map(index.__getitem__, known)), dtype=np.intp, count=size + len(known)
        )
        tf = np.fromiter(counts.values(), dtype=np.intp, count=size)
        # (1 + log tf) x idf; a count of 1 weighs exactly 1.0, so those keep their idf.
        weighted = _tf_weights(tf) * self._idf64[positions[:size]]
        norm = math.sqrt(math.fsum((weighted * weighted).tolist()))
        values = np.empty(len(positions))
        if norm:
            np.divide(weighted, norm, out=values[:size])
        else:
            values[:size] = weighted
        values[size:] = [dense[key] for key in known]
        return positions, values

    def predict(
        self,
        indices: Sequence[int] | np.ndarray,
        values: Sequence[float] | np.ndarray,
        heads: tuple[str, ...],
        *,
        explain: int = 3,
        stacked: tuple[str, Callable[[dict[str, Prediction]], dict[str, float]]] | None = None,
        explained: tuple[str, ...] = ("sentiment", "intent"),
        language: str | None = None,
        embedding: np.ndarray | None = None,
    ) -> dict[str, Prediction]:
        """Calibrated probabilities of ``heads`` for one vectorized comment.

        ``stacked`` names a head that also reads dense features computed from the other
        heads' predictions; it adds to the scores already computed for them. ``language`` adds
        the language-specific columns of a head; ``embedding`` (the comment's sentence
        embedding) re-scores the heads the stack knows.
        """
        positions = np.asarray(indices, dtype=np.intp)
        vals = np.asarray(values, dtype=np.float32)
        # np.take: the same rows as self.weights[positions], at a third of the cost.
        rows = np.take(self.weights, positions, axis=0)
        # One vector-matrix product; per-feature contributions only for explained heads.
        scores = vals @ rows + self.bias
        extra: dict[str, Head] = {}
        if language is not None:
            for name, by_language in self.by_language.items():
                block = by_language.get(language)
                if block is not None:
                    head = self.heads[name]
                    scores[head.start : head.stop] += scores[block.start : block.stop]
                    extra[name] = block
        second = self._stack_scores(scores, embedding, language)
        flat = scores.tolist()
        out: dict[str, Prediction] = {}
        for name in heads:
            probabilities = self._finish(name, flat, second)
            top: tuple[str, ...] = ()
            if explain and name in explained and len(positions):
                top = self._explain(name, probabilities, vals, positions, extra, explain)
            out[name] = Prediction(name, probabilities, top)
        if stacked is not None:
            name, features = stacked
            # Dense features only: kept as given, no n-grams to weigh or normalise. The
            # stacked names are the same for every comment, so their rows are looked up once.
            more = features(out)
            known, more_positions, more_rows = self._known_dense_rows(tuple(more))
            if known:
                more_vals = np.array([more[key] for key in known], dtype=np.float32)
                scores = scores + more_vals @ more_rows
                flat = scores.tolist()
                vals = np.concatenate([vals, more_vals])
                positions = np.concatenate([positions, more_positions])
            probabilities = self._finish(name, flat, None)
            top = ()
            if explain and len(positions):
                top = self._explain(name, probabilities, vals, positions, extra, explain)
            out[name] = Prediction(name, probabilities, top)
        return out

    def _known_dense_rows(
        self, keys: tuple[str, ...]
    ) -> tuple[tuple[str, ...], np.ndarray, np.ndarray]:
        """The vocabulary's share of dense feature names: (known names, positions, rows)."""
        found = self._dense_rows.get(keys)
        if found is None:
            known = tuple(key for key in keys if key in self.index)
            positions = np.array([self.index[key] for key in known], dtype=np.intp)
            found = (known, positions, np.take(self.weights, positions, axis=0))
            self._dense_rows[keys] = found
        return found

    def _stack_scores(
        self, scores: np.ndarray, embedding: np.ndarray | None, language: str | None
    ) -> np.ndarray | None:
        if self.stack is None or embedding is None or not self.stack.covers(language):
            return None
        parts = [scores[self.heads[n].start : self.heads[n].stop] for n in self.stack.inputs]
        z = np.concatenate([*parts, np.asarray(embedding, dtype=np.float32)])
        return np.asarray(z @ self.stack.weights + self.stack.bias)

    def _finish(self, name: str, flat: list[float], second: np.ndarray | None) -> dict[str, float]:
        """One head's probabilities from ``flat`` (all heads' scores as plain floats) or
        from the stack's ``second`` scores."""
        head = self.heads[name]
        final = self.stack.heads.get(name) if second is not None and self.stack else None
        if final is not None and second is not None:
            raw, temperature = second[final.start : final.stop].tolist(), final.temperature
        else:
            raw, temperature = flat[head.start : head.stop], head.temperature
        # A handful of numbers: plain floats beat numpy's per-call overhead here. Temperatures
        # are positive, so the largest score gives the largest logit.
        top_logit = max(raw) / temperature
        exp = [math.exp(v / temperature - top_logit) for v in raw]
        total = sum(exp)
        probabilities: dict[str, float] = {}
        for label, value in zip(head.classes, exp, strict=True):
            probability = value / total
            # round(probability, 4) without its decimal string: the nearest count of 1/10,000
            # is the same integer unless the product lies within 1e-6 of a half (the product's
            # error is below 1e-11), and int / int is the double nearest that decimal, which
            # is what round gives. Near a half, round itself decides.
            scaled = probability * 10_000
            nearest = round(scaled)
            if abs(abs(scaled - nearest) - 0.5) < 1e-6:
                probabilities[label] = round(probability, 4)
            else:
                probabilities[label] = nearest / 10_000
        return probabilities

    def _explain(
        self,
        name: str,
        probabilities: dict[str, float],
        vals: np.ndarray,
        positions: np.ndarray,
        extra: dict[str, Head],
        explain: int,
    ) -> tuple[str, ...]:
        """The features that pushed the winner above the other classes, not just up (the
        n-grams' part; an embedding has no words to show)."""
        head = self.heads[name]
        language = extra.get(name)
        # The winner as Prediction.label picks it: the first of the largest.
        best = head.classes.index(max(probabilities, key=probabilities.__getitem__))
        column = self._centered_column(head, best, language).take(positions) * vals
        order = _largest(column, explain)
        if order is None:
            # Equal contributions at the top: argsort's own order of equal values decides.
            order = [i for i in (-column).argsort()[:explain].tolist() if column[i] > 0]
        names = self.names
        return tuple([names[position] for position in positions[order].tolist()])

    def _centered_column(self, head: Head, best: int, language: Head | None) -> np.ndarray:
        """The weights of ``head``'s class ``best`` (plus ``language``'s) minus each row's
        mean, for the whole vocabulary: the same float32 operations a comment's own rows go
        through, done once per class instead of on every comment's rows."""
        key = (head.name, best, language.name if language is not None else None)
        centered = self._centered.get(key)
        if centered is None:
            winner = self.weights[:, head.start + best]
            if language is not None:
                winner = winner + self.weights[:, language.start + best]
            centered = self._centered[key] = winner - self._row_mean(head, language)
        return centered

    def _row_mean(self, head: Head, language: Head | None) -> np.ndarray:
        """Each vocabulary row's mean over ``head``'s classes (plus ``language``'s block), in
        float32 as a comment's own rows give it: computed once per head instead of summing
        every comment's rows again."""
        key = (head.name, language.name if language is not None else None)
        means = self._row_means.get(key)
        if means is None:
            parts = []
            # Blocks of rows the size of a comment's, summed exactly as a comment's are.
            for start in range(0, len(self.weights), _MEAN_BLOCK):
                rows = self.weights[start : start + _MEAN_BLOCK]
                block = rows[:, head.start : head.stop]
                if language is not None:
                    block = block + rows[:, language.start : language.stop]
                parts.append(block.sum(axis=1) / len(head.classes))
            means = self._row_means[key] = np.concatenate(parts)
        return means

"""The trained heads at run time: linear models over one shared, named feature space.

``webcare train`` writes two files: ``vocab.json`` (the feature names, the heads with their
classes and calibration temperatures) and ``weights.npz`` (plain float arrays, loaded with
``allow_pickle=False``, so loading a model file never runs code). Scoring a comment is one
fancy index and one small matrix product for all heads at once.
"""

from __future__ import annotations

import json
import math
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Final

import numpy as np

ARTIFACTS: Final = Path(__file__).with_name("models")
VOCAB_FILE: Final = "vocab.json"
WEIGHTS_FILE: Final = "weights.npz"


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
    ) -> None:
        self.version = version
        self.names = names
        self.index = {name: i for i, name in enumerate(names)}
        self.n_ngrams = n_ngrams
        self.idf = idf.astype(np.float32)
        # Python floats: reading numpy scalars one by one would cost more than the lookup.
        self._idf = [float(v) for v in self.idf]
        self.weights = weights.astype(np.float32)
        self.bias = bias.astype(np.float32)
        self.heads = {head.name: head for head in heads}
        self.meta = dict(meta or {})

    # -- files -----------------------------------------------------------------------------

    @classmethod
    def load(cls, directory: Path = ARTIFACTS) -> LinearModels:
        spec = json.loads((directory / VOCAB_FILE).read_text(encoding="utf-8"))
        with np.load(directory / WEIGHTS_FILE, allow_pickle=False) as arrays:
            idf, weights, bias = arrays["idf"], arrays["weights"], arrays["bias"]
        heads = [
            Head(h["name"], tuple(h["classes"]), h["start"], h["temperature"])
            for h in spec["heads"]
        ]
        return cls(
            version=spec["version"],
            names=spec["names"],
            n_ngrams=spec["n_ngrams"],
            idf=idf,
            weights=weights,
            bias=bias,
            heads=heads,
            meta=spec.get("meta", {}),
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
            )

    # -- scoring ---------------------------------------------------------------------------

    def vectorize(
        self, counts: Mapping[str, int], dense: Mapping[str, float]
    ) -> tuple[list[int], list[float]]:
        """Sparse (indices, values) of one comment; unknown features are dropped."""
        indices: list[int] = []
        values: list[float] = []
        index = self.index
        idf = self._idf
        log = math.log
        for key, count in counts.items():
            position = index.get(key)
            if position is not None:
                indices.append(position)
                values.append(idf[position] if count == 1 else (1.0 + log(count)) * idf[position])
        norm = math.sqrt(math.fsum([v * v for v in values]))
        if norm:
            values = [v / norm for v in values]
        for key, value in dense.items():
            position = index.get(key)
            if position is not None:
                indices.append(position)
                values.append(value)
        return indices, values

    def predict(
        self,
        indices: list[int],
        values: list[float],
        heads: tuple[str, ...],
        *,
        explain: int = 3,
        stacked: tuple[str, Callable[[dict[str, Prediction]], dict[str, float]]] | None = None,
        explained: tuple[str, ...] = ("sentiment", "intent"),
    ) -> dict[str, Prediction]:
        """Calibrated probabilities of ``heads`` for one vectorized comment.

        ``stacked`` names a head that also reads dense features computed from the other
        heads' predictions; it reuses the rows already looked up for them.
        """
        vals = np.asarray(values, dtype=np.float32)
        contributions = self.weights[indices] * vals[:, None]
        scores = contributions.sum(axis=0) + self.bias
        # Only the heads whose winner is reported need the (sorting) explanation.
        out = {
            name: self._finish(
                name, scores, contributions, indices, explain if name in explained else 0
            )
            for name in heads
        }
        if stacked is not None:
            name, features = stacked
            extra_i, extra_v = self.vectorize({}, features(out))
            if extra_i:
                more = self.weights[extra_i] * np.asarray(extra_v, dtype=np.float32)[:, None]
                contributions = np.concatenate([contributions, more])
                scores = scores + more.sum(axis=0)
                indices = [*indices, *extra_i]
            out[name] = self._finish(name, scores, contributions, indices, explain)
        return out

    def _finish(
        self,
        name: str,
        scores: np.ndarray,
        contributions: np.ndarray,
        indices: list[int],
        explain: int,
    ) -> Prediction:
        head = self.heads[name]
        # A handful of numbers: plain floats beat numpy's per-call overhead here.
        logits = [v / head.temperature for v in scores[head.start : head.stop].tolist()]
        top_logit = max(logits)
        exp = [math.exp(v - top_logit) for v in logits]
        total = sum(exp)
        probs = [v / total for v in exp]
        best = max(range(len(probs)), key=probs.__getitem__)
        top: tuple[str, ...] = ()
        if explain and indices:
            # What pushed the winner above the other classes, not just up.
            block = contributions[:, head.start : head.stop]
            column = block[:, best] - block.mean(axis=1)
            order = np.argsort(-column)[:explain]
            top = tuple(self.names[indices[i]] for i in order if column[i] > 0)
        return Prediction(
            name, {c: round(p, 4) for c, p in zip(head.classes, probs, strict=True)}, top
        )

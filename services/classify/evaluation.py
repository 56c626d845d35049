"""Measures for the evaluation report: precision, recall, F1, accuracy and calibration.

Pure functions over lists of labels, so the report's numbers can be recomputed by hand.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any


def per_class(
    gold: Sequence[str], predicted: Sequence[str], labels: Sequence[str]
) -> dict[str, dict[str, float]]:
    """Precision, recall, F1 and support of each label."""
    out: dict[str, dict[str, float]] = {}
    for label in labels:
        tp = sum(1 for g, p in zip(gold, predicted, strict=True) if g == label and p == label)
        fp = sum(1 for g, p in zip(gold, predicted, strict=True) if g != label and p == label)
        fn = sum(1 for g, p in zip(gold, predicted, strict=True) if g == label and p != label)
        precision = tp / (tp + fp) if tp + fp else 0.0
        recall = tp / (tp + fn) if tp + fn else 0.0
        f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
        out[label] = {
            "precision": round(precision, 3),
            "recall": round(recall, 3),
            "f1": round(f1, 3),
            "support": tp + fn,
        }
    return out


def summary(gold: Sequence[str], predicted: Sequence[str], labels: Sequence[str]) -> dict[str, Any]:
    """Accuracy, macro-F1 over the labels present in ``gold``, and the per-class table."""
    table = per_class(gold, predicted, labels)
    present = [label for label in labels if table[label]["support"]]
    macro = sum(table[label]["f1"] for label in present) / len(present) if present else 0.0
    correct = sum(1 for g, p in zip(gold, predicted, strict=True) if g == p)
    return {
        "n": len(gold),
        "accuracy": round(correct / len(gold), 3) if gold else 0.0,
        "macro_f1": round(macro, 3),
        "classes": table,
    }


def confusion(
    gold: Sequence[str], predicted: Sequence[str], labels: Sequence[str]
) -> dict[str, dict[str, int]]:
    """For each gold label present, how often each label was predicted (zeros left out)."""
    out: dict[str, dict[str, int]] = {}
    for label in labels:
        row: dict[str, int] = {}
        for g, p in zip(gold, predicted, strict=True):
            if g == label:
                row[p] = row.get(p, 0) + 1
        if row:
            out[label] = {p: row[p] for p in labels if p in row}
    return out


def caught_when_unsure(
    confidences: Sequence[float], correct: Sequence[bool], threshold: float
) -> dict[str, Any]:
    """How many mistakes a rule that sends confidence <= ``threshold`` to a person catches,
    and how many right answers it sends along with them."""
    wrong = [c for c, ok in zip(confidences, correct, strict=True) if not ok]
    right = [c for c, ok in zip(confidences, correct, strict=True) if ok]
    return {
        "threshold": threshold,
        "errors": len(wrong),
        "errors_caught": sum(1 for c in wrong if c <= threshold),
        "correct": len(right),
        "correct_sent_too": sum(1 for c in right if c <= threshold),
    }


def expected_calibration_error(
    confidences: Sequence[float], correct: Sequence[bool], bins: int = 10
) -> float:
    """Weighted gap between stated confidence and observed accuracy, in ``bins`` equal bins."""
    if not confidences:
        return 0.0
    total = 0.0
    for b in range(bins):
        low, high = b / bins, (b + 1) / bins
        members = [
            i for i, c in enumerate(confidences) if (low < c <= high) or (b == 0 and c == 0.0)
        ]
        if not members:
            continue
        accuracy = sum(1 for i in members if correct[i]) / len(members)
        confidence = sum(confidences[i] for i in members) / len(members)
        total += len(members) / len(confidences) * abs(accuracy - confidence)
    return round(total, 4)

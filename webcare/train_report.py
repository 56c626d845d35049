"""The evaluation report of ``webcare train``: every target of the classifier, measured on
the held-out test split only, as JSON for machines and Markdown for the model card."""

from __future__ import annotations

import time
from collections.abc import Sequence
from typing import Any

from services.classify.evaluation import expected_calibration_error, summary
from services.classify.linear import LinearModels
from services.classify.model import analyse, classify, score
from shared.events import INTENTS
from webcare.train import HEAD_CLASSES, Progress, Row


def evaluate(
    models: LinearModels, rows: Sequence[Row], progress: Progress = print
) -> dict[str, Any]:
    """Every target of the issue, on the test split only."""
    test = [r for r in rows if r.split == "test"]
    progress(f"evaluating on {len(test)} held-out texts")
    results, heads, rules = [], [], []
    started = time.perf_counter()
    for row in test:
        results.append(classify(row.text, models=models))
    seconds = time.perf_counter() - started
    for row in test:
        heads.append(score(analyse(row.text), models, explain=0))
        rules.append(classify(row.text, rules_only=True) if row.task == "intent" else None)
    report: dict[str, Any] = {
        "model_version": models.version,
        "throughput_per_s_one_core": round(len(test) / seconds) if seconds else None,
    }
    lang_gold = [r.lang for r in test]
    lang_pred = [res.language for res in results]
    short = [i for i, r in enumerate(test) if len(r.text) < 40]
    report["language"] = {
        "accuracy": round(
            sum(g == p for g, p in zip(lang_gold, lang_pred, strict=True)) / max(1, len(test)), 3
        ),
        "n": len(test),
        "accuracy_under_40_chars": round(
            sum(lang_gold[i] == lang_pred[i] for i in short) / max(1, len(short)), 3
        ),
        "n_under_40_chars": len(short),
        "per_language": {
            lang: summary(
                [g for g in lang_gold if g == lang],
                [p for g, p in zip(lang_gold, lang_pred, strict=True) if g == lang],
                [lang],
            )["accuracy"]
            for lang in sorted(set(lang_gold))
        },
    }

    def select(task: str, lang: str | None = None) -> list[int]:
        return [
            i for i, r in enumerate(test) if r.task == task and (lang is None or r.lang == lang)
        ]

    sentiment: dict[str, Any] = {}
    for lang in ("nl", "sv", "en", "de", "fr"):
        ids = select("sentiment3", lang)
        if ids:
            gold = [test[i].label for i in ids]
            sentiment[lang] = summary(
                gold, [results[i].sentiment for i in ids], HEAD_CLASSES["sentiment"]
            )
            sentiment[lang]["head_only_macro_f1"] = summary(
                gold, [heads[i]["sentiment"].label for i in ids], HEAD_CLASSES["sentiment"]
            )["macro_f1"]
    report["sentiment"] = sentiment
    for task in ("offensive", "hate", "complaint"):
        per: dict[str, Any] = {}
        for lang in ("nl", "sv", "en", "de", "fr"):
            ids = select(task, lang)
            if ids and task in heads[ids[0]]:
                per[lang] = summary(
                    [test[i].label for i in ids],
                    [heads[i][task].label for i in ids],
                    HEAD_CLASSES[task],
                )
        report[task] = per
    ids = select("complaint", "en")
    if ids:
        pipeline = [
            "complaint" if results[i].intent in ("complaint", "legal_threat") else "not"
            for i in ids
        ]
        report["complaint"]["en_pipeline_intent"] = summary(
            [test[i].label for i in ids], pipeline, HEAD_CLASSES["complaint"]
        )
    intent: dict[str, Any] = {}
    for lang in ("nl", "sv", "en", "de", "fr", None):
        ids = select("intent", lang)
        if not ids:
            continue
        gold = [test[i].label for i in ids]
        key = lang or "all"
        intent[key] = summary(gold, [results[i].intent for i in ids], INTENTS)
        intent[key]["rules_only_accuracy"] = summary(gold, [rules[i].intent for i in ids], INTENTS)[
            "accuracy"
        ]
        binary_gold = ["abuse" if g == "abuse" else "not" for g in gold]
        binary_pred = ["abuse" if results[i].intent == "abuse" else "not" for i in ids]
        intent[key]["abuse_vs_not"] = summary(binary_gold, binary_pred, ("abuse", "not"))
    report["intent"] = intent
    ids = select("intent")
    report["calibration_ece"] = {
        "intent": expected_calibration_error(
            [results[i].intent_confidence for i in ids],
            [results[i].intent == test[i].label for i in ids],
        ),
        "sentiment": expected_calibration_error(
            [results[i].sentiment_confidence for i in select("sentiment3")],
            [results[i].sentiment == test[i].label for i in select("sentiment3")],
        ),
    }
    return report


def markdown(report: dict[str, Any]) -> str:
    """The evaluation report as a table a person reads (the model card quotes it)."""
    lines = [f"# Evaluation of {report['model_version']}", ""]
    lang = report["language"]
    lines += [
        f"Language accuracy {lang['accuracy']} (n={lang['n']}); under 40 characters "
        f"{lang['accuracy_under_40_chars']} (n={lang['n_under_40_chars']}).",
        "",
        "| task | language | n | accuracy | macro-F1 | per class P/R/F1 |",
        "|---|---|---|---|---|---|",
    ]
    for task in ("sentiment", "offensive", "hate", "complaint", "intent"):
        for key, block in report.get(task, {}).items():
            classes = "; ".join(
                f"{label} {v['precision']}/{v['recall']}/{v['f1']}"
                for label, v in block["classes"].items()
                if v["support"]
            )
            lines.append(
                f"| {task} | {key} | {block['n']} | {block['accuracy']} | {block['macro_f1']} | {classes} |"
            )
    lines += ["", f"Calibration (ECE): {report['calibration_ece']}", ""]
    lines.append(f"Throughput, one core: {report['throughput_per_s_one_core']} comments/s")
    return "\n".join(lines) + "\n"

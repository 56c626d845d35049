"""The evaluation report of ``webcare train``: every target of the classifier, measured on
the held-out test split only, as JSON for machines and Markdown for the model card."""

from __future__ import annotations

import time
from collections.abc import Sequence
from typing import Any

from services.classify import encoder
from services.classify.evaluation import (
    caught_when_unsure,
    confusion,
    expected_calibration_error,
    summary,
)
from services.classify.linear import LinearModels
from services.classify.model import Analysis, analyse, classify, dense_features, score
from shared.events import INTENTS
from webcare.train import HEAD_CLASSES, Progress, Row

#: route's ``unsure-goes-to-person`` rule (shared/default_policy.yaml): the overall
#: confidence at or below which a comment goes to a person.
UNSURE_TO_PERSON = 0.45


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
    analyses = [analyse(row.text) for row in test]
    for row, analysis in zip(test, analyses, strict=True):
        heads.append(score(analysis, models, explain=0))
        rules.append(classify(row.text, rules_only=True) if row.task == "intent" else None)
    report: dict[str, Any] = {
        "model_version": models.version,
        "throughput_per_s_one_core": round(len(test) / seconds) if seconds else None,
        "heads_cpu_us_per_comment": _heads_cost(models, analyses),
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
        if lang is None:
            intent[key]["confusion"] = confusion(gold, [results[i].intent for i in ids], INTENTS)
            intent[key]["unsure_goes_to_person"] = caught_when_unsure(
                [results[i].confidence for i in ids],
                [results[i].intent == test[i].label for i in ids],
                UNSURE_TO_PERSON,
            )
    report["intent"] = intent
    if models.stack is not None and encoder.available():
        report["encoder"] = _encoder_mode(models, test, analyses, progress)
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


def _heads_cost(models: LinearModels, analyses: Sequence[Analysis]) -> float:
    """CPU microseconds per comment of the trained heads alone (features to probabilities),
    the part of the classify stage this model adds to the rules."""
    # Once untimed: the per-word caches and the heads' per-row tables are filled on first use,
    # as in a service that has been running.
    for analysis in analyses:
        score(analysis, models)
    started = time.process_time()
    for analysis in analyses:
        score(analysis, models)
    spent = time.process_time() - started
    started = time.process_time()
    for analysis in analyses:
        # The features exactly as score() builds them (n-gram counts by vocabulary position
        # and the dense features), not base_features' string keys, which cost more.
        models.positions.counts(analysis.prepared, analysis.text)
        dense_features(analysis)
    spent_features = time.process_time() - started
    # score() builds the features too; they belong to the feature code, not to the heads.
    return round(1e6 * max(0.0, spent - spent_features) / max(1, len(analyses)), 1)


def _encoder_mode(
    models: LinearModels, test: Sequence[Row], analyses: Sequence[Analysis], progress: Progress
) -> dict[str, Any]:
    """The quality mode's heads (n-gram logits + sentence embedding) on the same texts."""
    ids = [
        i for i, r in enumerate(test) if r.task in ("sentiment3", "offensive", "hate", "complaint")
    ]
    progress(f"encoder mode: embedding {len(ids)} held-out texts")
    started = time.process_time()
    embedded = encoder.embed_many([test[i].text for i in ids])
    batch_cpu = time.process_time() - started
    sample = ids[:200]
    started = time.process_time()
    for i in sample:
        encoder.embed(test[i].text)
    single_cpu = time.process_time() - started
    predicted = {
        i: score(analyses[i], models, explain=0, embedding=embedded[k]) for k, i in enumerate(ids)
    }
    out: dict[str, Any] = {
        "encoder": models.stack.encoder if models.stack else None,
        "embed_cpu_ms_per_text_batched": round(1e3 * batch_cpu / max(1, len(ids)), 2),
        "embed_cpu_ms_per_text_one_by_one": round(1e3 * single_cpu / max(1, len(sample)), 2),
    }
    for task, head in (
        ("sentiment3", "sentiment"),
        ("offensive", "offensive"),
        ("hate", "hate"),
        ("complaint", "complaint"),
    ):
        per: dict[str, Any] = {}
        for lang in ("nl", "sv", "en", "de", "fr"):
            chosen = [i for i in ids if test[i].task == task and test[i].lang == lang]
            if chosen:
                per[lang] = summary(
                    [test[i].label for i in chosen],
                    [predicted[i][head].label for i in chosen],
                    HEAD_CLASSES[head],
                )
        out[head] = per
    return out


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
    encoder_mode = report.get("encoder", {})
    sections = [(task, report.get(task, {})) for task in ("sentiment", "offensive", "hate")]
    sections += [("complaint", report.get("complaint", {})), ("intent", report.get("intent", {}))]
    sections += [
        (f"{task} (encoder mode, head alone)", encoder_mode.get(task, {}))
        for task in ("sentiment", "offensive", "hate", "complaint")
    ]
    for task, blocks in sections:
        for key, block in blocks.items():
            if not isinstance(block, dict) or "classes" not in block:
                continue
            classes = "; ".join(
                f"{label} {v['precision']}/{v['recall']}/{v['f1']}"
                for label, v in block["classes"].items()
                if v["support"]
            )
            lines.append(
                f"| {task} | {key} | {block['n']} | {block['accuracy']} | {block['macro_f1']} | {classes} |"
            )
    heads_only = {
        lang: block["head_only_macro_f1"]
        for lang, block in report.get("sentiment", {}).items()
        if "head_only_macro_f1" in block
    }
    if heads_only:
        lines += [
            "",
            "Sentiment rows are the whole pipeline (head, then the rules of `decide`); the head "
            f"alone, macro-F1: {heads_only}.",
        ]
    every = report.get("intent", {}).get("all", {})
    if "confusion" in every:
        mistakes = sorted(
            (
                (n, gold, predicted)
                for gold, row in every["confusion"].items()
                for predicted, n in row.items()
                if predicted != gold
            ),
            key=lambda item: (-item[0], item[1], item[2]),
        )
        lines += [
            "",
            "Intent mistakes (gold -> predicted: n): "
            + ", ".join(f"{g} -> {p}: {n}" for n, g, p in mistakes[:12]),
        ]
    if "unsure_goes_to_person" in every:
        caught = every["unsure_goes_to_person"]
        lines.append(
            f"Confidence <= {caught['threshold']} (route's unsure-goes-to-person) catches "
            f"{caught['errors_caught']} of {caught['errors']} intent mistakes and sends "
            f"{caught['correct_sent_too']} of {caught['correct']} right answers with them."
        )
    lines += ["", f"Calibration (ECE): {report['calibration_ece']}", ""]
    lines.append(f"Throughput, one core: {report['throughput_per_s_one_core']} comments/s")
    if "heads_cpu_us_per_comment" in report:
        lines.append(
            f"The trained heads alone: {report['heads_cpu_us_per_comment']} CPU µs per comment"
        )
    if encoder_mode:
        lines.append(
            f"Encoder mode ({encoder_mode['encoder']}, `WEBCARE_CLASSIFY_ENCODER=on`): "
            f"{encoder_mode['embed_cpu_ms_per_text_batched']} CPU ms per text to embed in "
            f"batches, {encoder_mode['embed_cpu_ms_per_text_one_by_one']} one by one "
            "(as classify does today), on top of the above."
        )
    if "training" in report:
        lines += ["", f"Training choices (on dev): {report['training'].get('choices')}"]
    return "\n".join(lines) + "\n"

"""The trained heads combined with the rules and the context."""

from __future__ import annotations

import json

import numpy as np
import pytest

from services.classify import decide
from services.classify.intent import IntentDecision
from services.classify.linear import ARTIFACTS, WEIGHTS_FILE, LinearModels, Prediction
from services.classify.model import MODEL_VERSION, classify, trained

MODELS = trained()


def test_the_committed_model_is_loaded_and_names_its_version() -> None:
    assert MODELS is not None, "run `webcare train --data ../shared/data` to build it"
    assert MODELS.version == MODEL_VERSION
    assert MODEL_VERSION.startswith("linear-")
    assert classify("Bedankt voor de snelle hulp!").model_version == MODEL_VERSION


def test_the_weights_load_without_pickle_and_stay_small() -> None:
    # What a process loads: the vocabulary and the arrays, not the evaluation report beside them.
    loaded = [p for p in ARTIFACTS.iterdir() if p.is_file() and not p.stem.startswith("evaluation")]
    assert {p.name for p in loaded} == {"vocab.json", "weights.npz", "langid.npz"}
    # 5.5 MB since the intent head learned from 3,300 comments (C 64: fewer weights near zero).
    assert sum(p.stat().st_size for p in loaded) < 6_000_000
    with np.load(ARTIFACTS / WEIGHTS_FILE, allow_pickle=False) as arrays:
        assert arrays["weights"].shape[1] == sum(len(h.classes) for h in MODELS.heads.values())


@pytest.mark.parametrize(
    "text",
    [
        "Oplichters zijn het, ik heb betaald en niks gekregen",
        "Ni är bedragare",
        "scammers, all of you",
        "Ihr seid Betrüger",
        "Bande d'escrocs",
        "I will take this to the ombudsman",
    ],
)
def test_fraud_and_legal_rules_win_over_the_model(text: str) -> None:
    result = classify(text)
    assert result.intent == "legal_threat"
    assert any(reason.startswith("rule:") for reason in result.reasons)


def test_reasons_name_the_model_features_that_decided() -> None:
    result = classify("Mijn pakket is na drie weken nog steeds niet bezorgd")
    assert any(reason.startswith("model:") for reason in result.reasons)
    assert any(reason.startswith("severity:") for reason in result.reasons)


def test_confidences_are_probabilities_and_the_lowest_is_reported() -> None:
    result = classify("hmm ok")
    for value in (result.intent_confidence, result.sentiment_confidence, result.confidence):
        assert 0 <= value <= 1
    assert result.confidence == min(
        result.language_confidence, result.intent_confidence, result.sentiment_confidence
    )


def test_rules_only_mode_gives_the_rules_version() -> None:
    assert classify("Thanks!", rules_only=True).model_version.startswith("rules-")


def _head(**probabilities: float) -> Prediction:
    return Prediction("intent", probabilities, ("w:x",))


def test_an_authors_troll_history_tips_an_ambiguous_provocation_to_troll() -> None:
    rule = IntentDecision("complaint", 0.5, ("rule:customer-problem",))
    head = _head(complaint=0.45, troll=0.4, other=0.15)
    assert decide.decide_intent(rule, head, decide.Context()).intent == "complaint"
    repeat = decide.decide_intent(rule, head, decide.Context(author_troll_count=2))
    assert repeat.intent == "troll"
    assert "context:author-history:troll=2" in repeat.reasons


def test_a_vague_reply_under_a_complaint_continues_the_complaint() -> None:
    rule = IntentDecision("other", 0.35, ("rule:no-signal",))
    head = _head(other=0.5, complaint=0.4, praise=0.1)
    alone = decide.decide_intent(rule, head, decide.Context())
    threaded = decide.decide_intent(rule, head, decide.Context(parent_intent="complaint"))
    assert (alone.intent, threaded.intent) == ("other", "complaint")


def test_a_legal_threat_needs_less_probability_than_other_intents() -> None:
    rule = IntentDecision("complaint", 0.6, ("rule:customer-problem",))
    head = _head(complaint=0.55, legal_threat=0.4, other=0.05)
    decision = decide.decide_intent(rule, head, decide.Context())
    assert decision.intent == "legal_threat"
    assert "model:cautious:legal_threat" in decision.reasons


def test_overriding_rules_keep_their_label_whatever_the_head_says() -> None:
    rule = IntentDecision("legal_threat", 0.7, ("rule:fraud-accusation",))
    decision = decide.decide_intent(rule, _head(complaint=0.9, legal_threat=0.1), decide.Context())
    assert decision.intent == "legal_threat"


def test_reach_and_repeat_offences_raise_severity() -> None:
    quiet = decide.severity(intent="complaint", toxicity=0.0, reach=0.0, context=decide.Context())
    viral = decide.severity(intent="complaint", toxicity=0.0, reach=1.0, context=decide.Context())
    assert viral[0] > quiet[0]
    assert viral[1] in ("medium", "high")


def test_a_one_star_rating_pulls_a_neutral_reading_negative() -> None:
    head = Prediction("sentiment", {"negative": 0.3, "neutral": 0.45, "positive": 0.25}, ())
    intent = IntentDecision("other", 0.4, ())
    assert decide.decide_sentiment(head, intent, rating=1)[0] == "negative"
    assert decide.decide_sentiment(head, intent, rating=None)[0] == "neutral"


def test_saving_and_loading_keeps_the_predictions(tmp_path) -> None:  # type: ignore[no-untyped-def]
    assert MODELS is not None
    MODELS.save(tmp_path)
    copy = LinearModels.load(tmp_path)
    text = "Jullie app crasht steeds, wat een ellende"
    assert classify(text, models=copy) == classify(text, models=MODELS)


def test_the_classify_only_bench_falls_back_to_the_bundled_comments(tmp_path) -> None:  # type: ignore[no-untyped-def]
    from webcare.benchclassify import load_texts

    sample = load_texts(7, tmp_path)  # no labelled.jsonl there
    assert sample.source == "webcare/benchdata.py"
    assert len(sample.texts) == 7
    assert len(set(sample.texts)) == 7


def test_the_classify_only_bench_samples_labelled_texts_without_their_order(tmp_path) -> None:  # type: ignore[no-untyped-def]
    from webcare.benchclassify import load_texts

    rows = [{"text": f"text number {i}", "lang": "en"} for i in range(50)]
    (tmp_path / "labelled.jsonl").write_text("\n".join(json.dumps(r) for r in rows) + "\n")
    sample = load_texts(60, tmp_path)
    assert sample.source.endswith("labelled.jsonl")
    assert len(sample.texts) == 60
    assert set(sample.texts) == {r["text"] for r in rows}
    assert sample.texts[:50] != [r["text"] for r in rows]


def test_the_classify_only_bench_classifies_every_text_and_counts_cpu_time() -> None:
    from webcare.benchclassify import run_classify_bench, text_report

    result = run_classify_bench(12, None, warm_up_texts=3)
    assert result["comments"] == 12
    assert sum(result["languages"].values()) == 12
    assert result["cpu_seconds"] > 0
    assert result["comments_per_cpu_second"] > 0
    assert not result["profiled"]
    assert "comments per CPU-second" in text_report(result)


# -- the fast paths give the same numbers as the plain ones they replaced -------------------

_EDGE_TEXTS = (
    "Mijn pakket is na drie weken nog steeds niet bezorgd",
    "order 12345 order 12345 still not here!!! 😡😡 #fail @brand",
    "Ni är bedragare, bedragare, BEDRAGARE",
    "j'ai attendu l'appel aujourd'hui, c'est inadmissible",
    "Grüße aus München: die Rechnung ist falsch",
    "zzqxv wrrrbl qqqq",  # words the vocabulary has never seen
    "ha" * 1200,  # n-grams counted more than a thousand times
    "🙂👍",
    "",
)


def _texts() -> list[str]:
    from datetime import UTC, datetime

    from webcare.benchdata import make_comments

    now = datetime(2026, 11, 20, tzinfo=UTC)
    return [*_EDGE_TEXTS, *(c["text"] for c in make_comments("equal", 60, now))]


def _plain_vector(
    models: LinearModels, counts: dict[str, int], dense: dict[str, float]
) -> tuple[list[int], list[float]]:
    """The loop the array version replaced, kept as the reference."""
    import math

    indices: list[int] = []
    values: list[float] = []
    idf = [float(v) for v in models.idf]
    for key, count in counts.items():
        position = models.index.get(key)
        if position is not None:
            indices.append(position)
            values.append(idf[position] if count == 1 else (1.0 + math.log(count)) * idf[position])
    norm = math.sqrt(math.fsum([v * v for v in values]))
    if norm:
        values = [v / norm for v in values]
    for key, value in dense.items():
        position = models.index.get(key)
        if position is not None:
            indices.append(position)
            values.append(value)
    return indices, values


def test_the_cached_ngram_positions_are_the_ngram_keys_looked_up_in_order() -> None:
    from services.classify.features import NgramPositions, ngrams
    from services.classify.text import prepare

    assert MODELS is not None
    fresh = NgramPositions(MODELS.index)
    for text in _texts():
        prepared = prepare(text)
        expected = [
            (MODELS.index[key], count)
            for key, count in ngrams(prepared, text).items()
            if key in MODELS.index
        ]
        # First call (cache miss) and second call (cache hit) both match the plain keys.
        assert list(fresh.counts(prepared, text).items()) == expected, text
        assert list(fresh.counts(prepared, text).items()) == expected, text
        assert list(MODELS.positions.counts(prepared, text).items()) == expected, text


def test_the_array_vector_has_exactly_the_plain_loops_numbers() -> None:
    from services.classify.model import analyse, base_features

    assert MODELS is not None
    for text in _texts():
        analysis = analyse(text)
        counts, dense = base_features(analysis)
        expected = _plain_vector(MODELS, counts, dense)
        assert MODELS.vectorize(counts, dense) == expected, text
        positions = MODELS.positions.counts(analysis.prepared, analysis.text)
        indices, values = MODELS.vectorize_positions(positions, dense)
        assert (indices.tolist(), values.tolist()) == expected, text


def test_the_heads_read_the_array_vector_as_they_read_the_plain_one() -> None:
    from services.classify.model import BASE_HEADS, analyse, base_features, stacked

    assert MODELS is not None
    for text in _texts():
        analysis = analyse(text)
        counts, dense = base_features(analysis)
        plain = _plain_vector(MODELS, counts, dense)
        positions = MODELS.positions.counts(analysis.prepared, analysis.text)
        arrays = MODELS.vectorize_positions(positions, dense)
        kwargs = {"stacked": ("intent", stacked), "language": analysis.language.language}
        assert MODELS.predict(*arrays, BASE_HEADS, **kwargs) == MODELS.predict(
            *plain, BASE_HEADS, **kwargs
        ), text

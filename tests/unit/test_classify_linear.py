"""The linear heads at run time: language-specific columns, the encoder stack, the files."""

from __future__ import annotations

import math
from pathlib import Path

import numpy as np
import pytest

from services.classify import encoder
from services.classify.linear import Head, LinearModels, Stack, _largest

_CLASSES = ("negative", "neutral", "positive")


def _models(*, with_stack: bool = False, stack_languages: tuple[str, ...] = ()) -> LinearModels:
    """Two n-grams; "w:mooi" is positive everywhere and, in Dutch only, strongly so."""
    names = ["w:mooi", "w:slecht"]
    weights = np.zeros((2, 6))
    weights[0, 2] = 1.0  # shared: mooi -> positive
    weights[1, 0] = 1.0  # shared: slecht -> negative
    weights[0, 5] = 3.0  # sentiment@nl: mooi -> much more positive
    heads = [Head("sentiment", _CLASSES, 0, 1.0), Head("sentiment@nl", _CLASSES, 3, 1.0)]
    stack = None
    if with_stack:
        # The stack ignores the n-gram logits and reads the first embedding dimension only.
        stack_weights = np.zeros((3 + 4, 3))
        stack_weights[3, 0] = 5.0
        stack = Stack(
            inputs=("sentiment",),
            dim=4,
            encoder="test",
            weights=stack_weights,
            bias=np.zeros(3),
            heads={"sentiment": Head("sentiment", _CLASSES, 0, 1.0)},
            languages=stack_languages,
        )
    return LinearModels(
        version="test",
        names=names,
        n_ngrams=2,
        idf=np.ones(2),
        weights=weights,
        bias=np.zeros(6),
        heads=heads,
        stack=stack,
    )


def _positive(models: LinearModels, **kwargs: object) -> float:
    indices, values = models.vectorize({"w:mooi": 1}, {})
    prediction = models.predict(indices, values, ("sentiment",), **kwargs)["sentiment"]  # type: ignore[arg-type]
    return prediction.probabilities["positive"]


def test_a_language_block_counts_only_for_comments_in_that_language() -> None:
    models = _models()
    assert _positive(models, language="nl") > _positive(models, language="en") + 0.2
    assert _positive(models, language="en") == _positive(models)


def test_the_language_block_shows_in_the_explanation_of_the_winner() -> None:
    models = _models()
    indices, values = models.vectorize({"w:mooi": 1, "w:slecht": 1}, {})
    dutch = models.predict(indices, values, ("sentiment",), language="nl")["sentiment"]
    assert dutch.label == "positive"
    assert dutch.top_features[:1] == ("w:mooi",)


def test_probabilities_are_rounded_to_four_decimals_exactly_as_round_does() -> None:
    rng = np.random.default_rng(7)
    models = _models()
    cases = [(bias, 1.0) for bias in rng.normal(0.0, 3.0, (2_000, 6))]
    # Logits 0, ln 15.5, ln 15.5 put 1/32 = 0.03125 on the first class: a half-step.
    cases.append((np.array([0.0, 1.0, 1.0, 0.0, 0.0, 0.0]), 1 / math.log(15.5)))
    for bias, temperature in cases:
        models.bias = bias.astype(np.float32)
        models.heads["sentiment"] = Head("sentiment", _CLASSES, 0, temperature)
        probabilities = models.predict([], [], ("sentiment",))["sentiment"].probabilities
        logits = [float(v) / temperature for v in models.bias[:3]]
        exp = [math.exp(v - max(logits)) for v in logits]
        expected = [round(v / sum(exp), 4) for v in exp]
        assert list(probabilities.values()) == expected


def test_the_largest_contributions_are_those_a_sort_puts_first_or_none_on_a_tie() -> None:
    rng = np.random.default_rng(11)
    ties = 0
    for _ in range(2_000):
        # Few distinct values, so that equal contributions at the top are common.
        column = rng.integers(-3, 6, rng.integers(1, 12)).astype(np.float32) / 4
        found = _largest(column, 3)
        by_sort = [i for i in (-column).argsort()[:3].tolist() if column[i] > 0]
        top = sorted(column[column > 0].tolist(), reverse=True)[:4]
        if len(set(top)) < len(top):
            ties += 1
            assert found is None
        else:
            assert found == by_sort
    assert ties > 100


def test_the_stack_rescores_only_when_an_embedding_is_given() -> None:
    models = _models(with_stack=True)
    indices, values = models.vectorize({"w:mooi": 1}, {})
    plain = models.predict(indices, values, ("sentiment",))["sentiment"]
    embedded = models.predict(
        indices, values, ("sentiment",), embedding=np.array([1.0, 0.0, 0.0, 0.0])
    )["sentiment"]
    assert plain.label == "positive"
    assert embedded.label == "negative"


def test_a_language_the_encoder_does_not_know_keeps_the_base_head() -> None:
    models = _models(with_stack=True, stack_languages=("nl", "en"))
    indices, values = models.vectorize({"w:mooi": 1}, {})
    vector = np.array([1.0, 0.0, 0.0, 0.0])
    for language, label in (("en", "negative"), ("sv", "positive")):
        prediction = models.predict(
            indices, values, ("sentiment",), language=language, embedding=vector
        )["sentiment"]
        assert prediction.label == label


def test_language_blocks_and_the_stack_survive_saving_and_loading(tmp_path: Path) -> None:
    models = _models(with_stack=True)
    models.save(tmp_path)
    loaded = LinearModels.load(tmp_path)
    assert set(loaded.by_language["sentiment"]) == {"nl"}
    assert loaded.stack is not None
    assert loaded.stack.inputs == ("sentiment",)
    vector = np.array([1.0, 0.0, 0.0, 0.0])
    assert _positive(loaded, language="nl", embedding=vector) == pytest.approx(
        _positive(models, language="nl", embedding=vector), abs=1e-3
    )


def test_the_encoder_is_off_unless_the_operator_turns_it_on(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.delenv(encoder.ENV, raising=False)
    assert not encoder.enabled()
    monkeypatch.setenv(encoder.ENV, "on")
    assert encoder.enabled()
    monkeypatch.setenv(encoder.ENV, "off")
    assert not encoder.enabled()


def test_the_encoder_gives_one_normalised_vector_per_text() -> None:
    vectors = encoder.embed_many(["Mijn pakket is kwijt", "My parcel is lost", "Bonjour"])
    assert vectors.shape == (3, encoder.DIM)
    assert np.allclose(np.linalg.norm(vectors, axis=1), 1.0, atol=1e-3)
    # The same complaint in two languages lands closer than an unrelated greeting.
    assert vectors[0] @ vectors[1] > vectors[0] @ vectors[2]

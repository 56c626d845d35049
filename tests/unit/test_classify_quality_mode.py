"""The quality mode in the classify stage: a batch is embedded at once, with the same result."""

from __future__ import annotations

import numpy as np
import pytest

from services.classify import encoder
from services.classify.handlers import _embeddings, classify_comment
from tests.unit.factories_route import make_comment

TEXTS = (
    "Mijn pakket is al twee weken onderweg en niemand antwoordt",
    "Still no refund after three weeks, this is ridiculous",
    "Ich warte seit Tagen auf meine Rechnung",
)


def test_a_batch_is_embedded_once_and_classified_as_one_by_one(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv(encoder.ENV, "on")
    comments = [
        make_comment(text, comment_id=n, external_id=f"q{n}") for n, text in enumerate(TEXTS)
    ]
    deleted = make_comment("weg", comment_id=99, external_id="gone", kind="deleted")
    embeddings = _embeddings([*comments, deleted])
    assert set(embeddings) == {0, 1, 2}  # a deleted comment has nothing to read
    for comment in comments:
        assert np.allclose(embeddings[comment.comment_id], encoder.embed(comment.text), atol=1e-4)
        batched = classify_comment(comment, embedding=embeddings[comment.comment_id])
        alone = classify_comment(comment)
        assert batched.sentiment_confidence == pytest.approx(alone.sentiment_confidence, abs=1e-3)
        assert (batched.intent, batched.sentiment) == (alone.intent, alone.sentiment)


def test_nothing_is_embedded_when_the_quality_mode_is_off(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(encoder.ENV, "off")
    assert _embeddings([make_comment(TEXTS[0])]) == {}

"""`webcare train` end to end on a tiny data set: fits, exports, evaluates, reproduces."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
from scipy import sparse
from typer.testing import CliRunner

from services.classify import encoder
from services.classify.linear import LinearModels
from services.classify.model import classify
from webcare.cli import app
from webcare.train import PROJECT_SET, _fit, _nb_scale, hash_split, load_rows, train

# Made up for this test, in labelled.jsonl's shape: a few rows of each shared task.
_TASKS = {
    ("sentiment3", "en"): [
        ("what a lovely day, so happy", "positive"),
        ("great news, congrats to the team", "positive"),
        ("this is awful, I hate it", "negative"),
        ("terrible news, so sad today", "negative"),
        ("the meeting is at 3pm", "neutral"),
        ("new timetable from monday", "neutral"),
    ],
    ("offensive", "en"): [
        ("you are a stupid idiot", "offensive"),
        ("shut up moron", "offensive"),
        ("have a nice weekend", "not"),
        ("see you at the game", "not"),
    ],
    ("hate", "de"): [
        ("diese leute sind abschaum", "hate"),
        ("ich mag meine nachbarn", "not"),
    ],
    ("complaint", "en"): [
        ("my order never arrived and nobody answers", "complaint"),
        ("charged twice again, fix it", "complaint"),
        ("watching the game tonight", "not"),
        ("happy birthday mate", "not"),
    ],
}


def _tiny(folder: Path) -> Path:
    lines = []
    for copy in range(4):  # enough rows for the minimum document frequency
        for (task, lang), items in _TASKS.items():
            for text, label in items:
                row = {"text": f"{text} #{copy}", "lang": lang, "task": task, "label": label}
                lines.append(json.dumps({**row, "source": "test"}))
    (folder / "labelled.jsonl").write_text("\n".join(lines) + "\n")
    return folder


def test_train_writes_a_model_and_a_report_that_classify_can_use(tmp_path: Path) -> None:
    (tmp_path / "data").mkdir()
    data, out = _tiny(tmp_path / "data"), tmp_path / "model"
    result = CliRunner().invoke(app, ["train", "--data", str(data), "--out", str(out)])
    assert result.exit_code == 0, result.output
    report = json.loads((out / "evaluation.json").read_text())
    assert set(report["sentiment"]) == {"en"}
    assert set(report["intent"]) == {"nl", "sv", "en", "de", "fr", "all"}
    assert report["intent"]["all"]["n"] > 60
    assert "| intent | all |" in (out / "evaluation.md").read_text()
    models = LinearModels.load(out)
    assert models.version == report["model_version"]
    # Sentiment has one block of weights per language, and the quality mode a stack (the
    # encoder is a dependency, so training always builds it).
    assert set(models.by_language["sentiment"]) == {"nl", "sv", "en", "de", "fr"}
    assert encoder.available()
    assert models.stack is not None
    assert set(models.stack.heads) == {"sentiment", "offensive", "hate", "complaint"}
    assert set(report["encoder"]["sentiment"]) == {"en"}
    assert "| sentiment (encoder mode, head alone) | en |" in (out / "evaluation.md").read_text()
    assert classify("Ihr seid Betrüger", models=models).intent == "legal_threat"
    # Only n-grams and weights are written, never a whole text.
    assert "my order never arrived and nobody answers" not in (out / "vocab.json").read_text()


def test_training_twice_on_the_same_data_gives_the_same_model(tmp_path: Path) -> None:
    rows = load_rows([_tiny(tmp_path)], PROJECT_SET, None)
    first, _ = train(rows, progress=lambda _: None)
    second, _ = train(rows, progress=lambda _: None)
    assert first.version == second.version
    assert first.names == second.names


def test_a_text_always_falls_in_the_same_split() -> None:
    splits = [hash_split(f"comment number {i}") for i in range(1000)]
    assert splits == [hash_split(f"comment number {i}") for i in range(1000)]
    assert 0.6 < splits.count("train") / 1000 < 0.8
    assert 0.14 < splits.count("test") / 1000 < 0.26


def test_a_folder_without_data_is_refused_with_what_to_do(tmp_path: Path) -> None:
    result = CliRunner().invoke(
        app, ["train", "--data", str(tmp_path), "--out", str(tmp_path / "m"), "--no-project-set"]
    )
    assert result.exit_code == 2
    assert "labelled.jsonl" in result.output


def test_a_feature_seen_with_one_class_only_is_scaled_up_and_an_even_one_down() -> None:
    # columns: only in positives, in every text, only in negatives
    present = sparse.csr_matrix(np.array([[1, 1, 0], [1, 1, 0], [0, 1, 1], [0, 1, 1]], float))
    scale = _nb_scale(present, np.array([1, 1, 0, 0]))
    assert scale[0] > 0.5 and scale[2] > 0.5
    assert scale[1] < 0.01


def test_the_nb_mix_is_one_linear_model_between_its_two_parts() -> None:
    rng = np.random.default_rng(0)
    x = sparse.csr_matrix(rng.random((40, 6)) * (rng.random((40, 6)) > 0.5))
    y = ["positive" if row[0] + row[1] > row[2] + 0.3 else "negative" for row in x.toarray()]
    classes = ("negative", "positive")
    plain_w, plain_b = _fit(x, y, [1.0] * 40, classes, 1.0)
    nb_w, nb_b = _fit(x, y, [1.0] * 40, classes, 1.0, nb_mix=1.0)
    half_w, half_b = _fit(x, y, [1.0] * 40, classes, 1.0, nb_mix=0.5)
    assert not np.allclose(plain_w, nb_w)
    np.testing.assert_allclose(half_w, (plain_w + nb_w) / 2, atol=1e-9)
    np.testing.assert_allclose(half_b, (plain_b + nb_b) / 2, atol=1e-9)
    # The NB-scaled model still separates the classes it was fitted on.
    predicted = [classes[j] for j in (x @ nb_w + nb_b).argmax(axis=1)]
    assert sum(p == g for p, g in zip(predicted, y, strict=True)) >= 32

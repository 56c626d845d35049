"""The project's own labelled set: one idea in five languages, on one side of the split."""

from __future__ import annotations

import json
from collections import Counter, defaultdict
from pathlib import Path
from typing import Any

from shared.events import INTENTS

SET = Path(__file__).resolve().parents[2] / "data" / "webcare_intents.jsonl"
#: Ideas for tuning the rules: never trained on, never part of the held-out test split.
DEV_SET = SET.with_name("webcare_intents_dev.jsonl")
#: Other writers' comments, an idea each in one language: one batch trained on, one held out.
WRITERS_SET = SET.with_name("webcare_intents_writers.jsonl")
WRITERS_BATCHES = {
    "x3": "train",
    "x4": "test",
    "x5": "train",
    "x6": "train",
    "x7": "train",
    "x8": "train",
}
LANGUAGES = {"nl", "sv", "en", "de", "fr"}
#: The issue asks for at least this many realistic comments per language.
MIN_PER_LANGUAGE = 60


def _rows(path: Path = SET) -> list[dict[str, Any]]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line]


def test_every_row_has_the_fields_training_reads_and_a_known_label() -> None:
    for row in _rows():
        assert set(row) == {"id", "text", "lang", "intent", "sentiment", "split"}, row["id"]
        assert row["intent"] in INTENTS
        assert row["sentiment"] in {"negative", "neutral", "positive"}
        assert row["split"] in {"train", "test"}
        assert row["id"].startswith(row["lang"] + "-")
        assert row["text"].strip()


def test_ids_and_texts_are_unique() -> None:
    rows = _rows()
    assert len({row["id"] for row in rows}) == len(rows)
    assert len({row["text"] for row in rows}) == len(rows)


def test_each_idea_is_written_in_all_five_languages_with_one_label_and_one_split() -> None:
    groups: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for row in _rows():
        groups[row["id"].split("-", 1)[1]].append(row)
    for group, versions in groups.items():
        assert {row["lang"] for row in versions} == LANGUAGES, group
        assert len({row["intent"] for row in versions}) == 1, group
        # All versions on one side, so a translation never leaks into the held-out split.
        assert len({row["split"] for row in versions}) == 1, group


def test_every_language_has_enough_comments_and_every_intent_on_both_sides() -> None:
    rows = _rows()
    per_language = Counter(row["lang"] for row in rows)
    assert min(per_language.values()) >= MIN_PER_LANGUAGE
    for language in LANGUAGES:
        for split in ("train", "test"):
            present = {r["intent"] for r in rows if r["lang"] == language and r["split"] == split}
            assert present == set(INTENTS), (language, split)


def test_the_dev_batch_is_its_own_ideas_in_five_languages_and_shares_no_text() -> None:
    dev = _rows(DEV_SET)
    groups: dict[str, set[str]] = defaultdict(set)
    for row in dev:
        assert set(row) == {"id", "text", "lang", "intent", "sentiment", "split"}, row["id"]
        assert row["split"] == "dev"
        assert row["intent"] in INTENTS
        assert row["id"].startswith(row["lang"] + "-dev-")
        groups[row["id"].split("-", 1)[1]].add(row["lang"])
    assert all(languages == LANGUAGES for languages in groups.values())
    assert {row["intent"] for row in dev} == set(INTENTS)
    assert not {row["text"] for row in dev} & {row["text"] for row in _rows()}


def test_the_other_writers_comments_are_their_own_and_each_batch_on_one_side() -> None:
    rows = _rows(WRITERS_SET)
    for row in rows:
        assert set(row) == {"id", "text", "lang", "intent", "sentiment", "split"}, row["id"]
        assert row["intent"] in INTENTS
        assert row["sentiment"] in {"negative", "neutral", "positive"}
        lang, batch, intent, _ = row["id"].split("-")
        assert (lang, intent) == (row["lang"], row["intent"]), row["id"]
        # A writer's batch is all train or all test: the test batch's writers never trained it.
        assert row["split"] == WRITERS_BATCHES[batch], row["id"]
    assert len({row["id"] for row in rows}) == len(rows)
    texts = {row["text"].strip().casefold() for row in rows}
    assert len(texts) == len(rows)
    others = {row["text"].strip().casefold() for row in _rows() + _rows(DEV_SET)}
    assert not texts & others, "no text in two sets"
    for language in LANGUAGES:
        for split in ("train", "test"):
            present = {r["intent"] for r in rows if r["lang"] == language and r["split"] == split}
            assert present == set(INTENTS), (language, split)


def test_training_reads_the_other_writers_comments_as_an_idea_each_for_the_intent_head() -> None:
    from webcare.train import PROJECT_SET, _head_rows, load_rows

    rows = [r for r in load_rows([], PROJECT_SET, None) if r.task == "intent"]
    writers = {row["text"]: row for row in _rows(WRITERS_SET)}
    read = [r for r in rows if r.text in writers]
    assert len(read) == len(writers)
    assert all(r.group == writers[r.text]["id"] and r.intent_only for r in read)
    # The tweet-trained heads learn from the project's own comments, not from these.
    for head in ("sentiment", "offensive", "complaint"):
        taught = {rows[i].text for i, _, _ in _head_rows(rows, head)}
        assert taught and not taught & set(writers), head
    assert {r.group for r in rows if r.text not in writers} == {
        row["id"].split("-", 1)[1] for row in _rows()
    }

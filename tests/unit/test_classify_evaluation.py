"""What the evaluation report measures, and how the intent head sees the rules in training.

The texts are written for these tests; none comes from data/webcare_intents.jsonl.
"""

from __future__ import annotations

from services.classify.evaluation import caught_when_unsure, confusion
from services.classify.model import analyse
from webcare.train import Row, unseen_rules


def test_confusion_counts_each_gold_label_by_what_was_predicted() -> None:
    gold = ["troll", "troll", "troll", "abuse", "spam"]
    predicted = ["troll", "question", "question", "abuse", "other"]
    table = confusion(gold, predicted, ("troll", "abuse", "spam", "question", "other"))
    assert table == {
        "troll": {"troll": 1, "question": 2},
        "abuse": {"abuse": 1},
        "spam": {"other": 1},
    }


def test_the_unsure_rule_counts_caught_mistakes_and_right_answers_sent_along() -> None:
    caught = caught_when_unsure([0.3, 0.45, 0.9, 0.4, 0.8], [False, False, False, True, True], 0.45)
    assert caught == {
        "threshold": 0.45,
        "errors": 3,
        "errors_caught": 2,
        "correct": 2,
        "correct_sent_too": 1,
    }


def _rows(*items: tuple[str, str]) -> list[Row]:
    return [Row(text, "en", "intent", "legal_threat", "train", 3.0, None, g) for g, text in items]


def test_a_phrase_only_its_own_idea_matches_is_left_out_of_that_ideas_rules() -> None:
    rows = _rows(
        ("legal_threat-1", "I am calling my lawyer"),
        ("legal_threat-2", "My lawyer will hear about this"),
        ("legal_threat-3", "See you in court"),
    )
    analyses = [analyse(row.text, language_hint=row.lang) for row in rows]
    assert all(a.rule_intent.intent == "legal_threat" for a in analyses)
    unseen = unseen_rules(rows, analyses, range(len(rows)))
    # "lawyer" fires on two ideas, so each keeps it; "see you in court" fires on one only.
    assert [a.rule_intent.intent for a in unseen] == ["legal_threat", "legal_threat", "other"]
    assert "lexicon:legal:en:'see you in court'" not in unseen[2].signals.reasons
    # The text and the language are the comment's own: only the rules' reading changes.
    assert unseen[2].prepared == analyses[2].prepared
    assert unseen[2].language == analyses[2].language


def test_versions_of_one_idea_count_as_one_idea_not_two() -> None:
    rows = _rows(("legal_threat-1", "See you in court"), ("legal_threat-1", "See you in court!"))
    analyses = [analyse(row.text, language_hint=row.lang) for row in rows]
    unseen = unseen_rules(rows, analyses, range(len(rows)))
    assert [a.rule_intent.intent for a in unseen] == ["other", "other"]

"""The route decision: each condition type, rule order, and the playbook guards."""

from __future__ import annotations

from typing import Any

import pytest

from shared.policy import Conditions, DoNotEngage, Rule
from tests.unit.factories_route import DEFAULT_POLICY, one_rule_policy, route

# --- each condition type -------------------------------------------------------------

CONDITION_CASES: list[tuple[dict[str, Any], dict[str, Any], dict[str, Any]]] = [
    # (conditions, route() arguments that satisfy them, route() arguments that do not)
    ({"intent": ["question"]}, {"intent": "question"}, {"intent": "complaint"}),
    ({"sentiment": ["positive"]}, {"sentiment": "positive"}, {"sentiment": "negative"}),
    ({"language": ["sv"]}, {"language": "sv"}, {"language": "nl"}),
    ({"platform": ["x"]}, {"comment": {"platform": "x"}}, {"comment": {"platform": "facebook"}}),
    ({"owned_channel": False}, {"comment": {"owned_channel": False}}, {}),
    ({"min_confidence": 0.8}, {"confidence": 0.8}, {"confidence": 0.79}),
    ({"max_confidence": 0.45}, {"confidence": 0.45}, {"confidence": 0.46}),
    ({"min_toxicity": 0.7}, {"toxicity": 0.7}, {"toxicity": 0.69}),
    ({"min_reach": 0.6}, {"reach_score": 0.6}, {"reach_score": 0.59}),
    (
        {"min_followers": 10_000},
        {"comment": {"author_followers": 10_000}},
        {"comment": {"author_followers": None}},
    ),
    ({"min_author_troll_count": 1}, {"troll": 1}, {"troll": 0}),
    ({"max_author_troll_count": 0}, {"troll": 0}, {"troll": 1}),
    ({"min_author_abuse_count": 2}, {"abuse": 2}, {"abuse": 1}),
    ({"keywords": ["Petitie"]}, {"text": "Teken de PETITIE!"}, {"text": "Teken hier."}),
    ({"business_hours": True}, {"hours": True}, {"hours": False}),
    ({"business_hours": False}, {"hours": False}, {"hours": None}),
    ({"brand": ["Acme"]}, {"comment": {"brand": "acme"}}, {"comment": {"brand": None}}),
]


@pytest.mark.parametrize(("when", "matching", "other"), CONDITION_CASES)
def test_a_rule_applies_exactly_when_its_condition_holds(
    when: dict[str, Any], matching: dict[str, Any], other: dict[str, Any]
) -> None:
    policy = one_rule_policy(Rule(name="r", when=Conditions(**when), action="answer"))
    assert route(policy, **matching).rule == "r"
    assert route(policy, **other).rule == "fallback"


def test_every_given_condition_must_hold() -> None:
    when = Conditions(intent=["complaint"], language=["de"])
    policy = one_rule_policy(Rule(name="r", when=when, action="answer"))
    assert route(policy, intent="complaint", language="de").rule == "r"
    assert route(policy, intent="complaint", language="fr").rule == "fallback"


def test_the_first_matching_rule_wins() -> None:
    policy = one_rule_policy(
        Rule(name="first", when=Conditions(intent=["question"]), action="answer"),
        Rule(name="second", when=Conditions(), action="human_review"),
    )
    assert route(policy, intent="question").rule == "first"
    assert route(policy, intent="praise").rule == "second"


def test_the_fallback_decides_when_no_rule_matches_and_says_so() -> None:
    policy = one_rule_policy(Rule(name="r", when=Conditions(intent=["spam"]), action="hide"))
    decision = route(policy, intent="question")
    assert (decision.action, decision.rule) == ("human_review", "fallback")
    assert "no rule matched" in decision.reasons


def test_reasons_name_the_rule_and_the_classification() -> None:
    decision = route(intent="complaint", confidence=0.82)
    assert decision.reasons[:2] == ("rule:complaint-answer-offline", "intent=complaint(0.82)")


def test_auto_send_follows_the_rule() -> None:
    policy = one_rule_policy(Rule(name="r", action="thank", auto_send=True))
    assert route(policy, intent="praise", sentiment="positive").auto_send is True


# --- guards no rule can override ------------------------------------------------------


def test_a_deleted_comment_is_ignored_whatever_the_rules_say() -> None:
    decision = route(intent="complaint", comment={"kind": "deleted"}, text="")
    assert (decision.action, decision.rule) == ("ignore", "deleted-by-author")


def test_a_do_not_engage_thread_is_left_alone() -> None:
    dne = DoNotEngage(threads=["anti-brand-group"])
    policy = DEFAULT_POLICY.model_copy(update={"do_not_engage": dne})
    decision = route(policy, comment={"thread_id": "anti-brand-group"})
    assert (decision.action, decision.rule) == ("ignore", "do-not-engage")
    assert route(policy, comment={"thread_id": "t2"}).action == "respond_offline"


def test_a_do_not_engage_topic_matches_case_insensitively() -> None:
    policy = DEFAULT_POLICY.model_copy(update={"do_not_engage": DoNotEngage(topics=["Groningen"])})
    decision = route(policy, text="Wat doen jullie in GRONINGEN?", intent="question")
    assert (decision.action, decision.rule) == ("ignore", "do-not-engage")


def test_a_legal_threat_in_a_do_not_engage_thread_is_still_held() -> None:
    policy = DEFAULT_POLICY.model_copy(update={"do_not_engage": DoNotEngage(threads=["t1"])})
    assert route(policy, intent="legal_threat").action == "hold_legal"


def test_a_legal_threat_is_held_even_when_the_rules_would_answer_it() -> None:
    policy = one_rule_policy(Rule(name="r", action="answer", auto_send=True))
    decision = route(policy, intent="legal_threat")
    assert (decision.action, decision.priority, decision.auto_send) == (
        "hold_legal",
        "critical",
        False,
    )
    assert decision.rule == "legal-threat-guard"


def test_a_genuine_complaint_is_never_hidden() -> None:
    policy = one_rule_policy(Rule(name="hide-all", action="hide", priority="low", auto_send=True))
    decision = route(policy, intent="complaint", abuse=3)
    assert decision.action == "respond_offline"
    assert decision.priority == "normal"
    assert decision.auto_send is False
    assert any("never hide a genuine complaint" in r for r in decision.reasons)


def test_a_first_time_complaint_is_never_ignored() -> None:
    policy = one_rule_policy(Rule(name="ignore-all", action="ignore", priority="low"))
    assert route(policy, intent="complaint").action == "respond_offline"
    # Calmly worded complaints count too: the guard is about the intent, not the tone.
    assert route(policy, intent="complaint", sentiment="neutral").action == "respond_offline"


def test_a_complaint_from_a_known_troll_may_be_ignored() -> None:
    policy = one_rule_policy(Rule(name="ignore-all", action="ignore", priority="low"))
    assert route(policy, intent="complaint", troll=1).action == "ignore"


def test_a_first_time_angry_question_is_never_ignored_but_goes_to_a_person() -> None:
    policy = one_rule_policy(Rule(name="ignore-all", action="ignore", priority="low"))
    assert route(policy, intent="question", sentiment="negative").action == "human_review"
    assert route(policy, intent="question", sentiment="neutral").action == "ignore"


def test_spam_may_be_hidden_by_a_rule() -> None:
    policy = one_rule_policy(Rule(name="hide-all", action="hide", priority="low"))
    assert route(policy, intent="spam", sentiment="negative").action == "hide"

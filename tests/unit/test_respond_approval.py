"""The approval policy: what goes out without a person, and what no approval overrides."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import pytest
from pydantic import ValidationError

from shared.policy import ApprovalPolicy, AutoSend, Policy, load_policy
from shared.replies.approval import APPROVAL_REQUIRED, CHECKS_FAILED, Subject, blocking, decide

POLICY = load_policy(Path(__file__).parents[2] / "shared" / "default_policy.yaml")
PRAISE = Subject(
    kind="public_reply",
    action="thank",
    intent="praise",
    confidence=0.95,
    platform="facebook",
    language="nl",
    owned_channel=True,
    priority="low",
    rule="praise-thank",
    rule_auto_send=False,
)
THANKS_FOR_PRAISE = AutoSend(
    name="praise-thanks",
    actions=["thank"],
    intents=["praise"],
    min_confidence=0.9,
    platforms=["facebook", "instagram"],
    languages=["nl", "en"],
)


def with_approval(**fields: object) -> Policy:
    approval = ApprovalPolicy.model_validate(fields)
    return POLICY.model_copy(
        update={"replies": POLICY.replies.model_copy(update={"approval": approval})}
    )


def test_the_default_policy_sends_nothing_without_a_person() -> None:
    assert decide(POLICY, PRAISE, ()).send is False
    assert decide(POLICY, PRAISE, ()).reason == APPROVAL_REQUIRED


def test_thanks_for_praise_with_high_confidence_goes_out_when_the_policy_allows_it() -> None:
    policy = with_approval(auto_send=[THANKS_FOR_PRAISE])
    result = decide(policy, PRAISE, ())
    assert result.send is True and result.reason == "auto_send:praise-thanks"


@pytest.mark.parametrize(
    "change",
    [
        {"confidence": 0.89},
        {"platform": "x"},
        {"language": "de"},
        {"intent": "complaint", "action": "respond_offline"},
        {"kind": "followup_public"},
    ],
)
def test_praise_outside_the_policy_entry_waits_for_a_person(change: dict[str, object]) -> None:
    policy = with_approval(auto_send=[THANKS_FOR_PRAISE])
    result = decide(policy, replace(PRAISE, **change), ())  # type: ignore[arg-type]
    assert result.send is False and result.reason == APPROVAL_REQUIRED


def test_a_draft_that_fails_a_check_always_waits_whatever_the_policy_or_rule_says() -> None:
    policy = with_approval(auto_send=[THANKS_FOR_PRAISE])
    result = decide(policy, replace(PRAISE, rule_auto_send=True), ("greeting_name",))
    assert result.send is False and result.reason == CHECKS_FAILED


def test_a_routing_rules_auto_send_still_sends_unless_the_policy_turns_it_off() -> None:
    subject = replace(PRAISE, rule_auto_send=True)
    assert decide(POLICY, subject, ()).reason == "rule:praise-thank"
    assert decide(POLICY, subject, ()).send is True
    assert decide(with_approval(rule_auto_send=False), subject, ()).send is False


def test_an_entry_can_be_limited_to_owned_channels_and_priorities() -> None:
    entry = AutoSend(name="own-low", owned_channel=True, priorities=["low"])
    policy = with_approval(auto_send=[entry])
    assert decide(policy, PRAISE, ()).send is True
    assert decide(policy, replace(PRAISE, owned_channel=False), ()).send is False
    assert decide(policy, replace(PRAISE, priority="high"), ()).send is False


def test_only_the_blocking_checks_refuse_a_persons_approval() -> None:
    failed = ("greeting_name", "personal_data", "signature", "banned_phrase")
    assert blocking(POLICY, failed) == ("personal_data", "banned_phrase")
    assert blocking(with_approval(blocking_checks=[]), failed) == ()


def test_an_unknown_check_name_in_the_policy_is_refused() -> None:
    with pytest.raises(ValidationError):
        ApprovalPolicy.model_validate({"blocking_checks": ["spelling"]})

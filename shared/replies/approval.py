"""Whether a draft may go out without a person, and what no person's approval overrides.

Pure decisions on the policy's ``replies.approval`` section (no I/O, no clock). A draft
that fails any check never goes out on its own; a draft that passes goes out when a
policy entry matches it (``auto_send:<name>``) or its routing rule says so
(``rule:<name>``); everything else waits for a person (playbook 2 and 5: a person stays
in the loop for replies that need judgement).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from shared.policy import AutoSend, Policy

CHECKS_FAILED = "checks_failed"
APPROVAL_REQUIRED = "approval_required"


@dataclass(frozen=True)
class Subject:
    """What the approval policy looks at: the draft's kind and the decision behind it."""

    kind: str
    action: str
    intent: str
    confidence: float
    platform: str
    language: str
    owned_channel: bool
    priority: str
    rule: str
    rule_auto_send: bool


@dataclass(frozen=True)
class Approval:
    """``send``: goes out at once. ``reason`` is stored with the reply and shown to people."""

    send: bool
    reason: str


def _matches(entry: AutoSend, s: Subject) -> bool:
    conditions: list[bool] = [s.kind in entry.kinds]
    for allowed, value in (
        (entry.actions, s.action),
        (entry.intents, s.intent),
        (entry.platforms, s.platform),
        (entry.languages, s.language),
        (entry.priorities, s.priority),
    ):
        if allowed is not None:
            conditions.append(value in allowed)
    if entry.min_confidence is not None:
        conditions.append(s.confidence >= entry.min_confidence)
    if entry.owned_channel is not None:
        conditions.append(s.owned_channel == entry.owned_channel)
    return all(conditions)


def decide(policy: Policy, subject: Subject, checks_failed: Iterable[str]) -> Approval:
    """Send at once, or wait for a person; the reason names the entry or rule that decided."""
    if tuple(checks_failed):
        return Approval(send=False, reason=CHECKS_FAILED)
    rules = policy.replies.approval
    for entry in rules.auto_send:
        if _matches(entry, subject):
            return Approval(send=True, reason=f"auto_send:{entry.name}")
    if rules.rule_auto_send and subject.rule_auto_send:
        return Approval(send=True, reason=f"rule:{subject.rule}")
    return Approval(send=False, reason=APPROVAL_REQUIRED)


def blocking(policy: Policy, checks_failed: Iterable[str]) -> tuple[str, ...]:
    """The failed checks that a person's approval does not override (the text is refused)."""
    hard = set(policy.replies.approval.blocking_checks)
    return tuple(name for name in checks_failed if name in hard)

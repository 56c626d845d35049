"""The route decision: what happens to one classified comment.

The first rule in the policy whose conditions all hold decides; ``policy.fallback`` decides
when none does. Around the rules sit guards from the playbook that no policy file can turn
off, applied in this order:

1. a comment the author deleted is ignored (``deleted-by-author``);
2. a legal threat (by intent, or because a rule holds it) always goes to ``hold_legal``;
3. a do-not-engage thread or topic is ignored (``do-not-engage``; playbook 3);
4. a genuine complaint is never hidden, and a first-time angry customer is never ignored
   or hidden (playbook 3: deleting provokes more anger, mixed reviews add credibility).

Pure: no I/O, no clock, no logging. The caller records ``rule`` and ``reasons``.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from shared.events import Action, Classification, Priority, StoredComment
from shared.policy import Conditions, Policy, Rule

RULE_DELETED = "deleted-by-author"
RULE_DO_NOT_ENGAGE = "do-not-engage"
RULE_LEGAL_GUARD = "legal-threat-guard"

#: Actions whose outcome a person must always handle; they never go out automatically.
_PERSON_ACTIONS: frozenset[str] = frozenset({"hold_legal", "escalate_crisis", "human_review"})
_SILENCING: frozenset[str] = frozenset({"ignore", "hide"})
#: Intents an angry first-time customer is classified with; troll/abuse/spam are not.
_CUSTOMER_INTENTS: frozenset[str] = frozenset({"complaint", "question", "other"})
_PRIORITY_RANK: dict[str, int] = {"low": 0, "normal": 1, "high": 2, "critical": 3}


@dataclass(frozen=True)
class Decision:
    """What route decided, the rule (or guard) that decided it, and why."""

    action: Action
    priority: Priority
    rule: str
    #: May the draft for this decision go out without a person approving it?
    auto_send: bool
    reasons: tuple[str, ...]


def decide(
    *,
    comment: StoredComment,
    classification: Classification,
    policy: Policy,
    now: datetime,
    author_troll_count: int = 0,
    author_abuse_count: int = 0,
    in_business_hours: bool | None = None,
    reach_growth: float | None = None,
) -> Decision:
    """Decide the action for one comment.

    ``now`` is accepted for rules that may depend on it later; the decision does not read a
    clock. ``in_business_hours`` is None when unknown: a rule with a ``business_hours``
    condition then does not match.
    """
    del now  # part of the contract; nothing in the current rule language needs it
    c = classification
    signals = (
        f"intent={c.intent}({c.intent_confidence:.2f})",
        f"sentiment={c.sentiment}({c.sentiment_confidence:.2f})",
        f"language={c.language}",
    )
    if comment.kind == "deleted":
        return Decision("ignore", "low", RULE_DELETED, False, ("comment deleted by its author",))

    rule, matched = _first_match(
        policy,
        comment=comment,
        classification=c,
        troll_count=author_troll_count,
        abuse_count=author_abuse_count,
        in_business_hours=in_business_hours,
        reach_growth=reach_growth,
    )
    reasons = [f"rule:{rule.name}", *signals, *matched]
    if rule is policy.fallback:
        reasons.append("no rule matched")

    if c.intent == "legal_threat" or rule.action == "hold_legal":
        if rule.action == "hold_legal":
            return Decision("hold_legal", rule.priority, rule.name, False, tuple(reasons))
        reasons.append(f"guard: legal threat goes to a person, not {rule.action}")
        return Decision("hold_legal", "critical", RULE_LEGAL_GUARD, False, tuple(reasons))

    dne = _do_not_engage(comment, policy)
    if dne is not None:
        return Decision("ignore", "low", RULE_DO_NOT_ENGAGE, False, (dne, *signals))

    action: Action = rule.action
    priority: Priority = rule.priority
    first_time = author_troll_count == 0 and author_abuse_count == 0
    angry_newcomer = first_time and c.sentiment == "negative" and c.intent in _CUSTOMER_INTENTS
    if action in _SILENCING and (
        (c.intent == "complaint" and (action == "hide" or first_time)) or angry_newcomer
    ):
        replacement: Action = "respond_offline" if c.intent == "complaint" else "human_review"
        who = "a genuine complaint" if c.intent == "complaint" else "a first-time angry customer"
        reasons.append(f"guard: never {action} {who}; {replacement} instead")
        action, priority = replacement, _at_least(priority, "normal")

    auto_send = rule.auto_send and action == rule.action and action not in _PERSON_ACTIONS
    return Decision(action, priority, rule.name, auto_send, tuple(reasons))


def _first_match(
    policy: Policy,
    *,
    comment: StoredComment,
    classification: Classification,
    troll_count: int,
    abuse_count: int,
    in_business_hours: bool | None,
    reach_growth: float | None = None,
) -> tuple[Rule, list[str]]:
    for rule in policy.rules:
        matched = conditions_hold(
            rule.when,
            comment=comment,
            classification=classification,
            troll_count=troll_count,
            abuse_count=abuse_count,
            in_business_hours=in_business_hours,
            reach_growth=reach_growth,
        )
        if matched is not None:
            return rule, matched
    return policy.fallback, []


def conditions_hold(
    when: Conditions,
    *,
    comment: StoredComment,
    classification: Classification,
    troll_count: int = 0,
    abuse_count: int = 0,
    in_business_hours: bool | None = None,
    reach_growth: float | None = None,
) -> list[str] | None:
    """The reasons each given condition holds, or None when any one of them fails.

    Lower bounds (``min_*``) and upper bounds (``max_*``) are inclusive.
    """
    c = classification
    # The conditions every rule names first (intent, sentiment, language) cost a set lookup;
    # the first that fails ends the check, before any reason is formatted.
    if when.intent is not None and c.intent not in when.intent:
        return None
    if when.sentiment is not None and c.sentiment not in when.sentiment:
        return None
    if when.language is not None and c.language not in when.language:
        return None
    reasons: list[str] = []
    if when.platform is not None:
        if comment.platform not in when.platform:
            return None
        reasons.append(f"platform={comment.platform}")
    if when.owned_channel is not None:
        if comment.owned_channel != when.owned_channel:
            return None
        reasons.append(f"owned={comment.owned_channel}")
    if when.min_confidence is not None:
        if not c.confidence >= when.min_confidence:
            return None
        reasons.append(f"confidence={c.confidence:.2f}")
    if when.max_confidence is not None:
        if not c.confidence <= when.max_confidence:
            return None
        reasons.append(f"confidence={c.confidence:.2f}")
    if when.min_toxicity is not None:
        if not c.toxicity >= when.min_toxicity:
            return None
        reasons.append(f"toxicity={c.toxicity:.2f}")
    if when.min_reach is not None:
        if not c.reach_score >= when.min_reach:
            return None
        reasons.append(f"reach={c.reach_score:.2f}")
    if when.min_followers is not None:
        if not (comment.author_followers or 0) >= when.min_followers:
            return None
        reasons.append(f"followers={comment.author_followers}")
    if when.min_reach_growth is not None:
        if not (reach_growth is not None and reach_growth >= when.min_reach_growth):
            return None
        reasons.append(f"reach_growth={reach_growth or 0:.1f}/min")
    if when.min_author_troll_count is not None:
        if not troll_count >= when.min_author_troll_count:
            return None
        reasons.append(f"author_troll_count={troll_count}")
    if when.max_author_troll_count is not None:
        if not troll_count <= when.max_author_troll_count:
            return None
        reasons.append(f"author_troll_count={troll_count}")
    if when.min_author_abuse_count is not None:
        if not abuse_count >= when.min_author_abuse_count:
            return None
        reasons.append(f"author_abuse_count={abuse_count}")
    if when.keywords is not None:
        keyword = find_phrase(comment.text, when.keywords)
        if keyword is None:
            return None
        reasons.append(f"keyword={keyword!r}")
    if when.business_hours is not None:
        if not (in_business_hours is not None and in_business_hours == when.business_hours):
            return None
        reasons.append(f"business_hours={in_business_hours}")
    if when.brand is not None:
        brands = {b.casefold() for b in when.brand}
        if not (comment.brand is not None and comment.brand.casefold() in brands):
            return None
        reasons.append(f"brand={comment.brand}")
    return reasons


def find_phrase(text: str, phrases: list[str]) -> str | None:
    """The first phrase that occurs in ``text`` (case-insensitive substring), if any."""
    folded = text.casefold()
    return next((p for p, f in _folded(phrases) if f in folded), None)


#: Phrase lists as (phrase, casefolded) pairs, blank phrases left out, by list: a policy's
#: lists are fixed once loaded, and every comment is checked against them.
_FOLDED: dict[int, tuple[list[str], tuple[str, ...], tuple[tuple[str, str], ...]]] = {}
_FOLDED_KEPT = 256


def _folded(phrases: list[str]) -> tuple[tuple[str, str], ...]:
    kept = _FOLDED.get(id(phrases))
    # The list itself is kept with its pairs (so its id is not reused) and compared, so a
    # list changed in place is folded again.
    if kept is None or kept[0] is not phrases or kept[1] != tuple(phrases):
        if len(_FOLDED) >= _FOLDED_KEPT:
            _FOLDED.clear()
        pairs = tuple((p, p.casefold()) for p in phrases if p.strip())
        kept = (phrases, tuple(phrases), pairs)
        _FOLDED[id(phrases)] = kept
    return kept[2]


def _do_not_engage(comment: StoredComment, policy: Policy) -> str | None:
    dne = policy.do_not_engage
    if comment.thread_id in dne.threads:
        return f"do-not-engage thread {comment.thread_id}"
    topic = find_phrase(comment.text, dne.topics)
    return None if topic is None else f"do-not-engage topic {topic!r}"


def _at_least(priority: Priority, floor: Priority) -> Priority:
    return floor if _PRIORITY_RANK[priority] < _PRIORITY_RANK[floor] else priority

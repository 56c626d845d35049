"""Decide the intent of a comment from its signals.

The order of the rules is the policy: spam first (a bot's text may mention anything), then
legal threats and fraud accusations (they must reach a person even inside a complaint), then
slurs or insults that outweigh the customer problem (abuse), then a genuine customer problem (a
complaint stays a complaint when it swears, mocks or praises sarcastically), then abuse and
trolling, questions, praise.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Final

from services.classify.lexicons import base as cat
from services.classify.signals import Signals
from shared.events import Intent

#: Confidence when nothing in the text points anywhere.
NO_SIGNAL_CONFIDENCE: Final = 0.35
_SPAM_THRESHOLD: Final = 2.0
#: How much more the insults must weigh than the customer problem to make a complaint abuse.
_INSULTS_OUTWEIGH: Final = 0.5
_MAX_CONFIDENCE: Final = 0.95


@dataclass(frozen=True, slots=True)
class IntentDecision:
    intent: Intent
    confidence: float
    reasons: tuple[str, ...]


def _confidence(evidence: float, conflict: float) -> float:
    """More evidence raises confidence; evidence for something else lowers it."""
    base = min(_MAX_CONFIDENCE, 0.55 + 0.15 * evidence)
    if evidence + conflict == 0:
        return NO_SIGNAL_CONFIDENCE
    return round(base * (1 - 0.4 * conflict / (evidence + conflict)), 3)


def _decide(intent: Intent, evidence: float, conflict: float, *reasons: str) -> IntentDecision:
    return IntentDecision(intent, _confidence(evidence, conflict), reasons)


def abuse_score(signals: Signals) -> float:
    """Insults, slurs and threats aimed at people; swearing only adds to one of those.

    Swearing on its own ("verdammte Scheiße, zum dritten Mal") is a frustrated customer, not
    abuse: it counts as discontent (:func:`frustration`) instead.
    """
    aimed = signals[cat.ABUSE] + 2 * signals[cat.SLUR] + 2 * signals[cat.THREAT]
    return aimed + 0.5 * signals[cat.PROFANITY] if aimed else 0.0


def frustration(signals: Signals) -> float:
    """Negative words plus swearing that is not aimed at anyone."""
    unaimed = 0.0 if signals[cat.ABUSE] or signals[cat.SLUR] else signals[cat.PROFANITY]
    return signals[cat.NEGATIVE] + unaimed


def _scare_quoted(signals: Signals) -> bool:
    return "rule:scare-quotes" in signals.reasons


def troll_score(signals: Signals) -> float:
    """Provocation; laughter only counts when something else is hostile."""
    score = signals[cat.TROLL]
    if score or signals[cat.NEGATIVE] or signals[cat.ABUSE]:
        score += 0.5 * signals.laughter
    return score


def decide_intent(signals: Signals, *, rating: int | None = None) -> IntentDecision:
    complaint = signals[cat.COMPLAINT] + 0.5 * signals.negated_positive
    question = signals[cat.QUESTION]
    praise = signals[cat.PRAISE] + 0.5 * signals[cat.POSITIVE]
    spam = signals[cat.SPAM]
    legal = signals[cat.LEGAL] + signals[cat.FRAUD]
    abuse = abuse_score(signals)
    troll = troll_score(signals)
    negative = frustration(signals)
    sarcasm = signals[cat.SARCASM]

    if spam >= _SPAM_THRESHOLD and spam > complaint + legal:
        return _decide("spam", spam, complaint + question + praise, "rule:spam")
    if legal:
        reason = "rule:fraud-accusation" if signals[cat.FRAUD] else "rule:legal-threat"
        # "Is this a scam?" asks rather than accuses: still a person's call, with less certainty.
        asking = question if not signals[cat.LEGAL] else 0.0
        return _decide("legal_threat", legal + 1, 0.5 * spam + asking, reason)
    if signals[cat.THREAT]:
        return _decide("abuse", abuse + 1, complaint, "rule:violent-threat")
    if spam and not (complaint or abuse or troll or negative):
        # A promotion without the link ("use code X for 15% off", "follow for follow?"): no
        # customer writes like that, but with one phrase only the head should get a say.
        return _decide("spam", spam, 0.5 * question + 0.5 * praise, "rule:promotion")
    if complaint and signals.question_marks >= 2:
        # "...and now I have to pay for the repair??" is indignation, not a question.
        question *= 0.5
    if complaint and praise > complaint and not (negative or sarcasm or abuse or troll):
        # "Thanks to Aisha, she sorted my refund in 5 minutes": a solved problem is praise.
        return _decide("praise", praise, complaint, "rule:praise-for-a-solved-problem")
    aimed = signals[cat.ABUSE] + signals[cat.SLUR]
    if complaint and aimed and abuse > complaint + _INSULTS_OUTWEIGH:
        # A slur, or insults that outnumber the problem ("you idiots, you morons, my parcel
        # is late"), is abuse: route hides it or sends it to a person, never a form reply.
        # One insult beside a concrete problem stays a complaint (the playbook's rule).
        return _decide("abuse", abuse, complaint + troll, "rule:insults-outweigh-problem")
    if complaint >= 1 or (complaint and question < 1):
        return _complaint(signals, complaint, praise, question, abuse, troll, rating)
    if praise and sarcasm >= 1 and (negative or _scare_quoted(signals)) and not (abuse or troll):
        # Praise in quotes or next to scorn ("thanks for the 'upgrade'. great job"): mockery
        # of a failure. The rules may not know which failure, but a person should answer it.
        return _decide("complaint", sarcasm, praise, "rule:sarcasm")
    if abuse or troll:
        # Swearing next to praise is enthusiasm ("holy shit this is good"), not abuse.
        if praise > abuse + troll and not signals[cat.ABUSE] and not signals[cat.SLUR]:
            return _decide("praise", praise, abuse + troll, "rule:praise-despite-swearing")
        if abuse >= troll and abuse > 0:
            return _decide("abuse", abuse + 0.5, troll + praise, "rule:insult-without-problem")
        return _decide("troll", troll + 0.5, abuse + praise, "rule:provocation-without-problem")
    if question >= 1:
        return _decide("question", question, 0.3 * praise + 0.5 * negative, "rule:question")
    if rating is not None and rating <= 2:
        return _decide("complaint", 1 + negative, praise, "rule:low-rating")
    friendly_tag = signals.mentions and not signals[cat.PRAISE] and praise < 1
    if (praise >= 1 or (praise and not negative)) and not friendly_tag:
        return _decide(
            "praise", praise + (1 if rating and rating >= 4 else 0), negative, "rule:praise"
        )
    if rating is not None and rating >= 4:
        return _decide("praise", 0.5, negative, "rule:high-rating")
    if negative >= 1 and signals.laughter:
        # Scorn and laughter without a concrete problem: mockery.
        return _decide("troll", 0.5 + 0.5 * signals.laughter, 0.5, "rule:scorn-without-problem")
    if negative >= 1 or (negative and sarcasm):
        # Discontent without a concrete problem: probably a complaint, but let a person look.
        return IntentDecision("complaint", 0.45, ("rule:negative-without-problem",))
    return IntentDecision("other", NO_SIGNAL_CONFIDENCE, ("rule:no-signal",))


def _complaint(
    signals: Signals,
    complaint: float,
    praise: float,
    question: float,
    abuse: float,
    troll: float,
    rating: int | None,
) -> IntentDecision:
    reasons = ["rule:customer-problem"]
    conflict = 0.3 * question + 0.5 * abuse + 0.5 * troll
    if praise:
        if signals[cat.SARCASM] or signals[cat.NEGATIVE] or signals.laughter:
            reasons.append("rule:sarcasm")
        else:
            reasons.append("rule:mixed-praise")
            conflict += praise
    if abuse:
        reasons.append("rule:complaint-despite-swearing")
    if rating is not None and rating >= 4:
        reasons.append("rule:high-rating-complaint")
        conflict += 1
    evidence = complaint + 0.5 * signals[cat.NEGATIVE] + (1 if rating and rating <= 2 else 0)
    return _decide("complaint", evidence, conflict, *reasons)

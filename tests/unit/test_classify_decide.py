"""How the rules' reading and the trained intent head are combined."""

from __future__ import annotations

from services.classify import decide
from services.classify.intent import IntentDecision
from services.classify.linear import Prediction


def _head(**probabilities: float) -> Prediction:
    return Prediction("intent", dict(probabilities), ())


INSULT = IntentDecision("abuse", 0.7, ("rule:insult-without-problem",))


def test_an_insult_the_head_doubts_stays_abuse_with_the_heads_low_confidence() -> None:
    head = _head(troll=0.55, abuse=0.2, complaint=0.15, other=0.1)
    result = decide.decide_intent(INSULT, head, decide.Context())
    assert result.intent == "abuse"
    assert "rules-hold:rule:insult-without-problem" in result.reasons
    # The head's own probability, so route can send the doubtful case to a person.
    assert result.confidence == 0.2


def test_a_head_that_is_sure_of_another_reading_overrules_an_insult_rule() -> None:
    head = _head(complaint=0.8, abuse=0.1, troll=0.1)
    assert decide.decide_intent(INSULT, head, decide.Context()).intent == "complaint"


def test_a_legal_threat_rule_decides_whatever_the_head_says() -> None:
    rule = IntentDecision("legal_threat", 0.8, ("rule:legal-threat",))
    head = _head(complaint=0.9, legal_threat=0.05, other=0.05)
    result = decide.decide_intent(rule, head, decide.Context())
    assert result.intent == "legal_threat"
    # The head's disagreement shows in the confidence, not in the label.
    assert result.confidence == 0.8


def test_without_an_overriding_rule_the_confident_head_decides() -> None:
    rule = IntentDecision("other", 0.35, ("rule:no-signal",))
    head = _head(complaint=0.7, other=0.2, question=0.1)
    assert decide.decide_intent(rule, head, decide.Context()).intent == "complaint"


def _complaint(p: float) -> Prediction:
    return Prediction("complaint", {"not": round(1 - p, 4), "complaint": p}, ())


def _sentiment(label: str) -> Prediction:
    others = [s for s in ("negative", "neutral", "positive") if s != label]
    return Prediction("sentiment", {label: 0.6, others[0]: 0.2, others[1]: 0.2}, ())


NO_SIGNAL = IntentDecision("other", 0.35, ("rule:no-signal",))


def test_a_catch_all_reading_becomes_a_complaint_when_the_complaint_head_is_sure() -> None:
    head = _head(other=0.6, question=0.3, complaint=0.1)
    result = decide.decide_intent(
        NO_SIGNAL,
        head,
        decide.Context(),
        complaint=_complaint(0.8),
        sentiment=_sentiment("neutral"),
    )
    assert result.intent == "complaint"
    assert result.confidence == 0.8
    assert "model:complaint-head:0.80" in result.reasons


def test_the_complaint_head_does_not_turn_praise_or_a_positive_comment_into_a_complaint() -> None:
    praise = _head(praise=0.7, other=0.2, complaint=0.1)
    assert (
        decide.decide_intent(NO_SIGNAL, praise, decide.Context(), complaint=_complaint(0.9)).intent
        == "praise"
    )
    other = _head(other=0.6, question=0.3, complaint=0.1)
    positive = decide.decide_intent(
        NO_SIGNAL,
        other,
        decide.Context(),
        complaint=_complaint(0.9),
        sentiment=_sentiment("positive"),
    )
    assert positive.intent == "other"
    unsure = decide.decide_intent(
        NO_SIGNAL,
        other,
        decide.Context(),
        complaint=_complaint(0.5),
        sentiment=_sentiment("neutral"),
    )
    assert unsure.intent == "other"

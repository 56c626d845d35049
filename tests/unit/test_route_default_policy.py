"""The shipped default policy, case by case, in every language where the words matter."""

from __future__ import annotations

import pytest

from tests.unit.factories_route import DEFAULT_POLICY, route

COMPLAINTS = {
    "nl": "Mijn bestelling is al twee weken te laat en niemand reageert.",
    "sv": "Min beställning är två veckor sen och ingen svarar. Det stämmer inte alls.",
    "en": "My order is two weeks late and nobody answers.",
    "de": "Meine Bestellung ist seit zwei Wochen überfällig und niemand antwortet.",
    "fr": "Ma commande a deux semaines de retard et personne ne répond.",
}
QUESTIONS = {
    "nl": "Wat zijn jullie openingstijden op zaterdag?",
    "sv": "Vilka öppettider har ni på lördag?",
    "en": "What are your opening hours on Saturday?",
    "de": "Wie sind Ihre Öffnungszeiten am Samstag?",
    "fr": "Quels sont vos horaires d'ouverture le samedi ?",
}
PRAISE = {
    "nl": "Wat een fijne service, dank jullie wel!",
    "sv": "Vilken fin service, tack så mycket!",
    "en": "What lovely service, thank you!",
    "de": "Was für ein toller Service, vielen Dank!",
    "fr": "Quel service formidable, merci beaucoup !",
}
LEGAL_IN_WORDS = {
    "nl": "Ik schakel mijn advocaat in als dit niet vandaag is opgelost.",
    "sv": "Jag kommer att stämma er om detta inte löses idag.",
    "en": "I will sue you if this is not fixed today.",
    "de": "Ich werde Sie verklagen, wenn das heute nicht gelöst wird.",
    "fr": "Je vais porter plainte si ce n'est pas réglé aujourd'hui.",
}
ORGANISING = {
    "nl": "We zijn een petitie gestart tegen jullie nieuwe voorwaarden.",
    "sv": "Vi har startat en namninsamling mot era nya villkor.",
    "en": "We started a petition against your new terms.",
    "de": "Wir haben eine Facebook-Gruppe gegen Ihre neuen Bedingungen gegründet.",
    "fr": "Nous avons lancé une pétition contre vos nouvelles conditions.",
}
LANGS = ["nl", "sv", "en", "de", "fr"]


@pytest.mark.parametrize("lang", LANGS)
def test_a_complaint_is_answered_in_public_and_taken_offline(lang: str) -> None:
    decision = route(text=COMPLAINTS[lang], language=lang, intent="complaint")
    assert (decision.action, decision.rule, decision.priority) == (
        "respond_offline",
        "complaint-answer-offline",
        "normal",
    )
    assert decision.auto_send is False


@pytest.mark.parametrize("lang", LANGS)
def test_a_question_is_answered(lang: str) -> None:
    decision = route(text=QUESTIONS[lang], language=lang, intent="question", sentiment="neutral")
    assert (decision.action, decision.rule) == ("answer", "question-answer")


@pytest.mark.parametrize("lang", LANGS)
def test_praise_is_thanked_and_a_person_approves_the_thanks(lang: str) -> None:
    decision = route(text=PRAISE[lang], language=lang, intent="praise", sentiment="positive")
    assert (decision.action, decision.rule, decision.auto_send) == ("thank", "praise-thank", False)


@pytest.mark.parametrize("lang", LANGS)
def test_a_legal_threat_is_held_for_a_person(lang: str) -> None:
    decision = route(text=LEGAL_IN_WORDS[lang], language=lang, intent="legal_threat")
    assert (decision.action, decision.priority, decision.auto_send) == (
        "hold_legal",
        "critical",
        False,
    )


@pytest.mark.parametrize("lang", LANGS)
def test_a_legal_threat_the_classifier_called_a_complaint_is_held_by_its_words(lang: str) -> None:
    decision = route(text=LEGAL_IN_WORDS[lang], language=lang, intent="complaint")
    assert (decision.action, decision.rule) == ("hold_legal", "legal-keywords-hold")


@pytest.mark.parametrize("lang", LANGS)
def test_people_organising_against_the_brand_is_a_crisis(lang: str) -> None:
    decision = route(text=ORGANISING[lang], language=lang, intent="complaint")
    assert (decision.action, decision.rule, decision.priority) == (
        "escalate_crisis",
        "crisis-organising",
        "critical",
    )


@pytest.mark.parametrize("lang", LANGS)
def test_an_ordinary_complaint_trips_neither_legal_nor_crisis_words(lang: str) -> None:
    for intent in ("complaint", "question"):
        decision = route(text=COMPLAINTS[lang], language=lang, intent=intent)
        assert decision.action not in ("hold_legal", "escalate_crisis"), decision


def test_a_complaint_many_people_see_gets_high_priority() -> None:
    decision = route(intent="complaint", reach_score=0.7)
    assert (decision.action, decision.priority) == ("respond_offline", "high")


def test_a_complaint_going_viral_is_a_crisis() -> None:
    assert route(intent="complaint", reach_score=0.95).action == "escalate_crisis"


def test_an_unsure_complaint_goes_to_a_person() -> None:
    decision = route(intent="complaint", confidence=0.4)
    assert (decision.action, decision.rule) == ("human_review", "unsure-goes-to-person")


def test_unsure_abuse_goes_to_a_person_and_is_not_hidden() -> None:
    assert route(intent="abuse", confidence=0.4).action == "human_review"


def test_a_troll_gets_one_offer_of_personal_service() -> None:
    decision = route(intent="troll", troll=0)
    assert (decision.action, decision.rule) == ("respond_offline", "troll-first-offer")


def test_a_troll_who_already_had_the_offer_gets_no_public_reply() -> None:
    decision = route(intent="troll", troll=1)
    assert (decision.action, decision.rule) == ("ignore", "troll-ignore")


def test_repeated_abuse_on_an_owned_channel_is_hidden_without_review() -> None:
    decision = route(intent="abuse", abuse=1, toxicity=0.95)
    assert (decision.action, decision.rule) == ("hide", "abuse-repeated-on-owned-channel-hide")


def test_repeated_abuse_elsewhere_is_ignored_because_it_cannot_be_hidden() -> None:
    decision = route(intent="abuse", abuse=2, comment={"owned_channel": False})
    assert (decision.action, decision.rule) == ("ignore", "abuse-repeated-elsewhere-ignore")


def test_a_first_abusive_comment_goes_to_a_person_before_anything_is_hidden() -> None:
    decision = route(intent="abuse", abuse=0, toxicity=0.95)
    assert (decision.action, decision.rule) == ("human_review", "abuse-first-time-review")


def test_spam_on_an_owned_channel_is_hidden() -> None:
    decision = route(intent="spam", sentiment="neutral")
    assert (decision.action, decision.rule) == ("hide", "spam-on-owned-channel-hide")


def test_spam_elsewhere_is_ignored() -> None:
    decision = route(intent="spam", sentiment="neutral", comment={"owned_channel": False})
    assert decision.action == "ignore"


def test_a_neutral_other_comment_is_ignored_but_a_negative_one_goes_to_a_person() -> None:
    assert route(intent="other", sentiment="neutral").action == "ignore"
    assert route(intent="other", sentiment="negative").action == "human_review"


@pytest.mark.parametrize("intent", ["complaint", "question", "other"])
@pytest.mark.parametrize("owned", [True, False])
@pytest.mark.parametrize("confidence", [0.3, 0.95])
@pytest.mark.parametrize("reach", [0.0, 0.7, 0.95])
def test_a_first_time_angry_customer_is_never_ignored_or_hidden(
    intent: str, owned: bool, confidence: float, reach: float
) -> None:
    decision = route(
        intent=intent,
        confidence=confidence,
        reach_score=reach,
        comment={"owned_channel": owned},
    )
    assert decision.action not in ("ignore", "hide")


def test_nothing_in_the_default_policy_goes_out_without_a_person() -> None:
    assert not any(rule.auto_send for rule in DEFAULT_POLICY.rules)
    assert DEFAULT_POLICY.fallback.action == "human_review"


def test_a_changed_copy_of_the_policy_gets_its_own_fingerprint() -> None:
    policy = DEFAULT_POLICY
    before = policy.fingerprint  # cached on the first read
    copy = policy.model_copy(update={"sla": policy.sla.model_copy(update={"warning_minutes": 5})})
    assert copy.fingerprint != before
    assert policy.model_copy().fingerprint == before

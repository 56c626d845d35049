"""Guard rails of a draft: checks that know the reply kind, compensation by policy, the
apology decided by policy and classification, topics without personal data."""

from __future__ import annotations

from typing import Any

import pytest

from shared.policy import Policy
from shared.replies.checks import COMPENSATION, DESCRIPTIONS, check
from shared.replies.templates import compose
from tests.unit.test_respond_templates import (
    COMPLAINTS,
    LANGUAGES,
    POLICY,
    SANNE,
    draft,
    make_classification,
    make_comment,
)

ORDER_TEXT = {
    "nl": "Mijn factuur klopt niet, ordernummer 55512345, mail jan@example.com",
    "sv": "Min faktura stämmer inte, order 55512345, mejla jan@example.com",
    "en": "My invoice is wrong, order 55512345, email jan@example.com",
    "de": "Meine Rechnung stimmt nicht, Bestellung 55512345, Mail jan@example.com",
    "fr": "Ma facture est fausse, commande 55512345, écrivez à jan@example.com",
}
BILL_WORD = {"nl": "factuur", "sv": "fakturan", "en": "bill", "de": "rechnung", "fr": "facture"}


def replies(**update: Any) -> Policy:
    return POLICY.model_copy(update={"replies": POLICY.replies.model_copy(update=update)})


def run_check(text: str, *, kind: str = "public_reply", policy: Policy = POLICY, **kw: Any):  # type: ignore[no-untyped-def]
    args: dict[str, Any] = {
        "language": "en", "action": "respond_offline", "platform": "facebook", "policy": policy,
        "assignee": SANNE, "expected_name": "Jan", "comment_text": ORDER_TEXT["en"],
    }  # fmt: skip
    return check(text, kind=kind, **{**args, **kw})  # type: ignore[arg-type]


PRIVATE_TEXT = "Hi Jan,\nThanks, I found order 55512345. I'll sort it out for you.\nBest, Sanne"


def test_a_private_reply_may_repeat_the_customers_order_number_and_needs_no_offer() -> None:
    assert run_check(PRIVATE_TEXT, kind="private_reply") == ()
    assert set(run_check(PRIVATE_TEXT, kind="public_reply")) == {"personal_data", "private_channel"}


def test_a_public_follow_up_needs_no_private_channel_offer_but_keeps_personal_data_out() -> None:
    followup = "Hi Jan,\nIs everything in order now with the bill? Let me know.\nBest, Sanne"
    assert run_check(followup, kind="followup_public") == ()
    leaked = followup.replace("the bill", "order 55512345")
    assert run_check(leaked, kind="followup_public") == ("personal_data",)


def test_the_platform_limit_applies_to_public_replies_only() -> None:
    long_private = PRIVATE_TEXT.replace("I'll", "I'll " + "really " * 60)
    assert "length" in run_check(long_private, kind="public_reply", platform="x")
    assert "length" not in run_check(long_private, kind="private_reply", platform="x")


def test_compensation_passes_only_when_the_policy_allows_it() -> None:
    text = (
        "Hi Jan,\nThanks for letting us know. We'll refund the delivery costs. "
        "Please email me at sanne@webcare.example.\nBest, Sanne"
    )
    assert run_check(text) == (COMPENSATION,)
    assert run_check(text, policy=replies(allow_compensation=True)) == ()


def test_every_check_has_a_description_for_people() -> None:
    from shared.replies.checks import CHECKS

    assert set(DESCRIPTIONS) == set(CHECKS)


@pytest.mark.parametrize("language", LANGUAGES)
def test_a_complaint_names_its_topic_without_repeating_personal_data(language: str) -> None:
    for seed in map(str, range(6)):
        body = draft(language, text=ORDER_TEXT[language], seed=seed).text
        assert BILL_WORD[language] in body.casefold(), body
        assert "55512345" not in body and "jan@example.com" not in body


@pytest.mark.parametrize("language", LANGUAGES)
def test_an_outage_always_gets_an_apology_because_the_policy_says_it_is_ours(
    language: str,
) -> None:
    outage = {
        "nl": "Al de hele ochtend een storing",
        "sv": "Störning hela morgonen",
        "en": "There's an outage all morning",
        "de": "Den ganzen Morgen eine Störung",
        "fr": "Une panne toute la matinée",
    }[language]
    policy = replies(apology_keywords={language: ["zzz-never"]})
    blocks = draft(language, text=outage, policy=policy).blocks
    assert any(b.startswith("apology") for b in blocks)
    no_topic = replies(apology_keywords={language: ["zzz-never"]}, apology_topics=[])
    blocks = draft(language, text=outage, policy=no_topic).blocks
    assert not any(b.startswith("apology") for b in blocks)


def _complaint(policy: Policy, reasons: tuple[str, ...], text: str) -> tuple[str, ...]:
    classification = make_classification("en").model_copy(update={"reasons": reasons})
    result = compose(
        action="respond_offline", comment=make_comment(text), classification=classification,
        assignee=SANNE, policy=policy, variant_seed="s",
    )  # fmt: skip
    assert result is not None
    return result.blocks


def test_a_classification_reason_the_policy_names_warrants_an_apology() -> None:
    text = "I don't get your new logo"
    policy = replies(apology_reasons=["rule:customer-problem"])
    assert any(
        b.startswith("apology") for b in _complaint(policy, ("rule:customer-problem",), text)
    )
    assert not any(b.startswith("apology") for b in _complaint(policy, ("rule:other",), text))


def test_without_fault_the_draft_explains_the_normal_course_in_every_language() -> None:
    normal = {
        "nl": "normaal",
        "sv": "normalt",
        "en": "normally",
        "de": "normalerweise",
        "fr": "normal",
    }
    for language in LANGUAGES:
        for seed in map(str, range(3)):
            result = draft(language, text="xyzzy " * 3, seed=seed)
            assert any(b.startswith("explain") for b in result.blocks)
        texts = {draft(language, text="xyzzy", seed=str(s)).text.casefold() for s in range(12)}
        assert any(normal[language] in t for t in texts), texts


def test_a_team_can_write_the_normal_course_per_topic() -> None:
    blocks = {"en": {"explain_delivery": ["Parcels usually arrive within two working days."]}}
    policy = replies(blocks={**POLICY.replies.blocks, **blocks})
    result = draft("en", text="Where is my parcel, it's been a while", policy=policy)
    assert "Parcels usually arrive within two working days." in result.text
    assert "explain_delivery#0" in result.blocks


@pytest.mark.parametrize("language", LANGUAGES)
def test_every_drafted_complaint_passes_the_checks_for_its_kind(language: str) -> None:
    for kind in ("public_reply", "private_reply"):
        # A late parcel is plausibly our fault: the public reply apologises.
        result = compose(
            action="respond_offline", comment=make_comment(COMPLAINTS[language]),
            classification=make_classification(language), assignee=SANNE, policy=POLICY,
            kind=kind, variant_seed="k",  # type: ignore[arg-type]
        )  # fmt: skip
        assert result is not None
        failed = check(
            result.text, language=language, action="respond_offline", platform="facebook",
            policy=POLICY, assignee=SANNE, expected_name="Jan",
            comment_text=COMPLAINTS[language], kind=kind,  # type: ignore[arg-type]
        )  # fmt: skip
        assert failed == (), (kind, result.text)
        assert kind != "public_reply" or any(b.startswith("apology") for b in result.blocks)

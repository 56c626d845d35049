"""The checks a draft must pass: each one fails on a draft crafted to break it."""

from __future__ import annotations

from pathlib import Path

import pytest

from shared.events import Assignee
from shared.policy import Policy, load_policy
from shared.replies.checks import CHECKS, check

POLICY = load_policy(Path(__file__).parents[2] / "shared" / "default_policy.yaml")
SANNE = Assignee(name="Sanne Jansen", contact_kind="email", contact="sanne@webcare.example")
DAAN = Assignee(name="Daan de Boer", contact_kind="phone", contact="+31 20 555 0101")
COMMENT = "Mijn pakket 98765432 is niet bezorgd. Mail jan@example.com of bel 06-12345678."

GOOD_NL = (
    "Hoi Jan,\n"
    "Bedankt dat je dit meldt. Vervelend dat er iets misging met de bezorging. "
    "Onze excuses daarvoor. Mail me gerust op sanne@webcare.example, dan help ik je verder.\n"
    "Groet, Sanne van Webcare"
)


def failed(
    text: str,
    *,
    language: str = "nl",
    action: str = "respond_offline",
    platform: str = "facebook",
    policy: Policy = POLICY,
    assignee: Assignee | None = SANNE,
    expected_name: str | None = "Jan",
    comment_text: str = COMMENT,
) -> tuple[str, ...]:
    return check(
        text, language=language, action=action, platform=platform, policy=policy,  # type: ignore[arg-type]
        assignee=assignee, expected_name=expected_name, comment_text=comment_text,
    )  # fmt: skip


def test_a_good_draft_passes_every_check() -> None:
    assert failed(GOOD_NL) == ()


def test_an_empty_draft_fails() -> None:
    assert failed("  \n") == ("empty",)


def test_a_draft_in_another_language_fails_the_language_check() -> None:
    english = (
        "Hi Jan,\nThanks for letting us know. I'm sorry, this shouldn't have happened. "
        "Please email me at sanne@webcare.example and I'll help you.\nBest, Sanne"
    )
    assert failed(english, language="nl") == ("language",)
    assert failed(english, language="en") == ()


@pytest.mark.parametrize(
    ("language", "phrase"),
    [("nl", "review"), ("nl", "negatieve ervaring"), ("sv", "recension"), ("fr", "avis")],
)
def test_a_banned_phrase_in_any_language_fails(language: str, phrase: str) -> None:
    text = GOOD_NL.replace("Onze excuses daarvoor.", f"Dank voor je {phrase.upper()}.")
    assert "banned_phrase" in failed(text)


def test_a_word_that_merely_contains_a_banned_phrase_passes() -> None:
    text = GOOD_NL.replace("Onze excuses daarvoor.", "Ik heb het even gereviewd en het klopt.")
    assert "banned_phrase" not in failed(text)


@pytest.mark.parametrize(
    "leak",
    [
        "Je bestelling 98765432 is onderweg.",
        "Ik mail je op jan@example.com.",
        "Ik bel je op 06-12345678.",
        "Bel ons op +31 6 1234 5678.",
        "Het gaat om order NL-2024-558812.",
        "Zie ticket #4711.",
        "Hoi @jdv_1984!",
    ],
)
def test_personal_data_in_a_draft_fails(leak: str) -> None:
    text = GOOD_NL.replace("Onze excuses daarvoor.", f"Onze excuses daarvoor. {leak}")
    assert "personal_data" in failed(text)


def test_the_assignees_own_contact_is_allowed() -> None:
    text = GOOD_NL.replace("Mail me gerust op sanne@webcare.example", "Bel me op +31 20 555 0101")
    assert "personal_data" not in failed(text, assignee=DAAN)
    assert "personal_data" in failed(text, assignee=SANNE)


def test_opening_hours_are_not_mistaken_for_personal_data() -> None:
    text = GOOD_NL.replace("Onze excuses daarvoor.", "We zijn er van 9:00 tot 17:00 uur.")
    assert "personal_data" not in failed(text)


def test_a_draft_over_the_platform_limit_fails_only_there() -> None:
    long_text = GOOD_NL.replace("Onze excuses daarvoor.", "Onze excuses daarvoor. " * 5)
    assert "length" in failed(long_text, platform="x")
    assert "length" not in failed(long_text, platform="facebook")


@pytest.mark.parametrize(
    ("greeting", "expected_name"),
    [("Hoi Piet,", "Jan"), ("Hoi,", "Jan"), ("Hoi Jan Piet,", "Jan"), ("Hoi Jan,", None)],
)
def test_a_greeting_without_the_expected_name_or_with_another_fails(
    greeting: str, expected_name: str | None
) -> None:
    text = GOOD_NL.replace("Hoi Jan,", greeting)
    assert "greeting_name" in failed(text, expected_name=expected_name)


def test_a_greeting_without_a_name_passes_when_none_is_expected() -> None:
    assert "greeting_name" not in failed(
        GOOD_NL.replace("Hoi Jan,", "Goedendag,"), expected_name=None
    )


@pytest.mark.parametrize(
    "signature", ["Groet, Webcare", "Groet, Daan van Webcare", "", "Groet, Sanne Jansen is top"]
)
def test_a_signature_without_the_agents_first_name_fails(signature: str) -> None:
    text = GOOD_NL.replace("Groet, Sanne van Webcare", signature).rstrip()
    result = failed(text)
    assert ("signature" in result) is ("Sanne" not in signature)


def test_a_complaint_reply_without_the_private_channel_fails() -> None:
    text = GOOD_NL.replace(
        "Mail me gerust op sanne@webcare.example, dan help ik je verder.", "Ik zoek het uit."
    )
    assert "private_channel" in failed(text)
    assert "private_channel" not in failed(text, action="thank")


def test_without_an_assignee_a_private_message_offer_counts_as_private_channel() -> None:
    text = (
        "Hoi Jan,\nBedankt dat je dit meldt. Stuur ons gerust een privébericht, dan helpen we je."
        "\nGroet, Webcare"
    )
    assert failed(text, assignee=None) == ()
    assert "private_channel" in failed(text.replace("een privébericht", "iets"), assignee=None)


@pytest.mark.parametrize(
    ("language", "promise"),
    [
        ("nl", "Je krijgt een vergoeding."),
        ("nl", "We geven je 10% korting."),
        ("nl", "Je ontvangt een REFUND."),
        ("nl", "Je krijgt een ersättning."),
        ("nl", "Wir leisten eine Erstattung."),
        ("nl", "Un remboursement suivra."),
    ],
)
def test_a_promise_of_compensation_fails(language: str, promise: str) -> None:
    text = GOOD_NL.replace("Onze excuses daarvoor.", f"Onze excuses daarvoor. {promise}")
    assert "compensation" in failed(text, language=language)


def test_several_failures_are_all_reported_by_stable_names() -> None:
    text = "Hallo @jdv_1984,\nLees onze review op 06-12345678.\nWebcare"
    result = failed(text, platform="x")
    assert set(result) == {
        "banned_phrase",
        "personal_data",
        "greeting_name",
        "signature",
        "private_channel",
    }
    assert set(result) <= set(CHECKS)

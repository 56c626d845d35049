"""First names to greet by: a wrong guess is worse than no name."""

from __future__ import annotations

import pytest

from shared.replies.names import first_name


@pytest.mark.parametrize(
    ("display_name", "expected"),
    [
        ("Jan de Vries", "Jan"),
        ("Dr. Maria López", "Maria"),
        ("Sanne 🌸", "Sanne"),
        ("🌸 Sanne 🌸", "Sanne"),
        ("MAJA", "Maja"),
        ("jan", "Jan"),
        ("anne-marie jansen", "Anne-Marie"),
        ("Anne-Marie Jansen", "Anne-Marie"),
        ("LeBron James", "LeBron"),
        ("Mevr. Fatima El Amrani", "Fatima"),
        ("Herr Jürgen Müller", "Jürgen"),
        ("Mme Chloé Dubois", "Chloé"),
        ("Åsa Lindqvist", "Åsa"),
        ("  Linnea   Berg  ", "Linnea"),
        ("Zoë", "Zoë"),
        ("O'Neill", "O'Neill"),
    ],
)
def test_a_person_is_greeted_by_the_first_name_only(display_name: str, expected: str) -> None:
    assert first_name(display_name) == expected


@pytest.mark.parametrize(
    "display_name",
    [
        "Bakkerij Jansen BV",
        "ACME Support",
        "Gemeente Utrecht",
        "Müller GmbH",
        "Boulangerie Dupont",
        "Stockholms stad",
        "Webshop Official",
        "Klantenservice",
    ],
)
def test_company_accounts_get_no_name(display_name: str) -> None:
    assert first_name(display_name) is None


@pytest.mark.parametrize("display_name", ["J.", "J. D.", "J.D.", "J. de Vries", "M. Dupont", "K"])
def test_initials_are_not_a_first_name(display_name: str) -> None:
    assert first_name(display_name) is None


@pytest.mark.parametrize(
    "display_name",
    ["xX_gamer_99", "user123456", "@pietje", "#jan", "jan_devries", "jDoe", "r2d2", "🌸🌸", "---"],
)
def test_opaque_handles_and_symbols_get_no_name(display_name: str) -> None:
    assert first_name(display_name) is None


@pytest.mark.parametrize("display_name", [None, "", "   "])
def test_an_empty_display_name_gets_no_name(display_name: str | None) -> None:
    assert first_name(display_name) is None


def test_a_display_name_that_only_repeats_the_handle_is_not_used() -> None:
    assert first_name("pietje", handle="@pietje") is None
    assert first_name("Pietje_", handle="pietje") is None


def test_a_real_name_is_used_even_when_the_handle_starts_with_it() -> None:
    assert first_name("Jan de Vries", handle="jan") == "Jan"


def test_the_handle_alone_never_becomes_a_name() -> None:
    assert first_name(None, handle="janneke") is None


@pytest.mark.parametrize("display_name", ["van Dijk", "de Groot", "The Real Slim"])
def test_a_surname_particle_or_filler_word_first_gives_no_name(display_name: str) -> None:
    assert first_name(display_name) is None

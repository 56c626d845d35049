"""Example comments in a report: masked and short."""

from __future__ import annotations

from shared.insights.masking import EXAMPLE_CHARS, example, mask, shorten


def test_email_addresses_are_masked() -> None:
    assert mask("Mail me op jan.devries+test@example.co.uk aub") == "Mail me op [email] aub"


def test_phone_numbers_in_any_format_are_masked() -> None:
    for phone in ("+31 6 1234 5678", "06-12345678", "(020) 123 45 67", "070-1234567"):
        assert mask(f"Bel me op {phone} graag") == "Bel me op [phone] graag", phone


def test_order_and_customer_numbers_are_masked() -> None:
    assert mask("Bestelling #48213 is kwijt") == "Bestelling [number] is kwijt"
    assert mask("order NL-4821339 is weg") == "order [number] is weg"
    # Eight bare digits could be either; masked as a phone number is masked all the same.
    assert mask("klantnummer 77120931") in ("klantnummer [number]", "klantnummer [phone]")
    assert mask("Kundennummer A1234567") == "Kundennummer [number]"


def test_small_numbers_and_words_stay() -> None:
    text = "Al 3 weken wacht ik op 2 pakketten, 4G doet het niet"
    assert mask(text) == text


def test_handles_and_link_paths_are_masked_but_the_site_stays() -> None:
    masked = mask("@jan_devries teken https://petities.nl/petitions/stop?sig=jan ook")
    assert masked == "@[user] teken [link petities.nl] ook"
    assert mask("zie www.Example.com/users/jan") == "zie [link example.com]"


def test_long_texts_are_cut_at_a_word_with_an_ellipsis() -> None:
    text = "Mijn pakket is al weken onderweg " * 10
    short = shorten(text)
    assert len(short) <= EXAMPLE_CHARS and short.endswith("…")
    assert not short[:-1].endswith(" ") and text.startswith(short[:-1])
    assert shorten("kort") == "kort"


def test_example_masks_before_cutting_so_no_number_is_cut_in_half() -> None:
    text = "x" * 120 + " bel 0612345678 nu"
    shown = example(text)
    assert "061" not in shown and len(shown) <= EXAMPLE_CHARS

"""Language detection on the short, messy texts people post under a brand's messages."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pytest

from services.classify.langmodel import LANGMODEL_FILE, LanguageModel, fit, train, usable_words
from services.classify.language import TARGETS, language_model, models_from, normalise_hint
from services.classify.linear import ARTIFACTS
from services.classify.model import classify
from services.classify.text import tokenize

DUTCH = [
    "Mijn pakket is nog steeds niet bezorgd",
    "hoe laat gaan jullie morgen open?",
    "Wat een slechte service zeg 😡",
    "@bol bedankt voor de snelle hulp!",
    "Waarom krijg ik geen antwoord op mijn mail?",
    "nou lekker dan, weer geen internet",
    "Echt top geholpen door jullie medewerker 👍",
    "kan ik ook met ideal betalen? https://t.co/abc123",
    "Ik wacht al drie weken op mijn terugbetaling",
]
SWEDISH = [
    "När öppnar ni på lördag?",
    "Mitt paket har fortfarande inte kommit",
    "Tack för snabb hjälp! 😊",
    "@telia varför funkar inte mitt bredband?",
    "Jättebra service, jag är mycket nöjd",
    "Det här är helt oacceptabelt, jag vill ha pengarna tillbaka",
    "hur gör jag för att byta abonnemang",
    "Ingen svarar i telefon, har väntat i en timme https://t.co/xyz",
    "Vilken dålig kundtjänst ni har",
]
ENGLISH = [
    "Where is my order??",
    "thanks so much for sorting this out 🙏",
    "@acme your app keeps crashing since the update",
    "Can I change my delivery address?",
    "Worst customer service I have ever had",
    "been on hold for 45 minutes now https://t.co/q1",
    "Love the new store, great staff!",
    "why was I charged twice this month",
    "still waiting for my refund 🙄",
]
GERMAN = [
    "Wo bleibt meine Bestellung?",
    "Vielen Dank für die schnelle Antwort!",
    "@dhl Paket ist immer noch nicht da 😤",
    "Wie kann ich mein Passwort ändern?",
    "Seit drei Tagen kein Internet, echt jetzt?",
    "Der Kundenservice ist unter aller Sau",
    "Super Service, gerne wieder 👍",
    "Warum ist meine Rechnung so hoch? https://t.co/rr",
    "Ich warte seit Wochen auf mein Geld",
]
FRENCH = [
    "Où est ma commande ?",
    "Merci beaucoup pour votre aide !",
    "@sncf encore un train en retard 😡",
    "Comment puis-je changer mon mot de passe ?",
    "Toujours pas de réseau depuis hier soir",
    "Service client vraiment nul, personne ne répond",
    "Livraison rapide, je suis ravie 😍",
    "Pourquoi ma facture est-elle si élevée ? https://t.co/ff",
    "J'attends mon remboursement depuis un mois",
]
OTHER_LANGUAGES = [
    "¿Por qué nadie contesta? Llevo una hora esperando",
    "Muchas gracias por todo, muy amables",
    "Il mio pacco non è ancora arrivato, perché?",
    "Obrigada, vocês são ótimos",
    "Jeg har ikke fått pakken min ennå",
    "Nie dostałem jeszcze mojej paczki, proszę o pomoc",
    "Спасибо, всё пришло вовремя",
    "Paket saya belum sampai, tolong dibantu",
]
NO_WORDS = ["😂😂😂", "👍", "🙏🙏 ❤️", "@acme @support", "https://t.co/abcdef", "!!!", "😡😡😡😡"]


@pytest.mark.parametrize("text", DUTCH)
def test_dutch_comments_are_detected_as_dutch(text: str) -> None:
    assert classify(text).language == "nl"


@pytest.mark.parametrize("text", SWEDISH)
def test_swedish_comments_are_detected_as_swedish(text: str) -> None:
    assert classify(text).language == "sv"


@pytest.mark.parametrize("text", ENGLISH)
def test_english_comments_are_detected_as_english(text: str) -> None:
    assert classify(text).language == "en"


@pytest.mark.parametrize("text", GERMAN)
def test_german_comments_are_detected_as_german(text: str) -> None:
    assert classify(text).language == "de"


@pytest.mark.parametrize("text", FRENCH)
def test_french_comments_are_detected_as_french(text: str) -> None:
    assert classify(text).language == "fr"


@pytest.mark.parametrize("text", OTHER_LANGUAGES)
def test_a_language_outside_the_five_is_undetermined(text: str) -> None:
    assert classify(text).language == "und"


@pytest.mark.parametrize("text", NO_WORDS)
def test_a_comment_without_words_is_undetermined(text: str) -> None:
    result = classify(text)
    assert result.language == "und"
    assert result.language_confidence >= 0.8


@pytest.mark.parametrize(
    ("hint", "expected"),
    [
        ("nl", "nl"),
        ("nl-NL", "nl"),
        ("en_US", "en"),
        ("SV", "sv"),
        ("fr-BE", "fr"),
        ("de_AT", "de"),
    ],
)
def test_a_platform_hint_for_one_of_the_five_languages_is_trusted(hint: str, expected: str) -> None:
    # "ok super" on its own could be any of several languages.
    result = classify("ok super", language_hint=hint)
    assert result.language == expected
    assert f"lang:hint:{expected}" in result.reasons


@pytest.mark.parametrize("hint", ["es", "pt-BR", "", None, "xx-YY"])
def test_a_hint_for_another_language_is_ignored_and_the_text_decides(hint: str | None) -> None:
    assert classify("Bedankt voor de snelle hulp, echt top!", language_hint=hint).language == "nl"


@pytest.mark.parametrize(
    ("hint", "expected"),
    [("nl-NL", "nl"), ("en_US", "en"), ("sv", "sv"), ("es-ES", None), ("", None), (None, None)],
)
def test_hints_are_normalised_to_a_supported_language_code(
    hint: str | None, expected: str | None
) -> None:
    assert normalise_hint(hint) == expected


def test_mentions_and_urls_do_not_decide_the_language() -> None:
    text = "@customer_service_team @helpdesk_official dank je wel! https://www.example.com/help"
    assert classify(text).language == "nl"


def test_an_emoji_reply_borrows_the_language_of_the_comment_it_answers() -> None:
    result = classify("👍👍", parent_text="Uw pakket wordt morgen tussen 9 en 12 uur bezorgd.")
    assert result.language == "nl"
    assert "lang:parent" in result.reasons


def test_the_language_reason_names_lingua_the_ngram_model_or_the_stopword_vote() -> None:
    result = classify("Mijn internet ligt er al de hele dag uit, wanneer wordt dit opgelost?")
    assert any(
        reason.startswith(("lang:lingua:", "lang:stopwords:", "lang:ngrams:"))
        for reason in result.reasons
    )
    assert result.language_confidence >= 0.8


# -- the trained character n-gram model -----------------------------------------------------

SHORT = {
    "nl": ["Nog steeds geen reactie", "Waar blijft mijn bestelling?", "Top geregeld, dank!"],
    "sv": ["Var är mitt paket?", "Tack, riktigt bra!", "När kommer teknikern?"],
    "en": ["Still no reply", "Where is my parcel?", "Sorted, thank you!"],
    "de": ["Immer noch keine Antwort", "Stimmt meine Rechnung?", "Ich habe die Nase voll"],
    "fr": ["Toujours pas de réponse", "Où est mon colis ?", "C'est réglé, merci !"],
}


@pytest.mark.parametrize(
    ("expected", "text"), [(lang, text) for lang, texts in SHORT.items() for text in texts]
)
def test_a_few_words_are_enough_for_the_language(expected: str, text: str) -> None:
    assert len(text) < 40
    assert classify(text).language == expected


@pytest.mark.parametrize(
    "text", ["😂😂", "https://example.com/x", "@acme @help", "🙏 https://t.co/x @bob #️⃣"]
)
def test_emojis_links_and_mentions_alone_are_no_language_evidence(text: str) -> None:
    result = classify(text)
    assert result.language == "und"
    assert "lang:no-words" in result.reasons


def test_the_committed_language_model_loads_without_pickle() -> None:
    model = language_model()
    assert model is not None, "run `webcare train --data ../shared/data` to build it"
    assert set(model.languages) == set(TARGETS)
    with np.load(ARTIFACTS / LANGMODEL_FILE, allow_pickle=False) as arrays:
        assert all(arrays[name].dtype != object for name in arrays.files)
        assert arrays["log_probs"].shape == (len(model.ngrams), len(TARGETS))


def test_a_clear_short_comment_is_decided_without_lingua() -> None:
    result = classify("Waar blijft mijn bestelling?")
    assert result.language == "nl"
    assert any(reason.startswith("lang:ngrams:") for reason in result.reasons)
    assert not any(reason.startswith("lang:lingua:") for reason in result.reasons)


_TINY = {
    "nl": "het pakket is niet gekomen en niemand belt terug wat een gedoe",
    "en": "the parcel has not arrived and nobody calls back what a mess",
    "de": "das paket ist nicht gekommen und niemand ruft zurück so ein ärger",
}


def _tiny_model() -> LanguageModel:
    languages = tuple(_TINY)
    # Twice each: n-grams seen once are pruned as typos.
    texts = [tokenize(text) for text in _TINY.values()] * 2
    return fit(texts, languages * 2, languages, uniform_prior=True)


def test_the_ngram_model_prefers_the_language_whose_letters_it_has_seen() -> None:
    model = _tiny_model()
    for text, expected in [("niemand gekomen", "nl"), ("nobody arrived", "en"), ("ärger", "de")]:
        scores = model.scores(usable_words(tokenize(text)))
        assert scores is not None
        assert scores.best == expected


def test_words_the_model_has_never_seen_any_part_of_give_no_scores() -> None:
    model = _tiny_model()
    assert model.scores(["qxqx"]) is None
    assert model.scores(["qxqx", "pakket"]) is not None


def test_the_language_model_round_trips_through_plain_arrays(tmp_path: Path) -> None:
    model = _tiny_model()
    path = model.save(tmp_path)
    with np.load(path, allow_pickle=False) as arrays:
        assert "ngrams" in arrays.files
    copy = LanguageModel.load(tmp_path)
    words = usable_words(tokenize("het pakket is er nog niet"))
    original, loaded = model.scores(words), copy.scores(words)
    assert original is not None and loaded is not None
    assert loaded.best == original.best
    assert loaded.probabilities == pytest.approx(original.probabilities, abs=0.01)


def test_training_reads_only_the_train_and_dev_splits() -> None:
    @dataclass
    class Row:
        text: str
        lang: str
        split: str

    rows = [Row(text, lang, "train") for lang, text in _TINY.items()]
    # Test texts in another alphabet: had they been counted, their letters would be known.
    rows += [Row("пакет не пришёл", "en", "test"), Row("пакет потерян", "en", "test")]
    model = train(rows, tuple(_TINY))
    assert not any("п" in gram for gram in model.ngrams)


def test_a_model_read_from_another_folder_is_used_only_inside_the_block(tmp_path: Path) -> None:
    _tiny_model().save(tmp_path)
    before = language_model()
    with models_from(tmp_path):
        inside = language_model()
        assert inside is not None
        assert inside.languages == tuple(_TINY)
    assert language_model() is before

"""The insights topic taxonomy in each of the five languages."""

from __future__ import annotations

import pytest

from shared.insights.taxonomy import (
    TOPIC_LABELS,
    detect_topic,
    is_known_topic,
    label,
    vocabulary,
)
from shared.replies.languages import LEXICONS
from shared.replies.wording import detect_topic as reply_topic

EXAMPLES = {
    "nl": [
        ("Mijn pakket is al twee weken onderweg en de bezorger komt niet", "delivery"),
        ("Waarom is mijn factuur zo hoog? Dubbel afgeschreven!", "bill"),
        ("Internet ligt er weer uit, storing in heel Utrecht", "outage"),
        ("De medewerker in de winkel was erg onvriendelijk", "staff"),
        ("De app crasht steeds bij het openen", "app"),
        ("Het product was na een dag al kapot", "product"),
        ("Ik wacht al weken op een reactie", "waiting"),
        ("Alweer een prijsverhoging, veel te duur geworden", "price"),
        ("Wanneer krijg ik mijn geld terug voor de retourzending?", "returns"),
        ("Ik kan niet inloggen, wachtwoord reset werkt niet", "account"),
        ("Hoe kan ik mijn abonnement opzeggen?", "subscription"),
    ],
    "sv": [
        ("Paketet kom aldrig, spårningen säger levererad", "delivery"),
        ("Fakturan är fel, ni har dragit pengar två gånger", "bill"),
        ("Störning igen, inget internet sedan i morse", "outage"),
        ("Personalen i butiken var otrevlig", "staff"),
        ("Appen kraschar hela tiden", "app"),
        ("Produkten var trasig när den kom", "product"),
        ("Varför har ni höjt priset igen? Alldeles för dyrt", "price"),
        ("Hur returnerar jag och när får jag pengarna tillbaka?", "returns"),
        ("Jag kan inte logga in, lösenordet fungerar inte", "account"),
        ("Hur säger jag upp mitt abonnemang?", "subscription"),
    ],
    "en": [
        ("My parcel never arrived, tracking says delivered", "delivery"),
        ("I was billed twice, the invoice is wrong", "bill"),
        ("Another outage, no internet since this morning", "outage"),
        ("The staff in your shop were really rude", "staff"),
        ("Your website keeps crashing", "app"),
        ("The product was broken after one day", "product"),
        ("Your prices went up again, way too expensive", "price"),
        ("When will I get my refund for the returned jacket?", "returns"),
        ("How do I reset my password? Locked out of my account", "account"),
        ("I want to cancel my subscription but can't find how", "subscription"),
    ],
    "de": [
        ("Mein Paket ist immer noch nicht geliefert", "delivery"),
        ("Warum ist die Rechnung doppelt abgebucht worden?", "bill"),
        ("Seit gestern Störung, kein Internet in ganz Berlin", "outage"),
        ("Der Mitarbeiter war sehr unfreundlich", "staff"),
        ("Die App stürzt ständig ab", "app"),
        ("Das Produkt war nach einem Tag kaputt", "product"),
        ("Schon wieder eine Preiserhöhung, viel zu teuer", "price"),
        ("Wann bekomme ich die Rückerstattung für meine Rücksendung?", "returns"),
        ("Ich kann mich nicht einloggen, Passwort vergessen", "account"),
        ("Wie kann ich mein Abo kündigen?", "subscription"),
    ],
    "fr": [
        ("Toujours pas reçu mon colis, livraison en retard", "delivery"),
        ("Ma facture est fausse, prélevé deux fois", "bill"),
        ("Encore une panne, plus d'internet depuis ce matin", "outage"),
        ("Le vendeur était très impoli avec moi", "staff"),
        ("L'application plante tout le temps", "app"),
        ("Le produit était cassé à la livraison du produit", "product"),
        ("Vos prix ont encore augmenté, beaucoup trop cher", "price"),
        ("Comment faire un retour et être remboursé ?", "returns"),
        ("Je n'arrive pas à me connecter, mot de passe refusé", "account"),
        ("Comment résilier mon abonnement ?", "subscription"),
    ],
}


@pytest.mark.parametrize(
    ("language", "text", "topic"),
    [(lang, text, topic) for lang, rows in EXAMPLES.items() for text, topic in rows],
)
def test_complaint_gets_its_topic_in_its_language(language: str, text: str, topic: str) -> None:
    assert detect_topic(text, language) == topic


def test_every_language_covers_every_topic() -> None:
    for language in EXAMPLES:
        assert set(vocabulary(language)) == set(TOPIC_LABELS)
        assert {topic for _, topic in EXAMPLES[language]} >= set(TOPIC_LABELS) - {"waiting"}


def test_drafters_topics_are_reused_with_their_ids_and_keywords() -> None:
    for language, lexicon in LEXICONS.items():
        ours = vocabulary(language)
        for topic, keywords in lexicon.topics.items():
            assert set(ours[topic]) <= set(keywords)
        # Delivery is untouched: the same words detect it in a draft and in a report.
        assert ours["delivery"] == lexicon.topics["delivery"]


def test_a_keyword_counts_for_one_topic_only() -> None:
    for language in EXAMPLES:
        seen: dict[str, str] = {}
        for topic, keywords in vocabulary(language).items():
            for keyword in keywords:
                assert seen.setdefault(keyword, topic) == topic, (language, keyword)


def test_login_is_account_for_insights_while_the_drafter_still_calls_it_app() -> None:
    assert reply_topic("I can't log in", "en") == "app"
    assert detect_topic("I can't log in", "en") == "account"


def test_unknown_language_tries_every_language() -> None:
    assert detect_topic("Mijn pakket is niet bezorgd", "und") == "delivery"
    assert detect_topic("Kein Internet, Störung seit gestern", "und") == "outage"


def test_misjudged_language_falls_back_to_the_others() -> None:
    assert detect_topic("Wie kann ich mein Abo kündigen?", "en") == "subscription"


def test_text_without_a_keyword_has_no_topic() -> None:
    assert detect_topic("Waar zijn mijn PlusPunten gebleven?", "nl") is None
    assert detect_topic("   ", "en") is None


def test_more_keywords_beat_an_earlier_mention() -> None:
    # "order" (delivery) comes first, but return + refund make it a returns question.
    assert detect_topic("My order: how do I return it and get a refund?", "en") == "returns"


def test_labels_and_known_topics() -> None:
    assert label("bill") == "billing"
    assert label("cluster:points-pluspunten") == "points pluspunten"
    assert is_known_topic("account") and is_known_topic("cluster:points")
    assert not is_known_topic("cluster:") and not is_known_topic("weather")

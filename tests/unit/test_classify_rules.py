"""The intent rules on their own, one family per language (no trained heads involved).

The texts are written for these tests; none comes from data/webcare_intents.jsonl.
"""

from __future__ import annotations

import pytest

from services.classify.model import analyse, classify

LANGUAGES = ("nl", "sv", "en", "de", "fr")

VIOLENT_THREATS = {
    "nl": "Als ik die manager tegenkom sla ik zijn kop in",
    "sv": "Jag ska skjuta er allihop när ni stänger",
    "en": "Your CEO deserves to be shot",
    "de": "Den Filialleiter sollte man gleich mit abfackeln",
    "fr": "Je vais vous buter un par un",
}
DEHUMANISING = {
    "nl": "Wat een gespuis werkt daar achter de balie",
    "sv": "Personalen där är ett enda slödder",
    "en": "Your managers are subhuman scumbags",
    "de": "Was für ein Gesindel in dieser Filiale",
    "fr": "Cette racaille derrière le guichet",
}
SWEARING_COMPLAINTS = {
    "nl": "Godverdomme, mijn pakket is nog steeds niet geleverd",
    "sv": "Fy fan, routern fungerar inte igen",
    "en": "Fucking hell, the app crashed again",
    "de": "Verdammte Scheiße, das Internet geht schon wieder nicht",
    "fr": "Putain de merde, la box est encore en panne",
}
SCARE_QUOTED_PRAISE = {
    "nl": "Bedankt voor de 'snelle' levering, echt top",
    "sv": "Tack för den 'snabba' leveransen, bra jobbat",
    "en": "Thanks for the 'quick' reply, great job",
    "de": "Danke für die 'schnelle' Hilfe, na toll",
    "fr": "Merci pour la 'livraison express', bravo encore",
}
REGULATORS = {
    "nl": "Ik stap hiermee naar de Geschillencommissie",
    "sv": "Nu går jag till Allmänna reklamationsnämnden",
    "en": "I'm taking this to the ombudsman",
    "de": "Ich schalte jetzt die Schlichtungsstelle ein",
    "fr": "Je saisis le médiateur dès demain",
}
FRAUD_INSIDE_A_COMPLAINT = {
    "nl": "Nog steeds geen terugbetaling, stelletje oplichters",
    "sv": "Fortfarande inga pengar tillbaka, era bedragare",
    "en": "Still no refund, you bunch of scammers",
    "de": "Immer noch kein Geld zurück, ihr Betrüger",
    "fr": "Toujours pas remboursé, bande d'escrocs",
}
PROMOTIONS_WITHOUT_A_LINK = {
    "nl": "Met mijn kortingscode SANNE10 krijg je 10% op alles ✨",
    "sv": "Följ mig så följer jag tillbaka 🙌",
    "en": "Follow me for daily giveaways 🎁",
    "de": "Mit meinem Rabattcode LISA15 spart ihr 15%",
    "fr": "Abonnez-vous à mon compte pour gagner des concours 🎁",
}
PROVOCATIONS = {
    "nl": "Stel je voor dat je hier nog klant bent haha",
    "sv": "Tänk att folk fortfarande handlar här lol",
    "en": "Imagine using this bank in 2026 lmao",
    "de": "Armselige Firma, wer kauft da überhaupt noch",
    "fr": "Entreprise pathétique, qui achète encore chez vous mdr",
}
INDIGNANT_QUESTIONS = {
    "nl": "Waarom moet ik 15 euro betalen voor een papieren factuur??",
    "sv": "Varför ska jag betala för något jag aldrig beställt??",
    "en": "Why am I being charged for a service I never ordered??",
    "de": "Warum muss ich für eine Rücksendung zahlen??",
    "fr": "Pourquoi je dois payer des frais pour un colis jamais reçu ??",
}
SOLVED_PROBLEMS = {
    "nl": "Dankjewel Noor, terugbetaling binnen een dag geregeld, top!",
    "sv": "Tack Elin, återbetalningen fixade du på en dag, grymt!",
    "en": "Thanks Jamie, my refund came through within a day, brilliant",
    "de": "Danke an Jonas, die Rückerstattung war nach einem Tag erledigt, super!",
    "fr": "Merci Léa, remboursement réglé en un jour, parfait !",
}


def _rule(text: str, language: str) -> tuple[str, tuple[str, ...]]:
    decision = analyse(text, language_hint=language).rule_intent
    return decision.intent, decision.reasons


@pytest.mark.parametrize("language", LANGUAGES)
def test_a_threat_of_violence_is_abuse_whatever_the_model_says(language: str) -> None:
    intent, reasons = _rule(VIOLENT_THREATS[language], language)
    assert (intent, reasons) == ("abuse", ("rule:violent-threat",))
    assert classify(VIOLENT_THREATS[language], language_hint=language).intent == "abuse"


@pytest.mark.parametrize("language", LANGUAGES)
def test_dehumanising_words_about_staff_are_abuse(language: str) -> None:
    assert _rule(DEHUMANISING[language], language) == ("abuse", ("rule:insult-without-problem",))


@pytest.mark.parametrize("language", LANGUAGES)
def test_a_problem_told_with_swearing_is_a_complaint_not_abuse(language: str) -> None:
    intent, reasons = _rule(SWEARING_COMPLAINTS[language], language)
    assert intent == "complaint"
    assert "rule:customer-problem" in reasons


@pytest.mark.parametrize(
    ("language", "text"),
    [
        ("en", "Fucking hell, Monday again"),
        ("de", "Verdammte Scheiße, schon wieder Montag"),
        ("fr", "Putain, encore lundi"),
    ],
)
def test_swearing_aimed_at_nobody_is_never_abuse(language: str, text: str) -> None:
    assert _rule(text, language)[0] != "abuse"


@pytest.mark.parametrize("language", LANGUAGES)
def test_praise_in_scare_quotes_is_a_sarcastic_complaint(language: str) -> None:
    intent, reasons = _rule(SCARE_QUOTED_PRAISE[language], language)
    assert intent == "complaint"
    assert "rule:sarcasm" in reasons


def test_a_quoted_product_name_with_thanks_stays_praise() -> None:
    # One quoted name and plain thanks: no sarcasm phrase, so nothing to turn around.
    assert _rule("Thanks for the 'Winter Deluxe' box, lovely", "en")[0] == "praise"


@pytest.mark.parametrize("language", LANGUAGES)
def test_going_to_a_regulator_or_ombudsman_is_a_legal_threat(language: str) -> None:
    assert _rule(REGULATORS[language], language) == ("legal_threat", ("rule:legal-threat",))


@pytest.mark.parametrize("language", LANGUAGES)
def test_a_fraud_accusation_inside_a_complaint_is_a_legal_threat(language: str) -> None:
    text = FRAUD_INSIDE_A_COMPLAINT[language]
    assert _rule(text, language) == ("legal_threat", ("rule:fraud-accusation",))
    assert classify(text, language_hint=language).intent == "legal_threat"


@pytest.mark.parametrize("language", LANGUAGES)
def test_a_promotion_without_a_link_is_spam(language: str) -> None:
    assert _rule(PROMOTIONS_WITHOUT_A_LINK[language], language)[0] == "spam"


def test_buying_followers_with_a_link_is_spam_even_when_it_asks_a_question() -> None:
    text = "Need more followers? Real followers for 5 euro at www.example-growth.biz"
    assert _rule(text, "en") == ("spam", ("rule:spam",))


def test_a_promo_code_that_does_not_work_is_a_complaint_not_spam() -> None:
    assert _rule("Your promo code doesn't work at checkout", "en")[0] == "complaint"


@pytest.mark.parametrize("language", LANGUAGES)
def test_mockery_without_a_customer_problem_is_trolling(language: str) -> None:
    assert _rule(PROVOCATIONS[language], language)[0] == "troll"


@pytest.mark.parametrize("language", LANGUAGES)
def test_an_indignant_question_about_a_charge_is_a_complaint(language: str) -> None:
    assert _rule(INDIGNANT_QUESTIONS[language], language)[0] == "complaint"


@pytest.mark.parametrize("language", LANGUAGES)
def test_thanks_for_a_solved_problem_is_praise(language: str) -> None:
    assert _rule(SOLVED_PROBLEMS[language], language) == (
        "praise",
        ("rule:praise-for-a-solved-problem",),
    )


@pytest.mark.parametrize(
    ("language", "text"),
    [
        ("sv", "Mötet får skjutas upp till fredag"),
        ("fr", "Il y a des parasites sur la ligne depuis hier"),
        ("en", "Rats, I forgot my password again"),
        ("de", "Ich hau jetzt ab, bis morgen"),
    ],
)
def test_words_that_only_sound_violent_are_not_abuse(language: str, text: str) -> None:
    assert _rule(text, language)[0] != "abuse"


VEILED_THREATS = {
    "nl": "Zeg maar tegen die chauffeur dat hij goed moet opletten vanavond",
    "sv": "Hälsa kassörskan att hon ska se sig om på parkeringen",
    "en": "Tell your driver he'd better watch himself next time",
    "de": "Sagt dem Fahrer, er soll gut aufpassen, wenn er nochmal kommt",
    "fr": "Dites à votre chauffeur de faire gaffe la prochaine fois",
}


@pytest.mark.parametrize("language", LANGUAGES)
def test_a_veiled_threat_to_staff_is_abuse(language: str) -> None:
    assert _rule(VEILED_THREATS[language], language)[0] == "abuse"


def test_a_veiled_warning_inside_a_complaint_keeps_the_complaint() -> None:
    # Veiled threats are insults, not the overriding threat rule: the problem decides.
    text = "My parcel never arrived, your courier better watch himself"
    assert _rule(text, "en")[0] == "complaint"


@pytest.mark.parametrize(
    ("language", "text"),
    [
        ("nl", "@Sanne kijk, dit bedoelde ik 😊"),
        ("en", "@Tom this one for your birthday? 😊"),
    ],
)
def test_a_smiley_next_to_a_tagged_friend_is_not_praise(language: str, text: str) -> None:
    assert _rule(text, language)[0] != "praise"


def test_a_prize_claim_with_a_link_is_spam_not_praise() -> None:
    text = "🎉 Gefeliciteerd, je bent geselecteerd! Claim je prijs op bit.ly/prijs-nu"
    assert _rule(text, "nl") == ("spam", ("rule:spam",))


LEGAL_IN_EVERYDAY_WORDS = {
    "nl": "Mijn advocaat stuurt jullie volgende week een dagvaarding",
    "sv": "Jag har polisanmält butiken för det här",
    "en": "Fine, I'm lawyering up then",
    "de": "Ich zeige euch an, so geht das nicht",
    "fr": "J'ai porté plainte contre votre agence",
}


@pytest.mark.parametrize("language", LANGUAGES)
def test_lawyers_and_police_in_everyday_inflections_are_legal_threats(language: str) -> None:
    assert _rule(LEGAL_IN_EVERYDAY_WORDS[language], language)[0] == "legal_threat"


def test_insults_that_outnumber_the_problem_are_abuse() -> None:
    text = "You idiots, you morons, you lowlifes, my parcel is late again"
    assert _rule(text, "en") == ("abuse", ("rule:insults-outweigh-problem",))


def test_one_insult_beside_a_concrete_problem_stays_a_complaint() -> None:
    intent, reasons = _rule("You idiots lost my parcel again", "en")
    assert intent == "complaint"
    assert "rule:complaint-despite-swearing" in reasons


@pytest.mark.parametrize(
    ("language", "text"),
    [
        ("sv", "Läste en intervju med er vd i tidningen igår"),
        ("de", "Die Fehlermeldung wird angezeigt, sobald ich bezahle"),
        ("nl", "De politiek moet hier eens iets aan doen"),
        ("fr", "Votre livraison a deux jours de retard"),
        ("en", "There are rats in the car park of your store"),
    ],
)
def test_words_beside_the_legal_and_abuse_families_do_not_trigger_them(
    language: str, text: str
) -> None:
    assert _rule(text, language)[0] not in ("legal_threat", "abuse")

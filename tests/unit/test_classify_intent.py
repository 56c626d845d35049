"""Intent, sentiment and toxicity on hand-written comments in the five languages."""

from __future__ import annotations

import pytest

from services.classify.model import MODEL_VERSION, classify

COMPLAINTS = {
    "nl": [
        "Mijn pakket is na twee weken nog steeds niet geleverd",
        "Ik heb een verkeerde rekening gekregen, er is 40 euro te veel afgeschreven",
        "Al de hele ochtend een storing, geen internet in heel Utrecht",
        "Jullie medewerker aan de telefoon was ontzettend onbeschoft",
        "De wasmachine is na een maand al kapot",
        "Ik hang nu al 50 minuten in de wacht, belachelijk",
    ],
    "sv": [
        "Mitt paket är försenat igen, har väntat i tio dagar",
        "Fel faktura för andra månaden i rad, ni har dragit för mycket",
        "Bredbandet ligger nere sedan i morse",
        "Personalen i butiken var otrevlig och ohjälpsam",
        "Hörlurarna gick sönder efter en vecka",
        "Har suttit i kö i över en timme nu",
    ],
    "en": [
        "My order was supposed to arrive Monday and it still hasn't shown up",
        "You charged me twice for the same subscription",
        "Is the network down? No signal anywhere in Leeds since noon",
        "The guy at the counter was so rude to my mother",
        "Bought this kettle last week and it's already broken",
        "Been on hold for over an hour, this is ridiculous",
    ],
    "de": [
        "Meine Bestellung ist immer noch nicht angekommen",
        "Die Rechnung ist falsch, mir wurde zu viel berechnet",
        "Seit gestern Abend Störung, kein Internet und kein Telefon",
        "Die Dame an der Hotline war extrem unfreundlich",
        "Der Staubsauger ist nach zwei Wochen kaputt",
        "Hänge seit 40 Minuten in der Warteschleife",
    ],
    "fr": [
        "Ma commande n'est toujours pas livrée après trois semaines",
        "Erreur de facturation, vous m'avez prélevé deux fois",
        "Encore une panne, pas d'internet depuis ce matin",
        "Le vendeur a été très désagréable avec moi",
        "La cafetière est arrivée cassée",
        "Ça fait une heure que j'attends au téléphone, personne ne répond",
    ],
}
QUESTIONS = {
    "nl": ["Hoe kan ik mijn adres wijzigen?", "Zijn jullie op tweede paasdag open?"],
    "sv": ["När öppnar ni imorgon?", "Kan jag betala med Swish?"],
    "en": ["Can I pick up my order in store?", "Do you ship to Ireland?"],
    "de": ["Wie kann ich mein Abo kündigen?", "Habt ihr am Sonntag geöffnet?"],
    "fr": ["Comment puis-je suivre mon colis ?", "Est-ce que vous livrez en Belgique ?"],
}
PRAISE = {
    "nl": ["Super snel geleverd, dank jullie wel!", "Complimenten voor Sanne, zo goed geholpen 👏"],
    "sv": ["Tack för grym service!", "Supertrevlig personal, rekommenderar er verkligen"],
    "en": ["Thank you so much, the engineer was brilliant", "Great service as always ❤️"],
    "de": ["Vielen Dank, hat alles super geklappt!", "Toller Service, sehr zufrieden 👍"],
    "fr": ["Merci beaucoup, service impeccable !", "Livraison rapide et vendeur très aimable 😊"],
}
TROLLS = {
    "nl": [
        "hahaha wat een lachertje is dit bedrijf, iedereen weet dat jullie clowns zijn",
        "Poppenkast. Over een jaar zijn jullie failliet lol",
    ],
    "sv": [
        "haha ni är ju ett skämt, alla vet att ni är clowner",
        "Vilken cirkus, sämsta företaget i Sverige lol",
    ],
    "en": [
        "haha this company is a joke, everyone knows you're clowns",
        "lmao imagine still using this dinosaur of a bank. go bankrupt already",
    ],
    "de": [
        "haha was für ein Saftladen, jeder weiß dass ihr Clowns seid",
        "Lachnummer von Firma, seid bald pleite lol",
    ],
    "fr": [
        "mdr cette boîte est une blague, tout le monde sait que vous êtes des clowns",
        "Quel cirque, bande de guignols 🤡",
    ],
}
ABUSE = {
    "nl": ["Stelletje idioten zijn jullie", "Rot op met je klootzakken"],
    "sv": ["Ni är ett gäng jävla idioter", "Håll käften din efterblivna tönt"],
    "en": ["You are all fucking idiots", "Shut up you stupid bitch"],
    "de": ["Ihr seid alle Vollidioten", "Halt die Fresse du Arschloch"],
    "fr": ["Bande de connards", "Ta gueule espèce d'abruti"],
}
SPAM = {
    "nl": [
        "Verdien geld vanuit huis! 500 euro per dag, check mijn profiel https://bit.ly/3xyz",
        "Gebruik mijn kortingscode LISA20 voor 20% korting op crypto https://t.co/x",
    ],
    "sv": [
        "Tjäna pengar hemifrån, kolla min profil! https://bit.ly/4abc",
        "Följ mig så följer jag tillbaka, använd min kod KALLE10 🔥",
    ],
    "en": [
        "Earn money from home $500 a day!! dm me https://bit.ly/earnnow",
        "follow for follow 🔥 check my profile, link in bio",
    ],
    "de": [
        "Schnelles Geld mit Bitcoin, schreib mir! https://t.co/geld",
        "Folgt mir für Gewinnspiel, nutzt den Code MAX15 https://bit.ly/m",
    ],
    "fr": [
        "Gagner de l'argent facile avec la crypto, voir mon profil https://bit.ly/fr1",
        "Code promo JULIE10 sur ma boutique, lien en bio 😍",
    ],
}
LEGAL = {
    "nl": [
        "Als dit niet vandaag is opgelost schakel ik mijn advocaat in",
        "Ik ga jullie aanklagen en stap naar de ACM",
        "Ik doe aangifte bij de politie",
    ],
    "sv": [
        "Jag kommer att stämma er för det här",
        "Anmäler er till Konsumentverket och ARN",
        "Har pratat med min advokat",
    ],
    "en": [
        "I'm going to sue you for this",
        "My lawyer will be in touch",
        "I've reported you to Trading Standards and I'm going to the press",
    ],
    "de": [
        "Ich werde euch verklagen",
        "Mein Anwalt meldet sich bei Ihnen",
        "Ich gehe zur Verbraucherzentrale und zur Presse",
    ],
    "fr": [
        "Je vais porter plainte contre vous",
        "Mon avocat va vous contacter",
        "Je vais saisir la DGCCRF et les médias",
    ],
}
FRAUD = {
    "nl": ["Jullie zijn gewoon oplichters", "Dit is pure oplichting"],
    "sv": ["Ni är bedragare allihop", "Det här är rena bedrägeriet"],
    "en": ["You're scammers, plain and simple", "This is fraud"],
    "de": ["Ihr seid Betrüger", "Das ist Betrug am Kunden"],
    "fr": ["Vous êtes des escrocs", "C'est une arnaque totale"],
}
SWEARING_COMPLAINTS = {
    "nl": "Wtf, mijn pakket is al twee weken te laat, kut bedrijf",
    "sv": "Vad fan, mitt paket har fortfarande inte kommit",
    "en": "wtf my package is 2 weeks late",
    "de": "Scheiße, mein Paket ist immer noch nicht angekommen",
    "fr": "Putain, toujours pas reçu mon colis",
}
SARCASM = {
    "nl": "Geweldig hoor, voor de derde keer deze week ligt de app eruit. Bedankt!",
    "sv": "Toppen, tredje gången den här veckan som appen ligger nere. Tack för inget",
    "en": "great, third time this week the app is down, thanks a lot",
    "de": "Na toll, schon wieder Störung. Danke für nichts",
    "fr": "Génial, encore une panne pour la troisième fois. Merci pour rien",
}
OTHER = {
    "nl": "Ik zag jullie reclame gisteren op tv",
    "sv": "Jag var i butiken i Malmö igår",
    "en": "Just saw your ad on the train",
    "de": "Ich war gestern in der Filiale in Köln",
    "fr": "J'ai vu votre pub dans le métro",
}


def _cases(table: dict[str, list[str]]) -> list[tuple[str, str]]:
    return [(language, text) for language, texts in table.items() for text in texts]


@pytest.mark.parametrize(("language", "text"), _cases(COMPLAINTS))
def test_customer_problems_are_negative_complaints(language: str, text: str) -> None:
    result = classify(text)
    assert result.language == language
    assert result.intent == "complaint"
    assert result.sentiment == "negative"


@pytest.mark.parametrize(("language", "text"), _cases(QUESTIONS))
def test_questions_without_a_problem_are_questions(language: str, text: str) -> None:
    result = classify(text)
    assert result.intent == "question"
    assert result.sentiment == "neutral"


@pytest.mark.parametrize(("language", "text"), _cases(PRAISE))
def test_thanks_and_compliments_are_positive_praise(language: str, text: str) -> None:
    result = classify(text)
    assert result.intent == "praise"
    assert result.sentiment == "positive"


@pytest.mark.parametrize(("language", "text"), _cases(TROLLS))
def test_provocation_without_a_customer_problem_is_trolling(language: str, text: str) -> None:
    assert classify(text).intent == "troll"


@pytest.mark.parametrize(("language", "text"), _cases(ABUSE))
def test_insults_aimed_at_people_are_abuse_and_toxic(language: str, text: str) -> None:
    result = classify(text)
    assert result.intent == "abuse"
    assert result.toxicity >= 0.5


@pytest.mark.parametrize(("language", "text"), _cases(SPAM))
def test_links_with_money_offers_follow_requests_or_promo_codes_are_spam(
    language: str, text: str
) -> None:
    assert classify(text).intent == "spam"


@pytest.mark.parametrize(("language", "text"), _cases(LEGAL))
def test_lawyers_police_regulators_and_press_are_legal_threats(language: str, text: str) -> None:
    result = classify(text)
    assert result.intent == "legal_threat"
    assert "rule:legal-threat" in result.reasons


@pytest.mark.parametrize(("language", "text"), _cases(FRAUD))
def test_fraud_accusations_are_legal_threats(language: str, text: str) -> None:
    result = classify(text)
    assert result.intent == "legal_threat"
    assert "rule:fraud-accusation" in result.reasons


def test_dutch_fraud_accusation_is_a_legal_threat_even_inside_a_complaint() -> None:
    text = "Nog steeds niet geleverd en geen geld terug, stelletje oplichters"
    assert classify(text).intent == "legal_threat"


@pytest.mark.parametrize(("language", "text"), list(SWEARING_COMPLAINTS.items()))
def test_a_complaint_that_swears_is_still_a_complaint(language: str, text: str) -> None:
    result = classify(text)
    assert result.intent == "complaint"
    assert result.toxicity > 0


@pytest.mark.parametrize(("language", "text"), list(SARCASM.items()))
def test_sarcastic_praise_of_a_failure_is_a_negative_complaint(language: str, text: str) -> None:
    result = classify(text)
    assert result.intent == "complaint"
    assert result.sentiment == "negative"
    assert "rule:sarcasm" in result.reasons


@pytest.mark.parametrize(("language", "text"), list(OTHER.items()))
def test_a_comment_without_any_signal_is_other_with_low_confidence(
    language: str, text: str
) -> None:
    result = classify(text)
    assert result.intent == "other"
    # The trained head is calibrated and can be fairly sure a remark is just a remark, but a
    # comment with nothing to act on is never presented as certain.
    assert result.confidence < 0.9


def test_a_complaint_with_insults_keeps_its_intent_but_loses_confidence() -> None:
    plain = classify("My package is two weeks late")
    insulting = classify("My package is two weeks late, you useless idiots")
    assert insulting.intent == "complaint"
    assert insulting.intent_confidence < plain.intent_confidence
    assert insulting.toxicity > plain.toxicity


def test_a_troll_that_mentions_a_real_problem_is_a_complaint() -> None:
    assert classify("lol this company is a joke, my refund never arrived").intent == "complaint"


@pytest.mark.parametrize(
    ("rating", "sentiment"), [(1, "negative"), (2, "negative"), (4, "positive"), (5, "positive")]
)
def test_a_star_rating_shifts_the_sentiment_of_a_neutral_review(
    rating: int, sentiment: str
) -> None:
    assert classify("Ordered a sofa in March.", rating=rating).sentiment == sentiment


def test_a_one_star_review_without_keywords_is_a_complaint() -> None:
    assert classify("Ordered a sofa in March.", rating=1).intent == "complaint"


def test_a_five_star_rating_on_a_complaint_lowers_its_confidence() -> None:
    text = "Delivery was late but otherwise ok"
    assert classify(text, rating=5).intent_confidence < classify(text).intent_confidence


def test_negated_praise_is_negative() -> None:
    result = classify("Ik ben helemaal niet tevreden over de service")
    assert result.intent == "complaint"
    assert result.sentiment == "negative"


def test_emoji_only_thumbs_up_is_positive() -> None:
    assert classify("👍👍").sentiment == "positive"


def test_a_question_about_opening_late_is_not_a_complaint() -> None:
    assert classify("Are you open late tonight?").intent == "question"


def test_the_lexicon_reason_names_category_language_and_phrase() -> None:
    assert (
        "lexicon:complaint:nl:'niet geleverd'"
        in classify("Mijn bestelling is niet geleverd").reasons
    )


def test_confidence_is_the_lowest_of_language_intent_and_sentiment() -> None:
    result = classify("Bedankt voor de snelle hulp!")
    assert result.confidence == min(
        result.language_confidence, result.intent_confidence, result.sentiment_confidence
    )
    assert result.model_version == MODEL_VERSION


def test_clean_praise_has_no_toxicity() -> None:
    assert classify("Thank you, great service!").toxicity == 0


def test_a_slur_is_more_toxic_than_swearing() -> None:
    assert classify("shut up you retard").toxicity > classify("damn this is hard").toxicity

"""German wording: ``Sie`` (formal) and ``du`` (informal). Topics are dative, after ``mit``."""

from __future__ import annotations

BLOCKS: dict[str, list[str]] = {
    "greeting_name.formal": ["Guten Tag {name},", "Hallo {name},", "Schönen guten Tag {name},"],
    "greeting_name.informal": ["Hallo {name},", "Hi {name},", "Hey {name},"],
    "greeting.formal": ["Guten Tag,", "Hallo,", "Schönen guten Tag,"],
    "greeting.informal": ["Hallo,", "Hi,", "Hey,"],
    "thanks.formal": [
        "Danke, dass Sie uns darauf hinweisen.",
        "Vielen Dank, dass Sie das ansprechen.",
        "Gut, dass Sie sich melden.",
    ],
    "thanks.informal": [
        "Danke, dass du uns darauf hinweist.",
        "Vielen Dank, dass du das ansprichst.",
        "Gut, dass du dich meldest.",
    ],
    "empathy_topic.formal": [
        "Ärgerlich, dass es Probleme mit {topic} gab.",
        "Ich kann gut verstehen, dass Sie mit {topic} unzufrieden sind.",
        "Schade, dass Sie Ärger mit {topic} hatten.",
    ],
    "empathy_topic.informal": [
        "Ärgerlich, dass es Probleme mit {topic} gab.",
        "Ich kann gut verstehen, dass du mit {topic} unzufrieden bist.",
        "Schade, dass du Ärger mit {topic} hattest.",
    ],
    "empathy.formal": [
        "Ich kann gut verstehen, dass Sie damit nicht zufrieden sind.",
        "Ärgerlich, dass es nicht so gelaufen ist, wie Sie es erwartet haben.",
        "Schade, dass es so gekommen ist.",
    ],
    "empathy.informal": [
        "Ich kann gut verstehen, dass du damit nicht zufrieden bist.",
        "Ärgerlich, dass es nicht so gelaufen ist, wie du es erwartet hast.",
        "Schade, dass es so gekommen ist.",
    ],
    "apology": [
        "Das hätte nicht passieren dürfen, wir entschuldigen uns dafür.",
        "Dafür möchten wir uns entschuldigen.",
        "Es tut mir leid, dass es so gelaufen ist.",
    ],
    "explain": [
        "Normalerweise läuft das reibungslos, deshalb möchte ich gern herausfinden, was genau passiert ist.",
        "Meistens klappt das gut; ich schaue mir gern an, wie es diesmal dazu gekommen ist.",
        "Das ist bei uns normalerweise kein Problem, daher kläre ich gern, was hier los war.",
    ],
    "offer_email.formal": [
        "Schreiben Sie mir gern an {contact}, dann lösen wir das gemeinsam.",
        "Sie erreichen mich per E-Mail unter {contact}, dann helfe ich Ihnen persönlich weiter.",
        "Möchten Sie mir eine E-Mail an {contact} senden? Dann kümmere ich mich direkt darum.",
    ],
    "offer_email.informal": [
        "Schreib mir gern an {contact}, dann lösen wir das gemeinsam.",
        "Du erreichst mich per E-Mail unter {contact}, dann helfe ich dir persönlich weiter.",
        "Magst du mir eine E-Mail an {contact} schicken? Dann kümmere ich mich direkt darum.",
    ],
    "offer_phone.formal": [
        "Rufen Sie mich gern unter {contact} an, dann lösen wir das gemeinsam.",
        "Sie erreichen mich direkt unter {contact}, dann helfe ich Ihnen persönlich weiter.",
        "Möchten Sie mich unter {contact} anrufen? Dann kümmere ich mich direkt darum.",
    ],
    "offer_phone.informal": [
        "Ruf mich gern unter {contact} an, dann lösen wir das gemeinsam.",
        "Du erreichst mich direkt unter {contact}, dann helfe ich dir persönlich weiter.",
        "Magst du mich unter {contact} anrufen? Dann kümmere ich mich direkt darum.",
    ],
    "offer_dm.formal": [
        "Schreiben Sie uns gern eine Direktnachricht an {contact}, dann lösen wir das gemeinsam.",
        "Senden Sie mir eine private Nachricht an {contact}, dann helfe ich Ihnen persönlich "
        "weiter.",
        "Möchten Sie uns per DM an {contact} schreiben? Dann kümmere ich mich direkt darum.",
    ],
    "offer_dm.informal": [
        "Schreib uns gern eine Direktnachricht an {contact}, dann lösen wir das gemeinsam.",
        "Schick mir eine private Nachricht an {contact}, dann helfe ich dir persönlich weiter.",
        "Magst du uns per DM an {contact} schreiben? Dann kümmere ich mich direkt darum.",
    ],
    "offer_team.formal": [
        "Schreiben Sie uns gern eine private Nachricht, dann helfen wir Ihnen persönlich weiter.",
        "Möchten Sie uns per DM schreiben? Dann lösen wir das gemeinsam.",
        "Senden Sie uns eine Direktnachricht, dann kümmern wir uns darum.",
    ],
    "offer_team.informal": [
        "Schreib uns gern eine private Nachricht, dann helfen wir dir persönlich weiter.",
        "Magst du uns per DM schreiben? Dann lösen wir das gemeinsam.",
        "Schick uns eine Direktnachricht, dann kümmern wir uns darum.",
    ],
    "question_thanks.formal": [
        "Danke für Ihre Frage!",
        "Gute Frage, vielen Dank!",
        "Vielen Dank für Ihre Nachricht.",
    ],
    "question_thanks.informal": [
        "Danke für deine Frage!",
        "Gute Frage, vielen Dank!",
        "Vielen Dank für deine Nachricht.",
    ],
    "question_pending.formal": [
        "Ich kläre das für Sie und melde mich so schnell wie möglich.",
        "Ich frage intern nach und gebe Ihnen bald Bescheid.",
        "Ich finde es für Sie heraus und komme darauf zurück.",
    ],
    "question_pending.informal": [
        "Ich kläre das für dich und melde mich so schnell wie möglich.",
        "Ich frage intern nach und gebe dir bald Bescheid.",
        "Ich finde es für dich heraus und komme darauf zurück.",
    ],
    "faq_close.formal": [
        "Noch Fragen? Melden Sie sich gern.",
        "Sagen Sie gern Bescheid, wenn Sie noch etwas wissen möchten.",
        "Kommen Sie nicht weiter? Geben Sie mir gern Bescheid.",
    ],
    "faq_close.informal": [
        "Noch Fragen? Melde dich gern.",
        "Sag gern Bescheid, wenn du noch etwas wissen möchtest.",
        "Kommst du nicht weiter? Gib mir gern Bescheid.",
    ],
    "praise_thanks.formal": [
        "Wie schön zu lesen, vielen Dank!",
        "Danke für Ihre freundlichen Worte!",
        "Herzlichen Dank für Ihr Lob!",
    ],
    "praise_thanks.informal": [
        "Wie schön zu lesen, vielen Dank!",
        "Danke für deine freundlichen Worte!",
        "Herzlichen Dank für dein Lob!",
    ],
    "praise_close.formal": [
        "Das gebe ich gern ans Team weiter.",
        "Das freut uns sehr.",
        "Schön, dass Sie zufrieden sind.",
    ],
    "praise_close.informal": [
        "Das gebe ich gern ans Team weiter.",
        "Das freut uns sehr.",
        "Schön, dass du zufrieden bist.",
    ],
    "troll_offer.formal": [
        "Wenn ich Ihnen bei etwas helfen kann, höre ich gern davon.",
        "Ich möchte gern verstehen, worum es geht.",
        "Ich nehme Ihre Nachricht ernst.",
    ],
    "troll_offer.informal": [
        "Wenn ich dir bei etwas helfen kann, höre ich gern davon.",
        "Ich möchte gern verstehen, worum es geht.",
        "Ich nehme deine Nachricht ernst.",
    ],
    "holding.formal": [
        "Danke für Ihre Nachricht, wir nehmen das ernst.",
        "Vielen Dank für den Hinweis, wir gehen dem sorgfältig nach.",
        "Danke, ich schaue mir das genau an.",
    ],
    "holding.informal": [
        "Danke für deine Nachricht, wir nehmen das ernst.",
        "Vielen Dank für den Hinweis, wir gehen dem sorgfältig nach.",
        "Danke, ich schaue mir das genau an.",
    ],
    "followup.formal": [
        "Ist jetzt wieder alles in Ordnung? Melden Sie sich gern, wenn noch etwas ist.",
        "Hat sich alles geklärt? Ich freue mich über eine kurze Rückmeldung.",
        "Ich wollte nachfragen, ob jetzt alles passt. Geben Sie mir kurz Bescheid?",
    ],
    "followup.informal": [
        "Ist jetzt wieder alles in Ordnung? Melde dich gern, wenn noch etwas ist.",
        "Hat sich alles geklärt? Ich freue mich über eine kurze Rückmeldung.",
        "Ich wollte nachfragen, ob jetzt alles passt. Gibst du mir kurz Bescheid?",
    ],
    "private_ask.formal": [
        "Können Sie mir etwas mehr darüber erzählen, was passiert ist? Dann kümmere ich mich "
        "sofort darum.",
        "Möchten Sie mir schildern, was genau passiert ist? Dann lege ich gleich los.",
        "Erzählen Sie mir gern mehr über die Situation, dann kläre ich das direkt.",
    ],
    "private_ask.informal": [
        "Kannst du mir etwas mehr darüber erzählen, was passiert ist? Dann kümmere ich mich "
        "sofort darum.",
        "Magst du mir schildern, was genau passiert ist? Dann lege ich gleich los.",
        "Erzähl mir gern mehr über die Situation, dann kläre ich das direkt.",
    ],
    "signature": ["Viele Grüße, {agent}", "Freundliche Grüße, {agent}", "Beste Grüße, {agent}"],
    "signature_team": [
        "Viele Grüße, {agent} von {team}",
        "Freundliche Grüße, {agent} ({team})",
        "Beste Grüße, {agent} | {team}",
    ],
    "topic_delivery": ["der Lieferung"],
    "topic_bill": ["der Rechnung"],
    "topic_outage": ["unserem Dienst"],
    "topic_staff": ["unseren Mitarbeitenden"],
    "topic_app": ["der App oder Website"],
    "topic_product": ["dem Produkt"],
    "topic_waiting": ["der Wartezeit"],
}

# fmt: off
#: Keywords per topic; a trailing ``*`` matches any word that starts with it. The phrase a
#: reply uses for each topic is the ``topic_<name>`` block.
TOPICS: dict[str, tuple[str, ...]] = {
    "delivery": (
        "liefer*", "geliefert", "paket*", "bestellung*", "bestellt", "versand*", "versendet",
        "zustell*", "kurier*", "sendung*",
    ),
    "bill": (
        "rechnung*", "abbuchung*", "abgebucht", "lastschrift*", "zahlung*", "abo", "abrechnung*",
    ),
    "outage": (
        "störung*", "ausfall", "ausgefallen", "kein internet", "kein netz", "netz", "offline",
        "geht nicht", "funktioniert nicht",
    ),
    "staff": (
        "mitarbeiter*", "personal", "unfreundlich*", "unhöflich*", "kundenservice", "verkäufer*",
    ),
    "app": ("app", "apps", "website*", "webseite*", "seite", "login", "einloggen", "passwort*"),
    "product": ("produkt*", "kaputt*", "defekt*", "qualität", "artikel*", "beschädigt*"),
    "waiting": (
        "wart*", "wartezeit*", "warteschleife*", "keine antwort", "keine reaktion", "tagen",
    ),
}

APOLOGY_KEYWORDS: tuple[str, ...] = (
    "verspät*", "zu spät", "nicht geliefert", "nie angekommen", "immer noch nicht", "verloren",
    "störung*", "ausfall", "ausgefallen", "falsche rechnung", "doppelt abgebucht",
    "zu viel abgebucht", "kaputt*", "defekt*", "beschädigt*", "unfreundlich*", "unhöflich*",
    "keine antwort", "falsch*", "funktioniert nicht", "geht nicht",
)

STOPWORDS = frozenset(
    [
        "der", "die", "das", "und", "ich", "wir", "sie", "ihr", "ihnen", "ihre", "du", "dich",
        "dir", "dein", "deine", "nicht", "mit", "für", "ist", "uns", "unser", "gerne", "gern",
        "bitte", "danke", "dank", "hallo", "grüße", "viele", "es", "wie", "was", "auf", "eine",
        "ein", "auch", "dann", "dass", "mir", "sich", "gut",
    ]
)
GREETING_WORDS = frozenset(
    ["hallo", "hi", "hey", "guten", "tag", "schönen", "liebe", "lieber", "moin", "servus"]
)
CHANNEL_WORDS: tuple[str, ...] = (
    "dm", "direktnachricht", "private nachricht", "pn", "e-mail", "mail", "anrufen", "telefon",
    "rufen sie", "ruf mich",
)
COMPENSATION_WORDS: tuple[str, ...] = (
    "erstattung*", "erstatten", "rückerstatt*", "entschädigung*", "entschädigen", "gutschrift*",
    "rabatt*", "gutschein*", "kostenlos*", "gratis", "geld zurück",
)
# fmt: on

"""Dutch wording: ``je`` (informal) and ``u`` (formal)."""

from __future__ import annotations

BLOCKS: dict[str, list[str]] = {
    "greeting_name.informal": ["Hoi {name},", "Hallo {name},", "Beste {name},"],
    "greeting_name.formal": ["Beste {name},", "Goedendag {name},", "Hallo {name},"],
    "greeting.informal": ["Hoi,", "Hallo,", "Goedendag,"],
    "greeting.formal": ["Goedendag,", "Hallo,", "Goeiedag,"],
    "thanks.informal": [
        "Bedankt dat je dit meldt.",
        "Goed dat je dit aankaart.",
        "Dank je wel dat je dit met ons deelt.",
    ],
    "thanks.formal": [
        "Bedankt dat u dit meldt.",
        "Goed dat u dit aankaart.",
        "Dank u wel dat u dit met ons deelt.",
    ],
    "empathy_topic.informal": [
        "Vervelend dat er iets misging met {topic}.",
        "Ik begrijp goed dat je baalt van het gedoe met {topic}.",
        "Wat naar dat je problemen hebt gehad met {topic}.",
    ],
    "empathy_topic.formal": [
        "Vervelend dat er iets misging met {topic}.",
        "Ik begrijp goed dat u niet blij bent met het gedoe rond {topic}.",
        "Wat naar dat u problemen hebt gehad met {topic}.",
    ],
    "empathy.informal": [
        "Vervelend om te lezen dat het niet ging zoals je verwachtte.",
        "Ik begrijp goed dat je hier niet blij mee bent.",
        "Wat naar dat het zo gelopen is.",
    ],
    "empathy.formal": [
        "Vervelend om te lezen dat het niet ging zoals u verwachtte.",
        "Ik begrijp goed dat u hier niet blij mee bent.",
        "Wat naar dat het zo gelopen is.",
    ],
    "apology": [
        "Sorry, dit had niet mogen gebeuren.",
        "Onze excuses daarvoor.",
        "Het spijt me dat dit zo gelopen is.",
    ],
    "explain": [
        "Normaal gesproken loopt dit soepel, dus ik zoek graag uit wat er hier anders ging.",
        "Meestal gaat dit goed; ik wil graag nagaan hoe het nu zo gekomen is.",
        "Dit gaat normaal zonder problemen, dus ik kijk graag wat er precies aan de hand is.",
    ],
    "offer_email.informal": [
        "Wil je me mailen via {contact}? Dan zoeken we het samen uit.",
        "Mail me gerust op {contact}, dan help ik je persoonlijk verder.",
        "Stuur je me een mailtje op {contact}? Dan pak ik het direct voor je op.",
    ],
    "offer_email.formal": [
        "Wilt u mij mailen via {contact}? Dan zoeken we het samen uit.",
        "Mail mij gerust op {contact}, dan help ik u persoonlijk verder.",
        "Zou u mij een e-mail willen sturen op {contact}? Dan pak ik het direct voor u op.",
    ],
    "offer_phone.informal": [
        "Bel me gerust op {contact}, dan zoeken we het samen uit.",
        "Je kunt me direct bellen op {contact}, dan help ik je persoonlijk verder.",
        "Wil je me even bellen op {contact}? Dan pak ik het voor je op.",
    ],
    "offer_phone.formal": [
        "Belt u mij gerust op {contact}, dan zoeken we het samen uit.",
        "U kunt mij direct bellen op {contact}, dan help ik u persoonlijk verder.",
        "Wilt u mij bellen op {contact}? Dan pak ik het voor u op.",
    ],
    "offer_dm.informal": [
        "Stuur je ons een privébericht via {contact}? Dan help ik je persoonlijk verder.",
        "Wil je me een DM sturen via {contact}? Dan zoeken we het samen uit.",
        "Stuur gerust een DM naar {contact}, dan pak ik het voor je op.",
    ],
    "offer_dm.formal": [
        "Wilt u ons een privébericht sturen via {contact}? Dan help ik u persoonlijk verder.",
        "Zou u mij een DM willen sturen via {contact}? Dan zoeken we het samen uit.",
        "Stuurt u gerust een DM naar {contact}, dan pak ik het voor u op.",
    ],
    "offer_team.informal": [
        "Stuur je ons een privébericht? Dan helpen we je persoonlijk verder.",
        "Wil je ons een DM sturen? Dan zoeken we het samen uit.",
        "Stuur ons gerust een privébericht, dan pakken we het voor je op.",
    ],
    "offer_team.formal": [
        "Wilt u ons een privébericht sturen? Dan helpen we u persoonlijk verder.",
        "Zou u ons een DM willen sturen? Dan zoeken we het samen uit.",
        "Stuurt u ons gerust een privébericht, dan pakken we het voor u op.",
    ],
    "question_thanks.informal": [
        "Bedankt voor je vraag!",
        "Goede vraag, dank je!",
        "Dank je voor je vraag.",
    ],
    "question_thanks.formal": [
        "Bedankt voor uw vraag!",
        "Goede vraag, dank u!",
        "Dank u voor uw vraag.",
    ],
    "question_pending.informal": [
        "Ik zoek het voor je uit en kom er zo snel mogelijk op terug.",
        "Ik ga het voor je na en laat het je snel weten.",
        "Ik vraag het even voor je na en kom erop terug.",
    ],
    "question_pending.formal": [
        "Ik zoek het voor u uit en kom er zo snel mogelijk op terug.",
        "Ik ga het voor u na en laat het u snel weten.",
        "Ik vraag het intern na en laat u weten wat ik hoor.",
    ],
    "faq_close.informal": [
        "Nog vragen? Laat het gerust weten.",
        "Laat het weten als je nog iets wilt weten.",
        "Kom je er niet uit? Laat het me weten.",
    ],
    "faq_close.formal": [
        "Nog vragen? Laat het ons gerust weten.",
        "Laat het weten als u nog iets wilt weten.",
        "Komt u er niet uit? Laat het mij weten.",
    ],
    "praise_thanks.informal": [
        "Wat leuk om te lezen, dank je wel!",
        "Dank je voor je mooie woorden!",
        "Super bedankt voor je compliment!",
    ],
    "praise_thanks.formal": [
        "Wat fijn om te lezen, dank u wel!",
        "Dank u voor uw mooie woorden!",
        "Hartelijk dank voor uw compliment!",
    ],
    "praise_close.informal": [
        "Dat geven we door aan het team.",
        "Hier worden we blij van.",
        "Fijn dat je tevreden bent.",
    ],
    "praise_close.formal": [
        "Dat geven we door aan het team.",
        "Hier worden we blij van.",
        "Fijn dat u tevreden bent.",
    ],
    "troll_offer.informal": [
        "Als er iets is waarmee ik je kan helpen, hoor ik het graag.",
        "Ik wil graag begrijpen wat er speelt.",
        "Ik neem je bericht serieus.",
    ],
    "troll_offer.formal": [
        "Als er iets is waarmee ik u kan helpen, hoor ik het graag.",
        "Ik wil graag begrijpen wat er speelt.",
        "Ik neem uw bericht serieus.",
    ],
    "holding.informal": [
        "Dank je voor je bericht, we nemen dit serieus.",
        "Bedankt dat je dit laat weten, we zoeken het zorgvuldig uit.",
        "Dank je wel, ik kijk hier met aandacht naar.",
    ],
    "holding.formal": [
        "Dank u voor uw bericht, we nemen dit serieus.",
        "Bedankt dat u dit laat weten, we zoeken het zorgvuldig uit.",
        "Dank u wel, ik kijk hier met aandacht naar.",
    ],
    "followup.informal": [
        "Is alles nu weer in orde? Laat het gerust weten als er nog iets is.",
        "Is het inmiddels helemaal opgelost? Ik hoor het graag.",
        "Ik ben benieuwd of alles nu naar wens is. Laat je het even weten?",
    ],
    "followup.formal": [
        "Is alles nu weer in orde? Laat het gerust weten als er nog iets is.",
        "Is het inmiddels helemaal opgelost? Ik hoor het graag.",
        "Ik ben benieuwd of alles nu naar wens is. Laat u het even weten?",
    ],
    "private_ask.informal": [
        "Kun je me wat meer vertellen over wat er gebeurde? Dan zoek ik het direct uit.",
        "Wil je me laten weten wat er precies gebeurd is? Dan ga ik ermee aan de slag.",
        "Vertel je me wat meer over de situatie? Dan pak ik het meteen op.",
    ],
    "private_ask.formal": [
        "Kunt u mij wat meer vertellen over wat er gebeurde? Dan zoek ik het direct uit.",
        "Wilt u mij laten weten wat er precies gebeurd is? Dan ga ik ermee aan de slag.",
        "Vertelt u mij wat meer over de situatie? Dan pak ik het meteen op.",
    ],
    "signature.informal": ["Groet, {agent}", "Groetjes, {agent}", "Hartelijke groet, {agent}"],
    "signature.formal": [
        "Met vriendelijke groet, {agent}",
        "Groet, {agent}",
        "Hartelijke groet, {agent}",
    ],
    "signature_team.informal": [
        "Groet, {agent} van {team}",
        "Groetjes, {agent} ({team})",
        "Hartelijke groet, {agent} | {team}",
    ],
    "signature_team.formal": [
        "Met vriendelijke groet, {agent} van {team}",
        "Groet, {agent} ({team})",
        "Hartelijke groet, {agent} | {team}",
    ],
    "topic_delivery": ["de bezorging"],
    "topic_bill": ["de factuur"],
    "topic_outage": ["onze dienst"],
    "topic_staff": ["onze medewerker"],
    "topic_app": ["de app of website"],
    "topic_product": ["het product"],
    "topic_waiting": ["de wachttijd"],
}

# fmt: off
#: Keywords per topic; a trailing ``*`` matches any word that starts with it. The phrase a
#: reply uses for each topic is the ``topic_<name>`` block.
TOPICS: dict[str, tuple[str, ...]] = {
    "delivery": (
        "bezorg*", "levering*", "geleverd", "pakket*", "bestelling*", "besteld", "koerier*",
        "verzend*", "verzonden", "track*",
    ),
    "bill": (
        "factu*", "rekening*", "afschrijving*", "afgeschreven", "incasso", "betaling*",
        "gefactureerd", "abonnement*",
    ),
    "outage": (
        "storing*", "geen internet", "geen bereik", "netwerk*", "ligt eruit", "ligt plat",
        "doet het niet", "uitval",
    ),
    "staff": (
        "medewerker*", "klantenservice", "personeel", "onbeschoft*", "onvriendelijk*", "verkoper*",
        "collega*", "chauffeur*",
    ),
    "app": ("app", "apps", "website*", "site", "inlog*", "webshop", "wachtwoord*"),
    "product": ("product*", "kapot*", "defect*", "kwaliteit", "artikel*", "beschadigd"),
    "waiting": ("wacht*", "duurt", "al dagen", "al weken", "geen reactie", "geen antwoord"),
}

APOLOGY_KEYWORDS: tuple[str, ...] = (
    "te laat", "niet geleverd", "niet bezorgd", "nooit aangekomen", "nog steeds niet", "kwijt",
    "storing*", "ligt eruit", "ligt plat", "verkeerde factuur", "dubbel afgeschreven",
    "te veel betaald", "te veel afgeschreven", "kapot*", "defect*", "beschadigd", "onbeschoft*",
    "onvriendelijk*", "geen reactie", "verkeerd*", "werkt niet", "doet het niet",
)

STOPWORDS = frozenset(
    [
        "het", "een", "dat", "dit", "je", "jij", "jouw", "uw", "wij", "ik", "niet", "met", "voor",
        "van", "graag", "ons", "onze", "naar", "wat", "zijn", "hebben", "heb", "kun", "kunt",
        "even", "bedankt", "hoi", "groet", "groetjes", "bericht", "dank", "alles", "weer", "goed",
        "wordt", "zoek", "dan", "gerust", "mij", "me", "hier", "wil", "wilt", "zou", "laat",
    ]
)
GREETING_WORDS = frozenset(["hoi", "hallo", "beste", "goedendag", "goeiedag", "hey", "hé", "dag"])
CHANNEL_WORDS: tuple[str, ...] = (
    "dm", "privébericht", "prive bericht", "pb", "mail", "e-mail", "bel ", "bellen", "whatsapp",
)
COMPENSATION_WORDS: tuple[str, ...] = (
    "vergoed*", "terugbetal*", "terugstort*", "compensatie", "compenseren", "korting*", "tegoed*",
    "cadeaubon*", "waardebon*", "geld terug", "gratis",
)
# fmt: on

"""What a complaint is about: one topic taxonomy across nl, sv, en, de and fr.

The seven topics the reply drafter already detects (``shared.replies.languages``:
delivery, bill, outage, staff, app, product, waiting) are reused with their ids and
keywords, so a topic means the same thing in a draft and in a report. Insights adds four
finer topics; a keyword an added topic lists is taken away from the drafter's topics
here (login and password belong to ``account``, not ``app``; a subscription to
``subscription``, not ``bill``), so each keyword counts for one topic only.
"""

from __future__ import annotations

import re
from functools import lru_cache

from shared.replies.languages import LEXICONS
from shared.replies.wording import find_keyword

#: Topic id -> how a report names it. The ids are what ``faq-publish`` takes.
TOPIC_LABELS: dict[str, str] = {
    "delivery": "delivery",
    "bill": "billing",
    "outage": "outage",
    "app": "app/website",
    "staff": "staff",
    "product": "product quality",
    "waiting": "waiting time",
    "price": "price",
    "returns": "returns/refunds",
    "account": "account/login",
    "subscription": "subscription/cancellation",
}

# ``*`` at the end of a keyword: any word that starts with it (as in the reply lexicons).
# fmt: off
EXTRA_TOPICS: dict[str, dict[str, tuple[str, ...]]] = {
    "nl": {
        "price": (
            "prijs*", "prijzen", "duur", "te duur", "tarief*", "tarieven", "kosten",
            "verhoging*", "peperduur",
        ),
        "returns": (
            "retour*", "terugsturen", "teruggestuurd", "terugbetal*", "geld terug",
            "terugstort*", "restitutie", "ruilen", "omruilen", "herroep*",
        ),
        "account": (
            "inlog*", "wachtwoord*", "account*", "mijn gegevens", "geblokkeerd", "gehackt",
            "verificatie*", "tweestaps*",
        ),
        "subscription": (
            "abonnement*", "opzeg*", "opgezegd", "contract*", "verleng*", "stopzetten",
            "lidmaatschap*",
        ),
    },
    "sv": {
        "price": (
            "pris*", "dyr", "dyra", "dyrt", "prishöjning*", "avgift*", "kostar", "kostnad*",
            "höjt", "höjd*",
        ),
        "returns": (
            "retur*", "returnera*", "skicka tillbaka", "återbetalning*", "pengarna tillbaka",
            "byta", "ångerrätt*", "reklamation*",
        ),
        "account": (
            "konto*", "inloggning*", "logga in", "lösenord*", "bankid", "låst*", "hackad*",
        ),
        "subscription": (
            "abonnemang*", "säga upp", "sagt upp", "uppsägning*", "avsluta*", "bindningstid*",
            "medlemskap*", "förläng*",
        ),
    },
    "en": {
        "price": (
            "price*", "pricing", "expensive", "overpriced", "cost*", "fee*", "rate increase",
            "rip-off", "ripoff",
        ),
        "returns": (
            "return*", "refund*", "money back", "send it back", "sent it back", "exchange",
            "replacement",
        ),
        "account": (
            "account*", "login", "log in", "logged out", "password*", "locked out", "sign in",
            "signed in", "two-factor", "2fa", "verification code",
        ),
        "subscription": (
            "subscription*", "subscribe*", "cancel*", "unsubscribe*", "contract*", "renew*",
            "membership*",
        ),
    },
    "de": {
        "price": (
            "preis*", "teuer*", "kosten", "gebühr*", "tarif*", "überteuert", "erhöhung*",
        ),
        "returns": (
            "retour*", "rücksend*", "zurückschicken", "zurückgeschickt", "rückerstatt*",
            "erstattung*", "geld zurück", "umtausch*", "widerruf*",
        ),
        "account": (
            "konto*", "account*", "login", "einloggen", "anmeld*", "passwort*", "gesperrt",
            "gehackt", "zugang*",
        ),
        "subscription": (
            "abo", "abos", "abonnement*", "kündig*", "vertrag*", "verlänger*",
            "mitgliedschaft*", "laufzeit*",
        ),
    },
    "fr": {
        "price": (
            "prix", "cher", "chère", "chers", "tarif*", "augmentation*", "frais", "coût*",
            "hausse*",
        ),
        "returns": (
            "retour*", "renvoy*", "rembours*", "échange*", "rétractation", "reprise",
        ),
        "account": (
            "compte*", "connexion", "connecter", "identifiant*", "mot de passe", "bloqué*",
            "piraté*",
        ),
        "subscription": (
            "abonnement*", "résili*", "désabonn*", "contrat*", "engagement", "renouvel*",
            "adhésion*",
        ),
    },
}
# fmt: on

TAXONOMY_LANGUAGES: tuple[str, ...] = tuple(EXTRA_TOPICS)


@lru_cache(maxsize=8)
def vocabulary(language: str) -> dict[str, tuple[str, ...]]:
    """Topic -> keywords for one language: the drafter's topics plus the added ones."""
    extra = EXTRA_TOPICS.get(language, {})
    claimed = {keyword for keywords in extra.values() for keyword in keywords}
    topics = {
        topic: tuple(k for k in keywords if k not in claimed)
        for topic, keywords in LEXICONS[language].topics.items()
    }
    topics.update(extra)
    return topics


def _best(text: str, language: str) -> tuple[int, int, str] | None:
    """(-hits, first position, topic) of the best topic in one language, or None."""
    best: tuple[int, int, str] | None = None
    for topic, keywords in vocabulary(language).items():
        positions = [
            position
            for keyword in keywords
            if (position := find_keyword(text, [keyword])) is not None
        ]
        if positions:
            candidate = (-len(positions), min(positions), topic)
            best = candidate if best is None or candidate < best else best
    return best


def detect_topic(text: str, language: str) -> str | None:
    """The one topic a complaint is mostly about, or None when no keyword matches.

    The topic with most distinct keywords wins, then the one mentioned first. The
    comment's own language is tried first; when it is unknown (``und``) or gives nothing,
    every language is tried, since classifiers misjudge short texts and people mix in
    English words ("app", "login").
    """
    if not text.strip():
        return None
    if language in EXTRA_TOPICS:
        found = _best(text, language)
        if found is not None:
            return found[2]
    others = [
        found
        for other in TAXONOMY_LANGUAGES
        if other != language and (found := _best(text, other)) is not None
    ]
    return min(others)[2] if others else None


def label(topic: str) -> str:
    """A topic's name in a report (cluster topics carry their label in the id)."""
    if topic in TOPIC_LABELS:
        return TOPIC_LABELS[topic]
    return topic.removeprefix("cluster:").replace("-", " ")


_CLUSTER_ID = re.compile(r"cluster:[\w+-]{1,150}")


def is_known_topic(topic: str) -> bool:
    """A taxonomy id, or a cluster id as the report shows it (``cluster:...``)."""
    return topic in TOPIC_LABELS or _CLUSTER_ID.fullmatch(topic) is not None

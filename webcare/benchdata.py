"""Realistic comments in five languages for ``webcare bench`` and the reliability suite.

Every comment gets its own author and thread, so each one is its own case and the counts
of an end-to-end run can be checked one to one. Texts vary (names, order numbers, days),
so drafts and classifications see realistic, non-identical input.
"""

from __future__ import annotations

import random
from datetime import datetime
from typing import Any

#: (language, text template) pairs: complaints, questions, praise, trolls, abuse, spam,
#: legal threats; ``{n}`` is an order number, ``{d}`` a number of days.
TEXTS: tuple[tuple[str, str], ...] = (
    (
        "nl",
        "Al {d} dagen wacht ik op mijn pakket {n} en niemand reageert op mijn mails. Slechte service!",
    ),
    (
        "nl",
        "Hoe kan ik mijn abonnement opzeggen? Ik kan het nergens vinden in de app (klantnummer {n}).",
    ),
    (
        "nl",
        "Mijn factuur {n} klopt weer niet, ik ben twee keer afgeschreven. Wanneer wordt dit opgelost?",
    ),
    (
        "nl",
        "Super snelle levering en vriendelijke bezorger, dank jullie wel! Bestelling {n} was perfect.",
    ),
    (
        "nl",
        "Stelletje oplichters, ik stap naar de Consumentenbond en mijn advocaat als ik mijn geld niet terugkrijg",
    ),
    (
        "sv",
        "Min beställning {n} har varit försenad i {d} dagar och ingen svarar i kundtjänst. Riktigt dåligt!",
    ),
    ("sv", "Hur ändrar jag leveransadressen för order {n}? Jag hittar inte var man gör det."),
    ("sv", "Snabb leverans och trevlig personal, tack så mycket! Jag beställer gärna igen."),
    ("sv", "Haha vilket skämtföretag, ni är bara clowner allihop"),
    (
        "en",
        "The app is down AGAIN during checkout, order {n} failed for the {d}th time this week. Useless.",
    ),
    ("en", "Can I change my delivery address after I placed order {n}?"),
    (
        "en",
        "Thanks to the support team, my refund for order {n} arrived in {d} days. Great service!",
    ),
    (
        "en",
        "Earn $5000 a week from home!!! Click here http://bit.ly/get-rich-{n} and DM me for crypto signals",
    ),
    ("en", "I have been charged twice for order {n} and nobody answers. I will talk to my lawyer."),
    (
        "de",
        "Meine Rechnung {n} ist schon wieder falsch, ich wurde doppelt belastet. Bitte korrigieren Sie das!",
    ),
    ("de", "Wie kann ich meine Bestellung {n} stornieren? In der App finde ich nichts dazu."),
    ("de", "Super freundliche Beratung im Laden, vielen Dank an das ganze Team!"),
    ("de", "Seit {d} Tagen kein Internet und niemand ruft zurück. Das ist eine Frechheit."),
    (
        "fr",
        "Internet coupé depuis {d} jours et le service client ne répond pas. C'est inadmissible.",
    ),
    ("fr", "Comment puis-je obtenir une copie de ma facture {n} ?"),
    ("fr", "Livraison rapide et produit conforme, merci beaucoup pour votre aide !"),
    ("fr", "Ma commande {n} n'est jamais arrivée et personne ne me répond depuis {d} jours."),
)

_NAMES = {
    "nl": ("Jan de Vries", "Sanne Bakker", "Pieter Jansen", "Fleur Visser", "Daan Smit"),
    "sv": ("Linnea Andersson", "Erik Lindqvist", "Maja Karlsson", "Oskar Nilsson"),
    "en": ("Maria Lopez", "Tom Harris", "Emily Clark", "James Walker", "Priya Shah"),
    "de": ("Katrin Müller", "Stefan Wagner", "Lena Becker", "Jonas Hoffmann"),
    "fr": ("Camille Dubois", "Julien Moreau", "Sophie Laurent", "Lucas Bernard"),
}
_PLATFORMS = ("facebook", "instagram", "x", "trustpilot", "google_business", "youtube")


def make_comments(run: str, n: int, now: datetime, *, seed: int = 7) -> list[dict[str, Any]]:
    """``n`` comments in the public input schema with ids ``<run>-<i>``."""
    rng = random.Random(seed)
    created = now.isoformat()
    out = []
    for i in range(n):
        language, template = TEXTS[i % len(TEXTS)]
        platform = _PLATFORMS[rng.randrange(len(_PLATFORMS))]
        comment: dict[str, Any] = {
            "platform": platform,
            "external_id": f"{run}-{i}",
            "thread_id": f"{run}-thread-{i}",
            "author": {
                "id": f"{run}-author-{i}",
                "display_name": rng.choice(_NAMES[language]),
                "followers": rng.randrange(0, 5000),
            },
            "text": template.format(n=rng.randrange(10_000, 99_999), d=rng.randrange(2, 15)),
            "created_at": created,
            "owned_channel": platform in ("facebook", "instagram", "youtube"),
            "reach": {"likes": rng.randrange(0, 40), "replies": rng.randrange(0, 6)},
        }
        if platform in ("trustpilot", "google_business"):
            comment["rating"] = rng.randint(1, 5)
        out.append(comment)
    return out

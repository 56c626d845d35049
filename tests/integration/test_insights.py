"""Insights on real Redis and Postgres with a frozen clock: a few hundred generated
complaints in five languages over four weeks, one topic rising and one falling, an FAQ
published and its questions falling after it, organised discontent raising one crisis
notification, and the weekly report sent once."""

from __future__ import annotations

import json
import random
import re
from datetime import UTC, datetime, timedelta
from typing import Any

import httpx
import pytest
import redis.asyncio as aioredis
from sqlalchemy import insert, select

from services.followup.insights_watch import insights_round
from shared.clock import FrozenClock
from shared.db import (
    ClassificationRecord,
    Comment,
    FaqPublication,
    InsightNotice,
    make_engine,
    make_sessionmaker,
)
from shared.settings import Settings
from shared.streams import Stream
from tests.helpers import events, running, wait_for
from tests.integration.test_cli import webcare

pytestmark = pytest.mark.integration

# Monday 16 November 2026, 09:00 UTC; the report looks back four weeks from here.
NOW = datetime(2026, 11, 16, 9, 0, tzinfo=UTC)
WEEK = timedelta(weeks=1)
FAQ_PUBLISHED = NOW - 2 * WEEK

# (intent, {language: template}); placeholders are filled per comment.
TEMPLATES: dict[str, tuple[str, dict[str, str]]] = {
    "outage": (
        "complaint",
        {
            "nl": "Alweer een storing, internet ligt eruit sinds vanochtend in {city}",
            "sv": "Störning igen, inget internet här i {city} sedan i morse",
            "en": "Another outage, no internet in {city} since this morning",
            "de": "Schon wieder eine Störung, kein Internet in {city} seit heute früh",
            "fr": "Encore une panne, plus d'internet à {city} depuis ce matin",
        },
    ),
    "delivery": (
        "complaint",
        {
            "nl": "Mijn pakket is nog steeds niet bezorgd, bestelling {order}",
            "sv": "Paketet kom aldrig fram, beställning {order}",
            "en": "My parcel never arrived, order {order}, tracking says delivered",
            "de": "Mein Paket ist immer noch nicht geliefert, Bestellung {order}",
            "fr": "Toujours pas reçu mon colis, commande {order}",
        },
    ),
    "bill": (
        "complaint",
        {
            "nl": "Dubbel afgeschreven, de factuur klopt niet. Mail me op {email}",
            "sv": "Ni har dragit pengar två gånger, fakturan stämmer inte. Ring {phone}",
            "en": "I was billed twice this month, the invoice is wrong. Call me on {phone}",
            "de": "Die Rechnung ist falsch, doppelt abgebucht! Schreiben Sie an {email}",
            "fr": "Ma facture est fausse, prélevé deux fois",
        },
    ),
    "account": (
        "question",
        {
            "nl": "Hoe kan ik mijn wachtwoord resetten? Ik kom niet meer in mijn account",
            "sv": "Hur återställer jag lösenordet? Jag kan inte logga in",
            "en": "How do I reset my password? I can't log in to my account",
            "de": "Wie setze ich mein Passwort zurück? Ich kann mich nicht einloggen",
            "fr": "Comment réinitialiser mon mot de passe ? Je n'arrive pas à me connecter",
        },
    ),
    "returns": (
        "question",
        {
            "nl": "Hoe kan ik iets retourneren en wanneer krijg ik mijn geld terug?",
            "sv": "Hur returnerar jag en vara och när får jag pengarna tillbaka?",
            "en": "How do I return an item and when do I get my money back?",
            "de": "Wie funktioniert die Rücksendung und wann bekomme ich mein Geld zurück?",
            "fr": "Comment faire un retour et quand serai-je remboursé ?",
        },
    ),
    # No keyword of the taxonomy: only clustering can find it.
    "pluspunten": (
        "complaint",
        {
            "nl": "Waar zijn mijn PlusPunten gebleven? Al drie keer niks bijgeschreven",
            "sv": "Mina PlusPunten har försvunnit igen, vad händer?",
            "en": "My PlusPunten disappeared again, what is going on?",
            "de": "Meine PlusPunten sind schon wieder verschwunden",
            "fr": "Mes PlusPunten ont encore disparu, pourquoi ?",
        },
    ),
    "price": (
        "complaint",
        {
            "nl": "Alweer een prijsverhoging, veel te duur! Teken de petitie: "
            "https://petities.nl/petitions/stop-de-prijsverhoging?sig={n}",
            "sv": "Ännu en prishöjning, alldeles för dyrt",
            "en": "Another price increase, way too expensive. change.org/p/stop-the-price-hike",
            "de": "Schon wieder eine Preiserhöhung, viel zu teuer",
            "fr": "Encore une hausse des prix, beaucoup trop cher",
        },
    ),
    "praise": (
        "praise",
        {
            "nl": "Dank jullie wel, super snel geholpen!",
            "sv": "Tack för den snabba hjälpen!",
            "en": "Thanks for the quick help, great service",
            "de": "Danke für die schnelle Hilfe!",
            "fr": "Merci pour l'aide rapide !",
        },
    ),
}
# Mentions per week, oldest first; the price complaints all come in the last hour.
PER_WEEK = {
    "outage": [3, 8, 16, 30],
    "delivery": [30, 18, 9, 4],
    "bill": [10, 11, 9, 10],
    "account": [14, 15, 4, 3],
    "returns": [3, 4, 3, 4],
    "pluspunten": [2, 3, 4, 6],
    "praise": [10, 10, 10, 10],
}
BURST = 20
NAMES = ["Jan de Vries", "Anna Svensson", "Mary Smith", "Jürgen Müller", "Chloé Martin"]
LANGUAGES = ["nl", "sv", "en", "de", "fr"]
CITIES = ["Utrecht", "Göteborg", "Leeds", "Köln", "Lyon"]


def _generate() -> list[tuple[dict[str, Any], dict[str, Any]]]:
    rng = random.Random(7)
    rows: list[tuple[dict[str, Any], dict[str, Any]]] = []

    def add(topic: str, at: datetime, author: str) -> None:
        intent, texts = TEMPLATES[topic]
        language = LANGUAGES[len(rows) % 5]
        text = texts[language].format(
            city=CITIES[rng.randrange(5)],
            order=f"#{rng.randint(100000, 999999)}",
            email=f"klant{rng.randint(1, 999)}@example.com",
            phone=f"+31 6 {rng.randint(1000, 9999)} {rng.randint(1000, 9999)}",
            n=rng.randint(1000, 9999),
        )
        n = len(rows)
        platform = rng.choice(["facebook", "instagram", "x", "trustpilot"])
        comment = {
            "platform": platform,
            "external_id": f"c{n}",
            "version": "v1",
            "thread_id": f"post-{n % 17}",
            "parent_id": None,
            "author_id": author,
            "author_display_name": NAMES[n % 5],
            "author_handle": None,
            "author_followers": 10,
            "text": text,
            "language_hint": None,
            "created_at": at,
            "permalink": None,
            "likes": 0,
            "replies": 0,
            "shares": 0,
            "kind": "created",
            "rating": None,
            "owned_channel": True,
            "brand": None,
            "raw": {},
            "correlation_id": f"corr-{n}",
            "source_entry": f"0-{n}",
        }
        sentiment = {"complaint": "negative", "question": "neutral"}.get(intent, "positive")
        classification = {
            "language": language,
            "language_confidence": 0.9,
            "sentiment": sentiment,
            "sentiment_confidence": 0.9,
            "intent": intent,
            "intent_confidence": 0.9,
            "toxicity": 0.0,
            "reach_score": 0.1,
            "confidence": 0.9,
            "model_version": "test",
            "reasons": [],
        }
        rows.append((comment, classification))

    for topic, weeks in PER_WEEK.items():
        for week, count in enumerate(weeks):
            start = NOW - (4 - week) * WEEK
            # Nothing but the burst in the last two hours, so the burst stands alone.
            span = WEEK - (timedelta(hours=2) if week == 3 else timedelta(0))
            for _ in range(count):
                at = start + span * rng.random()
                add(topic, at, f"author-{rng.randrange(400)}")
    for i in range(BURST):
        add("price", NOW - timedelta(minutes=55) + timedelta(minutes=2.5 * i), f"protester-{i}")
    return rows


async def _insert(sessions: Any, rows: list[tuple[dict[str, Any], dict[str, Any]]]) -> None:
    async with sessions() as session, session.begin():
        ids = (
            await session.scalars(insert(Comment).returning(Comment.id), [c for c, _ in rows])
        ).all()
        await session.execute(
            insert(ClassificationRecord),
            [cl | {"comment_id": i} for i, (_, cl) in zip(ids, rows, strict=True)],
        )


def _topic(report: dict[str, Any], topic: str) -> dict[str, Any]:
    return next(t for t in report["topics"] if t["topic"] == topic)


async def test_report_shows_rising_and_falling_topics_faq_effect_and_one_crisis(
    settings: Settings, redis_client: aioredis.Redis
) -> None:
    settings = settings.model_copy(update={"insights_check_interval_s": 0.2})
    clock = FrozenClock(FAQ_PUBLISHED)
    rows = _generate()
    headers = {"Authorization": "Bearer test-token"}
    async with running("ingest", settings, clock) as (app, rt):
        await _insert(rt.sessions, rows)
        transport = httpx.ASGITransport(app=app)
        async with httpx.AsyncClient(transport=transport, base_url="http://ingest") as http:
            published = await http.post(
                "/v1/insights/faq/account/publish", json={"by": "lead"}, headers=headers
            )
            assert published.status_code == 200, published.text
            assert published.json()["created"] is True
            clock.set(NOW)
            again = await http.post("/v1/insights/faq/account/publish", headers=headers)
            assert again.json()["created"] is False
            assert again.json()["published_at"] == FAQ_PUBLISHED.isoformat().replace("+00:00", "Z")
            assert (
                await http.post("/v1/insights/faq/nonsense/publish", headers=headers)
            ).status_code == 422
            assert (await http.get("/v1/insights")).status_code == 401
            wrong = await http.get("/v1/insights", params={"since": "0d"}, headers=headers)
            assert wrong.status_code == 422 and "24h" in wrong.text
            answer = await http.get(
                "/v1/insights", params={"since": "28d", "period": "week"}, headers=headers
            )
    assert answer.status_code == 200, answer.text
    report = answer.json()

    assert len(report["periods"]) == 4
    assert _topic(report, "outage")["counts"] == PER_WEEK["outage"]
    assert _topic(report, "outage")["trend"] == "rising"
    assert _topic(report, "delivery")["counts"] == PER_WEEK["delivery"]
    assert _topic(report, "delivery")["trend"] == "falling"
    assert _topic(report, "bill")["trend"] == "steady"
    assert _topic(report, "price")["trend"] == "new"
    assert _topic(report, "price")["counts"] == [0, 0, 0, BURST]
    assert _topic(report, "returns")["counts"] == PER_WEEK["returns"]
    plus = [t for t in report["topics"] if t["source"] == "cluster" and "pluspunten" in t["label"]]
    assert sum(t["total"] for t in plus) == sum(PER_WEEK["pluspunten"])
    # Praise is not a complaint: nothing but the counted topics adds up to the total.
    counted = sum(sum(w) for t, w in PER_WEEK.items() if t != "praise") + BURST
    assert sum(report["totals"]) == counted

    faq = {f["topic"]: f for f in report["faq"]}
    assert faq["account"]["status"] == "published"
    comparison = faq["account"]["comparison"]
    assert comparison["questions_before"] == PER_WEEK["account"][:2]
    assert comparison["questions_after"] == PER_WEEK["account"][2:]
    assert comparison["verdict"] == "fell"
    assert faq["returns"]["status"] == "candidate"
    assert [d["topic"] for d in report["discontent"]] == ["price"]
    assert report["discontent"][0]["markers"] == ["change.org", "petities.nl", "petition"]

    delivery = _topic(report, "delivery")
    assert 0 < len(delivery["examples"]) <= 3
    assert all(len(text) <= 140 for t in report["topics"] for text in t["examples"])
    dumped = json.dumps(report, ensure_ascii=False)
    for secret in ["@example.com", "+31 6", *NAMES, "author-", "protester-"]:
        assert secret not in dumped
    examples = [text for t in report["topics"] for text in t["examples"]]
    assert "[number]" in " ".join(delivery["examples"])
    assert not [text for text in examples if re.search(r"\d{4}", text)]

    async with running("followup", settings, clock) as (_, rt):
        notes = await wait_for(
            lambda: _kinds(redis_client, settings, {"crisis", "insights_report"}),
            what="a crisis notification and the weekly report",
        )
        # Another round (another replica, or the next tick) sends neither again.
        assert await insights_round(rt, NOW + timedelta(minutes=5)) == []
        async with rt.sessions() as session:
            keys = (await session.scalars(select(InsightNotice.key))).all()
    notes = await events(redis_client, settings, Stream.NOTIFICATIONS_OUTBOUND)
    crises = [n for n in notes if n["kind"] == "crisis"]
    reports = [n for n in notes if n["kind"] == "insights_report"]
    assert len(crises) == 1 and len(reports) == 1
    assert "price" in crises[0]["summary"] and "petities.nl" in crises[0]["summary"]
    assert crises[0]["priority"] == "critical"
    assert "outage 30 (rising)" in reports[0]["summary"]
    assert "delivery 4 (falling)" in reports[0]["summary"]
    assert "FAQ account/login: questions 29 before, 7 after (fell)" in reports[0]["summary"]
    assert sorted(k.split(":")[0] for k in keys) == ["crisis", "report"]

    text = webcare("insights", "--until", "2026-11-16T09:00:00", settings=settings)
    assert text.returncode == 0, text.stderr
    assert "outage" in text.stdout and "rising" in text.stdout
    assert "published  account/login" in text.stdout and "(29 → 7: fell)" in text.stdout
    assert "candidate  returns/refunds" in text.stdout
    marked = webcare("insights", "faq-publish", "returns", "--by", "lead", settings=settings)
    assert marked.returncode == 0, marked.stderr
    engine = make_engine(settings.database_url)
    async with make_sessionmaker(engine)() as session:
        assert (await session.get(FaqPublication, "returns")) is not None
    await engine.dispose()
    assert webcare("insights", "faq-publish", "nonsense", settings=settings).returncode == 2


async def _kinds(
    client: aioredis.Redis, settings: Settings, wanted: set[str]
) -> list[dict[str, Any]] | None:
    found = await events(client, settings, Stream.NOTIFICATIONS_OUTBOUND)
    return found if wanted <= {n["kind"] for n in found} else None

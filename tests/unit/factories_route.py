"""Builders for route tests: a stored comment, a classification, and one decision."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from services.route.policy import Decision, decide
from shared.events import Classification, StoredComment
from shared.policy import Agent, Policy, Rule, load_policy

NOW = datetime(2026, 3, 10, 10, 0, tzinfo=UTC)
DEFAULT_POLICY = load_policy(Path(__file__).parents[2] / "shared" / "default_policy.yaml")


def make_comment(text: str = "Mijn pakket is te laat.", **fields: Any) -> StoredComment:
    base: dict[str, Any] = {
        "comment_id": 1,
        "platform": "facebook",
        "external_id": "c1",
        "version": "v1",
        "thread_id": "t1",
        "parent_id": None,
        "author_id": "a1",
        "author_display_name": "Anna",
        "author_handle": None,
        "author_followers": 100,
        "text": text,
        "language_hint": None,
        "created_at": NOW,
        "permalink": None,
        "likes": 0,
        "replies": 0,
        "shares": 0,
        "kind": "created",
        "rating": None,
        "owned_channel": True,
        "brand": None,
    }
    return StoredComment(**{**base, **fields})


def make_classification(
    intent: str = "complaint",
    sentiment: str = "negative",
    language: str = "nl",
    confidence: float = 0.9,
    **fields: Any,
) -> Classification:
    base: dict[str, Any] = {
        "language": language,
        "language_confidence": confidence,
        "sentiment": sentiment,
        "sentiment_confidence": confidence,
        "intent": intent,
        "intent_confidence": confidence,
        "toxicity": 0.1,
        "reach_score": 0.1,
        "confidence": confidence,
        "model_version": "test",
    }
    return Classification(**{**base, **fields})


def one_rule_policy(*rules: Rule, **fields: Any) -> Policy:
    agent = Agent(name="Sanne", languages=["nl"], contact="s@example.org")
    return Policy(version="t", rules=list(rules), agents=[agent], **fields)


def route(
    policy: Policy = DEFAULT_POLICY,
    text: str = "Mijn pakket is te laat.",
    comment: dict[str, Any] | None = None,
    **classification: Any,
) -> Decision:
    keys = ("troll", "abuse", "hours")
    counts = {k: classification.pop(k) for k in keys if k in classification}
    return decide(
        comment=make_comment(text, **(comment or {})),
        classification=make_classification(**classification),
        policy=policy,
        now=NOW,
        author_troll_count=counts.get("troll", 0),
        author_abuse_count=counts.get("abuse", 0),
        in_business_hours=counts.get("hours"),
    )

"""Google Business Profile review notifications (Pub/Sub push) and reviews to comments.

Pure. Shapes: ``samples/platforms/README.md`` section 5. The notification only names the
review; the router fetches it (or takes it inline when the publisher put it there).
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import json
from dataclasses import dataclass
from typing import Any

from services.ingest.webhooks.common import ShapeError, from_iso, obj, text_of

_STARS = {"ONE": 1, "TWO": 2, "THREE": 3, "FOUR": 4, "FIVE": 5}
REVIEW_TYPES = frozenset({"NEW_REVIEW", "UPDATED_REVIEW"})


@dataclass(frozen=True)
class Notification:
    message_id: str | None
    type: str | None
    review_name: str | None
    location_name: str | None
    #: A full review resource, when the notification carries one.
    review: dict[str, Any] | None


def _first(data: dict[str, Any], *keys: str) -> Any:
    for key in keys:
        if data.get(key) not in (None, ""):
            return data[key]
    return None


def parse_push(envelope: Any) -> Notification:
    """The Pub/Sub push envelope; the notification's key spellings vary, so all are read."""
    message = obj(obj(envelope).get("message"))
    if not message or not isinstance(message.get("data"), str):
        raise ShapeError("expected a Pub/Sub push envelope with message.data")
    try:
        data = json.loads(base64.b64decode(message["data"], validate=True).decode("utf-8"))
    except (binascii.Error, UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise ShapeError(f"message.data is not base64 JSON ({type(exc).__name__})") from exc
    if not isinstance(data, dict):
        raise ShapeError("message.data is not a JSON object")
    attributes = obj(message.get("attributes"))
    review = _first(data, "reviewName", "review_name", "review")
    inline = review if isinstance(review, dict) else None
    if inline is not None:
        review = inline.get("name")
    location = _first(data, "locationName", "location_name", "location")
    kind = _first(data, "notificationType", "notification_type", "type") or _first(
        attributes, "notificationType", "type"
    )
    return Notification(
        message_id=text_of(_first(message, "messageId", "message_id")),
        type=str(kind) if kind else None,
        review_name=review if isinstance(review, str) else None,
        location_name=location if isinstance(location, str) else None,
        review=inline,
    )


def _location(review_name: str | None, location: str | None) -> str | None:
    if location:
        return location
    if review_name and "/reviews/" in review_name:
        return review_name.split("/reviews/", 1)[0]
    return None


def review_comment(review: dict[str, Any], note: Notification) -> dict[str, Any] | str:
    """A Business Profile review as a comment, or the reason it cannot be one."""
    name = text_of(review.get("name")) or note.review_name
    review_id = text_of(review.get("reviewId")) or (name.rsplit("/", 1)[-1] if name else None)
    updated = note.type == "UPDATED_REVIEW"
    at = (from_iso(review.get("updateTime")) if updated else None) or from_iso(
        review.get("createTime")
    )
    thread = _location(name, note.location_name)
    if review_id is None or at is None or thread is None:
        return "review: missing reviewId, createTime or location"
    text = text_of(review.get("comment"))
    if text is None:
        return "rating-only review (no text to answer)"
    reviewer = obj(review.get("reviewer"))
    display = text_of(reviewer.get("displayName"))
    # The API has no stable reviewer id; a hash of what it shows keeps one person together.
    fingerprint = f"{display or ''}\x00{reviewer.get('profilePhotoUrl') or ''}"
    author_id = "gbp-" + hashlib.sha256(fingerprint.encode()).hexdigest()[:16]
    return {
        "platform": "google_business",
        "external_id": review_id,
        "thread_id": thread,
        "author": {"id": author_id, "display_name": display},
        "text": text,
        "created_at": at.isoformat(),
        "kind": "edited" if updated else "created",
        "rating": _STARS.get(str(review.get("starRating"))),
        # Reviews can be answered, not removed, by the business.
        "owned_channel": False,
        "source": {"webhook": "google_business", "pubsub_message_id": note.message_id},
    }

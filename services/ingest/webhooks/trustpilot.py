"""Trustpilot service-review webhooks to comments (reviews, stars as rating).

Pure. Shape: ``samples/platforms/README.md`` section 6. The business unit is not in the
payload, so the subscription URL carries it (``?business_unit=...``).
"""

from __future__ import annotations

from typing import Any

from services.ingest.webhooks.common import (
    Dead,
    Normalised,
    ShapeError,
    from_iso,
    id_of,
    obj,
    text_of,
)

_KINDS = {
    "service-review-created": "created",
    "service-review-updated": "edited",
    "service-review-deleted": "deleted",
}


def normalise(payload: Any, *, business_unit: str | None = None) -> Normalised:
    if not isinstance(payload, dict) or not isinstance(payload.get("events"), list):
        raise ShapeError("expected an object with an 'events' list")
    out = Normalised()
    for event in payload["events"]:
        event = obj(event)
        name = event.get("eventName")
        kind = _KINDS.get(str(name))
        if kind is None:
            out.ignored.append(f"event {name!r}")
            continue
        _review(obj(event.get("eventData")), kind, business_unit, out)
    return out


def _review(data: dict[str, Any], kind: str, business_unit: str | None, out: Normalised) -> None:
    review_id = id_of(data.get("id"))
    at = (from_iso(data.get("updatedAt")) if kind != "created" else None) or from_iso(
        data.get("createdAt")
    )
    if review_id is None or at is None:
        out.dead.append(Dead("service review: missing id or createdAt", data))
        return
    consumer = obj(data.get("consumer"))
    title, body = text_of(data.get("title")), text_of(data.get("text"))
    # The title is part of what the reviewer said; the classifier should read it too.
    text = "\n".join(t for t in (title, body) if t)
    if kind != "deleted" and not text:
        out.ignored.append("review without text")
        return
    stars = data.get("stars")
    out.comments.append(
        {
            "platform": "trustpilot",
            "external_id": review_id,
            "thread_id": business_unit or id_of(data.get("locationId")) or "trustpilot",
            "author": {
                "id": id_of(consumer.get("id")) or "unknown",
                # The webhook says ``name`` where the REST API says ``displayName``.
                "display_name": text_of(consumer.get("name"))
                or text_of(consumer.get("displayName")),
            },
            "text": text if kind != "deleted" else "",
            "language": text_of(data.get("language")),
            "created_at": at.isoformat(),
            "permalink": f"https://www.trustpilot.com/reviews/{review_id}",
            "kind": kind,
            "rating": stars if isinstance(stars, int) and 1 <= stars <= 5 else None,
            # A review site is not the brand's channel: it can answer, not remove.
            "owned_channel": False,
            "source": {
                "webhook": "trustpilot",
                "reference_id": data.get("referenceId"),
                "is_verified": data.get("isVerified"),
            },
        }
    )

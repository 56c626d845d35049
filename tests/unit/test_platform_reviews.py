"""Trustpilot service reviews and Google Business Profile reviews to comments."""

from __future__ import annotations

import base64
import json

import pytest

from services.ingest.handlers import validate_comment
from services.ingest.webhooks import google_business, trustpilot
from services.ingest.webhooks.common import ShapeError
from shared.settings import Settings
from tests.fixtures.platforms.fake_api import sample_json


def test_a_created_service_review_keeps_stars_title_and_language() -> None:
    result = trustpilot.normalise(
        sample_json("trustpilot_service_review_created.json"), business_unit="bu-acme-nl"
    )
    [review] = (validate_comment(c, Settings()) for c in result.comments)
    assert review.platform == "trustpilot" and review.external_id == "67d3f0e5a1b2c3d4e5f60718"
    assert review.rating == 3 and review.language == "nl"
    assert review.text.startswith("Snelle levering, slechte verpakking\nBestelling kwam")
    assert review.author.display_name == "Joost Mulder"
    assert review.thread_id == "bu-acme-nl"
    assert review.permalink == "https://www.trustpilot.com/reviews/67d3f0e5a1b2c3d4e5f60718"
    assert not review.owned_channel


def test_an_updated_review_is_an_edit_and_a_deleted_one_a_delete() -> None:
    result = trustpilot.normalise(sample_json("trustpilot_service_review_updated_deleted.json"))
    updated, deleted = (validate_comment(c, Settings()) for c in result.comments)
    assert updated.kind == "edited" and updated.rating == 5
    assert updated.created_at.isoformat() == "2025-03-15T08:00:00+00:00"
    assert deleted.kind == "deleted" and deleted.text == ""
    assert result.ignored == ["event 'product-review-created'"]


def test_a_trustpilot_body_without_events_is_a_shape_error() -> None:
    with pytest.raises(ShapeError):
        trustpilot.normalise({"eventName": "service-review-created"})


def _push(data: dict[str, object]) -> dict[str, object]:
    encoded = base64.b64encode(json.dumps(data).encode()).decode()
    return {"message": {"data": encoded, "messageId": "m-1"}, "subscription": "s"}


def test_the_pubsub_push_sample_names_the_review_and_its_location() -> None:
    note = google_business.parse_push(
        sample_json("google_business_profile_pubsub_push_new_review.json")
    )
    decoded = sample_json("google_business_profile_notification_data_decoded.json")
    assert note.type == "NEW_REVIEW"
    assert note.review_name == decoded["reviewName"]
    assert note.location_name == decoded["locationName"]
    assert note.message_id == "13946725581873425"


@pytest.mark.parametrize(
    "data",
    [
        {"notification_type": "NEW_REVIEW", "review_name": "accounts/1/locations/2/reviews/r"},
        {
            "type": "NEW_REVIEW",
            "review": "accounts/1/locations/2/reviews/r",
            "location": "accounts/1/locations/2",
        },
    ],
)
def test_every_notification_key_spelling_is_understood(data: dict[str, object]) -> None:
    note = google_business.parse_push(_push(data))
    assert note.type == "NEW_REVIEW" and note.review_name == "accounts/1/locations/2/reviews/r"


def test_the_fetched_review_becomes_a_rated_comment_at_its_location() -> None:
    note = google_business.parse_push(
        sample_json("google_business_profile_pubsub_push_new_review.json")
    )
    comment = google_business.review_comment(
        sample_json("google_business_profile_review.json"), note
    )
    assert isinstance(comment, dict)
    review = validate_comment(comment, Settings())
    assert review.platform == "google_business" and review.rating == 2
    assert review.external_id == "AbFvOqnQ7xR2mZk1YwB3cD4eF5gH6iJ7kL8mN9oP0qR"
    assert review.thread_id == "accounts/108253940127384756123/locations/4829183746501928374"
    assert review.author.display_name == "Femke Visser" and review.author.id.startswith("gbp-")
    assert review.text.startswith("Vriendelijk personeel")


def test_an_inline_review_is_taken_as_is_and_a_rating_only_review_is_explained() -> None:
    review = sample_json("google_business_profile_review.json")
    note = google_business.parse_push(
        _push({"notificationType": "UPDATED_REVIEW", "review": review})
    )
    assert note.review == review and note.review_name == review["name"]
    edited = google_business.review_comment(review, note)
    assert isinstance(edited, dict) and edited["kind"] == "edited"
    del review["comment"]
    assert google_business.review_comment(review, note) == "rating-only review (no text to answer)"


@pytest.mark.parametrize(
    "envelope",
    [{"message": {}}, {"message": {"data": "!!not base64!!"}}, _push([1, 2])],  # type: ignore[arg-type]
)
def test_a_push_that_is_not_base64_json_is_a_shape_error(envelope: object) -> None:
    with pytest.raises(ShapeError):
        google_business.parse_push(envelope)

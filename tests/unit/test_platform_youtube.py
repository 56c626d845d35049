"""A YouTube commentThreads.list response to comments."""

from __future__ import annotations

import pytest

from services.ingest.handlers import validate_comment
from services.ingest.webhooks import youtube
from services.ingest.webhooks.common import ShapeError
from shared.settings import Settings
from tests.fixtures.platforms.fake_api import sample_json


def test_threads_become_comments_and_the_channel_owners_reply_is_its_own() -> None:
    result = youtube.normalise(sample_json("youtube_commentThreads_list_response.json"))
    first, second = (validate_comment(c, Settings()) for c in result.comments)
    assert result.own == 1, "@AcmeSverige answering on its own channel"
    assert first.external_id == "UgzX9aBcDeFgHiJkLmN4AaABAg" and first.thread_id == "dQ9wX4yZ1aB"
    assert (
        first.permalink
        == "https://www.youtube.com/watch?v=dQ9wX4yZ1aB&lc=UgzX9aBcDeFgHiJkLmN4AaABAg"
    )
    assert first.reach.likes == 14 and first.reach.replies == 1
    assert first.author.handle == "@johanna.nilsson"
    assert second.text == "Eindelijk een duidelijke uitleg & goede tips, dank jullie wel!"


def test_without_text_original_the_display_text_is_unescaped() -> None:
    body = sample_json("youtube_commentThreads_list_response.json")
    del body["items"][1]["snippet"]["topLevelComment"]["snippet"]["textOriginal"]
    result = youtube.normalise(body)
    assert (
        result.comments[1]["text"]
        == "Eindelijk een duidelijke uitleg & goede tips, dank jullie wel!"
    )


def test_an_edited_comment_is_a_new_version_dated_at_its_edit() -> None:
    body = sample_json("youtube_commentThreads_list_response.json")
    body["items"][1]["snippet"]["topLevelComment"]["snippet"]["updatedAt"] = "2025-03-14T11:00:00Z"
    comment = validate_comment(youtube.normalise(body).comments[1], Settings())
    assert comment.kind == "edited" and comment.created_at.hour == 11


@pytest.mark.parametrize(
    "body", [{"items": {}}, {"kind": "youtube#videoListResponse", "items": []}]
)
def test_a_body_that_is_not_a_comment_thread_list_is_a_shape_error(body: object) -> None:
    with pytest.raises(ShapeError):
        youtube.normalise(body)

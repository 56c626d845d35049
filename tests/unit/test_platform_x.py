"""X Account Activity payloads to comments."""

from __future__ import annotations

import pytest

from services.ingest.handlers import validate_comment
from services.ingest.webhooks import x
from services.ingest.webhooks.common import ShapeError
from shared.settings import Settings
from tests.fixtures.platforms.fake_api import sample_json


def test_a_reply_and_an_extended_mention_become_two_comments() -> None:
    result = x.normalise(sample_json("x_account_activity_tweet_create_events.json"))
    reply, mention = (validate_comment(c, Settings()) for c in result.comments)
    assert reply.external_id == "1900491234567890432", "id_str, never the lossy number"
    assert reply.parent_id == reply.thread_id == "1900412345678901248"
    assert reply.author.followers == 1843 and reply.author.handle == "daanbakker88"
    assert reply.language == "nl"
    assert reply.created_at.isoformat() == "2025-03-14T09:40:12+00:00"
    assert reply.permalink == "https://x.com/daanbakker88/status/1900491234567890432"
    assert reply.owned_channel, "a reply to the brand's tweet is in the brand's thread"
    assert mention.text.endswith("jag beställer gärna igen nästa månad."), "the full text"
    assert mention.parent_id is None and mention.thread_id == mention.external_id
    assert mention.author.display_name == "Karin Sjöberg"


def test_own_tweets_and_retweets_are_dropped_and_a_delete_is_a_deleted_comment() -> None:
    result = x.normalise(sample_json("x_account_activity_own_retweet_delete.json"))
    assert result.own == 1
    assert result.ignored == ["retweet"]
    [deleted] = (validate_comment(c, Settings()) for c in result.comments)
    assert deleted.kind == "deleted" and deleted.external_id == "1900491234567890432"


def test_other_account_activity_events_are_ignored_not_refused() -> None:
    result = x.normalise({"for_user_id": "1", "favorite_events": [{"id": "f"}]})
    assert result.comments == [] and result.ignored == ["favorite_events"]


@pytest.mark.parametrize(
    "body",
    [
        {"tweet_create_events": []},
        {"for_user_id": "1"},
        {"for_user_id": "1", "tweet_create_events": {}},
    ],
)
def test_a_body_without_for_user_id_or_events_is_a_shape_error(body: object) -> None:
    with pytest.raises(ShapeError):
        x.normalise(body)

"""Meta webhook payloads (Facebook Page feed, Instagram comments and mentions) to comments."""

from __future__ import annotations

import pytest

from services.ingest.handlers import validate_comment
from services.ingest.webhooks import meta
from services.ingest.webhooks.common import Dead, Normalised, ShapeError
from shared.events import CommentIn
from shared.settings import Settings
from tests.fixtures.platforms.fake_api import sample_json

PAGE = "104729384756112"


def _comments(
    name: str, brand_ids: frozenset[str] = frozenset()
) -> tuple[list[CommentIn], Normalised]:
    result, _ = meta.normalise(sample_json(name), brand_ids=brand_ids)
    return [validate_comment(c, Settings()) for c in result.comments], result


def test_a_top_level_page_comment_becomes_a_created_comment_on_the_post() -> None:
    [c], _ = _comments("facebook_page_feed_comment_add.json")
    assert c.platform == "facebook"
    assert c.external_id == "918273645501234_1203948576612345"
    assert c.thread_id == f"{PAGE}_918273645501234"
    assert c.parent_id is None, "parent_id equal to post_id means top level"
    assert c.author.id == "7312458890123456" and c.author.display_name == "Sanne de Vries"
    assert c.text == "Geweldige service, maar de levering duurde één week te lang."
    assert c.created_at.isoformat() == "2025-03-14T09:26:53+00:00"
    assert c.kind == "created" and c.owned_channel
    assert c.permalink and c.permalink.startswith("https://www.facebook.com/")


def test_one_post_with_reply_edit_and_remove_gives_three_events_in_order() -> None:
    comments, _ = _comments("facebook_page_feed_comment_reply_edited_remove_batch.json")
    reply, edit, removed = comments
    assert (reply.kind, edit.kind, removed.kind) == ("created", "edited", "deleted")
    assert reply.parent_id == "918273645501234_1203948576612345"
    assert edit.external_id == "918273645501234_1203948576612345"
    assert edit.text.endswith("Update: klantenservice heeft het opgelost!")
    assert removed.text == "" and removed.author.id == "6677889900112233"
    first, _ = _comments("facebook_page_feed_comment_add.json")
    assert edit.content_version() != first[0].content_version(), "an edit is a new version"


def test_the_same_delivery_twice_gives_the_same_versions() -> None:
    once, _ = _comments("facebook_page_feed_comment_reply_edited_remove_batch.json")
    again, _ = _comments("facebook_page_feed_comment_reply_edited_remove_batch.json")
    assert [c.content_version() for c in once] == [c.content_version() for c in again]


def test_the_pages_own_reply_reactions_moderation_and_photo_only_comments_are_not_comments() -> (
    None
):
    comments, result = _comments("facebook_page_feed_own_reply_reaction_hide.json")
    assert comments == []
    assert result.own == 1
    assert len(result.ignored) == 3
    assert any("reaction" in r for r in result.ignored)
    assert any("hide" in r for r in result.ignored)
    assert any("photo" in r for r in result.ignored)


def test_a_configured_brand_account_is_recognised_as_own() -> None:
    comments, result = _comments(
        "facebook_page_feed_comment_add.json", brand_ids=frozenset({"7312458890123456"})
    )
    assert comments == [] and result.own == 1


def test_instagram_comments_and_replies_use_the_media_as_thread_and_the_entry_time() -> None:
    top, reply = _comments("instagram_comments.json")[0]
    assert top.platform == "instagram" and top.thread_id == "18038270156213451"
    assert top.author.handle == "lisa.lindqvist"
    assert top.text.startswith("Väldigt nöjd")
    assert top.created_at.timestamp() == 1741945214
    assert reply.parent_id == "17889455560051234"
    assert reply.text.startswith("@lisa.lindqvist samma här")


def test_instagram_mentions_are_lookups_turned_into_comments_on_someone_elses_media() -> None:
    result, mentions = meta.normalise(sample_json("instagram_mentions.json"))
    assert result.comments == []
    on_comment, on_caption = mentions
    assert on_comment.comment_id == "17894227972186120"
    assert "mentioned_comment.comment_id(17894227972186120)" in on_comment.fields
    assert on_caption.comment_id is None and "mentioned_media.media_id" in on_caption.fields

    fetched = {
        "mentioned_comment": {
            "id": "17894227972186120",
            "text": "@acme_nl waar blijft mijn retour?",
            "timestamp": "2025-03-14T10:02:40+0000",
            "like_count": 3,
            "username": "fenna.k",
        }
    }
    comment = validate_comment(meta.mention_comment(on_comment, fetched), Settings())  # type: ignore[arg-type]
    assert comment.external_id == "17894227972186120" and comment.thread_id == "17918195224117851"
    assert comment.author.handle == "fenna.k" and not comment.owned_channel
    assert comment.created_at.isoformat() == "2025-03-14T10:02:40+00:00"
    assert comment.reach.likes == 3
    assert isinstance(meta.mention_comment(on_caption, {"id": "x"}), Dead)


@pytest.mark.parametrize(
    "body",
    [[], {"object": "whatsapp_business_account", "entry": []}, {"object": "page", "entry": {}}],
)
def test_an_unknown_envelope_is_a_shape_error(body: object) -> None:
    with pytest.raises(ShapeError):
        meta.normalise(body)


def test_a_broken_comment_change_is_kept_as_dead_and_the_others_go_on() -> None:
    body = sample_json("facebook_page_feed_comment_reply_edited_remove_batch.json")
    del body["entry"][0]["changes"][0]["value"]["comment_id"]
    result, _ = meta.normalise(body)
    assert len(result.comments) == 2
    assert [d.reason for d in result.dead] == ["feed comment: missing or unknown comment_id"]

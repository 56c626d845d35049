"""Which Graph API call the Meta connector makes, and how it reads Meta's answers."""

from __future__ import annotations

import uuid

import pytest

from shared.events import ModerationRequested, ReplyOutbound
from webcare.connectors.meta_calls import judge, moderation_call, platform_id, reply_call


def _reply(platform: str = "facebook", channel: str = "public") -> ReplyOutbound:
    return ReplyOutbound(
        correlation_id="c",
        reply_id=uuid.uuid4(),
        case_id=uuid.uuid4(),
        kind="public_reply" if channel == "public" else "private_reply",
        channel=channel,  # type: ignore[arg-type]
        platform=platform,  # type: ignore[arg-type]
        thread_id="post",
        parent_id="123_456",
        text="Hoi Sanne, wat vervelend.",
        language="nl",
        agent="Eva",
    )


def _moderation(request: str, platform: str = "facebook") -> ModerationRequested:
    return ModerationRequested(
        correlation_id="c",
        request=request,  # type: ignore[arg-type]
        platform=platform,  # type: ignore[arg-type]
        external_id="123_456",
        thread_id="post",
        comment_id=1,
        rule="abuse",
        policy_version="p",
        reason="abuse (0.97)",
    )


def test_a_public_facebook_reply_is_a_comment_under_the_customers_comment() -> None:
    call = reply_call(_reply())
    assert call is not None
    assert (call.method, call.path, call.body) == (
        "POST",
        "/123_456/comments",
        {"message": "Hoi Sanne, wat vervelend."},
    )


def test_a_public_instagram_reply_uses_the_replies_edge() -> None:
    call = reply_call(_reply("instagram"))
    assert call is not None and call.path == "/123_456/replies"


def test_a_private_reply_is_metas_private_reply_to_the_comment() -> None:
    call = reply_call(_reply(channel="private"))
    assert call is not None and call.path == "/me/messages"
    assert call.body == {
        "recipient": {"comment_id": "123_456"},
        "message": {"text": "Hoi Sanne, wat vervelend."},
    }


def test_replies_for_other_platforms_are_not_this_connectors_work() -> None:
    assert reply_call(_reply("x")) is None
    assert moderation_call(_moderation("hide", "youtube")) is None


@pytest.mark.parametrize(
    ("request_", "platform", "body"),
    [
        ("hide", "facebook", {"is_hidden": True}),
        ("unhide", "facebook", {"is_hidden": False}),
        ("hide", "instagram", {"hide": True}),
        ("unhide", "instagram", {"hide": False}),
    ],
)
def test_hide_and_unhide_set_the_comments_hidden_flag(
    request_: str, platform: str, body: dict[str, bool]
) -> None:
    call = moderation_call(_moderation(request_, platform))
    assert call is not None and (call.method, call.path, call.body) == ("POST", "/123_456", body)


def test_delete_is_a_delete_of_the_comment() -> None:
    call = moderation_call(_moderation("delete"))
    assert call is not None and (call.method, call.path) == ("DELETE", "/123_456")


def test_the_platform_id_is_the_new_comment_or_message_id() -> None:
    assert platform_id({"id": "456_789"}) == "456_789"
    assert platform_id({"recipient_id": "1", "message_id": "m_1"}) == "m_1"
    assert platform_id({"success": True}) is None


def test_server_errors_and_rate_limits_are_retried_and_client_errors_are_not() -> None:
    assert judge(503, {})[0]
    assert judge(429, {})[0]
    assert judge(
        400, {"error": {"code": 613, "message": "Calls to this api have exceeded the rate limit."}}
    )[0]
    retry, reason = judge(
        400, {"error": {"code": 100, "error_subcode": 33, "message": "Unsupported post request."}}
    )
    assert not retry
    assert reason == "HTTP 400: Unsupported post request. (code 100, subcode 33)"

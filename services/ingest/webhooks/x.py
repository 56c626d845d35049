"""X Account Activity (``tweet_create_events``, ``tweet_delete_events``) to comments.

Pure. Shapes: ``samples/platforms/README.md`` section 3.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from services.ingest.webhooks.common import (
    Dead,
    Normalised,
    ShapeError,
    from_epoch,
    id_of,
    obj,
    signature_b64,
    text_of,
)

#: Account Activity event kinds that carry nothing for a care team.
_OTHER_EVENTS = (
    "favorite_events",
    "follow_events",
    "unfollow_events",
    "block_events",
    "unblock_events",
    "mute_events",
    "unmute_events",
    "direct_message_events",
    "direct_message_indicate_typing_events",
    "direct_message_mark_read_events",
    "user_event",
)


def crc_response(crc_token: str, consumer_secret: str) -> dict[str, str]:
    """The CRC answer: ``sha256=`` + base64 HMAC-SHA256 of the token."""
    return {"response_token": signature_b64(consumer_secret, crc_token.encode())}


def _created_at(tweet: dict[str, Any]) -> datetime | None:
    value = tweet.get("created_at")
    if isinstance(value, str):
        try:
            return datetime.strptime(value, "%a %b %d %H:%M:%S %z %Y")
        except ValueError:
            pass
    return from_epoch(tweet.get("timestamp_ms"))


def normalise(payload: Any, *, brand_ids: frozenset[str] = frozenset()) -> Normalised:
    if not isinstance(payload, dict) or not id_of(payload.get("for_user_id")):
        raise ShapeError("expected an Account Activity object with 'for_user_id'")
    brand = brand_ids | {str(payload["for_user_id"])}
    out = Normalised()
    known = False
    tweets = payload.get("tweet_create_events")
    if tweets is not None:
        known = True
        if not isinstance(tweets, list):
            raise ShapeError("'tweet_create_events' must be a list")
        for tweet in tweets:
            _tweet(
                obj(tweet),
                brand,
                out,
                account=str(payload["for_user_id"]),
                blocked=payload.get("user_has_blocked") in (True, "true"),
            )
    deletes = payload.get("tweet_delete_events")
    if deletes is not None:
        known = True
        for event in deletes if isinstance(deletes, list) else []:
            _delete(obj(event), brand, out)
    for name in _OTHER_EVENTS:
        if name in payload:
            known = True
            out.ignored.append(name)
    if not known:
        raise ShapeError("no Account Activity events in the body (e.g. 'tweet_create_events')")
    return out


def _tweet(
    tweet: dict[str, Any], brand: frozenset[str], out: Normalised, *, account: str, blocked: bool
) -> None:
    tweet_id = id_of(tweet.get("id_str"))
    user = obj(tweet.get("user"))
    user_id = id_of(user.get("id_str"))
    created = _created_at(tweet)
    if tweet_id is None or user_id is None or created is None:
        out.dead.append(Dead("tweet: missing id_str, user.id_str or created_at", tweet))
        return
    if user_id in brand:
        out.own += 1
        return
    if "retweeted_status" in tweet:
        out.ignored.append("retweet")
        return
    if blocked:
        out.ignored.append("mention by a user the account has blocked")
        return
    # Long tweets arrive truncated in ``text``; the whole text is in ``extended_tweet``.
    text = (
        text_of(obj(tweet.get("extended_tweet")).get("full_text"))
        or text_of(tweet.get("full_text"))
        or text_of(tweet.get("text"))
    )
    if text is None:
        out.ignored.append("tweet without text")
        return
    parent = id_of(tweet.get("in_reply_to_status_id_str"))
    screen_name = text_of(user.get("screen_name"))
    followers = user.get("followers_count")
    lang = text_of(tweet.get("lang"))

    def count(name: str) -> int | None:
        v = tweet.get(name)
        return v if isinstance(v, int) and v >= 0 else None

    out.comments.append(
        {
            "platform": "x",
            "external_id": tweet_id,
            "thread_id": parent or tweet_id,
            "parent_id": parent,
            "author": {
                "id": user_id,
                "display_name": text_of(user.get("name")),
                "handle": screen_name,
                "followers": followers if isinstance(followers, int) and followers >= 0 else None,
            },
            "text": text,
            "language": None if lang in (None, "und") else lang,
            "created_at": created.isoformat(),
            "permalink": f"https://x.com/{screen_name or 'i'}/status/{tweet_id}",
            "reach": {
                "likes": count("favorite_count"),
                "replies": count("reply_count"),
                "shares": count("retweet_count"),
            },
            "kind": "created",
            # A reply to one of the brand's tweets is in its thread; a mention elsewhere is not.
            "owned_channel": id_of(tweet.get("in_reply_to_user_id_str")) in brand,
            "source": {"webhook": "x", "for_user_id": account},
        }
    )


def _delete(event: dict[str, Any], brand: frozenset[str], out: Normalised) -> None:
    status = obj(event.get("status"))
    tweet_id, user_id = id_of(status.get("id")), id_of(status.get("user_id"))
    at = from_epoch(event.get("timestamp_ms"))
    if tweet_id is None or at is None:
        out.dead.append(Dead("tweet_delete_events: missing status.id or timestamp_ms", event))
        return
    if user_id in brand:
        out.own += 1
        return
    out.comments.append(
        {
            "platform": "x",
            "external_id": tweet_id,
            # A delete does not say where the tweet was; the case is found by its id.
            "thread_id": tweet_id,
            "author": {"id": user_id or "unknown"},
            "text": "",
            "created_at": at.isoformat(),
            "kind": "deleted",
            "source": {"webhook": "x", "event": "tweet_delete_events"},
        }
    )

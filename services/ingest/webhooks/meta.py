"""Meta webhooks (Facebook Page ``feed``, Instagram ``comments`` and ``mentions``) to comments.

Pure: the router checks the signature, fetches what Meta leaves out (Instagram mentions carry
only ids) and publishes. Shapes: ``samples/platforms/README.md`` sections 1 and 2.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from services.ingest.webhooks.common import (
    Dead,
    Normalised,
    ShapeError,
    from_epoch,
    from_iso,
    id_of,
    obj,
    text_of,
)

_FB_VERBS = {
    "add": "created",
    "edited": "edited",
    "edit": "edited",
    "remove": "deleted",
    "delete": "deleted",
}
#: The page's own moderation echoed back: nothing for a care team to answer.
_FB_MODERATION_VERBS = frozenset({"hide", "unhide", "block", "unblock"})
_IG_COMMENT_FIELDS = frozenset({"comments", "live_comments"})


@dataclass(frozen=True)
class Mention:
    """An Instagram mention: ids only; its text must be fetched from the Graph API."""

    ig_user_id: str
    media_id: str
    comment_id: str | None  # None: the brand is mentioned in a post's caption
    notified_at: datetime | None

    def describe(self) -> dict[str, str | None]:
        """The mention as the webhook sent it, for the DLQ."""
        return {
            "ig_user_id": self.ig_user_id,
            "media_id": self.media_id,
            "comment_id": self.comment_id,
            "notified_at": self.notified_at.isoformat() if self.notified_at else None,
        }

    @property
    def fields(self) -> str:
        """The Graph API ``fields`` expression that returns the mentioned content."""
        if self.comment_id:
            return (
                f"mentioned_comment.comment_id({self.comment_id})"
                "{id,text,timestamp,like_count,username,media{id,permalink}}"
            )
        return (
            f"mentioned_media.media_id({self.media_id})"
            "{id,caption,username,timestamp,permalink,like_count,comments_count}"
        )


def normalise(
    payload: Any, *, brand_ids: frozenset[str] = frozenset()
) -> tuple[Normalised, list[Mention]]:
    """Every change of every entry, in order; mentions come back as lookups to fetch."""
    if not isinstance(payload, dict):
        raise ShapeError("expected a JSON object with 'object' and 'entry'")
    kind = payload.get("object")
    entries = payload.get("entry")
    if kind not in ("page", "instagram"):
        raise ShapeError(f"object {kind!r} is not handled (expected 'page' or 'instagram')")
    if not isinstance(entries, list):
        raise ShapeError("'entry' must be a list")
    result = Normalised()
    mentions: list[Mention] = []
    for entry in entries:
        if not isinstance(entry, dict) or not isinstance(entry.get("changes"), list):
            if isinstance(entry, dict) and "messaging" in entry:
                result.ignored.append("messaging (not a comment)")
                continue
            result.dead.append(Dead("entry without a 'changes' list", entry))
            continue
        account = id_of(entry.get("id")) or ""
        own = brand_ids | {account}
        for change in entry["changes"]:
            field = obj(change).get("field")
            value = obj(change).get("value")
            if not isinstance(value, dict):
                result.dead.append(Dead(f"{field}: change without a 'value' object", change))
            elif kind == "page" and field == "feed":
                _feed(value, entry, own, result)
            elif kind == "instagram" and field in _IG_COMMENT_FIELDS:
                _ig_comment(value, entry, own, result)
            elif kind == "instagram" and field == "mentions":
                mention = _mention(value, entry)
                if mention is None:
                    result.dead.append(Dead("mentions: no media_id", change))
                else:
                    mentions.append(mention)
            else:
                result.ignored.append(f"{kind} field {field!r}")
    return result, mentions


def _feed(
    value: dict[str, Any], entry: dict[str, Any], own: set[str] | frozenset[str], out: Normalised
) -> None:
    item, verb = value.get("item"), value.get("verb")
    if item != "comment":
        out.ignored.append(f"feed item {item!r}")
        return
    if verb in _FB_MODERATION_VERBS:
        out.ignored.append(f"feed comment {verb}")
        return
    kind = _FB_VERBS.get(str(verb))
    comment_id, post_id = id_of(value.get("comment_id")), id_of(value.get("post_id"))
    created = from_epoch(value.get("created_time")) or from_epoch(entry.get("time"))
    if kind is None or comment_id is None or post_id is None or created is None:
        missing = [
            name
            for name, v in (("verb", kind), ("comment_id", comment_id), ("post_id", post_id))
            if v is None
        ]
        out.dead.append(
            Dead(f"feed comment: missing or unknown {', '.join(missing) or 'time'}", value)
        )
        return
    author = obj(value.get("from"))
    author_id = id_of(author.get("id"))
    if author_id is not None and author_id in own:
        out.own += 1
        return
    text = text_of(value.get("message"))
    if kind != "deleted" and text is None:
        out.ignored.append("feed comment without text (photo, sticker or GIF only)")
        return
    parent = id_of(value.get("parent_id"))
    out.comments.append(
        {
            "platform": "facebook",
            "external_id": comment_id,
            "thread_id": post_id,
            "parent_id": parent if parent and parent != post_id else None,
            "author": {"id": author_id or "unknown", "display_name": text_of(author.get("name"))},
            "text": text or "",
            "created_at": created.isoformat(),
            "permalink": text_of(obj(value.get("post")).get("permalink_url")),
            "kind": kind,
            # Comments on the page's own posts: the brand controls this thread.
            "owned_channel": True,
            "source": {
                "webhook": "meta",
                "field": "feed",
                "verb": verb,
                "page_id": entry.get("id"),
            },
        }
    )


def _ig_comment(
    value: dict[str, Any], entry: dict[str, Any], own: set[str] | frozenset[str], out: Normalised
) -> None:
    comment_id = id_of(value.get("id"))
    media = obj(value.get("media"))
    media_id = id_of(media.get("id"))
    # The payload has no comment time; the entry's time is when Meta sent it, seconds later.
    created = from_epoch(entry.get("time"))
    if comment_id is None or media_id is None or created is None:
        out.dead.append(Dead("instagram comment: missing id, media.id or entry time", value))
        return
    author = obj(value.get("from"))
    author_id = id_of(author.get("id"))
    if author_id is not None and author_id in own:
        out.own += 1
        return
    text = text_of(value.get("text"))
    if text is None:
        out.ignored.append("instagram comment without text")
        return
    username = text_of(author.get("username"))
    out.comments.append(
        {
            "platform": "instagram",
            "external_id": comment_id,
            "thread_id": media_id,
            "parent_id": id_of(value.get("parent_id")),
            "author": {"id": author_id or "unknown", "display_name": username, "handle": username},
            "text": text,
            "created_at": created.isoformat(),
            "kind": "created",
            "owned_channel": True,
            "source": {
                "webhook": "meta",
                "field": "comments",
                "account_id": entry.get("id"),
                "media_product_type": media.get("media_product_type"),
            },
        }
    )


def _mention(value: dict[str, Any], entry: dict[str, Any]) -> Mention | None:
    media_id = id_of(value.get("media_id"))
    if media_id is None:
        return None
    return Mention(
        ig_user_id=id_of(entry.get("id")) or "me",
        media_id=media_id,
        comment_id=id_of(value.get("comment_id")),
        notified_at=from_epoch(entry.get("time")),
    )


def mention_comment(mention: Mention, fetched: Any) -> dict[str, Any] | Dead:
    """The Graph API's answer for a mention, as a comment (on someone else's thread)."""
    key = "mentioned_comment" if mention.comment_id else "mentioned_media"
    node = obj(obj(fetched).get(key))
    text = text_of(node.get("text") if mention.comment_id else node.get("caption"))
    created = from_iso(node.get("timestamp")) or mention.notified_at
    if text is None or created is None:
        return Dead(f"instagram mention: the Graph API returned no {key} text", fetched)
    username = text_of(node.get("username"))
    media = obj(node.get("media"))
    return {
        "platform": "instagram",
        "external_id": mention.comment_id or mention.media_id,
        "thread_id": mention.media_id,
        "author": {"id": username or "unknown", "display_name": username, "handle": username},
        "text": text,
        "created_at": created.isoformat(),
        "permalink": text_of(node.get("permalink")) or text_of(media.get("permalink")),
        "reach": {
            "likes": node.get("like_count") if isinstance(node.get("like_count"), int) else None,
            "replies": node.get("comments_count")
            if isinstance(node.get("comments_count"), int)
            else None,
        },
        "kind": "created",
        # A mention lives on someone else's media: the brand cannot moderate it.
        "owned_channel": False,
        "source": {"webhook": "meta", "field": "mentions", "account_id": mention.ig_user_id},
    }

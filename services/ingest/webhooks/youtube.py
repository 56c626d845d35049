"""A YouTube ``commentThreads.list`` response (polled; YouTube has no comment webhooks).

Pure. Shape: ``samples/platforms/README.md`` section 4.
"""

from __future__ import annotations

import html
import re
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

_TAG = re.compile(r"<[^>]+>")


def _display_text(value: Any) -> str | None:
    """``textDisplay`` may be HTML (``&amp;``, ``<br>``, links): back to plain text."""
    text = text_of(value)
    if text is None:
        return None
    return html.unescape(_TAG.sub("", text.replace("<br>", "\n")))


def normalise(
    payload: Any, *, brand_ids: frozenset[str] = frozenset(), owned_channel: bool = True
) -> Normalised:
    if not isinstance(payload, dict) or not isinstance(payload.get("items"), list):
        raise ShapeError("expected a commentThreads.list response with an 'items' list")
    if payload.get("kind") not in (None, "youtube#commentThreadListResponse"):
        raise ShapeError(f"kind {payload.get('kind')!r} is not a commentThreads.list response")
    out = Normalised()
    for thread in payload["items"]:
        thread = obj(thread)
        snippet = obj(thread.get("snippet"))
        channel = id_of(snippet.get("channelId"))
        # The channel owner's own comments and replies are the brand speaking.
        brand = brand_ids | ({channel} if channel else set())
        top = obj(snippet.get("topLevelComment"))
        replies = snippet.get("totalReplyCount")
        _comment(top, brand, out, owned_channel, replies if isinstance(replies, int) else None)
        replies_ = obj(thread.get("replies")).get("comments")
        for reply in replies_ if isinstance(replies_, list) else []:
            _comment(obj(reply), brand, out, owned_channel, None)
    return out


def _comment(
    comment: dict[str, Any],
    brand: frozenset[str] | set[str],
    out: Normalised,
    owned: bool,
    replies: int | None,
) -> None:
    snippet = obj(comment.get("snippet"))
    comment_id = id_of(comment.get("id"))
    video = id_of(snippet.get("videoId"))
    published = from_iso(snippet.get("publishedAt"))
    updated = from_iso(snippet.get("updatedAt"))
    if comment_id is None or video is None or published is None:
        out.dead.append(Dead("comment: missing id, snippet.videoId or publishedAt", comment))
        return
    author_id = id_of(obj(snippet.get("authorChannelId")).get("value"))
    if author_id is not None and author_id in brand:
        out.own += 1
        return
    # ``textOriginal`` is only guaranteed for the comment's author; fall back to the display.
    text = text_of(snippet.get("textOriginal")) or _display_text(snippet.get("textDisplay"))
    if text is None:
        out.ignored.append("comment without text")
        return
    edited = updated is not None and updated > published
    name = text_of(snippet.get("authorDisplayName"))
    likes = snippet.get("likeCount")
    out.comments.append(
        {
            "platform": "youtube",
            "external_id": comment_id,
            "thread_id": video,
            "parent_id": id_of(snippet.get("parentId")),
            "author": {
                "id": author_id or "unknown",
                "display_name": name,
                "handle": name if name and name.startswith("@") else None,
            },
            "text": text,
            "created_at": (updated if edited and updated else published).isoformat(),
            "permalink": f"https://www.youtube.com/watch?v={video}&lc={comment_id}",
            "reach": {
                "likes": likes if isinstance(likes, int) and likes >= 0 else None,
                "replies": replies if replies is not None and replies >= 0 else None,
            },
            "kind": "edited" if edited else "created",
            "owned_channel": owned,
            "source": {"import": "youtube"},
        }
    )

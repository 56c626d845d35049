"""Pure normalisation of the public input schema into a stored comment row."""

from __future__ import annotations

import re
import unicodedata
from datetime import UTC
from typing import Any

from shared.events import CommentIn

_LANG_ALIASES = {
    "nld": "nl",
    "dut": "nl",
    "swe": "sv",
    "eng": "en",
    "deu": "de",
    "ger": "de",
    "fra": "fr",
    "fre": "fr",
}


#: The control characters (Unicode category ``Cc``: U+0000-U+001F and U+007F-U+009F) except
#: tab and newline; one regex pass instead of a category lookup per character.
_CONTROL = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f]")


def clean_text(text: str) -> str:
    """NFC, no control characters except newlines and tabs, trimmed."""
    text = unicodedata.normalize("NFC", text)
    return _CONTROL.sub("", text).strip()


def language_hint(value: str | None) -> str | None:
    """``nl-NL`` / ``en_US`` / ``NLD`` -> ``nl`` / ``en`` / ``nl``; ``und`` and junk -> None."""
    if not value:
        return None
    base = value.strip().lower().replace("_", "-").split("-", 1)[0]
    base = _LANG_ALIASES.get(base, base)
    if len(base) != 2 or not base.isalpha():
        return None
    return base


def to_row(comment: CommentIn, *, correlation_id: str, source_entry: str) -> dict[str, Any]:
    return {
        "platform": comment.platform,
        "external_id": comment.external_id,
        "version": comment.content_version(),
        "thread_id": comment.thread_id,
        "parent_id": comment.parent_id,
        "author_id": comment.author.id,
        "author_display_name": clean_text(comment.author.display_name)
        if comment.author.display_name
        else None,
        "author_handle": comment.author.handle,
        "author_followers": comment.author.followers,
        "text": clean_text(comment.text),
        "language_hint": language_hint(comment.language),
        "created_at": comment.created_at.astimezone(UTC),
        "permalink": comment.permalink,
        "likes": comment.reach.likes,
        "replies": comment.reach.replies,
        "shares": comment.reach.shares,
        "kind": comment.kind,
        "rating": comment.rating,
        "owned_channel": comment.owned_channel,
        "brand": comment.brand,
        "raw": comment.raw,
        "correlation_id": correlation_id,
        "source_entry": source_entry,
    }

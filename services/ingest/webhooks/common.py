"""What every platform normaliser shares: signatures, time parsing, the result shape.

Pure: no I/O, no clock reads, no logging.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any


class ShapeError(ValueError):
    """The body is not a shape this webhook knows: 400 with this reason, body to the DLQ."""


@dataclass
class Dead:
    """One event inside a known envelope that cannot become a comment (kept in the DLQ)."""

    reason: str
    fragment: Any


@dataclass
class Normalised:
    """What one platform delivery became."""

    #: Comments in the public input schema, one per platform event, in delivery order.
    comments: list[dict[str, Any]] = field(default_factory=list)
    #: Events by the brand's own accounts (its replies, its own tweets): never a case.
    own: int = 0
    #: Events this pipeline has no use for (likes, reactions, retweets), with why.
    ignored: list[str] = field(default_factory=list)
    #: Events of a known kind that are broken; each is kept in the DLQ with its reason.
    dead: list[Dead] = field(default_factory=list)

    def extend(self, other: Normalised) -> None:
        self.comments += other.comments
        self.own += other.own
        self.ignored += other.ignored
        self.dead += other.dead


def hmac_sha256(secret: str, message: bytes) -> bytes:
    return hmac.new(secret.encode(), message, hashlib.sha256).digest()


def signature_hex(secret: str, body: bytes) -> str:
    """Meta's ``X-Hub-Signature-256`` value for ``body``."""
    return "sha256=" + hmac_sha256(secret, body).hex()


def signature_b64(secret: str, body: bytes) -> str:
    """X's ``x-twitter-webhooks-signature`` (and CRC ``response_token``) value for ``body``."""
    return "sha256=" + base64.b64encode(hmac_sha256(secret, body)).decode()


def same(expected: str, given: str | None) -> bool:
    """Constant-time comparison; a missing value never matches."""
    if not given:
        return False
    return hmac.compare_digest(expected.encode(), given.strip().encode())


def from_epoch(value: Any) -> datetime | None:
    """Unix seconds (int, float or digits) to an aware UTC time; milliseconds are detected."""
    if isinstance(value, str) and value.strip().isdigit():
        value = int(value)
    if isinstance(value, bool) or not isinstance(value, int | float):
        return None
    if value > 10_000_000_000:  # Messenger-style milliseconds
        value = value / 1000
    try:
        return datetime.fromtimestamp(value, tz=UTC)
    except (OverflowError, OSError, ValueError):
        return None


def from_iso(value: Any) -> datetime | None:
    """ISO 8601 with ``Z`` or an offset; ``+0000`` without a colon is accepted too."""
    if not isinstance(value, str) or not value.strip():
        return None
    text = value.strip().replace("Z", "+00:00")
    if len(text) > 5 and text[-5] in "+-" and text[-4:].isdigit():
        text = text[:-2] + ":" + text[-2:]
    try:
        parsed = datetime.fromisoformat(text)
    except ValueError:
        return None
    return parsed if parsed.tzinfo else parsed.replace(tzinfo=UTC)


def text_of(value: Any) -> str | None:
    return value if isinstance(value, str) and value.strip() else None


def id_of(value: Any) -> str | None:
    """Platform ids arrive as strings or numbers; numbers above 2**53 must not be used."""
    if isinstance(value, str) and value.strip():
        return value.strip()
    if isinstance(value, int) and not isinstance(value, bool) and value < 2**53:
        return str(value)
    return None


def obj(value: Any) -> dict[str, Any]:
    return value if isinstance(value, dict) else {}

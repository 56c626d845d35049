"""Which Graph API call a reply or a moderation request becomes, and what its answer means.

Pure: no I/O. Facebook and Instagram differ in paths and flags; both take the page token.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Literal

from shared.events import ModerationRequested, ReplyOutbound

META_PLATFORMS = frozenset({"facebook", "instagram"})
#: Graph error codes that mean "too many calls, later": app, user, page and IG rate limits.
_RATE_LIMIT_CODES = frozenset({4, 17, 32, 613, 80001, 80002, 80005, 80006})


@dataclass(frozen=True)
class Call:
    operation: str
    method: Literal["GET", "POST", "DELETE"]
    path: str
    body: dict[str, Any] = field(default_factory=dict)


def reply_call(reply: ReplyOutbound) -> Call | None:
    """A public reply goes under the customer's comment; a private one is Meta's
    private reply to that comment (one message, within seven days of the comment)."""
    if reply.platform not in META_PLATFORMS:
        return None
    comment = reply.parent_id
    if reply.channel == "private":
        return Call(
            "private_reply",
            "POST",
            "/me/messages",
            {"recipient": {"comment_id": comment}, "message": {"text": reply.text}},
        )
    edge = "comments" if reply.platform == "facebook" else "replies"
    return Call("public_reply", "POST", f"/{comment}/{edge}", {"message": reply.text})


def moderation_call(request: ModerationRequested) -> Call | None:
    if request.platform not in META_PLATFORMS:
        return None
    comment = request.external_id
    if request.request == "delete":
        return Call("delete", "DELETE", f"/{comment}")
    hidden = request.request == "hide"
    # Facebook's Comment node takes ``is_hidden``; Instagram's takes ``hide``.
    flag = "is_hidden" if request.platform == "facebook" else "hide"
    return Call(request.request, "POST", f"/{comment}", {flag: hidden})


def platform_id(answer: Any) -> str | None:
    """The id Meta gives the new object: ``id`` for a comment, ``message_id`` for a message."""
    if isinstance(answer, dict):
        for key in ("id", "message_id"):
            if isinstance(answer.get(key), str | int) and str(answer[key]):
                return str(answer[key])
    return None


def judge(status: int, answer: Any) -> tuple[bool, str]:
    """(retry?, reason) for a failed call: 5xx, 429 and Graph rate limits are retried."""
    error = answer.get("error") if isinstance(answer, dict) else None
    error = error if isinstance(error, dict) else {}
    code = error.get("code")
    message = str(error.get("message") or "")[:300]
    reason = f"HTTP {status}" + (f": {message}" if message else "")
    if code is not None:
        reason += f" (code {code}"
        reason += f", subcode {error['error_subcode']})" if error.get("error_subcode") else ")"
    retry = (
        status >= 500
        or status == 429
        or code in _RATE_LIMIT_CODES
        or error.get("is_transient") is True
    )
    return retry, reason

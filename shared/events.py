"""The events that travel on the streams: frozen, versioned pydantic models.

``CommentIn`` is the public input schema (``POST /v1/comments`` and ``comments.inbound``).
Every other model is an event a service publishes; each carries ``schema_version`` so a
reader can refuse what it does not understand instead of guessing.
"""

from __future__ import annotations

import hashlib
from datetime import datetime
from typing import Annotated, Any, Literal
from uuid import UUID

from pydantic import (
    AwareDatetime,
    BaseModel,
    ConfigDict,
    Field,
    StringConstraints,
    field_validator,
    model_validator,
)

Platform = Literal[
    "facebook",
    "instagram",
    "x",
    "trustpilot",
    "google_business",
    "youtube",
    "linkedin",
    "tiktok",
    "web",
    "other",
]
PLATFORMS: tuple[str, ...] = Platform.__args__  # type: ignore[attr-defined]

Language = Literal["nl", "sv", "en", "de", "fr", "und"]
LANGUAGES: tuple[str, ...] = Language.__args__  # type: ignore[attr-defined]

Sentiment = Literal["negative", "neutral", "positive"]
Intent = Literal[
    "complaint", "question", "praise", "troll", "abuse", "spam", "legal_threat", "other"
]
INTENTS: tuple[str, ...] = Intent.__args__  # type: ignore[attr-defined]

Action = Literal[
    "respond_offline",
    "answer",
    "thank",
    "ignore",
    "hide",
    "hold_legal",
    "escalate_crisis",
    "human_review",
]
ACTIONS: tuple[str, ...] = Action.__args__  # type: ignore[attr-defined]

Priority = Literal["critical", "high", "normal", "low"]
PRIORITIES: tuple[str, ...] = Priority.__args__  # type: ignore[attr-defined]

CommentKind = Literal["created", "edited", "deleted"]

Id = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=256)]


class _Frozen(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")


# --------------------------------------------------------------------------------------
# The public input schema
# --------------------------------------------------------------------------------------


class Author(BaseModel):
    """Who wrote the comment, as the platform shows them."""

    model_config = ConfigDict(frozen=True, extra="ignore")

    id: Id
    display_name: str | None = Field(default=None, max_length=256)
    handle: str | None = Field(default=None, max_length=256)
    followers: int | None = Field(default=None, ge=0)


class Reach(BaseModel):
    """How many people have reacted to the comment so far."""

    model_config = ConfigDict(frozen=True, extra="ignore")

    likes: int | None = Field(default=None, ge=0)
    replies: int | None = Field(default=None, ge=0)
    shares: int | None = Field(default=None, ge=0)


class CommentIn(BaseModel):
    """A public comment as integrators and platform adapters hand it to ingest.

    Unknown fields are kept in ``raw`` rather than rejected; a missing or wrongly typed
    required field is an error that names the field.
    """

    model_config = ConfigDict(frozen=True, extra="allow", str_strip_whitespace=False)

    platform: Platform
    external_id: Id
    thread_id: Id
    parent_id: Id | None = None
    author: Author
    text: str = Field(max_length=100_000)
    language: str | None = Field(default=None, max_length=16)
    created_at: AwareDatetime
    permalink: str | None = Field(default=None, max_length=2048)
    reach: Reach = Field(default_factory=Reach)
    kind: CommentKind = "created"
    rating: int | None = Field(default=None, ge=1, le=5)
    owned_channel: bool = False
    brand: str | None = Field(default=None, max_length=128)
    #: Optional explicit version from the integrator; otherwise derived from kind and text.
    version: str | None = Field(default=None, max_length=64)

    @field_validator("platform", mode="before")
    @classmethod
    def _lower_platform(cls, value: Any) -> Any:
        return value.strip().lower() if isinstance(value, str) else value

    @model_validator(mode="after")
    def _text_unless_deleted(self) -> CommentIn:
        if self.kind != "deleted" and not self.text.strip():
            raise ValueError("text must not be empty unless kind is 'deleted'")
        return self

    @property
    def raw(self) -> dict[str, Any]:
        """The fields the schema does not know, kept for the record."""
        return dict(self.model_extra or {})

    def content_version(self) -> str:
        """The de-duplication key's version part.

        The same delivery sent twice gives the same version; an edit with new text gives a
        new one; a delete is its own version.
        """
        if self.version:
            return self.version
        if self.kind == "deleted":
            return "deleted"
        digest = hashlib.sha256(f"{self.kind}\x00{self.text}".encode()).hexdigest()
        return digest[:16]


# --------------------------------------------------------------------------------------
# Internal events
# --------------------------------------------------------------------------------------


class StoredComment(_Frozen):
    """A normalised comment as stored by ingest: what every later stage works from."""

    comment_id: int
    platform: Platform
    external_id: str
    version: str
    thread_id: str
    parent_id: str | None
    author_id: str
    author_display_name: str | None
    author_handle: str | None
    author_followers: int | None
    text: str
    language_hint: str | None
    created_at: datetime
    permalink: str | None
    likes: int | None
    replies: int | None
    shares: int | None
    kind: CommentKind
    rating: int | None
    owned_channel: bool
    brand: str | None


class CommentReceived(_Frozen):
    """Published by ingest on ``comments.received`` once the comment is stored."""

    type: Literal["comment.received"] = "comment.received"
    schema_version: Literal[1] = 1
    correlation_id: str
    comment: StoredComment


class Classification(_Frozen):
    """What classify decided about one comment, and why."""

    language: Language
    language_confidence: float = Field(ge=0, le=1)
    sentiment: Sentiment
    sentiment_confidence: float = Field(ge=0, le=1)
    intent: Intent
    intent_confidence: float = Field(ge=0, le=1)
    toxicity: float = Field(ge=0, le=1)
    #: 0..1 signal from likes, replies, shares and followers; high means many people see it.
    reach_score: float = Field(ge=0, le=1)
    #: The lowest of the confidences that matter downstream; route sends low values to people.
    confidence: float = Field(ge=0, le=1)
    model_version: str
    reasons: tuple[str, ...] = ()


class CommentClassified(_Frozen):
    """Published by classify on ``comments.classified``."""

    type: Literal["comment.classified"] = "comment.classified"
    schema_version: Literal[1] = 1
    correlation_id: str
    comment: StoredComment
    classification: Classification
    #: Earlier behaviour of the author, so route can apply "one offer, then silence".
    author_troll_count: int = 0
    author_abuse_count: int = 0


class Assignee(_Frozen):
    name: str
    contact_kind: Literal["dm", "email", "phone"]
    contact: str
    team: str | None = None


class CaseRouted(_Frozen):
    """Published by route on ``cases.routed``: the decision for one comment."""

    type: Literal["case.routed"] = "case.routed"
    schema_version: Literal[1] = 1
    correlation_id: str
    comment: StoredComment
    classification: Classification
    action: Action
    #: None when the action needs no case (ignore, hide).
    case_id: UUID | None
    priority: Priority
    first_response_due: datetime | None
    resolution_due: datetime | None
    assignee: Assignee | None
    rule: str
    policy_version: str
    reasons: tuple[str, ...] = ()
    #: Whether a draft for this action may go out without a person approving it.
    auto_send: bool = False
    routed_at: datetime


ReplyKind = Literal["public_reply", "private_reply", "followup_public", "followup_private"]


class ReplyOutbound(_Frozen):
    """Published on ``replies.outbound`` for connectors: a reply to post.

    ``reply_id`` is the idempotency key; a connector that sees it twice posts once.
    """

    type: Literal["reply.outbound"] = "reply.outbound"
    schema_version: Literal[1] = 1
    correlation_id: str
    reply_id: UUID
    case_id: UUID
    kind: ReplyKind
    channel: Literal["public", "private"]
    platform: Platform
    thread_id: str
    parent_id: str
    text: str
    language: Language
    agent: str
    approved_by: str | None = None


class ModerationRequested(_Frozen):
    """Published by route on ``moderation.outbound``: hide, unhide or delete a comment."""

    type: Literal["moderation.requested"] = "moderation.requested"
    schema_version: Literal[1] = 1
    correlation_id: str
    request: Literal["hide", "unhide", "delete"]
    platform: Platform
    external_id: str
    thread_id: str
    comment_id: int
    rule: str
    policy_version: str
    reason: str


NotificationKind = Literal[
    "new_case",
    "legal_hold",
    "crisis",
    "sla_at_risk",
    "sla_breach",
    "approval_needed",
    "spike",
    "escalated",
    "reassigned",
    "reopened",
    #: The weekly insights report for the team (followup): top topics, counts and trends.
    "insights_report",
]


class Notification(_Frozen):
    """Published on ``notifications.outbound``: a message for people.

    It never holds the comment text or the author's name; it points at the case.
    """

    type: Literal["notification"] = "notification"
    schema_version: Literal[1] = 1
    correlation_id: str
    kind: NotificationKind
    case_id: UUID | None
    priority: Priority
    assignee: str | None
    summary: str
    due: datetime | None = None
    at: datetime


CaseUpdateType = Literal[
    "approved",
    "edited",
    "rejected",
    "published",
    "failed",
    "resolved",
    "customer_replied",
    "reclassified",
    "no_contact",
]


class CaseUpdate(BaseModel):
    """An event on ``cases.updates`` (and ``POST /v1/cases/{case_id}/updates``).

    ``edited`` and ``approved`` with ``text`` approve the agent's own wording; ``published``
    carries the platform's id of the posted reply. ``update_id`` makes a retried update a
    no-op; when absent the stream entry id is used.
    """

    model_config = ConfigDict(frozen=True, extra="forbid")

    type: CaseUpdateType
    schema_version: Literal[1] = 1
    case_id: UUID
    reply_id: UUID | None = None
    update_id: str | None = Field(default=None, max_length=128)
    actor: str = Field(default="integrator", max_length=128)
    text: str | None = Field(default=None, max_length=10_000)
    platform_reply_id: str | None = Field(default=None, max_length=256)
    reason: str | None = Field(default=None, max_length=2_000)
    intent: Intent | None = None
    #: The customer's satisfaction (1 to 5) with ``customer_replied``, e.g. from a private survey.
    rating: int | None = Field(default=None, ge=1, le=5)
    at: AwareDatetime | None = None


class DlqEntry(_Frozen):
    """What could not be processed, with enough to look at it and re-drive it."""

    type: Literal["dlq.entry"] = "dlq.entry"
    schema_version: Literal[1] = 1
    source_stream: str
    entry_id: str
    service: str
    reason: str
    attempts: int
    #: The entry's fields as received (bytes decoded with replacement, never dropped).
    payload: dict[str, str]
    at: datetime


EVENT_MODELS: dict[str, type[BaseModel]] = {
    "comment.received": CommentReceived,
    "comment.classified": CommentClassified,
    "case.routed": CaseRouted,
    "reply.outbound": ReplyOutbound,
    "moderation.requested": ModerationRequested,
    "notification": Notification,
    "dlq.entry": DlqEntry,
}

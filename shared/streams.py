"""Every stream and consumer group of the pipeline, declared once.

Stream keys are ``<prefix>.<name>``. The names are contracts (see architecture.md):
integrators write ``comments.inbound`` and ``cases.updates`` and read the ``*.outbound``
streams; the rest is internal.
"""

from __future__ import annotations

from enum import StrEnum


class Stream(StrEnum):
    COMMENTS_INBOUND = "comments.inbound"
    COMMENTS_RECEIVED = "comments.received"
    COMMENTS_CLASSIFIED = "comments.classified"
    CASES_ROUTED = "cases.routed"
    REPLIES_OUTBOUND = "replies.outbound"
    MODERATION_OUTBOUND = "moderation.outbound"
    NOTIFICATIONS_OUTBOUND = "notifications.outbound"
    CASES_UPDATES = "cases.updates"
    DLQ = "dlq"

    def key(self, prefix: str) -> str:
        return f"{prefix}.{self.value}"


class Group(StrEnum):
    """One consumer group per service; replicas of a service share it."""

    INGEST = "ingest"
    CLASSIFY = "classify"
    ROUTE = "route"
    RESPOND = "respond"
    FOLLOWUP = "followup"
    #: The reference Meta connector (``webcare connect meta``); not a pipeline stage.
    CONNECTOR_META = "connector-meta"


#: Which service reads which stream. Used to wire subscribers and to export lag per group.
SUBSCRIPTIONS: dict[Group, tuple[Stream, ...]] = {
    Group.INGEST: (Stream.COMMENTS_INBOUND,),
    # cases.updates: agents' ``reclassified`` corrections, stored for retraining.
    Group.CLASSIFY: (Stream.COMMENTS_RECEIVED, Stream.CASES_UPDATES),
    Group.ROUTE: (Stream.COMMENTS_CLASSIFIED,),
    Group.RESPOND: (Stream.CASES_ROUTED, Stream.CASES_UPDATES),
    Group.FOLLOWUP: (Stream.CASES_ROUTED, Stream.CASES_UPDATES),
}

#: Streams that are capped (approximately) so they cannot grow forever. Notifications are
#: messages for people, delivered as they happen; replies, moderation requests and the DLQ
#: are never trimmed: a connector that is down must find every reply when it comes back,
#: and the DLQ is where nothing is ever dropped.
UNCONSUMED = (Stream.NOTIFICATIONS_OUTBOUND,)

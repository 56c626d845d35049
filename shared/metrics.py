"""Every ``webcare_`` metric, declared once.

FastStream's Prometheus middleware adds ``faststream_*`` message counts and durations on
the same registry, so one ``/metrics`` route per service serves both.
"""

from __future__ import annotations

from prometheus_client import REGISTRY, CollectorRegistry, Counter, Gauge, Histogram

registry: CollectorRegistry = REGISTRY

# Business-time buckets: 5 min .. 2 working days.
_BUSINESS_BUCKETS = (300, 900, 1800, 3600, 7200, 14400, 28800, 57600, float("inf"))

comments_ingested = Counter(
    "webcare_comments_ingested_total",
    "Comments received at the edge, per platform and outcome (accepted, duplicate, invalid).",
    ["platform", "outcome"],
)
classifications = Counter(
    "webcare_classifications_total",
    "Comments classified, per intent, sentiment and language.",
    ["intent", "sentiment", "language"],
)
route_actions = Counter(
    "webcare_route_actions_total",
    "Routing decisions per action and priority.",
    ["action", "priority"],
)
cases_open = Gauge("webcare_cases_open", "Open cases per priority.", ["priority"])
first_response_seconds = Histogram(
    "webcare_first_response_seconds",
    "Time from comment to the first published reply, in business seconds.",
    ["priority"],
    buckets=_BUSINESS_BUCKETS,
)
resolution_seconds = Histogram(
    "webcare_resolution_seconds",
    "Time from comment to resolution, in business seconds.",
    ["priority"],
    buckets=_BUSINESS_BUCKETS,
)
sla_warnings = Counter(
    "webcare_sla_warnings_total",
    "Warnings sent before an SLA deadline, per deadline kind and priority.",
    ["deadline", "priority"],
)
sla_breaches = Counter(
    "webcare_sla_breaches_total",
    "SLA deadlines missed, per deadline kind and priority.",
    ["deadline", "priority"],
)
replies_drafted = Counter(
    "webcare_replies_drafted_total",
    "Drafts written, per language, kind and whether they wait for approval.",
    ["language", "kind", "approval"],
)
replies_approved = Counter(
    "webcare_replies_approved_total", "Drafts approved (as written or edited).", ["edited"]
)
replies_rejected = Counter("webcare_replies_rejected_total", "Drafts rejected by a person.")
replies_published = Counter(
    "webcare_replies_published_total", "Replies confirmed published on the platform.", ["kind"]
)
replies_awaiting_approval = Gauge(
    "webcare_replies_awaiting_approval", "Drafts waiting for a person to approve them."
)
dlq_entries = Counter(
    "webcare_dlq_entries_total",
    "Entries sent to the DLQ, per service and reason.",
    ["service", "reason"],
)
events_published = Counter(
    "webcare_events_published_total", "Events written to streams, per stream.", ["stream"]
)
consumer_lag = Gauge(
    "webcare_consumer_lag",
    "Entries in a stream not yet delivered to the group.",
    ["stream", "group"],
)
consumer_pending = Gauge(
    "webcare_consumer_pending",
    "Entries delivered to the group but not yet acknowledged.",
    ["stream", "group"],
)
webhook_rejected = Counter(
    "webcare_webhook_rejected_total",
    "Webhook calls refused (bad signature or token, bad shape), per platform and reason.",
    ["platform", "reason"],
)
notifications_sent = Counter(
    "webcare_notifications_total", "Notifications for people, per kind.", ["kind"]
)

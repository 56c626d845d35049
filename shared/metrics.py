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
webhook_events = Counter(
    "webcare_webhook_events_total",
    "Platform events received by webhooks and imports, per platform and outcome "
    "(accepted, own, ignored, dead).",
    ["platform", "outcome"],
)
connector_calls = Counter(
    "webcare_connector_calls_total",
    "Calls a connector made to a platform API, per platform, operation and outcome "
    "(ok, failed, retried, skipped).",
    ["platform", "operation", "outcome"],
)
notifications_sent = Counter(
    "webcare_notifications_total", "Notifications for people, per kind.", ["kind"]
)

# --- SLA health, refreshed from Postgres by followup's SLA watcher ---------------------------
# Gauges computed from the database: every followup replica reports the same value, so
# dashboards and alerts aggregate them with max(), never sum().
sla_outcomes = Gauge(
    "webcare_sla_outcomes",
    "Deadlines that fell due in the trailing compliance window, per kind, priority and "
    "outcome (met, missed).",
    ["deadline", "priority", "outcome"],
)
sla_compliance = Gauge(
    "webcare_sla_compliance_ratio",
    "Share of the deadlines due in the trailing compliance window that were met (1 when none "
    "fell due), per deadline kind.",
    ["deadline"],
)
sla_target_seconds = Gauge(
    "webcare_sla_target_seconds",
    "The policy's SLA target per deadline kind and priority, in seconds on its clock.",
    ["deadline", "priority"],
)
cases_at_risk_unassigned = Gauge(
    "webcare_cases_at_risk_unassigned",
    "Open cases whose deadline falls within the warning window and that have no agent.",
    ["deadline", "priority"],
)

# --- data protection and the HTTP edge --------------------------------------------------------
erasures = Counter(
    "webcare_erasures_total", "Authors erased on request, per channel (cli, api).", ["source"]
)
retention_removed = Counter(
    "webcare_retention_removed_total",
    "Comment texts and stream entries removed by the retention job, per kind.",
    ["kind"],
)
http_rate_limited = Counter(
    "webcare_http_rate_limited_total", "HTTP requests refused with 429 at the edge."
)

DEADLINES = ("first_response", "resolution")
_PRIORITIES = ("critical", "high", "normal", "low")
#: Per webhook, the rejection reasons that mean "not from the platform" (ingest's webhook
#: edge); the alert on signature failures matches ``(missing|bad)_(signature|token)``.
WEBHOOK_AUTH_REASONS: dict[str, tuple[str, ...]] = {
    "meta": ("missing_signature", "bad_signature"),
    "x": ("missing_signature", "bad_signature"),
    "trustpilot": ("missing_token", "bad_token"),
    "google_business": ("missing_token", "bad_token"),
}


def initialise(service: str) -> None:
    """Create the label sets a service owns at zero, so ``rate()`` and ``increase()`` see the
    first event (a series born at 1 has no earlier sample to grow from) and dashboards show
    0 instead of "no data"."""
    dlq_entries.labels(service, "invalid input")
    if service == "ingest":
        from shared.events import PLATFORMS

        for platform in PLATFORMS:
            for outcome in ("accepted", "duplicate", "invalid"):
                comments_ingested.labels(platform, outcome)
        for platform, reasons in WEBHOOK_AUTH_REASONS.items():
            for reason in reasons:
                webhook_rejected.labels(platform, reason)
    if service == "followup":
        for deadline in DEADLINES:
            for priority in _PRIORITIES:
                sla_breaches.labels(deadline, priority)
                sla_warnings.labels(deadline, priority)
                cases_at_risk_unassigned.labels(deadline, priority).set(0)
            sla_compliance.labels(deadline).set(1)
        for priority in _PRIORITIES:
            first_response_seconds.labels(priority)
            resolution_seconds.labels(priority)


# Closing the loop (playbook 7 and 8).
cases_resolved = Counter(
    "webcare_cases_resolved_total",
    "Cases resolved, by whether the customer was reached privately and followed up in public.",
    ["private", "followed_up"],
)
satisfaction_questions = Counter(
    "webcare_satisfaction_questions_total", "Private satisfaction questions drafted."
)
satisfaction_ratings = Counter(
    "webcare_satisfaction_ratings_total",
    "Satisfaction answers (1 to 5) from customers.",
    ["rating"],
)
time_to_resolution_seconds = Histogram(
    "webcare_time_to_resolution_seconds",
    "Calendar time from the customer's first comment to resolution.",
    buckets=(900, 3600, 4 * 3600, 8 * 3600, 24 * 3600, 3 * 86400, 7 * 86400, float("inf")),
)
sentiment_change = Counter(
    "webcare_sentiment_change_total",
    "Sentiment of the customer's first comment against their latest message.",
    ["first", "last"],
)
cases_reopened = Counter(
    "webcare_cases_reopened_total", "Resolved cases reopened by the customer's answer.", ["reason"]
)

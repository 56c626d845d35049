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
    sla_check_interval_s: float = Field(default=15.0, gt=0)
    stream_maxlen: int = Field(
        default=1_000_000,
        description="Approximate cap for streams nobody in the pipeline consumes (dlq, *.outbound).",
    )

    def consumer(self, service: str) -> str:
        """A consumer name unique to this process, so replicas never share pending entries."""
        base = self.consumer_name or f"{socket.gethostname()}-{os.getpid()}"
        return f"{service}-{base}"

    def port_for(self, service: str) -> int:
        return self.port or SERVICE_PORTS[service]


@lru_cache
def get_settings() -> Settings:
    return Settings()

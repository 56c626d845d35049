"""Request rate limits at the HTTP edge: a token bucket per API token or client address.

The bucket logic is pure (the caller passes the monotonic time); the middleware applies it to
every path except the operations endpoints, answering 429 with ``Retry-After``. Each ingest
replica limits on its own, so the effective limit behind a load balancer is per replica.
"""

from __future__ import annotations

import hashlib
import math
import time
from collections.abc import Awaitable, Callable
from dataclasses import dataclass

from fastapi import FastAPI, Request, Response
from fastapi.responses import JSONResponse

from shared import metrics
from shared.settings import Settings

#: Probes and scrapes must never be refused.
EXEMPT_PATHS = frozenset({"/healthz", "/metrics"})
#: Forget idle clients once this many are tracked, so the table cannot grow without bound.
_MAX_CLIENTS = 10_000


@dataclass
class Bucket:
    tokens: float
    updated: float


class TokenBuckets:
    """``rate`` requests per second per key, with bursts of up to ``burst``."""

    def __init__(self, rate: float, burst: int) -> None:
        self.rate = rate
        self.burst = burst
        self.buckets: dict[str, Bucket] = {}

    def take(self, key: str, now: float) -> float:
        """Spend one token: 0.0 when allowed, else the seconds until one is available."""
        bucket = self.buckets.get(key)
        if bucket is None:
            if len(self.buckets) >= _MAX_CLIENTS:
                self._forget_full(now)
            bucket = self.buckets[key] = Bucket(float(self.burst), now)
        bucket.tokens = min(self.burst, bucket.tokens + (now - bucket.updated) * self.rate)
        bucket.updated = now
        if bucket.tokens >= 1.0:
            bucket.tokens -= 1.0
            return 0.0
        return (1.0 - bucket.tokens) / self.rate

    def _forget_full(self, now: float) -> None:
        # A bucket that has refilled completely holds nothing worth remembering.
        refill_s = self.burst / self.rate
        self.buckets = {k: b for k, b in self.buckets.items() if now - b.updated < refill_s}


def client_key(request: Request) -> str:
    """The bearer token (hashed, never kept as is) when there is one, else the address."""
    scheme, _, token = request.headers.get("authorization", "").partition(" ")
    if scheme.lower() == "bearer" and token:
        return "token:" + hashlib.sha256(token.encode()).hexdigest()[:16]
    return "addr:" + (request.client.host if request.client else "unknown")


def install_rate_limit(app: FastAPI, settings: Settings) -> None:
    """Limit every route but the operations endpoints; a rate of 0 installs nothing."""
    if settings.rate_limit_per_s <= 0:
        return
    buckets = TokenBuckets(settings.rate_limit_per_s, settings.rate_limit_burst)

    @app.middleware("http")
    async def rate_limit(
        request: Request, call_next: Callable[[Request], Awaitable[Response]]
    ) -> Response:
        if request.url.path in EXEMPT_PATHS:
            return await call_next(request)
        wait = buckets.take(client_key(request), time.monotonic())
        if wait <= 0:
            return await call_next(request)
        metrics.http_rate_limited.inc()
        retry_after = max(1, math.ceil(wait))
        return JSONResponse(
            status_code=429,
            headers={"Retry-After": str(retry_after)},
            content={
                "detail": [
                    {
                        "field": "(request)",
                        "message": f"more than {settings.rate_limit_per_s:g} requests per "
                        f"second (burst {settings.rate_limit_burst}); retry after "
                        f"{retry_after} s",
                    }
                ]
            },
        )

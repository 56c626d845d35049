"""A small Graph API client: the page token in a header, retries with backoff on 5xx and
rate limits, a 4xx is a failure with Meta's own reason."""

from __future__ import annotations

import asyncio
import logging
from typing import Any

import httpx

from shared import metrics
from webcare.connectors.meta_calls import Call, judge

log = logging.getLogger("webcare.connectors.graph")
# httpx logs every request line at INFO; those URLs name people's comments.
logging.getLogger("httpx").setLevel(logging.WARNING)
_MAX_WAIT_S = 60.0


class GraphFailure(Exception):
    """The call failed for good (a 4xx, or still failing after every retry)."""

    def __init__(self, reason: str, *, gave_up: bool = False) -> None:
        super().__init__(reason)
        self.reason = reason
        self.gave_up = gave_up


class GraphClient:
    def __init__(
        self,
        *,
        base_url: str,
        token: str,
        timeout_s: float,
        attempts: int,
        backoff_s: float,
        platform: str = "meta",
    ) -> None:
        self.base_url = base_url.rstrip("/")
        self.token = token
        self.timeout_s = timeout_s
        self.attempts = attempts
        self.backoff_s = backoff_s
        self.platform = platform
        self._http: httpx.AsyncClient | None = None

    def _client(self) -> httpx.AsyncClient:
        if self._http is None:
            self._http = httpx.AsyncClient(
                base_url=self.base_url,
                timeout=self.timeout_s,
                # A header keeps the token out of URLs, and so out of access logs.
                headers={"Authorization": f"Bearer {self.token}"},
            )
        return self._http

    async def aclose(self) -> None:
        if self._http is not None:
            await self._http.aclose()
            self._http = None

    async def call(self, call: Call) -> Any:
        """The decoded answer of a successful call, or ``GraphFailure``."""
        delay = self.backoff_s
        last = "no attempt made"
        for attempt in range(1, self.attempts + 1):
            wait = delay
            try:
                response = await self._client().request(
                    call.method, call.path, json=call.body or None
                )
            except httpx.HTTPError as exc:
                last = f"{type(exc).__name__} calling the Graph API"
            else:
                try:
                    answer: Any = response.json()
                except ValueError:
                    answer = {}
                if response.status_code < 400:
                    metrics.connector_calls.labels(self.platform, call.operation, "ok").inc()
                    return answer
                retry, last = judge(response.status_code, answer)
                if not retry:
                    metrics.connector_calls.labels(self.platform, call.operation, "failed").inc()
                    raise GraphFailure(last)
                after = response.headers.get("retry-after", "")
                if after.isdigit():
                    wait = max(wait, min(float(after), _MAX_WAIT_S))
            if attempt < self.attempts:
                metrics.connector_calls.labels(self.platform, call.operation, "retried").inc()
                log.warning(
                    "graph.retry",
                    extra={"operation": call.operation, "attempt": attempt, "reason": last[:200]},
                )
                await asyncio.sleep(wait)
                delay = min(delay * 2, _MAX_WAIT_S)
        metrics.connector_calls.labels(self.platform, call.operation, "failed").inc()
        raise GraphFailure(f"gave up after {self.attempts} attempts: {last}", gave_up=True)

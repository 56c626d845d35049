"""Fetching what a notification only points at: Instagram mentions, Business Profile reviews.

Both base URLs come from settings, so tests (and proxies) can point them elsewhere.
"""

from __future__ import annotations

import logging
from typing import Any

import httpx

from services.ingest.webhooks.meta import Mention

# httpx logs every request line at INFO; those URLs name people's comments and reviews.
logging.getLogger("httpx").setLevel(logging.WARNING)


class FetchError(Exception):
    """The platform did not give us the content; ``retryable`` when trying later may help."""

    def __init__(self, reason: str, *, retryable: bool, status: int | None = None) -> None:
        super().__init__(reason)
        self.reason = reason
        self.retryable = retryable
        self.status = status


async def _get_json(
    http: httpx.AsyncClient, url: str, token: str, params: dict[str, str] | None = None
) -> Any:
    try:
        response = await http.get(url, params=params, headers={"Authorization": f"Bearer {token}"})
    except (httpx.HTTPError, httpx.InvalidURL) as exc:
        raise FetchError(f"{type(exc).__name__} calling {url}", retryable=True) from exc
    if response.status_code >= 400:
        retryable = response.status_code in (401, 403, 408, 429) or response.status_code >= 500
        detail = response.text[:300].replace("\n", " ")
        raise FetchError(
            f"HTTP {response.status_code} from {url}: {detail}",
            retryable=retryable,
            status=response.status_code,
        )
    try:
        return response.json()
    except ValueError as exc:
        raise FetchError(f"non-JSON answer from {url}", retryable=True) from exc


async def fetch_mention(
    http: httpx.AsyncClient, *, base_url: str, token: str, mention: Mention
) -> Any:
    """``GET /{ig-user-id}?fields=mentioned_comment...`` (or ``mentioned_media``)."""
    url = f"{base_url.rstrip('/')}/{mention.ig_user_id}"
    return await _get_json(http, url, token, {"fields": mention.fields})


async def fetch_review(
    http: httpx.AsyncClient, *, base_url: str, token: str, review_name: str
) -> Any:
    """``GET /v4/{accounts/../locations/../reviews/..}``, the Business Profile API review."""
    return await _get_json(http, f"{base_url.rstrip('/')}/v4/{review_name.lstrip('/')}", token)

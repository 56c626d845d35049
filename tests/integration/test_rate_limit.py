"""The rate limit at the HTTP edge, on the real ingest app."""

from __future__ import annotations

import httpx
import pytest

from shared.settings import Settings
from tests.helpers import running

pytestmark = pytest.mark.integration


async def test_a_client_over_its_rate_gets_429_with_retry_after_and_probes_are_never_limited(
    settings: Settings,
) -> None:
    limited = settings.model_copy(update={"rate_limit_per_s": 0.2, "rate_limit_burst": 2})
    async with running("ingest", limited) as (app, _):
        transport = httpx.ASGITransport(app=app)
        async with httpx.AsyncClient(transport=transport, base_url="http://ingest") as http:
            mine = {"Authorization": "Bearer test-token"}
            codes = [(await http.get("/v1/cases", headers=mine)).status_code for _ in range(2)]
            assert codes == [200, 200]
            refused = await http.get("/v1/cases", headers=mine)
            assert refused.status_code == 429
            assert 1 <= int(refused.headers["Retry-After"]) <= 5
            assert "retry after" in refused.json()["detail"][0]["message"]
            other = await http.get("/v1/cases", headers={"Authorization": "Bearer other"})
            assert other.status_code == 401, "another token has its own bucket"
            for _ in range(5):
                assert (await http.get("/healthz")).status_code == 200
            metrics = (await http.get("/metrics")).text
            assert "webcare_http_rate_limited_total" in metrics


async def test_the_rate_limit_is_off_by_default(settings: Settings) -> None:
    assert Settings.model_fields["rate_limit_per_s"].default == 0
    async with running("ingest", settings) as (app, _):
        transport = httpx.ASGITransport(app=app)
        async with httpx.AsyncClient(transport=transport, base_url="http://ingest") as http:
            headers = {"Authorization": "Bearer test-token"}
            for _ in range(150):
                assert (await http.get("/v1/cases?limit=1", headers=headers)).status_code == 200

"""The token buckets behind the HTTP edge's rate limit (pure: the time is passed in)."""

from __future__ import annotations

from services.ingest.limits import TokenBuckets


def test_a_burst_is_allowed_and_the_next_request_is_told_when_to_retry() -> None:
    buckets = TokenBuckets(rate=2.0, burst=3)
    assert [buckets.take("a", 100.0) for _ in range(3)] == [0.0, 0.0, 0.0]
    assert buckets.take("a", 100.0) == 0.5


def test_tokens_come_back_at_the_rate_and_never_beyond_the_burst() -> None:
    buckets = TokenBuckets(rate=1.0, burst=2)
    buckets.take("a", 0.0)
    buckets.take("a", 0.0)
    assert buckets.take("a", 0.5) == 0.5
    assert buckets.take("a", 1.0) == 0.0
    for _ in range(2):
        assert buckets.take("a", 1000.0) == 0.0
    assert buckets.take("a", 1000.0) > 0


def test_every_client_has_its_own_bucket() -> None:
    buckets = TokenBuckets(rate=1.0, burst=1)
    assert buckets.take("a", 0.0) == 0.0
    assert buckets.take("a", 0.0) > 0
    assert buckets.take("b", 0.0) == 0.0

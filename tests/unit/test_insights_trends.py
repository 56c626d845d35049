"""Sliding windows and trend classification."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from shared.insights.trends import TrendRules, Windows, classify_trend, parse_duration

NOW = datetime(2026, 11, 16, 9, 0, tzinfo=UTC)
WEEK = timedelta(weeks=1)


@pytest.mark.parametrize(
    ("counts", "trend"),
    [
        ([0, 0, 0, 5], "new"),
        ([0, 0, 0, 1], "new"),
        ([3, 8, 16, 30], "rising"),
        ([4, 4, 4, 7], "rising"),  # 1.75x the baseline and 3 more
        ([30, 18, 9, 4], "falling"),
        ([6, 6, 6, 3], "falling"),  # the baseline is twice the current and 3 more
        ([10, 11, 9, 10], "steady"),
        ([1, 1, 1, 3], "steady"),  # three times as many, but only two more: noise
        ([2, 2, 2, 0], "steady"),  # fewer, but only two fewer
        ([0, 0, 0, 0], "steady"),
        ([5], "steady"),
        ([], "steady"),
    ],
)
def test_counts_per_period_give_a_trend(counts: list[int], trend: str) -> None:
    assert classify_trend(counts) == trend


def test_thresholds_can_be_tightened() -> None:
    assert classify_trend([4, 4, 4, 7], TrendRules(ratio=2.0)) == "steady"
    assert classify_trend([1, 1, 1, 3], TrendRules(min_change=1)) == "rising"


def test_windows_end_at_until_and_the_current_period_is_complete() -> None:
    windows = Windows.covering(NOW, timedelta(days=28), WEEK)
    assert windows.count == 4 and windows.since == NOW - 4 * WEEK
    bounds = windows.bounds()
    assert bounds[-1] == (NOW - WEEK, NOW)
    assert all(end - start == WEEK for start, end in bounds)


def test_each_moment_falls_in_one_period_and_the_end_is_excluded() -> None:
    windows = Windows(until=NOW, period=WEEK, count=4)
    assert windows.index(NOW - 4 * WEEK) == 0
    assert windows.index(NOW - WEEK - timedelta(seconds=1)) == 2
    assert windows.index(NOW - WEEK) == 3
    assert windows.index(NOW) is None
    assert windows.index(NOW - 4 * WEEK - timedelta(seconds=1)) is None


def test_a_look_back_that_is_not_whole_periods_is_rounded_up() -> None:
    assert Windows.covering(NOW, timedelta(days=10), WEEK).count == 2
    assert Windows.covering(NOW, timedelta(hours=1), timedelta(days=1)).count == 1


def test_too_many_periods_or_a_look_back_before_year_one_are_refused() -> None:
    with pytest.raises(ValueError, match="too many"):
        Windows.covering(NOW, timedelta(days=800), timedelta(days=1))
    with pytest.raises(ValueError, match="year 1"):
        Windows.covering(datetime(1, 1, 8, tzinfo=UTC), timedelta(days=28), WEEK)


@pytest.mark.parametrize(
    ("text", "delta"),
    [("28d", timedelta(days=28)), ("4w", timedelta(weeks=4)), (" 24h ", timedelta(hours=24))],
)
def test_durations_read_like_the_cli_options(text: str, delta: timedelta) -> None:
    assert parse_duration(text) == delta


@pytest.mark.parametrize("text", ["", "28", "0d", "d", "4 weeks", "-3d"])
def test_a_wrong_duration_says_what_is_expected(text: str) -> None:
    with pytest.raises(ValueError, match="like 24h"):
        parse_duration(text)

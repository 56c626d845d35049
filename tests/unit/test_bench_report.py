"""What ``webcare bench`` reports of each process's memory."""

from __future__ import annotations

from webcare.benchreport import RSS_WARMUP_S, rss_summary, table


def test_growth_after_warm_up_is_measured_from_the_first_sample_two_minutes_in() -> None:
    times = [1000.0 + 0.5 * i for i in range(1201)]  # ten minutes of half-second samples
    rss = [100.0 + min(i, 120) * 0.25 + (i > 120) * i * 0.005 for i in range(1201)]
    got = rss_summary(times, rss)
    assert RSS_WARMUP_S == 120
    assert got["rss_mb_start"] == 100.0 and got["rss_mb_warm"] == 131.2
    assert got["rss_mb_end"] == got["rss_mb_max"] == 136.0
    assert got["rss_growth_pct"] == 36.0
    assert got["rss_growth_after_warmup_pct"] == 3.7


def test_a_run_shorter_than_the_warm_up_is_measured_from_its_first_sample() -> None:
    got = rss_summary([0.0, 10.0, 20.0], [200.0, 260.0, 220.0])
    assert got["rss_mb_warm"] == 200.0 and got["rss_mb_max"] == 260.0
    assert got["rss_growth_pct"] == got["rss_growth_after_warmup_pct"] == 10.0


def test_the_table_shows_warm_memory_and_both_growths() -> None:
    process = {"cpu_s": 12.5, "cpu_pct_of_core": 2.0} | rss_summary(
        [0.0, 120.0, 600.0], [180.0, 200.0, 210.0]
    )
    result = {
        "when": "2026-12-04T15:00:00+00:00",
        "comments": 36000,
        "offered_rate": 60,
        "machine": {"cpus": 2},
        "replicas": {},
        "end_to_end": {"comments_per_s": 60.0, "seconds": 600.0},
        "latency_ms": {},
        "stages": {},
        "lag_max": {},
        "pending_max": {},
        "processes": {"followup": process},
    }
    text = table(result)
    assert "warm" in text and "after warm-up %" in text
    row = next(line for line in text.splitlines() if line.startswith("followup"))
    assert row.split()[3:] == ["180.0", "200.0", "210.0", "210.0", "16.7", "5.0"]

"""What ``webcare bench`` reads back and prints: stage timestamps, the table, the profile."""

from __future__ import annotations

import io
import json
import pstats
from collections.abc import Sequence
from pathlib import Path
from typing import Any

#: A process's first two minutes are warm-up: imports, caches, the model, and followup's
#: first insights round with comments in its window (its second round, a minute in and
#: taking a while, imports scikit-learn and clusters for the first time: ~65 MB at once).
#: Growth after this is what a long run is judged by; growth from the start is kept beside it.
RSS_WARMUP_S = 120.0

#: When each stage wrote its effect, per item: count, first and last time.
STAGE_TIMES: dict[str, str] = {
    "ingest": "SELECT count(*) AS n, min(received_at) AS first, max(received_at) AS last FROM comments",
    "classify": "SELECT count(*) AS n, min(classified_at) AS first, max(classified_at) AS last"
    " FROM classifications",
    "route": "SELECT count(*) AS n, min(decided_at) AS first, max(decided_at) AS last FROM decisions",
    "respond": "SELECT count(*) AS n, min(created_at) AS first, max(created_at) AS last"
    " FROM replies WHERE kind = 'public_reply'",
    # Followup's own stamp for a routed case: the row that makes its handling idempotent.
    "followup": "SELECT count(*) AS n, min(applied_at) AS first, max(applied_at) AS last"
    " FROM applied_updates WHERE consumer = 'followup' AND update_id LIKE 'routed:%'",
}


def batch_summary(log_dir: Path) -> dict[str, dict[str, float]]:
    """Per process and stream, from the ``batch.processed`` log lines (written at INFO,
    ``WEBCARE_BENCH_LOG_LEVEL=INFO``): batches, mean size and mean and total duration. Where
    a stage's time goes between reading and acknowledging, without a profiler's overhead."""
    out: dict[str, dict[str, float]] = {}
    for path in sorted(log_dir.glob("*.log")):
        sizes: dict[str, list[int]] = {}
        durations: dict[str, list[float]] = {}
        for line in path.read_text(encoding="utf-8", errors="replace").splitlines():
            if '"batch.processed"' not in line:
                continue
            try:
                record = json.loads(line)
            except ValueError:
                continue
            where = f"{path.stem}:{record.get('stream')}" + (
                ":claimed" if record.get("claimed") else ""
            )
            sizes.setdefault(where, []).append(int(record.get("size", 0)))
            durations.setdefault(where, []).append(float(record.get("duration_ms", 0.0)))
        for where, values in sizes.items():
            spent = durations[where]
            out[where] = {
                "batches": len(values),
                "mean_size": round(sum(values) / len(values), 1),
                "mean_ms": round(sum(spent) / len(spent), 1),
                "total_s": round(sum(spent) / 1000, 2),
            }
    return out


def profile_summary(path: Path, limit: int = 25) -> str:
    """The profiled service's functions by own time, then by cumulative time."""
    out = io.StringIO()
    stats = pstats.Stats(str(path), stream=out)
    stats.strip_dirs().sort_stats("tottime").print_stats(limit)
    stats.sort_stats("cumulative").print_stats(limit)
    return out.getvalue()


def rss_summary(
    times: Sequence[float], rss_mb: Sequence[float], *, warmup_s: float = RSS_WARMUP_S
) -> dict[str, float]:
    """Start, warm (the first sample ``warmup_s`` after the first, or the first when the
    run is shorter), end and max RSS of one process, and its growth from start and from
    warm to end, in percent."""
    start, end = rss_mb[0], rss_mb[-1]
    warm = next(
        (mb for t, mb in zip(times, rss_mb, strict=True) if t - times[0] >= warmup_s), start
    )
    return {
        "rss_mb_start": round(start, 1),
        "rss_mb_warm": round(warm, 1),
        "rss_mb_end": round(end, 1),
        "rss_mb_max": round(max(rss_mb), 1),
        "rss_growth_pct": round(100 * (end - start) / start, 1),
        "rss_growth_after_warmup_pct": round(100 * (end - warm) / warm, 1),
    }


def _fmt(value: Any) -> str:
    return "-" if value is None else str(value)


def table(r: dict[str, Any]) -> str:
    e2e = r["end_to_end"]
    lines = [
        f"webcare bench  {r['when']}  {r['comments']} comments  "
        f"offered {'max' if r['offered_rate'] is None else str(r['offered_rate']) + '/s'}  "
        f"{r['machine']['cpus']} CPUs  replicas {r['replicas']}"
        + (f"  (profiling {r['profiled']}: slower)" if r.get("profiled") else ""),
        "",
        f"end to end        {e2e['comments_per_s']:>8} comments/s  ({e2e['seconds']} s)",
    ]
    if "bare_chain" in r:
        chain = r["bare_chain"]
        lines.append(
            f"bare chain        {chain['throughput_per_s']:>8} events/s    ({chain['hops']} hops, "
            f"{chain['wall_s']} s)   ratio {r['ratio_to_bare_chain']}"
        )
    lines += ["", "latency ms              p50       p95       p99       max"]
    for name, p in r["latency_ms"].items():
        lines.append(
            f"{name:<20}" + "".join(f"{_fmt(p[k]):>10}" for k in ("p50", "p95", "p99", "max"))
        )
    lines += ["", "stage         items     per s   first s    last s"]
    for name, s in r["stages"].items():
        lines.append(
            f"{name:<10}{_fmt(s.get('items')):>9}{_fmt(s.get('per_s')):>10}"
            f"{_fmt(s.get('first_s')):>10}{_fmt(s.get('last_s')):>10}"
        )
    lines += ["", "stream/group                      max lag   max pending"]
    for where, lag in r["lag_max"].items():
        lines.append(f"{where:<32}{lag:>9}{r['pending_max'].get(where, 0):>14}")
    lines += [
        "",
        "process       cpu s   % of a core   rss MB start   warm    end    max"
        "   growth %   after warm-up %",
    ]
    for label, p in r["processes"].items():
        lines.append(
            f"{label:<12}{p['cpu_s']:>7}{p['cpu_pct_of_core']:>14}"
            f"{p['rss_mb_start']:>15}{_fmt(p.get('rss_mb_warm')):>7}{p['rss_mb_end']:>7}"
            f"{p['rss_mb_max']:>7}{_fmt(p.get('rss_growth_pct')):>11}"
            f"{_fmt(p.get('rss_growth_after_warmup_pct')):>18}"
        )
    for label, p in r.get("servers", {}).items():
        lines.append(f"{label:<12}{p['cpu_s']:>7}{p['cpu_pct_of_core']:>14}")
    if r.get("postgres_by_service"):
        lines += ["", "postgres cpu s by the service it serves (bench_monitor: not counted)"]
        lines.append(
            "  ".join(f"{label} {seconds}" for label, seconds in r["postgres_by_service"].items())
        )
    if r.get("batches"):
        lines += ["", "process:stream                    batches  mean size  mean ms  total s"]
        for where, b in r["batches"].items():
            lines.append(
                f"{where:<32}{b['batches']:>9}{b['mean_size']:>11}{b['mean_ms']:>9}"
                f"{b['total_s']:>9}"
            )
    if "cpu_ms_per_comment" in r:
        lines += [
            "",
            f"CPU per comment {r['cpu_ms_per_comment']} ms (services, Redis and Postgres)"
            f"   load average {r.get('load_average')}",
        ]
    return "\n".join(lines)

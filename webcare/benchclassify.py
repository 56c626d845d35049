"""``webcare bench --classify-only``: the classify stage's pure code on one core, no services.

It runs :func:`services.classify.model.classify` over N texts in this process and divides
by the CPU seconds the process spent (``time.process_time``), so comments/s is per core and
mostly unaffected by what else the machine runs. The texts come from ``labelled.jsonl`` when
a data folder is given and has one (a deterministic sample by a hash of each text, every
task and language), otherwise from the bundled benchmark comments of ``webcare bench``.
Loading the models and lingua happens before the clock starts, as in a running service.
"""

from __future__ import annotations

import cProfile
import io
import json
import pstats
import time
import zlib
from collections import Counter
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from webcare.benchdata import make_comments

#: Other comments classified before the clock starts: they fill the per-word caches the way
#: a service that has been running a while has them, without timing a text twice.
WARM_UP = 2_000


@dataclass(frozen=True, slots=True)
class Sample:
    texts: list[str]
    source: str


def load_texts(n: int, data: Path | None) -> Sample:
    """``n`` texts: from ``data/labelled.jsonl`` when present (distinct ones, repeated only
    when ``n`` exceeds them), else the bundled comments."""
    labelled = data / "labelled.jsonl" if data is not None else None
    if labelled is not None and labelled.is_file():
        texts = [
            json.loads(line)["text"]
            for line in labelled.read_text(encoding="utf-8").splitlines()
            if line.strip()
        ]
        # A hash order rather than the file order: the file is grouped by task and language.
        texts = sorted(set(texts), key=lambda text: zlib.crc32(text.encode("utf-8")))
        chosen = [texts[i % len(texts)] for i in range(n)]
        return Sample(chosen, str(labelled))
    now = datetime(2026, 11, 20, 10, tzinfo=UTC)
    comments = make_comments("bench-classify", n, now)
    return Sample([c["text"] for c in comments], "webcare/benchdata.py")


def run_classify_bench(
    n: int,
    data: Path | None,
    *,
    models_dir: Path | None = None,
    profile: int = 0,
    warm_up_texts: int = WARM_UP,
) -> dict[str, Any]:
    """Classify ``n`` texts and return comments per CPU-second, with the language mix.

    ``models_dir`` reads the heads and the language model from there instead of the
    committed ones (a model trained with ``webcare train --out DIR``).

    ``profile`` > 0 runs the timed loop under cProfile and adds its top functions (cProfile
    slows everything down, so that run's rate is not comparable with a plain one).
    """
    from services.classify.language import models_from, warm_up
    from services.classify.model import classify, trained

    sample = load_texts(n + warm_up_texts, data)
    texts, warm = sample.texts[:n], sample.texts[n:]
    with models_from(models_dir):
        models = trained(models_dir) if models_dir is not None else trained()
        warm_up()
        for text in warm:
            classify(text, models=models)
        profiler = cProfile.Profile() if profile else None
        languages: Counter[str] = Counter()
        wall = time.perf_counter()
        cpu = time.process_time()
        if profiler is not None:
            profiler.enable()
        for text in texts:
            languages[classify(text, models=models).language] += 1
        if profiler is not None:
            profiler.disable()
        cpu = time.process_time() - cpu
        wall = time.perf_counter() - wall
    result: dict[str, Any] = {
        "comments": n,
        "source": sample.source,
        "warm_up": len(warm),
        "model_version": models.version if models is not None else "rules only",
        "cpu_seconds": round(cpu, 3),
        "wall_seconds": round(wall, 3),
        "comments_per_cpu_second": round(n / cpu) if cpu else None,
        "languages": dict(sorted(languages.items())),
        "profiled": bool(profiler),
    }
    if profiler is not None:
        out = io.StringIO()
        pstats.Stats(profiler, stream=out).sort_stats("tottime").print_stats(profile)
        result["profile"] = out.getvalue()
    return result


def text_report(result: dict[str, Any]) -> str:
    """The result as a few lines a person reads."""
    lines = [
        f"classify only, one core: {result['comments_per_cpu_second']} comments per CPU-second"
        + (" (under cProfile: not comparable)" if result["profiled"] else ""),
        f"  {result['comments']} texts from {result['source']} (after {result['warm_up']} others "
        f"to warm the caches), model {result['model_version']}",
        f"  {result['cpu_seconds']} CPU s, {result['wall_seconds']} wall s",
        "  languages: " + ", ".join(f"{k} {v}" for k, v in result["languages"].items()),
    ]
    return "\n".join(lines)

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


# -- equivalence: the same outputs before and after a speed change ---------------------------

#: Labelled texts and bundled comments in an equivalence snapshot.
EQUIVALENCE_LABELLED = 15_000
EQUIVALENCE_BUNDLED = 5_000
#: Confidences and scores may move by float rounding only.
TOLERANCE = 1e-6
_NUMBERS = (
    "language_confidence",
    "sentiment_confidence",
    "intent_confidence",
    "toxicity",
    "reach_score",
    "confidence",
)


def snapshot(data: Path | None) -> list[dict[str, Any]]:
    """Every field of the classification of 20,000 texts: labelled texts as they are, every
    fourth with the one before as its parent and an author history, then the bundled
    comments with their reach, followers and ratings. Written before a speed change and
    compared after it (:func:`compare`): the change must not move any output."""
    from services.classify.language import warm_up
    from services.classify.model import classify

    warm_up()
    labelled = load_texts(EQUIVALENCE_LABELLED, data).texts
    rows: list[dict[str, Any]] = []
    for i, text in enumerate(labelled):
        extra: dict[str, Any] = {}
        if i % 4 == 3:
            extra = {
                "parent_text": labelled[i - 1],
                "author_troll_count": i % 3,
                "author_abuse_count": i % 2,
            }
        rows.append({"text": text, **extra})
    now = datetime(2026, 11, 20, 10, tzinfo=UTC)
    for comment in make_comments("equivalence", EQUIVALENCE_BUNDLED, now):
        reach = comment["reach"]
        rows.append(
            {
                "text": comment["text"],
                "likes": reach["likes"],
                "replies": reach["replies"],
                "followers": comment["author"]["followers"],
                "rating": comment.get("rating"),
            }
        )
    out = []
    for row in rows:
        result = classify(**row)
        out.append({"input": row, "output": result.model_dump(mode="json")})
    return out


def compare(before: list[dict[str, Any]], after: list[dict[str, Any]]) -> list[str]:
    """The differences between two snapshots, one line each (none: equivalent)."""
    problems: list[str] = []
    if len(before) != len(after):
        problems.append(f"{len(before)} rows before, {len(after)} after")
    for i, (old, new) in enumerate(zip(before, after, strict=False)):
        if old["input"] != new["input"]:
            problems.append(f"row {i}: different inputs")
            continue
        a, b = old["output"], new["output"]
        for key in sorted(set(a) | set(b)):
            if key in _NUMBERS:
                same = abs(float(a.get(key, -1)) - float(b.get(key, -1))) <= TOLERANCE
            else:
                same = a.get(key) == b.get(key)
            if not same:
                problems.append(f"row {i} {key}: {a.get(key)!r} -> {b.get(key)!r}")
    return problems


def main(argv: list[str] | None = None) -> int:
    """``python -m webcare.benchclassify snapshot OUT.json`` writes a snapshot;
    ``... compare BEFORE.json AFTER.json`` lists the differences (exit 1 if any)."""
    import argparse

    parser = argparse.ArgumentParser(prog="python -m webcare.benchclassify")
    commands = parser.add_subparsers(dest="command", required=True)
    take = commands.add_parser("snapshot")
    take.add_argument("out", type=Path)
    take.add_argument("--data", type=Path, default=Path("../shared/data"))
    check = commands.add_parser("compare")
    check.add_argument("before", type=Path)
    check.add_argument("after", type=Path)
    args = parser.parse_args(argv)
    if args.command == "snapshot":
        rows = snapshot(args.data)
        args.out.write_text(json.dumps(rows, ensure_ascii=False), encoding="utf-8")
        print(f"{len(rows)} classifications written to {args.out}")
        return 0
    before = json.loads(args.before.read_text(encoding="utf-8"))
    after = json.loads(args.after.read_text(encoding="utf-8"))
    problems = compare(before, after)
    for line in problems[:50]:
        print(line)
    print(f"{len(before)} rows compared, {len(problems)} differences")
    return 1 if problems else 0


if __name__ == "__main__":
    raise SystemExit(main())

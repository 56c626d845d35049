"""Per-scenario numbers for the closing note: printed after the run, and written as JSON
to ``$WEBCARE_RELIABILITY_REPORT`` when it is set."""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Any

RESULTS: list[dict[str, Any]] = []
_COLUMNS = (
    "scenario", "sent", "accepted", "processed", "duplicated", "lost", "dlq",
    "rejected_http", "held_by_hung", "fault_s", "recovery_s", "wall_s",
)  # fmt: skip


def record(result: dict[str, Any]) -> dict[str, Any]:
    RESULTS.append(result)
    return result


def table() -> list[str]:
    rows = [[str(r.get(c, "")) if r.get(c) is not None else "-" for c in _COLUMNS] for r in RESULTS]
    widths = [max(len(c), *(len(row[i]) for row in rows)) for i, c in enumerate(_COLUMNS)]
    line = "  ".join(c.ljust(w) for c, w in zip(_COLUMNS, widths, strict=True))
    out = [line, "-" * len(line)]
    out += ["  ".join(v.ljust(w) for v, w in zip(row, widths, strict=True)) for row in rows]
    return out


def write_json() -> Path | None:
    target = os.environ.get("WEBCARE_RELIABILITY_REPORT")
    if not target or not RESULTS:
        return None
    path = Path(target)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps({"scenarios": RESULTS}, indent=2) + "\n", encoding="utf-8")
    return path

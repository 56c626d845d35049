"""Put blocks together: one alternative per block, chosen from a seed, within a length limit.

The choice is deterministic (same seed, same draft) and walks through every combination
in a scrambled order, so the next combination after a rejected one differs in several
blocks, not only in the greeting. Over the limit, optional blocks are dropped in their
``drop`` order; a sentence is never cut.
"""

from __future__ import annotations

import hashlib
import math
from collections.abc import Collection, Iterator, Sequence
from dataclasses import dataclass
from functools import cached_property
from typing import Literal

Line = Literal["head", "body", "foot"]

#: Enough to walk every combination of the shipped blocks (3 alternatives, <= 7 blocks).
MAX_COMBINATIONS = 20_000
#: Multiplier that scrambles the walk; coprime with almost any product of small counts.
_STRIDE = 7_919


@dataclass(frozen=True)
class Part:
    """One block of a draft with its rendered alternatives as ``(block id, text)``."""

    name: str
    options: tuple[tuple[str, str], ...]
    line: Line = "body"
    #: 0: always kept. Otherwise dropped when the draft is too long, lowest number first.
    drop: int = 0

    @cached_property
    def measured(self) -> tuple[tuple[int, ...], tuple[str, ...]] | None:
        """Each option's length and normalised text, worked out once per part (parts are
        kept per policy); None when an option is blank, which only the general walk lays
        out exactly."""
        normalised = tuple(normalise(text) for _, text in self.options)
        if not all(normalised):
            return None
        return tuple(len(text) for _, text in self.options), normalised


@dataclass(frozen=True)
class Assembled:
    text: str
    blocks: tuple[str, ...]


class NormalisedTexts(Collection[str]):
    """Normalised texts in several sets, looked up without copying them together."""

    def __init__(self, *sets: set[str]) -> None:
        self.sets = sets

    def __contains__(self, text: object) -> bool:
        return any(text in s for s in self.sets)

    def __iter__(self) -> Iterator[str]:
        for s in self.sets:
            yield from s

    def __len__(self) -> int:
        return sum(len(s) for s in self.sets)


def normalise(text: str) -> str:
    """Texts that differ only in case or spacing count as the same text."""
    return " ".join(text.casefold().split())


def _offset(seed: str, name: str, count: int) -> int:
    digest = hashlib.sha256(f"{seed}\x00{name}".encode()).digest()
    return int.from_bytes(digest[:8], "big") % count


def _layout(chosen: Sequence[tuple[Part, tuple[str, str]]]) -> Assembled:
    head = " ".join(text for part, (_, text) in chosen if part.line == "head")
    body = " ".join(text for part, (_, text) in chosen if part.line == "body")
    foot = " ".join(text for part, (_, text) in chosen if part.line == "foot")
    text = "\n".join(line for line in (head, body, foot) if line)
    return Assembled(text=text, blocks=tuple(block_id for _, (block_id, _) in chosen))


def _stride(total: int) -> int:
    return _STRIDE if math.gcd(_STRIDE, total) == 1 else 1


_LINES: dict[str, int] = {"head": 0, "body": 1, "foot": 2}


def _search(
    parts: Sequence[Part], seed: str, limit: int, avoid: Collection[str]
) -> tuple[Assembled | None, Assembled | None]:
    """The first fresh draft within the limit, and the first within the limit at all."""
    counts = [len(part.options) for part in parts]
    offsets = [_offset(seed, part.name, count) for part, count in zip(parts, counts, strict=True)]
    # Each part's options turned by its offset: digit ``d`` picks ``options[(d + offset) %
    # count]``.
    turned = [
        part.options[offset:] + part.options[:offset]
        for part, offset in zip(parts, offsets, strict=True)
    ]
    measured = [part.measured for part in parts]
    if any(m is None for m in measured):
        return _search_laid_out(parts, turned, limit, avoid)
    total = math.prod(counts)
    stride = _stride(total)
    # Every option is a non-blank text, so a draft is its texts joined by one separator each
    # (a space within a line, a newline between lines): its length is theirs plus
    # ``len(parts) - 1``, and its normalised text is their normalised texts joined by
    # spaces in line order. Only a fresh draft within the limit is laid out.
    lengths = [m[0][o:] + m[0][:o] for m, o in zip(measured, offsets, strict=True)]  # type: ignore[index]
    normal = [m[1][o:] + m[1][:o] for m, o in zip(measured, offsets, strict=True)]  # type: ignore[index]
    order = sorted(range(len(parts)), key=lambda i: _LINES[parts[i].line])
    in_line_order = [(i, normal[i]) for i in order]
    sets = avoid.sets if isinstance(avoid, NormalisedTexts) else (avoid,)
    room = limit - (len(parts) - 1)
    picks = list(zip(counts, lengths, strict=True))
    fitting: list[int] | None = None
    for step in range(min(total, MAX_COMBINATIONS)):
        index = (step * stride) % total
        digits = []
        length = 0
        for count, sizes in picks:
            index, digit = divmod(index, count)
            digits.append(digit)
            length += sizes[digit]
        if length > room:
            continue
        key = " ".join([texts[digits[i]] for i, texts in in_line_order])
        for texts in sets:
            if key in texts:
                break
        else:
            draft = _laid_out(parts, turned, digits)
            return draft, draft
        fitting = fitting or digits
    return None, _laid_out(parts, turned, fitting) if fitting is not None else None


def _laid_out(
    parts: Sequence[Part], turned: Sequence[tuple[tuple[str, str], ...]], digits: Sequence[int]
) -> Assembled:
    return _layout(
        [(part, options[digit]) for part, options, digit in zip(parts, turned, digits, strict=True)]
    )


def _search_laid_out(
    parts: Sequence[Part],
    turned: Sequence[tuple[tuple[str, str], ...]],
    limit: int,
    avoid: Collection[str],
) -> tuple[Assembled | None, Assembled | None]:
    """``_search`` laying out every combination: for parts with a blank option."""
    counts = [len(part.options) for part in parts]
    total = math.prod(counts)
    stride = _stride(total)
    texts = [tuple(text for _, text in options) for options in turned]
    lines = [_LINES[part.line] for part in parts]
    picks = list(zip(counts, texts, lines, strict=True))
    fitting: Assembled | None = None
    for step in range(min(total, MAX_COMBINATIONS)):
        index = (step * stride) % total
        digits = []
        layout: tuple[list[str], list[str], list[str]] = ([], [], [])
        for count, options, line in picks:
            index, digit = divmod(index, count)
            digits.append(digit)
            layout[line].append(options[digit])
        text = "\n".join(line for line in map(" ".join, layout) if line)
        if len(text) > limit:
            continue
        if normalise(text) not in avoid:
            draft = _laid_out(parts, turned, digits)
            return draft, draft
        fitting = fitting or _laid_out(parts, turned, digits)
    return None, fitting


def assemble(
    parts: Sequence[Part], *, seed: str, limit: int | None, avoid: Collection[str] = ()
) -> Assembled | None:
    """A draft from ``parts``, or ``None`` when a required part has no usable alternative.

    Preference: a text not in ``avoid`` within the limit; then, dropping optional parts, the
    same; then a repeated text within the limit; then the shortest possible text.
    """
    if any(not part.options for part in parts if part.drop == 0):
        return None
    parts = [part for part in parts if part.options]
    ceiling = limit if limit is not None else 10**9
    # Texts already normalised (a batch's index of recent drafts) are only looked up.
    avoid_set = avoid if isinstance(avoid, NormalisedTexts) else {normalise(text) for text in avoid}
    levels = [0, *sorted({part.drop for part in parts if part.drop})]
    repeat: Assembled | None = None
    kept: list[Part] = list(parts)
    for level in levels:
        kept = [part for part in parts if part.drop == 0 or part.drop > level]
        fresh, fitting = _search(kept, seed, ceiling, avoid_set)
        if fresh is not None:
            return fresh
        repeat = repeat or fitting
    if repeat is not None:
        return repeat
    shortest = [(part, min(part.options, key=lambda option: len(option[1]))) for part in kept]
    return _layout(shortest)

"""Find lexicon phrases in a token sequence.

Phrases are indexed by their first word, so a comment costs one dict lookup per token (plus
a few for prefix words) however large the lexicons grow.
"""

from __future__ import annotations

import functools
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Final

from services.classify.lexicons.base import LanguageLexicon
from services.classify.text import tokenize

#: Distinct tokens whose candidate phrases are kept ready.
_TOKEN_CACHE: Final = 50_000


@dataclass(frozen=True, slots=True)
class Hit:
    """One lexicon phrase found in a comment, covering ``tokens[start:end]``."""

    category: str
    language: str
    phrase: str
    start: int
    end: int
    strict: bool
    weight: float = 1.0

    @property
    def reason(self) -> str:
        return f"lexicon:{self.category}:{self.language}:'{self.phrase}'"


@dataclass(frozen=True, slots=True)
class _Entry:
    pattern: tuple[str, ...]
    category: str
    language: str
    phrase: str
    strict: bool
    weight: float
    #: The words after the first when none is a wildcard: compared as one tuple.
    plain_rest: tuple[str, ...] | None


def _word_matches(pattern: str, token: str) -> bool:
    if pattern == "*":
        return True
    if pattern.endswith("*"):
        return token.startswith(pattern[:-1])
    return token == pattern


def _rest_matches(pattern: tuple[str, ...], tokens: tuple[str, ...], start: int) -> bool:
    """Whether the words after the first of ``pattern`` follow ``tokens[start]``.

    A plain loop that stops at the first word that differs: most candidate phrases of a
    common first word ("not", "ik") fail on their second.
    """
    for offset in range(1, len(pattern)):
        if not _word_matches(pattern[offset], tokens[start + offset]):
            return False
    return True


class Matcher:
    """All phrases of all lexicons, ready to match."""

    def __init__(self, lexicons: Iterable[LanguageLexicon]) -> None:
        self._exact: dict[str, list[_Entry]] = {}
        self._prefix: dict[str, list[_Entry]] = {}
        for lexicon in lexicons:
            for category, items in lexicon.phrases.items():
                for item in items:
                    self._add(item, category, lexicon.language)
        self._prefix_lengths = sorted({len(key) for key in self._prefix})
        # Most tokens start no phrase; caching each token's candidates makes those one
        # look-up, and the cache is per matcher so a test's lexicons never leak into another's.
        self._candidates = functools.lru_cache(maxsize=_TOKEN_CACHE)(self._find_candidates)

    def _add(self, item: str, category: str, language: str) -> None:
        markers = item[: len(item) - len(item.lstrip("=~"))]
        strict = "=" in markers
        weight = 0.5 if "~" in markers else 1.0
        text = item[len(markers) :]
        pattern: list[str] = []
        for word in text.split():
            if word == "*":
                pattern.append("*")
                continue
            tokens = list(tokenize(word))
            # Tokenizing drops the "*" marker, so put it back on the word it followed.
            if word.endswith("*") and tokens:
                tokens[-1] += "*"
            pattern.extend(tokens)
        if not pattern:
            raise ValueError(f"empty lexicon phrase {item!r} ({language}/{category})")
        rest = tuple(pattern[1:])
        plain = None if any(word.endswith("*") for word in rest) else rest
        entry = _Entry(tuple(pattern), category, language, text, strict, weight, plain)
        first = pattern[0]
        if first.endswith("*"):
            self._prefix.setdefault(first[:-1], []).append(entry)
        else:
            self._exact.setdefault(first, []).append(entry)

    def _find_candidates(self, token: str) -> tuple[_Entry, ...]:
        """Phrases whose first word matches ``token``: exact ones first, then by prefix."""
        candidates = list(self._exact.get(token, ()))
        for length in self._prefix_lengths:
            if length > len(token):
                break
            candidates.extend(self._prefix.get(token[:length], ()))
        return tuple(candidates)

    def match(self, tokens: tuple[str, ...]) -> list[Hit]:
        hits: list[Hit] = []
        count = len(tokens)
        candidates_of = self._candidates
        for start, token in enumerate(tokens):
            for entry in candidates_of(token):
                pattern = entry.pattern
                end = start + len(pattern)
                if end > count:
                    continue
                if end - start > 1:
                    plain = entry.plain_rest
                    if plain is not None:
                        if tokens[start + 1 : end] != plain:
                            continue
                    elif not _rest_matches(pattern, tokens, start):
                        continue
                hits.append(
                    Hit(
                        entry.category,
                        entry.language,
                        entry.phrase,
                        start,
                        end,
                        entry.strict,
                        entry.weight,
                    )
                )
        return hits


def select(hits: list[Hit], language: str) -> list[Hit]:
    """Keep the hits that count for a comment in ``language``.

    Strict phrases of other languages are dropped; where phrases of one category overlap
    (the same word in three lexicons, "not working" inside "still not working") the longest
    one wins, and on a tie the comment's own language.
    """
    kept: list[Hit] = []
    taken: dict[str, list[tuple[int, int]]] = {}
    ranked = sorted(
        (hit for hit in hits if not hit.strict or hit.language == language),
        key=lambda hit: (-(hit.end - hit.start), hit.language != language, hit.start),
    )
    for hit in ranked:
        spans = taken.setdefault(hit.category, [])
        if any(hit.start < end and start < hit.end for start, end in spans):
            continue
        spans.append((hit.start, hit.end))
        kept.append(hit)
    kept.sort(key=lambda hit: hit.start)
    return kept


def by_category(hits: Iterable[Hit]) -> Mapping[str, list[Hit]]:
    grouped: dict[str, list[Hit]] = {}
    for hit in hits:
        grouped.setdefault(hit.category, []).append(hit)
    return grouped

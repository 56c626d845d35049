"""Features for the trained heads: word and character n-grams plus the rule signals.

The same functions run at training time (``webcare train``) and at inference, so a model can
never see features built differently from the ones it was trained on. Everything is plain
string and dict work: a comment costs a few hundred dict look-ups.
"""

from __future__ import annotations

import functools
import re
from collections import Counter
from collections.abc import Iterable, Mapping
from typing import Final

from services.classify.lexicons import base as cat
from services.classify.signals import Signals
from services.classify.text import Prepared

#: Character n-gram lengths, taken inside each word padded with spaces (like char_wb).
CHAR_MIN: Final = 3
CHAR_MAX: Final = 5
#: Long comments add little after this many words and would cost time.
MAX_WORDS: Final = 80
#: Rule categories passed to the heads as dense features ("r:complaint" = its weighted hits).
RULE_CATEGORIES: Final = (
    cat.COMPLAINT,
    cat.QUESTION,
    cat.PRAISE,
    cat.SARCASM,
    cat.POSITIVE,
    cat.NEGATIVE,
    cat.TROLL,
    cat.ABUSE,
    cat.PROFANITY,
    cat.SLUR,
    cat.THREAT,
    cat.SPAM,
    cat.LEGAL,
    cat.FRAUD,
)
#: Characters from the first emoji block up: where emojis and symbols live.
_HIGH: Final = re.compile("[\u2600-\U0010ffff]")
#: Distinct words whose character n-gram keys are kept ready (about 25 MB when full).
_WORD_CACHE: Final = 20_000
#: Dense features are squashed so one comment full of hits cannot dominate the n-grams.
_DENSE_CAP: Final = 3.0


def _char_keys(word: str) -> tuple[str, ...]:
    """The character n-gram keys of one word, in the order the counts are built."""
    padded = " " + word + " "
    size = len(padded)
    keys: list[str] = []
    for n in range(CHAR_MIN, CHAR_MAX + 1):
        if n > size:
            break
        for start in range(size - n + 1):
            keys.append("c:" + padded[start : start + n])
    return tuple(keys)


_word_keys: Final = functools.lru_cache(maxsize=_WORD_CACHE)(_char_keys)


def ngrams(prepared: Prepared, text: str) -> dict[str, int]:
    """Counts of word 1-2-grams ("w:"), character 3-5-grams ("c:") and emojis ("e:")."""
    # Keys are listed in a fixed order and counted at once (Counter counts in C); a word's
    # character n-grams come from a cache, since most words of a comment are common ones.
    keys: list[str] = []
    previous = "<s>"
    for token in prepared.tokens[:MAX_WORDS]:
        word = "0" if token.isdigit() else token
        keys.append("w:" + word)
        keys.append("b:" + previous + " " + word)
        previous = word
        if word != "0":
            keys.extend(_word_keys(word))
    for char in _HIGH.findall(text):
        if not char.isalnum():
            keys.append("e:" + char)
    return Counter(keys)


class NgramPositions:
    """:func:`ngrams` looked up in a vocabulary: counts by vocabulary position, unknown keys
    dropped, in the order :func:`ngrams` lists the known ones.

    A word's unigram and character n-grams are looked up once and kept (the per-word cache
    of positions): a comment then costs one cache hit per word and one look-up per bigram
    instead of building and hashing some 300 key strings. One instance per vocabulary.
    """

    def __init__(self, index: Mapping[str, int], *, cache: int = _WORD_CACHE) -> None:
        self._index = index
        # Character n-grams by the n-gram itself: a new word's some 40 substrings are looked
        # up as they are sliced, without building a "c:" key for each.
        self._chars = {key[2:]: p for key, p in index.items() if key.startswith("c:")}
        self._word = functools.lru_cache(maxsize=cache)(self._word_positions)

    def _word_positions(self, word: str) -> tuple[int | None, tuple[int, ...]]:
        get = self._index.get
        if word == "0":
            return get("w:0"), ()
        char = self._chars.get
        padded = " " + word + " "
        size = len(padded)
        # The order of _char_keys: by length, then by start.
        chars = tuple(
            [
                p
                for n in range(CHAR_MIN, min(CHAR_MAX, size) + 1)
                for start in range(size - n + 1)
                if (p := char(padded[start : start + n])) is not None
            ]
        )
        return get("w:" + word), chars

    def counts(self, prepared: Prepared, text: str) -> dict[int, int]:
        """The same as ``{index[k]: c for k, c in ngrams(prepared, text).items() if k in
        index}``, without the strings."""
        get = self._index.get
        word_positions = self._word
        positions: list[int] = []
        append, extend = positions.append, positions.extend
        previous = "<s>"
        for token in prepared.tokens[:MAX_WORDS]:
            word = "0" if token.isdigit() else token
            unigram, chars = word_positions(word)
            if unigram is not None:
                append(unigram)
            bigram = get(f"b:{previous} {word}")
            if bigram is not None:
                append(bigram)
            previous = word
            extend(chars)
        for char in _HIGH.findall(text):
            if not char.isalnum():
                emoji = get("e:" + char)
                if emoji is not None:
                    append(emoji)
        return Counter(positions)


def dense(signals: Signals, prepared: Prepared) -> dict[str, float]:
    """The rule signals and surface cues as named numbers, each in 0..1."""
    out: dict[str, float] = {}
    scores = signals.scores
    for category in RULE_CATEGORIES:
        value = scores.get(category)
        if value:
            out["r:" + category] = min(value, _DENSE_CAP) / _DENSE_CAP
    if signals.laughter:
        out["r:laughter"] = min(signals.laughter, _DENSE_CAP) / _DENSE_CAP
    if signals.negated_positive:
        out["r:negated-positive"] = min(signals.negated_positive, _DENSE_CAP) / _DENSE_CAP
    if prepared.question_marks:
        out["s:question-mark"] = 1.0
    if prepared.exclamations:
        out["s:exclamation"] = 1.0
    if prepared.urls:
        out["s:url"] = 1.0
    if prepared.mentions:
        out["s:mention"] = 1.0
    if prepared.shouting:
        out["s:shouting"] = 1.0
    if len(prepared.tokens) <= 3:
        out["s:short"] = 1.0
    return out


def all_keys(counts: Iterable[dict[str, int]]) -> dict[str, int]:
    """Document frequency of every n-gram over ``counts``: what the vocabulary is chosen from."""
    df: dict[str, int] = {}
    for row in counts:
        for key in row:
            df[key] = df.get(key, 0) + 1
    return df

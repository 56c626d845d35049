"""Built-in wording per language: the fallback when the policy file lacks a block.

Each module holds one language: ``BLOCKS`` (alternatives per block; a ``.formal`` or
``.informal`` suffix marks a register-specific block, a plain name serves both),
``TOPICS`` (what a complaint is about: the phrase used in a reply and the keywords that
detect it), ``APOLOGY_KEYWORDS`` (the fault is plausibly ours), and word lists used by
the checks.
"""

from __future__ import annotations

from dataclasses import dataclass
from types import ModuleType

from shared.replies.languages import de, en, fr, nl, sv


@dataclass(frozen=True)
class Lexicon:
    blocks: dict[str, list[str]]
    topics: dict[str, tuple[str, ...]]
    apology_keywords: tuple[str, ...]
    stopwords: frozenset[str]
    greeting_words: frozenset[str]
    channel_words: tuple[str, ...]
    compensation_words: tuple[str, ...]


def _lexicon(module: ModuleType) -> Lexicon:
    return Lexicon(
        blocks=module.BLOCKS,
        topics=module.TOPICS,
        apology_keywords=module.APOLOGY_KEYWORDS,
        stopwords=module.STOPWORDS,
        greeting_words=module.GREETING_WORDS,
        channel_words=module.CHANNEL_WORDS,
        compensation_words=module.COMPENSATION_WORDS,
    )


LEXICONS: dict[str, Lexicon] = {
    "nl": _lexicon(nl),
    "sv": _lexicon(sv),
    "en": _lexicon(en),
    "de": _lexicon(de),
    "fr": _lexicon(fr),
}
"""Every language a draft can be written in."""

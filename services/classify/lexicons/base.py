"""The shape of a per-language lexicon.

A phrase is written as plain text and tokenized exactly like a comment, so "j'ai pas reçu"
matches however the comment spells its apostrophe. Two markers:

* a word ending in ``*`` matches any word starting with it ("oplicht*" -> "oplichters");
* a phrase starting with ``=`` only counts when the comment is detected as the lexicon's own
  language, for words that mean something else elsewhere ("fan", "con", "sue");
* a phrase starting with ``~`` is a weak signal and counts half ("late": "open late?").
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Final

COMPLAINT: Final = "complaint"
QUESTION: Final = "question"
PRAISE: Final = "praise"
#: Phrases that turn praise into its opposite ("thanks for nothing", "once again").
SARCASM: Final = "sarcasm"
POSITIVE: Final = "positive"
NEGATIVE: Final = "negative"
TROLL: Final = "troll"
#: Insults aimed at people.
ABUSE: Final = "abuse"
#: Swearing that is not aimed at anyone by itself ("wtf", "kut", "merde").
PROFANITY: Final = "profanity"
SLUR: Final = "slur"
THREAT: Final = "threat"
SPAM: Final = "spam"
LEGAL: Final = "legal"
FRAUD: Final = "fraud"
#: Words that flip the polarity of the next few words ("niet", "not", "inte").
NEGATOR: Final = "negator"

CATEGORIES: Final = (
    COMPLAINT,
    QUESTION,
    PRAISE,
    SARCASM,
    POSITIVE,
    NEGATIVE,
    TROLL,
    ABUSE,
    PROFANITY,
    SLUR,
    THREAT,
    SPAM,
    LEGAL,
    FRAUD,
    NEGATOR,
)


@dataclass(frozen=True)
class LanguageLexicon:
    """Stopwords and categorised phrases for one language."""

    language: str
    stopwords: frozenset[str]
    phrases: dict[str, tuple[str, ...]] = field(default_factory=dict)

    def __post_init__(self) -> None:
        unknown = set(self.phrases) - set(CATEGORIES)
        if unknown:
            raise ValueError(f"unknown lexicon categories for {self.language}: {unknown}")


def words(text: str) -> frozenset[str]:
    """A stopword set from a whitespace-separated string."""
    return frozenset(text.split())


def phrases(text: str) -> tuple[str, ...]:
    """Comma- or newline-separated phrases, so lexicon files read like word lists."""
    return tuple(item.strip() for item in text.replace("\n", ",").split(",") if item.strip())

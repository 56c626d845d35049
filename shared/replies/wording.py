"""Where the words of a draft come from, and what a comment is about.

Blocks are looked up in the policy first and in the built-in wording second, each time
register-specific (``thanks.formal``) before plain (``thanks``): a team that writes its own
blocks in the policy file wins, and a minimal policy file still gives complete drafts.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from functools import lru_cache

from shared.policy import FaqEntry, Policy
from shared.replies.languages import LEXICONS, Lexicon

DRAFT_LANGUAGES: tuple[str, ...] = tuple(LEXICONS)
FALLBACK_LANGUAGE = "en"

_PLACEHOLDER = re.compile(r"\{(\w+)\}")


def draft_language(language: str) -> str:
    """The language to write in: the comment's, or English when it is unknown (``und``)."""
    return language if language in LEXICONS else FALLBACK_LANGUAGE


def lexicon(language: str) -> Lexicon:
    return LEXICONS[draft_language(language)]


def register(policy: Policy, language: str) -> str:
    """``formal`` or ``informal``, as the policy sets it for the language."""
    value = getattr(policy.replies.address, draft_language(language), "informal")
    return str(value)


def alternatives(policy: Policy, language: str, block: str) -> tuple[str, list[str]]:
    """The key a block was found under and its alternatives; an empty list when none exist."""
    language = draft_language(language)
    suffixed = f"{block}.{register(policy, language)}"
    from_policy = policy.replies.blocks.get(language, {})  # type: ignore[call-overload]
    built_in = LEXICONS[language].blocks
    for source, key in (
        (from_policy, suffixed),
        (from_policy, block),
        (built_in, suffixed),
        (built_in, block),
    ):
        texts = [text for text in source.get(key, []) if text.strip()]
        if texts:
            return key, texts
    return block, []


def render(template: str, values: Mapping[str, str | None]) -> str | None:
    """Fill ``{name}``-style placeholders; ``None`` when one has no value or is unknown.

    A block that needs a value the draft does not have is skipped rather than sent with a
    gap or a literal ``{placeholder}`` in it.
    """
    missing = False

    def fill(match: re.Match[str]) -> str:
        nonlocal missing
        value = values.get(match.group(1))
        if not value:
            missing = True
            return ""
        return value

    text = _PLACEHOLDER.sub(fill, template)
    if missing or "{" in text or "}" in text:
        return None
    return " ".join(text.split())


@lru_cache(maxsize=4096)
def _keyword_pattern(keyword: str) -> re.Pattern[str]:
    word = keyword.strip().casefold().replace("’", "'")
    prefix = word.endswith("*")
    body = re.escape(word.rstrip("*")).replace(r"\ ", r"\s+")
    return re.compile(rf"(?<!\w){body}" + ("" if prefix else r"(?!\w)"))


def _normalise(text: str) -> str:
    return text.casefold().replace("’", "'")


def find_keyword(text: str, keywords: Iterable[str]) -> int | None:
    """Position of the earliest keyword in ``text`` (``*`` at the end: any word start)."""
    haystack = _normalise(text)
    positions = [
        match.start()
        for keyword in keywords
        if keyword.strip("* ")
        for match in [_keyword_pattern(keyword).search(haystack)]
        if match
    ]
    return min(positions) if positions else None


def detect_topic(text: str, language: str) -> str | None:
    """What a complaint is about (delivery, bill, outage, ...): the earliest mention wins."""
    found = [
        (position, topic)
        for topic, keywords in lexicon(language).topics.items()
        if (position := find_keyword(text, keywords)) is not None
    ]
    return min(found)[1] if found else None


def has_banned_phrase(policy: Policy, text: str) -> bool:
    """Whether ``text`` holds a banned phrase of any language (playbook 5: SEO)."""
    phrases = [phrase for phrases in policy.replies.banned_phrases.values() for phrase in phrases]
    return find_keyword(text, phrases) is not None


def apology_warranted(
    policy: Policy,
    text: str,
    language: str,
    *,
    topic: str | None = None,
    reasons: Iterable[str] = (),
) -> bool:
    """Whether the fault is plausibly ours (playbook 6: not too fast, not too often).

    Yes when the topic is one the policy always apologises for (an outage), when the
    classification gave a reason the policy names, or when the comment says so in words
    the policy lists (late, broken, charged twice); otherwise the draft explains instead.
    """
    if topic is not None and topic in policy.replies.apology_topics:
        return True
    if set(reasons) & set(policy.replies.apology_reasons):
        return True
    language = draft_language(language)
    keywords = policy.replies.apology_keywords.get(language)  # type: ignore[call-overload]
    if keywords is None:
        keywords = lexicon(language).apology_keywords
    return find_keyword(text, keywords) is not None


def match_faq(policy: Policy, text: str, language: str) -> FaqEntry | None:
    """The FAQ entry in the draft's language whose keywords the comment hits most."""
    language = draft_language(language)
    best: tuple[int, int, FaqEntry] | None = None
    for order, entry in enumerate(policy.replies.faq):
        if entry.language != language:
            continue
        hits = sum(1 for keyword in entry.keywords if find_keyword(text, [keyword]) is not None)
        if hits and (best is None or (hits, -order) > (best[0], best[1])):
            best = (hits, -order, entry)
    return best[2] if best else None

"""Where the words of a draft come from, and what a comment is about.

Blocks are looked up in the policy first and in the built-in wording second, each time
register-specific (``thanks.formal``) before plain (``thanks``): a team that writes its own
blocks in the policy file wins, and a minimal policy file still gives complete drafts.
"""

from __future__ import annotations

import re
from collections.abc import Hashable, Iterable, Mapping
from functools import cache, lru_cache
from typing import Any

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
    return compiled(policy).alternatives(draft_language(language), block)


def _find_alternatives(policy: Policy, language: str, block: str) -> tuple[str, list[str]]:
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


def _alternative(keyword: str) -> str:
    """One keyword as a pattern: whole words, ``*`` at the end for any word start."""
    word = keyword.strip().casefold().replace("’", "'")
    prefix = word.endswith("*")
    body = re.escape(word.rstrip("*")).replace(r"\ ", r"\s+")
    return body + ("" if prefix else r"(?!\w)")


@lru_cache(maxsize=4096)
def keywords_pattern(keywords: tuple[str, ...]) -> re.Pattern[str] | None:
    """All of ``keywords`` as one pattern (``None`` for none): its leftmost match starts
    where the earliest of them starts, so one search answers ``find_keyword``."""
    alternatives = [_alternative(keyword) for keyword in keywords if keyword.strip("* ")]
    if not alternatives:
        return None
    return re.compile(r"(?<!\w)(?:" + "|".join(alternatives) + ")")


def _normalise(text: str) -> str:
    return text.casefold().replace("’", "'")


def search_keywords(pattern: re.Pattern[str] | None, text: str) -> int | None:
    """``find_keyword`` with the keywords compiled once (``keywords_pattern``)."""
    if pattern is None:
        return None
    match = pattern.search(_normalise(text))
    return match.start() if match else None


def find_keyword(text: str, keywords: Iterable[str]) -> int | None:
    """Position of the earliest keyword in ``text`` (``*`` at the end: any word start)."""
    return search_keywords(keywords_pattern(tuple(keywords)), text)


def detect_topic(text: str, language: str) -> str | None:
    """What a complaint is about (delivery, bill, outage, ...): the earliest mention wins."""
    normalised = _normalise(text)
    found = [
        (match.start(), topic)
        for topic, pattern in _topic_patterns(draft_language(language))
        if pattern is not None and (match := pattern.search(normalised)) is not None
    ]
    return min(found)[1] if found else None


@cache
def _topic_patterns(language: str) -> tuple[tuple[str, re.Pattern[str] | None], ...]:
    """Each topic's keywords as one pattern, per language (``find_keyword``'s pattern)."""
    return tuple(
        (topic, keywords_pattern(tuple(keywords)))
        for topic, keywords in LEXICONS[language].topics.items()
    )


def has_banned_phrase(policy: Policy, text: str) -> bool:
    """Whether ``text`` holds a banned phrase of any language (playbook 5: SEO)."""
    return search_keywords(compiled(policy).banned, text) is not None


def usable(policy: Policy, template: str, values: Mapping[str, str | None]) -> str | None:
    """``template`` rendered (``render``), or ``None`` when it lacks a value or the rendered
    text holds a banned phrase: a block a draft may use."""
    return compiled(policy).usable(template, values)


class PolicyWording:
    """What drafting derives from one policy, worked out once per policy instead of per
    draft: the banned phrases as one pattern, each block's alternatives, and each block
    rendered and checked per set of placeholder values it uses.

    A policy is frozen, so nothing here goes stale; a reloaded policy is a new object.
    """

    #: Rendered blocks kept per policy; beyond it the cache starts again (names vary).
    MAX_RENDERED = 20_000

    def __init__(self, policy: Policy) -> None:
        self.policy = policy
        self.banned = keywords_pattern(
            tuple(
                phrase for phrases in policy.replies.banned_phrases.values() for phrase in phrases
            )
        )
        self._alternatives: dict[tuple[str, str], tuple[str, list[str]]] = {}
        self._placeholders: dict[str, tuple[str, ...]] = {}
        self._rendered: dict[tuple[str | None, ...], str | None] = {}
        self._uses: dict[tuple[str, str], tuple[str, ...]] = {}
        #: Whole parts of drafts, by what they depend on (``templates`` fills it).
        self.parts: dict[Hashable, Any] = {}
        #: Each FAQ entry with its place and one pattern per keyword (``match_faq``).
        self.faq: tuple[tuple[int, FaqEntry, tuple[re.Pattern[str] | None, ...]], ...] = tuple(
            (order, entry, tuple(keywords_pattern((keyword,)) for keyword in entry.keywords))
            for order, entry in enumerate(policy.replies.faq)
        )

    def alternatives(self, language: str, block: str) -> tuple[str, list[str]]:
        found = self._alternatives.get((language, block))
        if found is None:
            found = self._alternatives[(language, block)] = _find_alternatives(
                self.policy, language, block
            )
        return found

    def uses(self, language: str, block: str) -> tuple[str, ...]:
        """The placeholders the block's alternatives use, together."""
        found = self._uses.get((language, block))
        if found is None:
            _, texts = self.alternatives(language, block)
            found = self._uses[(language, block)] = tuple(
                dict.fromkeys(name for text in texts for name in self._names(text))
            )
        return found

    def remember(self, key: Hashable, value: Any) -> Any:
        """Keep ``value`` in ``parts`` under ``key``; beyond the limit the parts start again."""
        if len(self.parts) >= self.MAX_RENDERED:
            self.parts.clear()
        self.parts[key] = value
        return value

    def _names(self, template: str) -> tuple[str, ...]:
        names = self._placeholders.get(template)
        if names is None:
            names = self._placeholders[template] = tuple(
                dict.fromkeys(_PLACEHOLDER.findall(template))
            )
        return names

    def usable(self, template: str, values: Mapping[str, str | None]) -> str | None:
        names = self._names(template)
        # The rendered text depends on the template and the values of its placeholders only.
        key = (template, *(values.get(name) for name in names))
        try:
            return self._rendered[key]
        except KeyError:
            pass
        rendered = render(template, values)
        if rendered is not None and search_keywords(self.banned, rendered) is not None:
            rendered = None
        if len(self._rendered) >= self.MAX_RENDERED:
            self._rendered.clear()
        self._rendered[key] = rendered
        return rendered


#: ``PolicyWording`` of the policies in use, by identity (each entry holds its policy, so
#: an id is not reused while it is here). Few policies are ever in use at once.
_COMPILED: dict[int, PolicyWording] = {}
_MAX_POLICIES = 16


def compiled(policy: Policy) -> PolicyWording:
    """The ``PolicyWording`` of ``policy``, made on first use."""
    found = _COMPILED.get(id(policy))
    if found is not None and found.policy is policy:
        return found
    if len(_COMPILED) >= _MAX_POLICIES:
        _COMPILED.clear()
    found = _COMPILED[id(policy)] = PolicyWording(policy)
    return found


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
    normalised = _normalise(text)
    best: tuple[int, int, FaqEntry] | None = None
    for order, entry, patterns in compiled(policy).faq:
        if entry.language != language:
            continue
        hits = sum(1 for pattern in patterns if pattern is not None and pattern.search(normalised))
        if hits and (best is None or (hits, -order) > (best[0], best[1])):
            best = (hits, -order, entry)
    return best[2] if best else None

"""Keyword search and the per-policy wording: compiled once, the same answers as before."""

from __future__ import annotations

import itertools
import re

import pytest

from shared.policy import Policy, load_policy
from shared.replies import checks, wording
from shared.replies.languages import LEXICONS
from shared.replies.store import RecentTexts
from shared.settings import DEFAULT_POLICY_FILE


def _one_by_one(text: str, keywords: list[str]) -> int | None:
    """The earliest keyword, each keyword its own pattern: the plain reading of the rule."""
    haystack = text.casefold().replace("’", "'")
    positions = []
    for keyword in keywords:
        if not keyword.strip("* "):
            continue
        word = keyword.strip().casefold().replace("’", "'")
        prefix = word.endswith("*")
        body = re.escape(word.rstrip("*")).replace(r"\ ", r"\s+")
        match = re.search(rf"(?<!\w){body}" + ("" if prefix else r"(?!\w)"), haystack)
        if match:
            positions.append(match.start())
    return min(positions) if positions else None


_KEYWORDS = [
    "review",
    "refund*",
    "negative experience",
    "négative",
    "it’s late",
    "late",
    "*",
    " ",
    "a.b",
    "geld terug",
    "kompensation*",
]
_TEXTS = [
    "",
    "Please leave a Review!",
    "Reviews are welcome",
    "We refunded it; a refund follows",
    "a  negative\nexperience, sadly",
    "It's late again, later than ever",
    "Il a une expérience négative",
    "a.b and axb",
    "Sie bekommen Kompensationen und Ihr Geld   terug",
    "nothing to see here",
    "prereview, reviewer",
]


@pytest.mark.parametrize("text", _TEXTS)
def test_one_pattern_finds_the_earliest_keyword_as_separate_patterns_do(text: str) -> None:
    subsets = [c for size in range(4) for c in itertools.combinations(_KEYWORDS, size)]
    for keywords in [*subsets, tuple(_KEYWORDS), tuple(reversed(_KEYWORDS))]:
        assert wording.find_keyword(text, keywords) == _one_by_one(text, list(keywords)), (
            text,
            keywords,
        )


def test_the_shipped_word_lists_find_what_separate_patterns_find() -> None:
    policy = load_policy(DEFAULT_POLICY_FILE)
    banned = [p for phrases in policy.replies.banned_phrases.values() for p in phrases]
    assert banned
    lists = [banned]
    for lexicon in LEXICONS.values():
        lists += [list(lexicon.apology_keywords), list(lexicon.compensation_words)]
        lists += [list(keywords) for keywords in lexicon.topics.values()]
    texts = [*_TEXTS, *(" and ".join(words) for words in lists), *(w for ws in lists for w in ws)]
    for keywords, text in itertools.product(lists, texts):
        assert wording.find_keyword(text, keywords) == _one_by_one(text, keywords)


def _policy(**replies: object) -> Policy:
    policy = load_policy(DEFAULT_POLICY_FILE)
    return policy.model_copy(update={"replies": policy.replies.model_copy(update=replies)})


def test_each_policy_answers_with_its_own_banned_phrases_and_blocks() -> None:
    plain = _policy(banned_phrases={}, blocks={})
    strict = _policy(
        banned_phrases={"en": ["sorry"]}, blocks={"en": {"thanks": ["Sorry and thanks, {name}."]}}
    )
    text = "We are sorry."
    # Asked in turn, each policy keeps its own answers (nothing carried over between them).
    for _ in range(2):
        assert not wording.has_banned_phrase(plain, text)
        assert wording.has_banned_phrase(strict, text)
        assert wording.alternatives(strict, "en", "thanks") == (
            "thanks",
            ["Sorry and thanks, {name}."],
        )
        assert wording.alternatives(plain, "en", "thanks")[1] == LEXICONS["en"].blocks.get(
            wording.alternatives(plain, "en", "thanks")[0]
        )
        assert wording.usable(plain, "Thanks, {name}.", {"name": "Ann"}) == "Thanks, Ann."
        assert wording.usable(strict, "Sorry and thanks, {name}.", {"name": "Ann"}) is None


def test_a_rendered_block_depends_on_the_values_it_uses() -> None:
    policy = _policy(banned_phrases={"en": ["review"]})
    template = "Hi {name},  thanks from {agent}"
    assert wording.usable(policy, template, {"name": "Ann", "agent": "Bo"}) == (
        "Hi Ann, thanks from Bo"
    )
    assert wording.usable(policy, template, {"name": "Cy", "agent": "Bo"}) == (
        "Hi Cy, thanks from Bo"
    )
    # A value can bring in a banned phrase, or be missing: the block is then not usable.
    assert wording.usable(policy, template, {"name": "Review", "agent": "Bo"}) is None
    assert wording.usable(policy, template, {"name": "Ann", "agent": None}) is None
    assert wording.usable(policy, template, {"name": "Ann", "agent": "Bo"}) == (
        "Hi Ann, thanks from Bo"
    )
    # Values a template does not use change nothing.
    assert wording.usable(policy, "Thanks!", {"name": "Review"}) == "Thanks!"


def _personal_data_plainly(text: str) -> list[str]:
    """Every pattern over the whole text in turn: the plain reading of the rule."""
    found = checks._EMAIL.findall(text)
    rest = checks._EMAIL.sub(" ", text)
    found += checks._HANDLE.findall(rest)
    found += [m for m in checks._PHONE.findall(rest) if sum(c.isdigit() for c in m) >= 8]
    rest = checks._PHONE.sub(
        lambda m: " " if sum(c.isdigit() for c in m.group()) >= 8 else m.group(), rest
    )
    found += [
        token
        for token in checks._ORDER.findall(rest)
        if token.startswith("#") or sum(c.isdigit() for c in token) >= 5
    ]
    return found


@pytest.mark.parametrize(
    "text",
    [
        "",
        "no data here at all",
        "Mail me at jan.de.vries+x@example.co.uk or @jan_dv, order #12345",
        "Bel +31 20 555 0101 of 020-5550101; order AB12345 and 12-34",
        "my@handle and @other and a@b.c and user@host",
        "ticket 1234, order 123456, code X1, #12, #123",
        "call (020) 555-01-01 now, or +46 8 123 45 67",
        "e-mail sanne@webcare.example; bel 06 12345678 en order 987654321",
        "+31 20 555 0101 +31 20 555 0102",
    ],
)
def test_personal_data_finds_what_every_pattern_over_the_text_finds(text: str) -> None:
    assert checks._personal_data(text) == _personal_data_plainly(text)


@pytest.mark.parametrize("language", sorted(LEXICONS))
def test_the_language_vote_counts_each_languages_stopwords(language: str) -> None:
    words = sorted(LEXICONS[language].stopwords)[:6]
    other = next(code for code in sorted(LEXICONS) if code != language)
    others = sorted(LEXICONS[other].stopwords - LEXICONS[language].stopwords)[:8]
    assert checks._language_ok(" ".join(words).upper(), language)
    assert not checks._language_ok(" ".join(others), language)
    assert not checks._language_ok("12345 !!", language)


def test_recent_texts_index_the_batchs_threads_and_every_writers_day() -> None:
    rows = [
        ("t-1", "2026-11-17", "nl", "Sanne", "Hoi  Jan,\nDank!", None),
        ("t-2", "2026-11-17", "nl", "Sanne", "Hoi Piet", "HOI PIET, sorry"),
        ("t-3", "2026-11-16", "en", "Tom", "Hi Ann", None),
    ]
    recent = RecentTexts(rows, threads={"t-1", "t-3"})
    in_t1 = recent.for_draft(thread_id="t-1", day="2026-11-17", language="nl", agent="Sanne")
    assert set(in_t1) == {"hoi jan, dank!", "hoi piet", "hoi piet, sorry"}
    # Another writer's day holds none of Sanne's texts; the thread still holds its own.
    in_t3 = recent.for_draft(thread_id="t-3", day="2026-11-17", language="en", agent="Tom")
    assert set(in_t3) == {"hi ann"}
    recent.add(thread_id="t-3", day="2026-11-17", language="en", agent="Tom", text="Hi  BO")
    assert "hi bo" in recent.for_draft(
        thread_id="t-9", day="2026-11-17", language="en", agent="Tom"
    )
    # Without a list of threads, every row's thread is indexed.
    everything = RecentTexts(rows)
    assert set(everything.by_thread) == {"t-1", "t-2", "t-3"}
    assert set(RecentTexts(rows, threads={"t-1"}).by_thread) == {"t-1"}

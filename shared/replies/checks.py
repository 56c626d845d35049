"""Checks a draft must pass before it goes out, whether drafted here or edited by a person.

``check`` returns the names of the failed checks; an empty tuple means the draft passes.
The names are stable, so callers can count and report them.
"""

from __future__ import annotations

import re

from shared.events import Action, Assignee, ReplyKind
from shared.policy import Policy
from shared.replies import wording
from shared.replies.languages import LEXICONS
from shared.replies.templates import agent_first_name

LANGUAGE = "language"
BANNED_PHRASE = "banned_phrase"
PERSONAL_DATA = "personal_data"
LENGTH = "length"
GREETING_NAME = "greeting_name"
SIGNATURE = "signature"
PRIVATE_CHANNEL = "private_channel"
COMPENSATION = "compensation"
EMPTY = "empty"

CHECKS: tuple[str, ...] = (
    EMPTY,
    LANGUAGE,
    BANNED_PHRASE,
    PERSONAL_DATA,
    LENGTH,
    GREETING_NAME,
    SIGNATURE,
    PRIVATE_CHANNEL,
    COMPENSATION,
)
"""Every check, in the order they run."""

#: What each check means, for the people who see why a draft waits.
DESCRIPTIONS: dict[str, str] = {
    EMPTY: "the text is empty",
    LANGUAGE: "not written in the comment's language",
    BANNED_PHRASE: "holds a banned phrase (e.g. the words for 'negative experience' or 'review')",
    PERSONAL_DATA: "repeats personal data (an e-mail address, phone or order number, a handle)",
    LENGTH: "longer than the platform allows",
    GREETING_NAME: "the greeting does not use the commenter's first name (or uses a wrong one)",
    SIGNATURE: "not signed with the agent's first name",
    PRIVATE_CHANNEL: "a complaint reply without the public offer of a private channel",
    COMPENSATION: "promises compensation, which the policy does not allow",
}

#: Reply kinds posted where everyone reads them.
PUBLIC_KINDS: frozenset[str] = frozenset({"public_reply", "followup_public"})

_EMAIL = re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+")
_HANDLE = re.compile(r"(?<![\w@])@\w+")
_PHONE = re.compile(r"\+?\d[\d\s().-]{6,}\d")
_ORDER = re.compile(r"#\d{3,}|\b(?=[\w-]*\d)[A-Za-z0-9][\w-]*\b")
_WORD = re.compile(r"[^\W\d_]+(?:['’][^\W\d_]+)?")
_GREETING_SEGMENT = re.compile(r"^[^,!\n]*")


_DIGIT = re.compile(r"\d")


def _personal_data(text: str) -> list[str]:
    """E-mail addresses, handles, phone numbers and order-like numbers found in ``text``."""
    found: list[str] = []
    rest = text
    # Addresses and handles need an "@", the numbers a digit: most texts skip some patterns.
    if "@" in rest:
        emails = list(_EMAIL.finditer(rest))
        found += [m.group() for m in emails]
        rest = _cut(rest, emails)
        found += _HANDLE.findall(rest)
    if not _DIGIT.search(rest):
        return found
    phones = [m for m in _PHONE.finditer(rest) if sum(c.isdigit() for c in m.group()) >= 8]
    found += [m.group() for m in phones]
    rest = _cut(rest, phones)
    for token in _ORDER.findall(rest):
        digits = sum(c.isdigit() for c in token)
        if token.startswith("#") or digits >= 5:
            found.append(token)
    return found


def _cut(text: str, matches: list[re.Match[str]]) -> str:
    """``text`` with each of ``matches`` (in order, not overlapping) replaced by a space."""
    if not matches:
        return text
    pieces = []
    last = 0
    for match in matches:
        pieces += [text[last : match.start()], " "]
        last = match.end()
    pieces.append(text[last:])
    return "".join(pieces)


#: The languages whose stopwords hold each word: one look-up per word of a text.
_STOPWORD_LANGUAGES: dict[str, tuple[str, ...]] = {}
for _code, _lexicon in LEXICONS.items():
    for _word in _lexicon.stopwords:
        _STOPWORD_LANGUAGES[_word] = (*_STOPWORD_LANGUAGES.get(_word, ()), _code)

#: The greeting words of every language, and the compensation words as one pattern.
_GREETING_WORDS: frozenset[str] = frozenset().union(
    *(lexicon.greeting_words for lexicon in LEXICONS.values())
)
_COMPENSATION_WORDS = wording.keywords_pattern(
    tuple(word for lexicon in LEXICONS.values() for word in lexicon.compensation_words)
)


#: The stopword languages of words as written (``_STOPWORD_LANGUAGES`` of the casefolded
#: word); drafts repeat the same few hundred words. Starts again beyond the limit.
_WORD_LANGUAGES: dict[str, tuple[str, ...]] = {}
_WORD_LANGUAGES_LIMIT = 50_000


def _language_ok(text: str, language: str) -> bool:
    """Cheap stopword vote: the expected language must score highest (ties allowed)."""
    scores = dict.fromkeys(LEXICONS, 0)
    known = _WORD_LANGUAGES
    for word in _WORD.findall(text):
        codes = known.get(word)
        if codes is None:
            if len(known) >= _WORD_LANGUAGES_LIMIT:
                known.clear()
            codes = known[word] = _STOPWORD_LANGUAGES.get(word.casefold(), ())
        for code in codes:
            scores[code] += 1
    expected = scores[wording.draft_language(language)]
    return expected > 0 and expected >= max(scores.values())


def _greeting_names(text: str) -> list[str]:
    """Words in the greeting (up to the first comma, ``!`` or line end) that are not greeting
    words: the name(s) the draft greets."""
    match = _GREETING_SEGMENT.match(text.strip())
    segment = match.group() if match else ""
    words = [word.strip(".:;?") for word in segment.split()]
    return [word for word in words if word and word.casefold() not in _GREETING_WORDS]


def _greeting_ok(text: str, expected_name: str | None) -> bool:
    names = _greeting_names(text)
    if expected_name is None:
        return not names
    return [name.casefold() for name in names] == [expected_name.casefold()]


def _signature_ok(text: str, policy: Policy, assignee: Assignee | None) -> bool:
    lines = [line for line in text.strip().splitlines() if line.strip()]
    if len(lines) < 2:
        return False
    signer = agent_first_name(assignee) or policy.team
    if not signer:
        return True
    # "sanne@..." in an offer on the last line is a contact, not a signature.
    last = lines[-1].replace(assignee.contact, " ") if assignee else lines[-1]
    return wording.find_keyword(last, [signer]) is not None


def _private_channel_ok(text: str, language: str, assignee: Assignee | None) -> bool:
    if assignee is not None:
        return assignee.contact.casefold() in text.casefold()
    return wording.find_keyword(text, wording.lexicon(language).channel_words) is not None


def _compensation(text: str, policy: Policy) -> bool:
    # Playbook 6 budgets for compensation, but only the team decides to offer it.
    if policy.replies.allow_compensation:
        return False
    return wording.search_keywords(_COMPENSATION_WORDS, text) is not None


def check(
    draft_text: str,
    *,
    language: str,
    action: Action,
    platform: str,
    policy: Policy,
    assignee: Assignee | None,
    expected_name: str | None,
    comment_text: str,
    kind: ReplyKind = "public_reply",
) -> tuple[str, ...]:
    """Names of the checks ``draft_text`` fails; empty when it may go out.

    ``expected_name`` is the first name the greeting must use (``None``: greet without a
    name). The assignee's own contact is the one piece of contact data a reply may hold.
    ``kind`` says where the text goes: a private reply may repeat the customer's own order
    number and has no public length limit; only a first public reply to a complaint must
    offer the private channel (a follow-up asks whether all is well, a private reply is
    already private).
    """
    if not draft_text.strip():
        return (EMPTY,)
    failed: list[str] = []
    if not _language_ok(draft_text, language):
        failed.append(LANGUAGE)
    if wording.has_banned_phrase(policy, draft_text):
        failed.append(BANNED_PHRASE)
    public = kind in PUBLIC_KINDS
    own = assignee.contact if assignee else None
    scrubbed = draft_text.replace(own, " ") if own else draft_text
    copied = [item for item in _personal_data(comment_text) if item in draft_text]
    if public and (_personal_data(scrubbed) or copied and any(item != own for item in copied)):
        failed.append(PERSONAL_DATA)
    limit = policy.replies.max_chars.get(platform)  # type: ignore[call-overload]
    if public and limit is not None and len(draft_text) > limit:
        failed.append(LENGTH)
    if not _greeting_ok(draft_text, expected_name):
        failed.append(GREETING_NAME)
    if not _signature_ok(draft_text, policy, assignee):
        failed.append(SIGNATURE)
    offer_needed = action == "respond_offline" and kind == "public_reply"
    if offer_needed and not _private_channel_ok(draft_text, language, assignee):
        failed.append(PRIVATE_CHANNEL)
    if _compensation(draft_text, policy):
        failed.append(COMPENSATION)
    return tuple(failed)

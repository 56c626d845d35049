"""An optional language-model drafting backend, behind a small interface.

Off by default (policy ``replies.language_model``). The building blocks always write a
draft first; when a model is configured it is asked for its own version, told the same
playbook rules and shown the block draft as a reference. Its text then passes the same
checks as any draft (``shared.replies.checks``); the respond stage keeps the block draft
when the model's text fails one, repeats an earlier text, or the model errs.
"""

from __future__ import annotations

import importlib
from collections.abc import Collection
from typing import Protocol, runtime_checkable

from shared.events import Assignee
from shared.policy import Policy
from shared.replies import wording
from shared.replies.templates import Draft, agent_first_name

LANGUAGE_NAMES = {"nl": "Dutch", "sv": "Swedish", "en": "English", "de": "German", "fr": "French"}
_ADDRESS = {
    ("nl", "formal"): "'u'",
    ("nl", "informal"): "'je'",
    ("sv", "formal"): "'ni'",
    ("sv", "informal"): "'du'",
    ("de", "formal"): "'Sie'",
    ("de", "informal"): "'du'",
    ("fr", "formal"): "'vous'",
    ("fr", "informal"): "'tu'",
}


@runtime_checkable
class TextModel(Protocol):
    """What a team's model adapter provides: one completion for one prompt."""

    async def complete(self, prompt: str) -> str: ...


def load_model(factory: str) -> TextModel:
    """Build the model from ``module:callable`` (the policy's ``language_model.factory``)."""
    module_name, _, attribute = factory.partition(":")
    if not module_name or not attribute:
        raise ValueError(f"language_model.factory must be 'module:callable', not {factory!r}")
    model = getattr(importlib.import_module(module_name), attribute)()
    if not isinstance(model, TextModel):
        raise TypeError(f"{factory} did not return an object with 'async complete(prompt)'")
    return model


def prompt(
    *,
    policy: Policy,
    reference: Draft,
    action: str,
    intent: str,
    comment_text: str,
    expected_name: str | None,
    assignee: Assignee | None,
    platform: str,
    avoid_texts: Collection[str] = (),
) -> str:
    """The instructions for one draft: the playbook's rules made concrete for this case."""
    language = wording.draft_language(reference.language)
    register = wording.register(policy, language)
    address = _ADDRESS.get((language, register))
    signer = agent_first_name(assignee) or policy.team or policy.brand
    banned = sorted({p for phrases in policy.replies.banned_phrases.values() for p in phrases})
    limit = policy.replies.max_chars.get(platform)  # type: ignore[call-overload]
    rules = [
        f"Write a {LANGUAGE_NAMES[language]} reply to a social-media comment "
        f"({intent}, on {platform}); the team's decision is '{action}'.",
        f"Address the person with {address}." if address else "",
        f"Greet them by first name: {expected_name}."
        if expected_name
        else "Greet without any name.",
        "First line: the greeting. Last line: the signature.",
        f"Sign with '{signer}'"
        + (f" and the team '{assignee.team}'." if assignee and assignee.team else "."),
        "Thank them, show understanding, keep it short and personal, no sarcasm, no humour.",
        "Name what the comment is about, but never repeat order numbers, e-mail addresses, "
        "phone numbers or handles from the comment.",
        f"Offer the private channel {assignee.contact} ({assignee.contact_kind}) in public."
        if assignee and action == "respond_offline" and reference.kind == "public_reply"
        else "",
        "Apologise only if the reference draft does; otherwise explain the normal course.",
        "" if policy.replies.allow_compensation else "Do not promise any compensation.",
        f"Never use these words: {', '.join(banned)}." if banned else "",
        f"At most {limit} characters." if limit else "",
        "Do not repeat any earlier reply word for word." if avoid_texts else "",
    ]
    return "\n".join(
        [
            *[rule for rule in rules if rule],
            "",
            "The comment:",
            comment_text,
            "",
            "A reference draft that follows every rule:",
            reference.text,
            "",
            "Your reply (text only):",
        ]
    )


def clean(text: str) -> str:
    """The model's answer as a reply: trimmed lines, no blank runs, no quotes around it."""
    lines = [" ".join(line.split()) for line in text.strip().strip('"').splitlines()]
    return "\n".join(line for line in lines if line)

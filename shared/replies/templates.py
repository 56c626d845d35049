"""Draft a personal reply: the pure core of the respond stage (no I/O, no clock, no logs).

A draft is built from editable blocks (policy ``replies.blocks``, built-in wording as the
fallback) in the commenter's language and the register the policy sets. It greets by first
name, names what the comment is about without repeating personal data, apologises only when
the fault is plausibly ours, offers a private channel in public, and is signed by the agent
(playbook 4-6). A seed picks among the alternatives so drafts are not form letters.
"""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass
from typing import cast

from shared.events import Action, Assignee, Classification, ReplyKind, StoredComment
from shared.policy import Policy
from shared.replies import wording
from shared.replies.assemble import Line, Part, assemble
from shared.replies.names import first_name

#: Actions that never get a drafted reply: silence, moderation, or a person (legal).
NO_REPLY: frozenset[str] = frozenset({"ignore", "hide", "hold_legal"})
#: Actions that get a careful holding reply for a person to approve.
HOLDING: frozenset[str] = frozenset({"escalate_crisis", "human_review"})


@dataclass(frozen=True)
class Draft:
    """A drafted reply; ``blocks`` names the block alternatives used (``key#index``)."""

    text: str
    language: str
    kind: str
    blocks: tuple[str, ...]


def agent_first_name(assignee: Assignee | None) -> str | None:
    """The first name an agent signs with."""
    if assignee is None:
        return None
    return first_name(assignee.name) or assignee.name.split()[0]


@dataclass(frozen=True)
class _Writer:
    """Renders blocks for one draft: language, policy and placeholder values fixed."""

    policy: Policy
    language: str
    values: dict[str, str | None]

    def _usable(self, text: str) -> str | None:
        # A team-edited block may need a missing value or hold a banned phrase: skip it.
        return wording.usable(self.policy, text, self.values)

    def part(self, block: str, *, line: Line = "body", drop: int = 0) -> Part:
        # The same for every draft with the same values of the placeholders the block uses:
        # made once per policy and kept (most blocks use none, or the agent's only).
        words = wording.compiled(self.policy)
        uses = words.uses(self.language, block)
        cache_key = ("part", self.language, block, line, drop, *map(self.values.get, uses))
        found = words.parts.get(cache_key)
        if found is not None:
            return cast(Part, found)
        key, texts = words.alternatives(self.language, block)
        options = tuple(
            (f"{key}#{index}", rendered)
            for index, text in enumerate(texts)
            if (rendered := self._usable(text)) is not None
        )
        return cast(
            Part, words.remember(cache_key, Part(name=block, options=options, line=line, drop=drop))
        )

    def fixed(self, block_id: str, text: str) -> Part:
        rendered = self._usable(text)
        return Part(name=block_id, options=((block_id, rendered),) if rendered else ())


def _writer(
    policy: Policy, language: str, comment: StoredComment, assignee: Assignee | None
) -> _Writer:
    agent = agent_first_name(assignee)
    team = policy.team or (assignee.team if assignee else None)
    values: dict[str, str | None] = {
        "name": first_name(comment.author_display_name, comment.author_handle),
        # Without an assignee the team signs: a person approves such drafts anyway.
        "agent": agent or team or policy.brand,
        "team": team if policy.replies.sign_with_team else None,
        "contact": assignee.contact if assignee else None,
    }
    return _Writer(policy=policy, language=language, values=values)


def _greeting(writer: _Writer) -> Part:
    with_name = writer.part("greeting_name", line="head")
    if writer.values["name"] and with_name.options:
        return with_name
    return writer.part("greeting", line="head")


def _signature(writer: _Writer, assignee: Assignee | None) -> Part:
    if assignee is not None and writer.values["team"]:
        signed = writer.part("signature_team", line="foot")
        if signed.options:
            return signed
    return writer.part("signature", line="foot")


def _offer(writer: _Writer, assignee: Assignee | None, *, private: bool) -> Part:
    if private:
        return writer.part("private_ask")
    if assignee is not None:
        offer = writer.part(f"offer_{assignee.contact_kind}")
        if offer.options:
            return offer
    return writer.part("offer_team")


def _plans(
    writer: _Writer,
    *,
    action: str,
    comment: StoredComment,
    classification: Classification,
    assignee: Assignee | None,
    private: bool,
) -> list[list[Part]]:
    """Candidate bodies for the action, best first; the next one is used if one is empty."""
    language = writer.language
    offer = _offer(writer, assignee, private=private)
    if action == "respond_offline" and classification.intent == "troll":
        # Playbook 3: one calm offer of personal service, no discussion.
        return [[writer.part("troll_offer", drop=1), offer]]
    if action == "respond_offline":
        topic = wording.detect_topic(comment.text, language)
        topic_part = writer.part(f"topic_{topic}") if topic else None
        empathy = writer.part("empathy", drop=3)
        if topic_part is not None and topic_part.options:
            values = {**writer.values, "topic": topic_part.options[0][1]}
            with_topic = _Writer(writer.policy, language, values)
            empathy = with_topic.part("empathy_topic", drop=3)
        warranted = wording.apology_warranted(
            writer.policy, comment.text, language, topic=topic, reasons=classification.reasons
        )
        if warranted:
            cause = writer.part("apology")
        else:
            # Playbook 6: stand up for the organisation and explain the normal course of
            # things; a team can write that per topic (``explain_delivery``).
            specific = writer.part(f"explain_{topic}", drop=2) if topic else None
            if specific is not None and specific.options:
                cause = specific
            else:
                cause = writer.part("explain", drop=2)
        return [[writer.part("thanks", drop=1), empathy, cause, offer]]
    if action == "answer":
        plans = []
        entry = wording.match_faq(writer.policy, comment.text, language)
        if entry is not None:
            answer = writer.fixed(f"faq:{entry.topic}", entry.answer)
            plans.append(
                [writer.part("question_thanks", drop=1), answer, writer.part("faq_close", drop=2)]
            )
        pending = [writer.part("question_thanks", drop=1), writer.part("question_pending")]
        plans.append([*pending, offer])
        return plans
    if action == "thank":
        return [[writer.part("praise_thanks"), writer.part("praise_close", drop=1)]]
    # escalate_crisis, human_review: acknowledge and offer a private channel, nothing more.
    return [[writer.part("holding"), offer]]


def _limit(policy: Policy, comment: StoredComment) -> int | None:
    return policy.replies.max_chars.get(comment.platform)  # type: ignore[call-overload]


def compose(
    *,
    action: Action,
    comment: StoredComment,
    classification: Classification,
    assignee: Assignee | None,
    policy: Policy,
    kind: ReplyKind = "public_reply",
    variant_seed: str,
    avoid_texts: Collection[str] = (),
) -> Draft | None:
    """A draft reply for a routed comment, or ``None`` for actions that get no reply.

    ``variant_seed`` picks among the alternatives (same seed, same draft); a text equal to
    one in ``avoid_texts`` is skipped for the next combination, so drafts in one thread or
    on one day are not alike word for word.
    """
    if action in NO_REPLY:
        return None
    language = wording.draft_language(classification.language)
    if kind in ("followup_public", "followup_private"):
        return _followup(
            comment=comment,
            language=language,
            assignee=assignee,
            policy=policy,
            variant_seed=variant_seed,
            private=kind == "followup_private",
            avoid_texts=avoid_texts,
        )
    writer = _writer(policy, language, comment, assignee)
    plans = _plans(
        writer,
        action=action,
        comment=comment,
        classification=classification,
        assignee=assignee,
        private=kind == "private_reply",
    )
    for body in plans:
        parts = [_greeting(writer), *body, _signature(writer, assignee)]
        result = assemble(
            parts, seed=variant_seed, limit=_limit(policy, comment), avoid=avoid_texts
        )
        if result is not None:
            return Draft(text=result.text, language=language, kind=kind, blocks=result.blocks)
    raise ValueError(f"no blocks to draft {action!r} in {language!r}")


def _followup(
    *,
    comment: StoredComment,
    language: str,
    assignee: Assignee | None,
    policy: Policy,
    variant_seed: str,
    private: bool,
    avoid_texts: Collection[str],
) -> Draft:
    language = wording.draft_language(language)
    writer = _writer(policy, language, comment, assignee)
    parts = [_greeting(writer), writer.part("followup"), _signature(writer, assignee)]
    result = assemble(parts, seed=variant_seed, limit=_limit(policy, comment), avoid=avoid_texts)
    if result is None:
        raise ValueError(f"no blocks to draft a follow-up in {language!r}")
    kind = "followup_private" if private else "followup_public"
    return Draft(text=result.text, language=language, kind=kind, blocks=result.blocks)


def compose_followup(
    *,
    comment: StoredComment,
    language: str,
    assignee: Assignee | None,
    policy: Policy,
    variant_seed: str,
    private: bool = False,
) -> Draft:
    """After a case is resolved: ask in the thread (or privately) whether all is in order now.

    Playbook 7: the complaint becomes public proof of good service.
    """
    return _followup(
        comment=comment,
        language=language,
        assignee=assignee,
        policy=policy,
        variant_seed=variant_seed,
        private=private,
        avoid_texts=(),
    )

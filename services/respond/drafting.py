"""One draft for one routed case: building blocks, optionally a language model, the checks,
and the approval decision. No database and no clock: the handler loads and stores.
"""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass

from shared.events import CaseRouted, ReplyKind
from shared.policy import Policy
from shared.replies import approval, backends
from shared.replies.assemble import normalise
from shared.replies.checks import check
from shared.replies.names import first_name
from shared.replies.templates import compose

#: Model errors are the team's adapter's business; any of them means "use the blocks".
_MODEL_ERRORS = (Exception,)


@dataclass(frozen=True)
class Drafted:
    text: str
    language: str
    kind: ReplyKind
    blocks: tuple[str, ...]
    drafted_by: str
    checks_failed: tuple[str, ...]
    approval: approval.Approval
    #: Why a model's text was not used (its failed checks, a repeat, an error), if asked.
    model_discarded: tuple[str, ...] = ()


def _checks(
    text: str, language: str, routed: CaseRouted, policy: Policy, kind: ReplyKind
) -> tuple[str, ...]:
    comment = routed.comment
    return check(
        text,
        language=language,
        action=routed.action,
        platform=comment.platform,
        policy=policy,
        assignee=routed.assignee,
        expected_name=first_name(comment.author_display_name, comment.author_handle),
        comment_text=comment.text,
        kind=kind,
    )


async def draft_reply(
    routed: CaseRouted,
    *,
    policy: Policy,
    avoid_texts: Collection[str],
    model: backends.TextModel | None = None,
    kind: ReplyKind = "public_reply",
) -> Drafted | None:
    """The draft for ``routed`` and whether it may go out at once; None for no reply."""
    comment = routed.comment
    draft = compose(
        action=routed.action,
        comment=comment,
        classification=routed.classification,
        assignee=routed.assignee,
        policy=policy,
        kind=kind,
        variant_seed=f"{routed.case_id}",
        avoid_texts=avoid_texts,
    )
    if draft is None:
        return None
    text, blocks, drafted_by = draft.text, draft.blocks, "blocks"
    failed = _checks(text, draft.language, routed, policy, kind)
    discarded: tuple[str, ...] = ()
    if model is not None and policy.replies.language_model.enabled:
        prompt = backends.prompt(
            policy=policy,
            reference=draft,
            action=routed.action,
            intent=routed.classification.intent,
            comment_text=comment.text,
            expected_name=first_name(comment.author_display_name, comment.author_handle),
            assignee=routed.assignee,
            platform=comment.platform,
            avoid_texts=avoid_texts,
        )
        try:
            candidate = backends.clean(await model.complete(prompt))
        except _MODEL_ERRORS as exc:
            discarded = (f"error:{type(exc).__name__}",)
        else:
            model_failed = _checks(candidate, draft.language, routed, policy, kind)
            repeated = normalise(candidate) in {normalise(t) for t in avoid_texts}
            if model_failed or repeated:
                discarded = (*model_failed, *(("repeat",) if repeated else ()))
            else:
                text, blocks, failed = candidate, (), ()
                drafted_by = policy.replies.language_model.name
    subject = approval.Subject(
        kind=kind,
        action=routed.action,
        intent=routed.classification.intent,
        confidence=routed.classification.confidence,
        platform=comment.platform,
        language=draft.language,
        owned_channel=comment.owned_channel,
        priority=routed.priority,
        rule=routed.rule,
        rule_auto_send=routed.auto_send,
    )
    return Drafted(
        text=text,
        language=draft.language,
        kind=kind,
        blocks=blocks,
        drafted_by=drafted_by,
        checks_failed=failed,
        approval=approval.decide(policy, subject, failed),
        model_discarded=discarded,
    )

"""Classify's second consumer: agents' ``reclassified`` updates on ``cases.updates``.

Each correction is stored with the intent the pipeline had decided and the model version
that decided it, so ``webcare train --with-corrections`` can learn from the team and the
model card can say how often agents disagreed. Other update types are not classify's concern
and are acknowledged untouched.
"""

from __future__ import annotations

from collections.abc import Sequence

from sqlalchemy import func, select
from sqlalchemy.dialects.postgresql import insert
from sqlalchemy.ext.asyncio import AsyncSession

from shared import wire
from shared.db import Case, ClassificationRecord, Correction
from shared.events import CaseUpdate
from shared.runtime import Item, Outbox


def decode_update(fields: dict[bytes, bytes]) -> CaseUpdate:
    return wire.parse(CaseUpdate, fields)


async def store_corrections(
    items: Sequence[Item[CaseUpdate]], session: AsyncSession, out: Outbox
) -> None:
    wanted = [item for item in items if item.value.type == "reclassified" and item.value.intent]
    if not wanted:
        return
    case_ids = {item.value.case_id for item in wanted}
    cases = {
        case.id: case for case in await session.scalars(select(Case).where(Case.id.in_(case_ids)))
    }
    comment_ids = [case.comment_id for case in cases.values()]
    versions = dict(
        (
            await session.execute(
                select(ClassificationRecord.comment_id, ClassificationRecord.model_version).where(
                    ClassificationRecord.comment_id.in_(comment_ids)
                )
            )
        ).all()
    )
    rows = []
    for item in wanted:
        update = item.value
        case = cases.get(update.case_id)
        rows.append(
            {
                # A retried update (same update_id, or the same entry redelivered) is stored once.
                "update_key": (update.update_id or f"entry:{item.entry_id}")[:160],
                "case_id": update.case_id,
                "comment_id": case.comment_id if case else None,
                "language": case.language if case else None,
                "previous_intent": case.intent if case else None,
                "intent": update.intent,
                "model_version": versions.get(case.comment_id) if case else None,
                "reason": update.reason,
                "actor": update.actor,
                "corrected_at": update.at or func.now(),
            }
        )
    await session.execute(insert(Correction).values(rows).on_conflict_do_nothing())

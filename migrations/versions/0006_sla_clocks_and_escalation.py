"""SLA clocks that pause, next-response clocks, escalations, reach samples

Revision ID: 0006
Revises: 0005
Create Date: 2026-11-22
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

revision: str = "0006"
down_revision: str | None = "0005"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    tz = sa.DateTime(timezone=True)
    op.add_column("cases", sa.Column("assigned_at", tz, nullable=True))
    op.add_column("cases", sa.Column("paused_at", tz, nullable=True))
    op.add_column(
        "cases", sa.Column("paused_seconds", sa.Float(), server_default="0", nullable=False)
    )
    op.add_column("cases", sa.Column("next_response_due", tz, nullable=True))
    op.add_column("cases", sa.Column("next_response_at", tz, nullable=True))
    op.add_column(
        "cases",
        sa.Column("warned_next_response", sa.Boolean(), server_default="false", nullable=False),
    )
    op.add_column(
        "cases",
        sa.Column("breached_next_response", sa.Boolean(), server_default="false", nullable=False),
    )
    op.add_column(
        "cases", sa.Column("escalations", postgresql.JSONB(), server_default="[]", nullable=False)
    )
    op.create_index("ix_cases_next_response_due", "cases", ["next_response_due"])
    op.execute("UPDATE cases SET assigned_at = opened_at WHERE assignee IS NOT NULL")
    op.create_table(
        "reach_samples",
        sa.Column("id", sa.BigInteger(), autoincrement=True, nullable=False),
        sa.Column("platform", sa.String(length=32), nullable=False),
        sa.Column("external_id", sa.String(length=256), nullable=False),
        sa.Column("at", tz, nullable=False),
        sa.Column("likes", sa.Integer(), nullable=False),
        sa.Column("replies", sa.Integer(), nullable=False),
        sa.Column("shares", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_index("ix_reach_samples_comment", "reach_samples", ["platform", "external_id", "at"])
    # Crisis detection counts negative comments per thread in a recent window.
    op.create_index(
        "ix_comments_thread_created", "comments", ["platform", "thread_id", "created_at"]
    )


def downgrade() -> None:
    op.drop_index("ix_comments_thread_created", table_name="comments")
    op.drop_index("ix_reach_samples_comment", table_name="reach_samples")
    op.drop_table("reach_samples")
    op.drop_index("ix_cases_next_response_due", table_name="cases")
    for column in (
        "escalations",
        "breached_next_response",
        "warned_next_response",
        "next_response_at",
        "next_response_due",
        "paused_seconds",
        "paused_at",
        "assigned_at",
    ):
        op.drop_column("cases", column)

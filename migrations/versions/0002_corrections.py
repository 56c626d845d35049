"""corrections: agents' intent corrections, for retraining

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-22
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0002"
down_revision: str | None = "0001"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "corrections",
        sa.Column("update_key", sa.String(length=160), nullable=False),
        sa.Column("case_id", sa.UUID(), nullable=False),
        sa.Column("comment_id", sa.BigInteger(), nullable=True),
        sa.Column("language", sa.String(length=8), nullable=True),
        sa.Column("previous_intent", sa.String(length=32), nullable=True),
        sa.Column("intent", sa.String(length=32), nullable=False),
        sa.Column("model_version", sa.String(length=64), nullable=True),
        sa.Column("reason", sa.Text(), nullable=True),
        sa.Column("actor", sa.String(length=128), nullable=False),
        sa.Column("corrected_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("update_key"),
    )
    op.create_index(op.f("ix_corrections_case_id"), "corrections", ["case_id"], unique=False)
    op.create_index(op.f("ix_corrections_comment_id"), "corrections", ["comment_id"], unique=False)


def downgrade() -> None:
    op.drop_index(op.f("ix_corrections_comment_id"), table_name="corrections")
    op.drop_index(op.f("ix_corrections_case_id"), table_name="corrections")
    op.drop_table("corrections")

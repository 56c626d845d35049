"""replies: why a draft waits or went out, the checks of an agent's edit, what drafted it

Revision ID: 0004
Revises: 0002
Create Date: 2026-11-24
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

revision: str = "0004"
down_revision: str | None = "0002"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    # All nullable: rows written before this revision simply have no such record.
    op.add_column("replies", sa.Column("approval_reason", sa.String(length=160), nullable=True))
    op.add_column(
        "replies",
        sa.Column("edit_checks_failed", postgresql.JSONB(astext_type=sa.Text()), nullable=True),
    )
    op.add_column("replies", sa.Column("drafted_by", sa.String(length=64), nullable=True))
    op.add_column(
        "replies", sa.Column("blocks", postgresql.JSONB(astext_type=sa.Text()), nullable=True)
    )


def downgrade() -> None:
    op.drop_column("replies", "blocks")
    op.drop_column("replies", "drafted_by")
    op.drop_column("replies", "edit_checks_failed")
    op.drop_column("replies", "approval_reason")

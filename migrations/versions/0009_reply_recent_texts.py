"""Indexes for the texts a new draft must differ from (respond reads them every batch)

Without them each batch scanned every reply ever written (by thread) and every reply of
the day (by language and agent): respond got slower as the tables filled.

Revision ID: 0009
Revises: 0008
Create Date: 2026-11-30
"""

from collections.abc import Sequence

from alembic import op

revision: str = "0009"
down_revision: str | None = "0008"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_index("ix_replies_thread_recent", "replies", ["thread_id", "created_at"])
    op.create_index(
        "ix_replies_writer_recent", "replies", ["day", "language", "agent", "created_at"]
    )


def downgrade() -> None:
    op.drop_index("ix_replies_writer_recent", table_name="replies")
    op.drop_index("ix_replies_thread_recent", table_name="replies")

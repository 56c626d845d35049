"""insights: FAQ publications, notices sent once, comments by creation time

Revision ID: 0007
Revises: 0006
Create Date: 2026-11-24
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

revision: str = "0007"
down_revision: str | None = "0006"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "faq_publications",
        sa.Column("topic", sa.String(length=160), nullable=False),
        sa.Column("published_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("published_by", sa.String(length=128), nullable=False),
        sa.PrimaryKeyConstraint("topic"),
    )
    op.create_table(
        "insight_notices",
        sa.Column("key", sa.String(length=200), nullable=False),
        sa.Column("kind", sa.String(length=32), nullable=False),
        sa.Column("topic", sa.String(length=160), nullable=True),
        sa.Column("sent_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("detail", postgresql.JSONB(astext_type=sa.Text()), nullable=False),
        sa.PrimaryKeyConstraint("key"),
    )
    op.create_index(op.f("ix_insight_notices_topic"), "insight_notices", ["topic"], unique=False)
    op.create_index(
        op.f("ix_insight_notices_sent_at"), "insight_notices", ["sent_at"], unique=False
    )
    # The report selects comments by when they were written, over weeks.
    op.create_index("ix_comments_created_at", "comments", ["created_at"], unique=False)


def downgrade() -> None:
    op.drop_index("ix_comments_created_at", table_name="comments")
    op.drop_index(op.f("ix_insight_notices_sent_at"), table_name="insight_notices")
    op.drop_index(op.f("ix_insight_notices_topic"), table_name="insight_notices")
    op.drop_table("insight_notices")
    op.drop_table("faq_publications")

"""Closing the loop: private contact, no-contact wishes, satisfaction, sentiment change

Revision ID: 0008
Revises: 0007
Create Date: 2026-11-22
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0008"
down_revision: str | None = "0007"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.add_column(
        "cases",
        sa.Column("reached_privately", sa.Boolean(), server_default="false", nullable=False),
    )
    op.add_column(
        "cases", sa.Column("no_contact", sa.Boolean(), server_default="false", nullable=False)
    )
    op.add_column("cases", sa.Column("satisfaction", sa.Integer(), nullable=True))
    op.add_column("cases", sa.Column("first_sentiment", sa.String(length=16), nullable=True))
    op.add_column("cases", sa.Column("last_sentiment", sa.String(length=16), nullable=True))
    op.add_column("cases", sa.Column("reopened", sa.Integer(), server_default="0", nullable=False))


def downgrade() -> None:
    for column in (
        "reopened",
        "last_sentiment",
        "first_sentiment",
        "satisfaction",
        "no_contact",
        "reached_privately",
    ):
        op.drop_column("cases", column)

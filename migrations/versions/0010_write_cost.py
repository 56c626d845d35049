"""Fewer index writes per comment: drop the indexes another index already covers

Every insert writes each index of its table. These four are never needed:

- ``ix_replies_case_id`` (case_id) is the leading column of ``uq_reply_case_kind``
  (case_id, kind), which serves every lookup by case;
- ``ix_replies_day`` (day) is the leading column of ``ix_replies_writer_recent``
  (day, language, agent, created_at) from 0009;
- ``ix_comments_thread_id`` (thread_id): every query of comments by thread also names the
  platform and uses ``ix_comments_thread_created`` (platform, thread_id, created_at);
- ``ix_cases_priority``: no query filters cases by priority alone (the case list filters
  by status too, the watchers group open cases by it).

``authors`` gets a fill factor of 70: route updates each new author's row (troll and abuse
counts, last agent) right after ingest inserted it; with room left on the page that update
is HOT (no new entry in the primary key) instead of a second index write.

Revision ID: 0010
Revises: 0009
Create Date: 2026-12-03
"""

from collections.abc import Sequence

from alembic import op

revision: str = "0010"
down_revision: str | None = "0009"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.drop_index("ix_replies_case_id", table_name="replies")
    op.drop_index("ix_replies_day", table_name="replies")
    op.drop_index("ix_comments_thread_id", table_name="comments")
    op.drop_index("ix_cases_priority", table_name="cases")
    op.execute("ALTER TABLE authors SET (fillfactor = 70)")


def downgrade() -> None:
    op.execute("ALTER TABLE authors RESET (fillfactor)")
    op.create_index("ix_cases_priority", "cases", ["priority"])
    op.create_index("ix_comments_thread_id", "comments", ["thread_id"])
    op.create_index("ix_replies_day", "replies", ["day"])
    op.create_index("ix_replies_case_id", "replies", ["case_id"])

"""The batch helpers of ``shared.db`` on a real Postgres: the keys they match, and that a
batch's rows go in as one statement."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

import pytest
from sqlalchemy import event, insert, select
from sqlalchemy import text as sql_text

from shared.db import (
    AuthorRecord,
    CaseEvent,
    ColumnsInsert,
    any_of,
    keys_in,
    make_engine,
    make_sessionmaker,
)

pytestmark = pytest.mark.integration


async def _authors(database_url: str, keys: list[tuple[str, str]]) -> None:
    engine = make_engine(database_url)
    async with make_sessionmaker(engine)() as session, session.begin():
        await session.execute(
            insert(AuthorRecord.__table__),
            [
                {"platform": p, "author_id": a, "comments": 1, "troll_count": 0, "abuse_count": 0}
                for p, a in keys
            ],
        )
    await engine.dispose()


async def test_keys_in_matches_whole_keys_not_each_column_alone(database_url: str) -> None:
    await _authors(database_url, [("x", "1"), ("x", "2"), ("facebook", "1"), ("facebook", "3")])
    engine = make_engine(database_url)
    async with make_sessionmaker(engine)() as session:
        found = (
            await session.execute(
                select(AuthorRecord.platform, AuthorRecord.author_id).where(
                    # ("x", "3") has a platform and an id that exist, but not together.
                    keys_in(
                        [AuthorRecord.platform, AuthorRecord.author_id],
                        [("x", "2"), ("facebook", "1"), ("x", "3")],
                    )
                )
            )
        ).all()
        none = (
            await session.execute(
                select(AuthorRecord.author_id).where(
                    keys_in([AuthorRecord.platform, AuthorRecord.author_id], [])
                )
            )
        ).all()
    await engine.dispose()
    assert sorted(found) == [("facebook", "1"), ("x", "2")]
    assert none == []


async def test_any_of_matches_the_values_given_and_nothing_for_none(database_url: str) -> None:
    await _authors(database_url, [("x", "1"), ("x", "2"), ("x", "3")])
    engine = make_engine(database_url)
    async with make_sessionmaker(engine)() as session:
        some = await session.scalars(
            select(AuthorRecord.author_id).where(any_of(AuthorRecord.author_id, {"1", "3", "9"}))
        )
        got = sorted(some)
        empty = list(
            await session.scalars(
                select(AuthorRecord.author_id).where(any_of(AuthorRecord.author_id, []))
            )
        )
    await engine.dispose()
    assert got == ["1", "3"]
    assert empty == []


async def test_a_batch_of_history_rows_is_one_insert_in_the_order_given(
    database_url: str,
) -> None:
    engine = make_engine(database_url)
    statements: list[tuple[str, Any]] = []

    @event.listens_for(engine.sync_engine, "before_cursor_execute")
    def count(
        conn: Any, cursor: Any, statement: str, params: Any, context: Any, many: bool
    ) -> None:
        if statement.startswith("INSERT INTO case_events"):
            statements.append((statement, params))

    at = datetime(2026, 12, 3, 12, 0, tzinfo=UTC)
    rows = [
        {
            "case_id": None,
            "comment_id": n,
            "at": at,
            "actor": "route",
            "event": "decision",
            "detail": {"n": n},
        }
        for n in range(250)
    ]
    async with make_sessionmaker(engine)() as session, session.begin():
        await session.execute(insert(CaseEvent.__table__), rows)
    async with make_sessionmaker(engine)() as session:
        stored = (
            await session.execute(
                select(CaseEvent.comment_id, CaseEvent.detail).order_by(CaseEvent.id)
            )
        ).all()
    await engine.dispose()
    assert len(statements) == 1
    # One multi-row statement with every row's six values, not one execution per row.
    assert len(statements[0][1]) == 250 * 6
    assert [(c, d["n"]) for c, d in stored] == [(n, n) for n in range(250)]


async def test_columns_insert_stores_every_row_with_one_statement_text_for_any_count(
    database_url: str,
) -> None:
    history = ColumnsInsert(
        CaseEvent.__table__, ("case_id", "comment_id", "at", "actor", "event", "detail")
    )
    at = datetime(2026, 11, 20, 15, 30, tzinfo=UTC)
    rows = [
        {
            "case_id": None,
            "comment_id": n,
            "at": at,
            "actor": "route",
            "event": "decision",
            "detail": {"reasons": ["rule:x", f"n={n}"], "action": "thank"},
        }
        for n in range(5)
    ]
    engine = make_engine(database_url)
    statements: list[str] = []
    event.listen(
        engine.sync_engine,
        "before_cursor_execute",
        lambda conn, cursor, statement, *rest: statements.append(statement),
    )
    async with make_sessionmaker(engine)() as session, session.begin():
        await history.execute(session, rows[:2])
        await history.execute(session, rows[2:])
        await history.execute(session, [])
    async with make_sessionmaker(engine)() as session:
        stored = (
            await session.execute(
                select(CaseEvent.comment_id, CaseEvent.at, CaseEvent.detail).order_by(CaseEvent.id)
            )
        ).all()
    await engine.dispose()
    assert [tuple(r) for r in stored] == [(r["comment_id"], at, r["detail"]) for r in rows]
    inserts = [s for s in statements if s.startswith("INSERT")]
    assert len(inserts) == 2 and inserts[0] == inserts[1]


async def test_columns_insert_with_on_conflict_keeps_the_first_row_of_a_key(
    database_url: str,
) -> None:
    await _authors(database_url, [("x", "1")])
    authors = ColumnsInsert(
        AuthorRecord.__table__,
        ("platform", "author_id", "comments", "troll_count", "abuse_count"),
        on_conflict="DO NOTHING",
    )
    engine = make_engine(database_url)
    async with make_sessionmaker(engine)() as session, session.begin():
        await authors.execute(
            session,
            [
                {"platform": p, "author_id": a, "comments": 7, "troll_count": 0, "abuse_count": 0}
                for p, a in [("x", "1"), ("x", "2")]
            ],
        )
    async with make_sessionmaker(engine)() as session:
        stored = (
            await session.execute(
                select(AuthorRecord.author_id, AuthorRecord.comments).order_by(
                    AuthorRecord.author_id
                )
            )
        ).all()
    await engine.dispose()
    assert [tuple(r) for r in stored] == [("1", 1), ("2", 7)]


async def test_every_statement_is_planned_for_its_own_values(database_url: str) -> None:
    """A generic plan made while a table was nearly empty would stay a scan of the whole
    table for the connection's life: services' connections plan each execution."""
    engine = make_engine(database_url)
    async with make_sessionmaker(engine)() as session:
        mode = await session.scalar(sql_text("SHOW plan_cache_mode"))
    await engine.dispose()
    assert mode == "force_custom_plan"

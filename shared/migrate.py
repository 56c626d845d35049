"""``webcare migrate``: create the database when it is missing, then apply migrations."""

from __future__ import annotations

from pathlib import Path

import asyncpg
from alembic import command
from alembic.config import Config
from sqlalchemy.engine import make_url

ROOT = Path(__file__).resolve().parent.parent


def alembic_config(database_url: str) -> Config:
    config = Config(str(ROOT / "alembic.ini"))
    config.set_main_option("script_location", str(ROOT / "migrations"))
    config.attributes["database_url"] = database_url
    return config


async def ensure_database(database_url: str) -> bool:
    """Create the target database if it does not exist; True when it was created."""
    url = make_url(database_url)
    name = url.database
    if not name:
        raise ValueError("WEBCARE_DATABASE_URL names no database")
    admin = url.set(drivername="postgresql", database="postgres")
    conn = await asyncpg.connect(admin.render_as_string(hide_password=False))
    try:
        exists = await conn.fetchval("SELECT 1 FROM pg_database WHERE datname = $1", name)
        if exists:
            return False
        # Identifiers cannot be parameters; quote the name the way Postgres does.
        await conn.execute(f'CREATE DATABASE "{name.replace(chr(34), chr(34) * 2)}"')
        return True
    finally:
        await conn.close()


async def migrate(database_url: str) -> None:
    """Bring the database to the newest schema. Safe to run again and from several hosts."""
    import asyncio

    await ensure_database(database_url)
    # Alembic's env runs its own event loop; keep it off ours.
    await asyncio.to_thread(command.upgrade, alembic_config(database_url), "heads")

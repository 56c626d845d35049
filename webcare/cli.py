"""The ``webcare`` command line."""

from __future__ import annotations

import asyncio
import json
import os
import secrets
import sys
from pathlib import Path
from typing import Annotated, Any

import typer
from rich.console import Console

from shared.settings import Settings, get_settings

app = typer.Typer(
    no_args_is_help=True, add_completion=False, help="webcare: public comments in, care out."
)
dlq_app = typer.Typer(no_args_is_help=True, help="Look at and re-drive what failed.")
app.add_typer(dlq_app, name="dlq")
err = Console(stderr=True)
DEMO_FILE = Path(__file__).with_name("demo_comments.jsonl")


def _fail(message: str, hint: str | None = None) -> typer.Exit:
    err.print(f"[red]error:[/red] {message}")
    if hint:
        err.print(f"  → {hint}")
    return typer.Exit(2)


def _settings() -> Settings:
    try:
        return get_settings()
    except Exception as exc:
        raise _fail(
            f"invalid settings: {exc}", "check the WEBCARE_* environment variables"
        ) from exc


async def _migrate(settings: Settings) -> None:
    import redis.asyncio as aioredis

    from shared.migrate import migrate
    from shared.runtime import ensure_groups
    from shared.streams import SUBSCRIPTIONS

    await migrate(settings.database_url)
    client = aioredis.Redis.from_url(settings.redis_url)
    try:
        pairs = [(stream, group) for group, streams in SUBSCRIPTIONS.items() for stream in streams]
        await ensure_groups(client, settings.stream_prefix, pairs)
    finally:
        await client.aclose()


@app.command()
def migrate() -> None:
    """Create the database if needed, apply migrations, create the consumer groups."""
    settings = _settings()
    try:
        asyncio.run(_migrate(settings))
    except OSError as exc:
        raise _fail(
            f"cannot reach Postgres or Redis: {exc}",
            "is the server running? check WEBCARE_DATABASE_URL and WEBCARE_REDIS_URL",
        ) from exc
    err.print("[green]migrated[/green]: database schema and consumer groups are up to date")


def _parse_replicas(values: list[str]) -> dict[str, int]:
    from webcare.runner import SERVICES

    out: dict[str, int] = {}
    for value in values:
        name, _, count = value.partition("=")
        if name not in SERVICES or not count.isdigit() or int(count) < 1:
            raise _fail(
                f"--replicas {value!r}", f"use STAGE=N with STAGE one of {', '.join(SERVICES)}"
            )
        out[name] = int(count)
    return out


@app.command()
def up(
    replicas: Annotated[
        list[str] | None, typer.Option(help="STAGE=N: run N processes of a stage")
    ] = None,
    demo: Annotated[
        bool, typer.Option(help="Feed the bundled example comments once ready")
    ] = False,
    skip_migrate: Annotated[bool, typer.Option(help="Do not run migrations first")] = False,
) -> None:
    """Migrate, then run all five services locally until Ctrl-C."""
    from webcare import runner

    settings = _settings()
    counts = _parse_replicas(replicas or [])
    env: dict[str, str] = {}
    if settings.api_token is None:
        token = secrets.token_urlsafe(24)
        env["WEBCARE_API_TOKEN"] = token
        err.print(f"WEBCARE_API_TOKEN was not set; this run uses: [bold]{token}[/bold]")

    async def main() -> int:
        if not skip_migrate:
            await _migrate(settings)
        procs = await runner.start(counts, env=env)
        try:
            await runner.wait_ready(procs)
        except (RuntimeError, TimeoutError) as exc:
            err.print(f"[red]error:[/red] {exc}")
            await runner.stop(procs)
            return 1
        err.print(
            f"[green]webcare is up[/green]: ingest on http://127.0.0.1:{settings.port_for('ingest')} "
            f"({len(procs)} processes). Ctrl-C stops everything."
        )
        if demo:
            from webcare.demo import run_demo

            await run_demo(settings)
        return await runner.run_until_stopped(procs)

    raise typer.Exit(asyncio.run(main()))


@app.command("demo")
def demo_command(
    timeout: Annotated[float, typer.Option(help="Seconds to wait for every comment")] = 60.0,
    as_json: Annotated[bool, typer.Option("--json", help="Print JSON instead of a table")] = False,
) -> None:
    """Publish the bundled example comments (nl, sv, en, de, fr) and show what became of each."""
    from webcare.demo import run_demo

    ok = asyncio.run(run_demo(_settings(), timeout=timeout, as_json=as_json))
    raise typer.Exit(0 if ok else 1)


@app.command()
def classify() -> None:
    """JSON lines on stdin ({"text", "lang"?}) to one JSON line per input on stdout; no services needed."""
    from services.classify.model import classify as run

    for number, line in enumerate(sys.stdin, start=1):
        if not line.strip():
            continue
        try:
            item = json.loads(line)
            if not isinstance(item, dict) or not isinstance(item.get("text"), str):
                raise ValueError('expected an object with a "text" string')
        except ValueError as exc:
            print(json.dumps({"line": number, "error": str(exc)}), flush=True)
            continue
        result = run(item["text"], language_hint=item.get("lang"))
        out: dict[str, Any] = {"id": item["id"]} if "id" in item else {}
        out.update(result.model_dump(mode="json"))
        print(json.dumps(out, ensure_ascii=False), flush=True)


@app.command()
def publish(
    file: Annotated[
        Path, typer.Argument(help="JSON (an object or a list) or JSON lines; - for stdin")
    ],
    force: Annotated[
        bool, typer.Option(help="Publish invalid comments too (they land in the DLQ)")
    ] = False,
) -> None:
    """Put comments on comments.inbound, after checking each against the public input schema."""
    from webcare.publishing import load_comments, publish_comments

    settings = _settings()
    try:
        comments, problems = load_comments(file, settings)
    except OSError as exc:
        raise _fail(f"cannot read {file}: {exc.strerror}") from exc
    for where, message in problems:
        err.print(f"[yellow]{file}:{where}[/yellow]: {message}")
    if problems and not force:
        raise _fail(
            f"{len(problems)} invalid comment(s), nothing published", "fix them, or pass --force"
        )
    count = asyncio.run(publish_comments(settings, comments))
    err.print(
        f"[green]published[/green] {count} comment(s) on {settings.stream_prefix}.comments.inbound"
    )


@app.command()
def cases(
    status: Annotated[str, typer.Option(help="open, all, or one status")] = "open",
    priority: Annotated[str | None, typer.Option()] = None,
    assignee: Annotated[str | None, typer.Option()] = None,
    overdue: Annotated[bool, typer.Option(help="Only cases past a deadline")] = False,
    limit: Annotated[int, typer.Option(min=1, max=10_000)] = 50,
    as_json: Annotated[bool, typer.Option("--json")] = False,
) -> None:
    """The open cases by deadline."""
    from webcare.views import show_cases

    asyncio.run(
        show_cases(
            _settings(),
            status=status,
            priority=priority,
            assignee=assignee,
            overdue=overdue or None,
            limit=limit,
            as_json=as_json,
        )
    )


@dlq_app.command("list")
def dlq_list(
    limit: Annotated[int, typer.Option(min=1, max=10_000)] = 50,
    as_json: Annotated[bool, typer.Option("--json")] = False,
) -> None:
    """What could not be processed, newest first, with the reason."""
    from webcare.views import show_dlq

    asyncio.run(show_dlq(_settings(), limit=limit, as_json=as_json))


@dlq_app.command("replay")
def dlq_replay(
    entry_ids: Annotated[
        list[str] | None, typer.Argument(help="DLQ entry ids; none means all")
    ] = None,
    keep: Annotated[bool, typer.Option(help="Keep the DLQ entries after replaying")] = False,
) -> None:
    """Put DLQ entries back on the stream they came from (after a fix), then drop them from the DLQ."""
    from webcare.views import replay_dlq

    count = asyncio.run(replay_dlq(_settings(), entry_ids or [], keep=keep))
    err.print(f"[green]replayed[/green] {count} entr{'y' if count == 1 else 'ies'}")


def main() -> None:
    os.environ.setdefault("PYTHONUNBUFFERED", "1")
    app()


if __name__ == "__main__":
    main()

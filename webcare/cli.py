"""The ``webcare`` command line."""

from __future__ import annotations

import asyncio
import json
import os
import secrets
import sys
import time
from pathlib import Path
from typing import Annotated, Any

import typer
from rich.console import Console

from shared.settings import Settings, get_settings
from webcare.insights import insights_app

app = typer.Typer(
    no_args_is_help=True, add_completion=False, help="webcare: public comments in, care out."
)
dlq_app = typer.Typer(no_args_is_help=True, help="Look at and re-drive what failed.")
app.add_typer(dlq_app, name="dlq")
connect_app = typer.Typer(
    no_args_is_help=True, help="Run a platform connector: approved replies and moderation out."
)
app.add_typer(connect_app, name="connect")
policy_app = typer.Typer(
    no_args_is_help=True, help="Check a policy file, or replay it over past comments."
)
app.add_typer(policy_app, name="policy")
app.add_typer(insights_app, name="insights")
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
def train(
    data: Annotated[
        list[Path],
        typer.Option(help="Folder with labelled.jsonl and/or webcare_intents.jsonl; repeatable"),
    ],
    out: Annotated[
        Path | None, typer.Option(help="Where to write the model (default: the committed one)")
    ] = None,
    with_corrections: Annotated[
        bool, typer.Option(help="Add agents' stored corrections (needs the database)")
    ] = False,
    limit: Annotated[
        int | None, typer.Option(help="At most N rows per task and language (quick runs)")
    ] = None,
    no_project_set: Annotated[
        bool,
        typer.Option(
            help="Leave out the project's own data/webcare_intents.jsonl and the other "
            "writers' webcare_intents_writers.jsonl beside it"
        ),
    ] = False,
) -> None:
    """Train the classifier's heads, export them, and write the evaluation report."""
    from webcare import train as training

    for folder in data:
        if not folder.is_dir():
            raise _fail(
                f"--data {folder}: not a folder", "point it at the folder of labelled.jsonl"
            )
    corrections: list[Any] = []
    if with_corrections:
        settings = _settings()
        try:
            corrections = asyncio.run(training.load_corrections(settings.database_url))
        except OSError as exc:
            raise _fail(f"cannot reach Postgres: {exc}", "check WEBCARE_DATABASE_URL") from exc
    target = out or training.ARTIFACTS
    try:
        report = training.run(
            data,
            out=target,
            project_set=None if no_project_set else training.PROJECT_SET,
            corrections=corrections,
            limit=limit,
            progress=lambda message: err.print(f"[dim]train[/dim] {message}"),
        )
    except FileNotFoundError as exc:
        raise _fail(str(exc), "pass --data with the shared data folder") from exc
    err.print(
        f"[green]trained[/green] {report['model_version']} into {target}; "
        f"report: {target / 'evaluation.md'}"
    )


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


@app.command()
def replies(
    status: Annotated[str | None, typer.Option(help="e.g. awaiting_approval, published")] = None,
    edited: Annotated[
        bool | None, typer.Option("--edited/--unedited", help="Only edited (or unedited) ones")
    ] = None,
    agent: Annotated[str | None, typer.Option()] = None,
    limit: Annotated[int, typer.Option(min=1, max=10_000)] = 50,
    as_json: Annotated[bool, typer.Option("--json")] = False,
) -> None:
    """Drafts newest first, with the agent's edit beside each and why a draft waits."""
    from rich.table import Table

    from shared.db import make_engine, make_sessionmaker
    from shared.queries import list_replies

    async def load() -> list[dict[str, object]]:
        engine = make_engine(_settings().database_url)
        try:
            async with make_sessionmaker(engine)() as session:
                return await list_replies(
                    session, status=status, edited=edited, agent=agent, limit=limit
                )
        finally:
            await engine.dispose()

    rows = asyncio.run(load())
    if as_json:
        print(json.dumps(rows, indent=2, ensure_ascii=False))
        return
    table = Table(title=f"{len(rows)} repl{'y' if len(rows) == 1 else 'ies'}", show_lines=True)
    for column in ("status", "lang", "agent", "draft", "edit", "waits for"):
        table.add_column(column, overflow="fold")
    for r in rows:
        table.add_row(
            str(r["status"]),
            str(r["language"]),
            str(r["agent"]),
            str(r["draft_text"]),
            str(r["edited_text"] or "-"),
            str(r["waiting_for"] or "-"),
        )
    Console().print(table)


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


@policy_app.command("check")
def policy_check(file: Annotated[Path, typer.Argument(help="The policy YAML to validate")]) -> None:
    """Validate a policy file: every problem with its file, line and field."""
    from shared.policy import PolicyError, load_policy

    try:
        policy = load_policy(file)
    except PolicyError as exc:
        err.print(f"[red]{exc}[/red]")
        raise typer.Exit(2) from exc
    err.print(
        f"[green]valid[/green]: {file} (version {policy.fingerprint}, {len(policy.rules)} rules, "
        f"{len(policy.agents)} agents)"
    )


@policy_app.command("replay")
def policy_replay(
    file: Annotated[Path, typer.Argument(help="The candidate policy YAML")],
    since: Annotated[str, typer.Option(help="How far back: 30m, 24h, 7d, 2w")] = "7d",
    examples: Annotated[int, typer.Option(min=0, max=1000, help="Changed decisions to show")] = 10,
    show_text: Annotated[bool, typer.Option(help="Show the start of each example's text")] = False,
    as_json: Annotated[bool, typer.Option("--json")] = False,
) -> None:
    """How a candidate policy would decide the stored classified comments, against what was decided."""
    from datetime import UTC, datetime

    from rich.table import Table

    from shared.policy import PolicyError, load_policy
    from webcare.policy_tools import parse_since, replay

    try:
        candidate = load_policy(file)
        window = parse_since(since)
    except (PolicyError, ValueError) as exc:
        raise _fail(str(exc), "fix the file, or give --since like 7d") from exc
    report = asyncio.run(replay(_settings(), candidate, now=datetime.now(UTC), since=window))
    data = report.as_dict(examples, show_text)
    if as_json:
        print(json.dumps(data, indent=2, ensure_ascii=False))
        return
    console = Console()
    console.print(
        f"replayed {data['replayed']} decisions since {data['since']}: "
        f"{data['unchanged']} unchanged, [bold]{data['changed']} changed[/bold] action, "
        f"{data['priority_changes']} changed priority"
    )
    if data["transitions"]:
        table = Table(title="action changes")
        for column in ("from", "to", "count"):
            table.add_column(column)
        for t in data["transitions"]:
            table.add_row(t["from"], t["to"], str(t["count"]))
        console.print(table)
    if data["examples"]:
        table = Table(title="examples")
        columns = ["platform", "external_id", "language", "intent", "before", "after", "rule_after"]
        columns += ["text"] if show_text else []
        for column in columns:
            table.add_column(column, overflow="fold")
        for e in data["examples"]:
            table.add_row(*(str(e[c]) for c in columns))
        console.print(table)


@app.command()
def unhide(
    platform: Annotated[str, typer.Argument()],
    external_id: Annotated[str, typer.Argument()],
    reason: Annotated[
        str, typer.Option(help="Why the hide is undone (kept in the history)")
    ] = "undone by a person",
    actor: Annotated[str, typer.Option(help="Who undoes it")] = "cli",
) -> None:
    """Undo a hide: an unhide request on moderation.outbound, recorded in the history."""
    from webcare.moderation import request_unhide

    try:
        asyncio.run(request_unhide(_settings(), platform, external_id, reason=reason, actor=actor))
    except LookupError as exc:
        raise _fail(
            str(exc), "check the platform and external id (webcare cases, GET /v1/comments/...)"
        ) from exc
    err.print(f"[green]unhide requested[/green] for {platform}/{external_id}")


@connect_app.command("meta")
def connect_meta(
    port: Annotated[
        int | None, typer.Option(help="Port for /healthz and /metrics (default 8010)")
    ] = None,
) -> None:
    """Post replies and hide/unhide to Facebook and Instagram; report on cases.updates."""
    settings = _settings()
    if settings.meta_page_token is None:
        raise _fail(
            "the Meta connector needs a page access token",
            "set WEBCARE_META_PAGE_TOKEN (and WEBCARE_GRAPH_API_BASE_URL to change the API version)",
        )
    from webcare.connectors.meta import run

    run(port)


async def _privacy(settings: Settings, work: str, **kwargs: Any) -> dict[str, Any]:
    import redis.asyncio as aioredis

    from shared.clock import SystemClock
    from shared.db import make_engine, make_sessionmaker
    from shared.privacy import forget_author
    from shared.retention import apply_retention

    engine = make_engine(settings.database_url)
    client = aioredis.Redis.from_url(settings.redis_url)
    sessions = make_sessionmaker(engine)
    now = SystemClock().now()
    try:
        if work == "forget":
            report: Any = await forget_author(
                sessions, client, settings.stream_prefix, now=now, source="cli", **kwargs
            )
        else:
            report = await apply_retention(
                sessions, client, settings.stream_prefix, now=now, **kwargs
            )
        return dict(report.as_dict())
    finally:
        await client.aclose()
        await engine.dispose()


def _print_counts(title: str, report: dict[str, Any], as_json: bool) -> None:
    if as_json:
        print(json.dumps(report))
        return
    err.print(f"[green]{title}[/green]")
    for key, value in report.items():
        print(f"  {key:<16} {value}")


@app.command()
def forget(
    author: Annotated[str, typer.Option(help="PLATFORM:ID of the person to erase")],
    requested_by: Annotated[
        str, typer.Option(help="Who asked for it (kept in the erasure record)")
    ] = "cli",
    as_json: Annotated[bool, typer.Option("--json")] = False,
) -> None:
    """Erase or anonymise everything about one author (Postgres and the streams), and record it."""
    from shared.events import PLATFORMS

    platform, _, author_id = author.partition(":")
    if platform not in PLATFORMS or not author_id:
        raise _fail(
            f"--author {author!r}", f"use PLATFORM:ID with PLATFORM one of {', '.join(PLATFORMS)}"
        )
    settings = _settings()
    try:
        report = asyncio.run(
            _privacy(
                settings,
                "forget",
                platform=platform,
                author_id=author_id,
                requested_by=requested_by,
            )
        )
    except OSError as exc:
        raise _fail(
            f"cannot reach Postgres or Redis: {exc}",
            "check WEBCARE_DATABASE_URL and WEBCARE_REDIS_URL",
        ) from exc
    _print_counts("erased (recorded in the erasures table)", report, as_json)


@app.command()
def retention(
    days: Annotated[int | None, typer.Option(min=1, help="Default: WEBCARE_RETENTION_DAYS")] = None,
    as_json: Annotated[bool, typer.Option("--json")] = False,
) -> None:
    """Remove comment and reply texts older than the retention period; statistics stay."""
    settings = _settings()
    days = days or settings.retention_days
    if days is None:
        raise _fail("no retention period", "pass --days N or set WEBCARE_RETENTION_DAYS")
    try:
        report = asyncio.run(_privacy(settings, "retention", days=days))
    except OSError as exc:
        raise _fail(
            f"cannot reach Postgres or Redis: {exc}",
            "check WEBCARE_DATABASE_URL and WEBCARE_REDIS_URL",
        ) from exc
    _print_counts(f"retention of {days} days applied", report, as_json)


@app.command()
def bench(
    n: Annotated[int, typer.Option("-n", "--comments", min=1, help="Comments to publish")] = 20_000,
    rate: Annotated[
        float | None, typer.Option(help="Comments per second offered; default: as fast as possible")
    ] = None,
    replicas: Annotated[
        list[str] | None, typer.Option(help="STAGE=N: run N processes of a stage")
    ] = None,
    out: Annotated[Path, typer.Option(help="Directory for the JSON and text results")] = Path(
        "bench-results"
    ),
    database: Annotated[
        str, typer.Option(help="Database the bench drops and recreates (never the pipeline's)")
    ] = "webcare_bench",
    chain: Annotated[bool, typer.Option(help="Also measure the bare Redis chain")] = True,
    profile: Annotated[
        str | None, typer.Option(help="Run this service under cProfile and print its profile")
    ] = None,
    as_json: Annotated[
        bool, typer.Option("--json", help="Print JSON instead of the table")
    ] = False,
    classify_only: Annotated[
        bool,
        typer.Option(
            "--classify-only",
            help="Only the classify stage's pure code, in this process, no services: comments "
            "per CPU-second on one core (-n texts from --data's labelled.jsonl, else the "
            "bundled comments; --profile classify adds a cProfile)",
        ),
    ] = False,
    data: Annotated[
        Path, typer.Option(help="With --classify-only: folder of labelled.jsonl")
    ] = Path("../shared/data"),
    models: Annotated[
        Path | None,
        typer.Option(help="With --classify-only: a model folder from `webcare train --out`"),
    ] = None,
) -> None:
    """The throughput and latency benchmark: all five services, Postgres, and the bare-chain ceiling."""
    if classify_only:
        from webcare.benchclassify import run_classify_bench, text_report

        result = run_classify_bench(n, data, models_dir=models, profile=30 if profile else 0)
        print(json.dumps(result, indent=2) if as_json else text_report(result))
        if result.get("profile") and not as_json:
            print(result["profile"], file=sys.stderr)
        return
    from webcare.bench import BenchOptions, run_bench, write_results

    settings = _settings()
    counts = _parse_replicas(replicas or [])
    if profile is not None:
        _parse_replicas([f"{profile}=1"])  # refuses a name that is not a service
    opts = BenchOptions(
        n=n,
        rate=rate,
        replicas=counts,
        out_dir=out,
        database=database,
        chain=chain,
        profile=profile,
    )

    shown = [0.0]

    def progress(row: dict[str, Any]) -> None:
        if time.monotonic() - shown[0] < 2.0:
            return
        shown[0] = time.monotonic()
        err.print(
            f"  ingested {row['ingest']:>7}  classified {row['classify']:>7}  routed "
            f"{row['route']:>7}  drafted {row['respond']:>7}/{row['drafts_due']:<7} "
            f"backlog {row['backlog']}",
            highlight=False,
        )

    err.print(f"bench: {n} comments, database {database}, services starting…")
    try:
        result = asyncio.run(run_bench(settings, opts, progress))
    except (OSError, TimeoutError, ValueError) as exc:
        raise _fail(
            f"bench failed: {exc}", "are Redis and Postgres up? see the service logs"
        ) from exc
    json_path, text_path, text = write_results(result, out)
    print(json.dumps(result, indent=2) if as_json else text)
    if result.get("profile"):
        print(result["profile"], file=sys.stderr)
    err.print(f"written: {json_path} and {text_path}")


def main() -> None:
    os.environ.setdefault("PYTHONUNBUFFERED", "1")
    app()


if __name__ == "__main__":
    main()

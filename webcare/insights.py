"""``webcare insights``: the recurring-complaints report in a terminal, and FAQ publishing.

The heavy imports (scikit-learn through ``shared.insights``) happen inside the commands,
so other ``webcare`` verbs start as fast as before.
"""

from __future__ import annotations

import asyncio
import json
from datetime import UTC, datetime
from typing import TYPE_CHECKING, Annotated, Any

import typer
from rich.console import Console

from shared.settings import Settings, get_settings

if TYPE_CHECKING:
    from shared.insights.report import Report

insights_app = typer.Typer(
    help="Recurring complaints per topic with trends, FAQ candidates, organised discontent."
)
err = Console(stderr=True)


def _settings() -> Settings:
    try:
        return get_settings()
    except Exception as exc:
        err.print(f"[red]error:[/red] invalid settings: {exc}")
        err.print("  → check the WEBCARE_* environment variables")
        raise typer.Exit(2) from exc


def _when(value: datetime) -> str:
    return value.astimezone(UTC).strftime("%Y-%m-%d %H:%M")


def _counts(values: list[int]) -> str:
    return ", ".join(str(v) for v in values)


def render(report: Report) -> str:
    """The report as plain text: topics with counts per period, trend, first seen,
    platforms and examples; then FAQ, then organised discontent."""
    w = report.windows
    total = sum(report.totals)
    lines = [
        f"Insights {_when(w.since)} to {_when(w.until)} UTC, by {report.period} "
        f"({w.count} periods): {total} complaints and questions",
        "",
    ]
    heads = " ".join(f"{start:%m-%d}".rjust(5) for start, _ in w.bounds())
    lines.append(f"{'topic':<28}{heads}  {'trend':<8} {'first seen':<17} platforms")
    for t in report.topics:
        platforms = ", ".join(f"{p} {n}" for p, n in list(t.platforms.items())[:3])
        name = t.label if len(t.label) <= 27 else t.label[:26] + "…"
        row = " ".join(f"{c:>5}" for c in t.counts)
        lines.append(f"{name:<28}{row}  {t.trend:<8} {_when(t.first_seen):<17} {platforms}")
        if t.source == "cluster":
            lines.append(f"    (similar texts, no keyword: {t.topic})")
        for text in t.examples:
            lines.append(f"    “{text}”")
    lines.append(f"{'all':<28}" + " ".join(f"{c:>5}" for c in report.totals))
    lines += ["", "FAQ"]
    if not report.faq:
        lines.append("  no topic keeps coming back as a question yet")
    for f in report.faq:
        name = report.label_of(f.topic)
        if f.status == "candidate":
            lines.append(
                f"  candidate  {name} ({f.topic}): {f.questions} questions in "
                f"{f.periods_with_questions} of {w.count} {report.period}s"
                f"  → webcare insights faq-publish {f.topic}"
            )
            continue
        assert f.published_at is not None
        line = f"  published  {name} ({f.topic}) on {_when(f.published_at)} by {f.published_by}"
        c = f.comparison
        if c is None or c.verdict == "too_early":
            line += ": too early to compare (no whole period since)"
        else:
            line += (
                f": questions per {report.period} before {_counts(c.questions_before)}"
                f" | after {_counts(c.questions_after)}"
                f"  ({sum(c.questions_before)} → {sum(c.questions_after)}: {c.verdict})"
            )
        lines.append(line)
    lines += ["", f"Organised discontent (last {report.period})"]
    if not report.discontent:
        lines.append("  none")
    for d in report.discontent:
        line = (
            f"  {report.label_of(d.topic)}: {d.authors} different authors within "
            f"{int(report.rules.burst_window.total_seconds() // 60)} min "
            f"({d.mentions} comments, {_when(d.start)} to {_when(d.end)})"
        )
        if d.markers:
            line += "; petition or group: " + ", ".join(d.markers)
        lines.append(line)
    return "\n".join(lines)


async def _report(settings: Settings, *, since: str, period: str, until: datetime) -> Report:
    from shared.db import make_engine, make_sessionmaker
    from shared.insights.queries import load_report
    from shared.insights.report import InsightRules
    from shared.insights.trends import PERIODS, Windows, parse_duration

    windows = Windows.covering(until, parse_duration(since), PERIODS[period])
    engine = make_engine(settings.database_url)
    try:
        async with make_sessionmaker(engine)() as session:
            return await load_report(
                session,
                now=datetime.now(UTC),
                windows=windows,
                period=period,
                rules=InsightRules.from_settings(settings),
            )
    finally:
        await engine.dispose()


@insights_app.callback(invoke_without_command=True)
def insights(
    ctx: typer.Context,
    since: Annotated[str, typer.Option(help="Look-back: 24h, 28d, 4w")] = "28d",
    period: Annotated[str, typer.Option(help="day or week")] = "week",
    until: Annotated[
        datetime | None, typer.Option(help="End of the report (UTC when no offset); default now")
    ] = None,
    as_json: Annotated[bool, typer.Option("--json", help="Print JSON instead of text")] = False,
) -> None:
    """The report: recurring complaints per topic over sliding periods, with trends."""
    if ctx.invoked_subcommand is not None:
        return
    if period not in ("day", "week"):
        err.print(f"[red]error:[/red] --period {period!r}: use day or week")
        raise typer.Exit(2)
    end = datetime.now(UTC) if until is None else until
    end = end if end.tzinfo else end.replace(tzinfo=UTC)
    try:
        report = asyncio.run(_report(_settings(), since=since, period=period, until=end))
    except ValueError as exc:
        err.print(f"[red]error:[/red] {exc}")
        err.print("  → give --since like 28d and --period day or week")
        raise typer.Exit(2) from exc
    if as_json:
        print(json.dumps(report.as_dict(), indent=2, ensure_ascii=False))
    else:
        print(render(report))


@insights_app.command("faq-publish")
def faq_publish(
    topic: Annotated[str, typer.Argument(help="A topic id from the report, e.g. account")],
    by: Annotated[str, typer.Option(help="Who published it (kept with the record)")] = "cli",
    as_json: Annotated[bool, typer.Option("--json")] = False,
) -> None:
    """Mark the FAQ entry for TOPIC published; the report then compares before and after."""
    from shared.db import make_engine, make_sessionmaker
    from shared.insights.queries import publish_faq
    from shared.insights.taxonomy import TOPIC_LABELS, is_known_topic, label

    if not is_known_topic(topic):
        err.print(f"[red]error:[/red] unknown topic {topic!r}")
        err.print(f"  → one of {', '.join(TOPIC_LABELS)}, or a cluster:... id from the report")
        raise typer.Exit(2)
    settings = _settings()

    async def run() -> tuple[Any, bool]:
        engine = make_engine(settings.database_url)
        try:
            async with make_sessionmaker(engine)() as session, session.begin():
                return await publish_faq(session, topic, by=by, now=datetime.now(UTC))
        finally:
            await engine.dispose()

    pub, created = asyncio.run(run())
    if as_json:
        data = {"topic": pub.topic, "label": label(pub.topic), "created": created}
        data |= {"published_at": pub.published_at.isoformat(), "published_by": pub.published_by}
        print(json.dumps(data, indent=2))
        return
    state = "published" if created else "already published"
    err.print(f"[green]{state}[/green]: {label(topic)} ({topic}) on {_when(pub.published_at)} UTC")

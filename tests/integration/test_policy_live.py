"""The policy in a running service: reload without restart, refusal, replay, unhide."""

from __future__ import annotations

import asyncio
import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import httpx
import pytest
import redis.asyncio as aioredis

from shared.clock import FrozenClock
from shared.events import CommentClassified
from shared.settings import DEFAULT_POLICY_FILE, Settings
from shared.streams import Stream
from tests.helpers import at_least, comment, events, publish, running, store_comment, wait_for
from tests.integration.test_sla_escalation import TUESDAY_10
from tests.unit.factories_route import make_classification

pytestmark = pytest.mark.integration
AUTH = {"Authorization": "Bearer test-token"}


def _bump(path: Path, text: str) -> None:
    path.write_text(text, encoding="utf-8")
    stat = path.stat()
    os.utime(path, ns=(stat.st_atime_ns, stat.st_mtime_ns + 1_000_000))


async def test_a_changed_policy_applies_without_a_restart_and_a_broken_one_is_refused(
    settings: Settings, redis_client: aioredis.Redis, tmp_path: Path
) -> None:
    policy = tmp_path / "policy.yaml"
    shutil.copy(DEFAULT_POLICY_FILE, policy)
    original = policy.read_text(encoding="utf-8")
    live = settings.model_copy(update={"policy_file": policy})
    async with running("route", live, FrozenClock(TUESDAY_10)) as (app, rt):
        first = await store_comment(rt.sessions, comment("pl-1"))
        await publish(
            redis_client,
            live,
            Stream.COMMENTS_CLASSIFIED,
            CommentClassified(
                correlation_id="1", comment=first, classification=make_classification("complaint")
            ),
        )
        await wait_for(
            lambda: at_least(redis_client, live, Stream.CASES_ROUTED, 1), what="the first decision"
        )
        # The team decides questions go to a person from now on.
        changed = original.replace(
            'version: "2026.11-default"', 'version: "2026.11-questions-to-people"'
        )
        changed = changed.replace(
            "rules:\n",
            "rules:\n  - name: complaints-to-people\n    when: {intent: [complaint]}\n"
            "    action: human_review\n    priority: high\n",
            1,
        )
        _bump(policy, changed)
        second = await store_comment(rt.sessions, comment("pl-2"))
        await publish(
            redis_client,
            live,
            Stream.COMMENTS_CLASSIFIED,
            CommentClassified(
                correlation_id="2", comment=second, classification=make_classification("complaint")
            ),
        )
        routed = await wait_for(
            lambda: at_least(redis_client, live, Stream.CASES_ROUTED, 2), what="the second decision"
        )
        # A broken file is refused; the policy in force stays.
        _bump(policy, changed.replace("action: human_review", "action: shout_back"))
        third = await store_comment(rt.sessions, comment("pl-3"))
        await publish(
            redis_client,
            live,
            Stream.COMMENTS_CLASSIFIED,
            CommentClassified(
                correlation_id="3", comment=third, classification=make_classification("complaint")
            ),
        )
        routed = await wait_for(
            lambda: at_least(redis_client, live, Stream.CASES_ROUTED, 3), what="the third decision"
        )
        error = rt.policy.last_error
    assert routed[0]["action"] == "respond_offline" and routed[0]["policy_version"].startswith(
        "2026.11-default+"
    )
    assert routed[1]["action"] == "human_review" and routed[1]["rule"] == "complaints-to-people"
    assert routed[1]["policy_version"].startswith("2026.11-questions-to-people+")
    assert routed[2]["rule"] == "complaints-to-people", "the last valid policy stays in force"
    assert error is not None and str(policy) in str(error) and "rules.0.action" in str(error)


async def test_replay_shows_how_a_candidate_policy_would_decide_differently(
    settings: Settings, redis_client: aioredis.Redis, tmp_path: Path
) -> None:
    from datetime import UTC, datetime

    from shared.db import ClassificationRecord

    async with running("route", settings, FrozenClock(datetime.now(UTC))) as (app, rt):
        for i, intent in enumerate(["complaint", "complaint", "question", "praise"]):
            stored = await store_comment(rt.sessions, comment(f"rp-{i}"))
            cls = make_classification(
                intent, sentiment="negative" if intent == "complaint" else "neutral"
            )
            async with rt.sessions() as session, session.begin():
                session.add(
                    ClassificationRecord(
                        comment_id=stored.comment_id,
                        **cls.model_dump(exclude={"reasons"}),
                        reasons=[],
                    )
                )
            await publish(
                redis_client,
                settings,
                Stream.COMMENTS_CLASSIFIED,
                CommentClassified(correlation_id=str(i), comment=stored, classification=cls),
            )
        await wait_for(
            lambda: at_least(redis_client, settings, Stream.CASES_ROUTED, 4), what="four decisions"
        )
    candidate = tmp_path / "candidate.yaml"
    candidate.write_text(
        DEFAULT_POLICY_FILE.read_text(encoding="utf-8").replace(
            "rules:\n",
            "rules:\n  - name: questions-to-people\n    when: {intent: [question]}\n    action: human_review\n",
            1,
        ),
        encoding="utf-8",
    )
    env = {
        **os.environ,
        "WEBCARE_DATABASE_URL": settings.database_url,
        "WEBCARE_REDIS_URL": settings.redis_url,
    }
    # In a thread: the command line runs its own event loop.
    result = await asyncio.to_thread(
        subprocess.run,
        [
            sys.executable,
            "-m",
            "webcare.cli",
            "policy",
            "replay",
            str(candidate),
            "--since",
            "1d",
            "--json",
        ],
        capture_output=True,
        text=True,
        env=env,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr
    report = json.loads(result.stdout)
    assert report["replayed"] == 4 and report["changed"] == 1
    assert report["transitions"] == [{"from": "answer", "to": "human_review", "count": 1}]
    assert report["examples"][0]["external_id"] == "rp-2" and "text" not in report["examples"][0]


async def test_a_hidden_comment_can_be_unhidden_over_http_and_the_undo_is_recorded(
    settings: Settings, redis_client: aioredis.Redis
) -> None:
    async with (
        running("route", settings, FrozenClock(TUESDAY_10)) as (_, route_rt),
        running("ingest", settings, FrozenClock(TUESDAY_10)) as (ingest_app, _),
    ):
        stored = await store_comment(
            route_rt.sessions, comment("uh-1", "Jullie zijn allemaal idioten")
        )
        await publish(
            redis_client,
            settings,
            Stream.COMMENTS_CLASSIFIED,
            CommentClassified(
                correlation_id="u",
                comment=stored,
                author_abuse_count=3,
                classification=make_classification("abuse"),
            ),
        )
        await wait_for(
            lambda: events(redis_client, settings, Stream.MODERATION_OUTBOUND), what="the hide"
        )
        async with httpx.AsyncClient(
            transport=httpx.ASGITransport(app=ingest_app), base_url="http://t"
        ) as http:
            missing = await http.post("/v1/comments/facebook/nope/unhide", json={}, headers=AUTH)
            undone = await http.post(
                "/v1/comments/facebook/uh-1/unhide",
                json={"reason": "was sarcasm", "actor": "sanne"},
                headers=AUTH,
            )
            story = (await http.get("/v1/comments/facebook/uh-1", headers=AUTH)).json()
        requests = await events(redis_client, settings, Stream.MODERATION_OUTBOUND)
    assert missing.status_code == 404
    assert undone.status_code == 202, undone.text
    assert [r["request"] for r in requests] == ["hide", "unhide"]
    assert (
        requests[1]["rule"] == requests[0]["rule"] and "sanne: was sarcasm" in requests[1]["reason"]
    )
    assert any(
        h["event"] == "moderation.unhide" and h["actor"] == "sanne" for h in story["history"]
    )

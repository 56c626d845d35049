"""End to end: a Dutch complaint on Facebook becomes a checked draft that waits for a person,
is approved with an edit over HTTP, and goes to ``replies.outbound`` with the edited text."""

from __future__ import annotations

from datetime import UTC, datetime

import httpx
import pytest
import redis.asyncio as aioredis
from sqlalchemy import select

from shared.db import Reply
from shared.policy import load_policy
from shared.replies.checks import check
from shared.settings import DEFAULT_POLICY_FILE
from shared.streams import Stream
from tests.e2e.test_pipeline import TOKEN, Pipeline, pipeline  # noqa: F401  (the fixture)
from tests.helpers import events, wait_for

pytestmark = pytest.mark.e2e
AUTH = {"Authorization": f"Bearer {TOKEN}"}
COMPLAINT = "Mijn pakket is al twee weken te laat en niemand reageert op mijn mails. Slecht!"


async def _reply(p: Pipeline) -> Reply | None:
    async with p.sessions() as session:
        return await session.scalar(select(Reply))


async def test_a_dutch_complaint_on_facebook_is_drafted_checked_approved_with_an_edit_and_sent(
    pipeline: Pipeline,  # noqa: F811
    redis_client: aioredis.Redis,
) -> None:
    comment = {
        "platform": "facebook", "external_id": "fb-post-1_c-1", "thread_id": "fb-post-1",
        "author": {"id": "fb-user-1", "display_name": "Jan de Vries"}, "text": COMPLAINT,
        "created_at": datetime.now(UTC).isoformat(), "owned_channel": True,
    }  # fmt: skip
    base = f"http://127.0.0.1:{pipeline.ports['ingest']}"
    async with httpx.AsyncClient(base_url=base, headers=AUTH) as http:
        accepted = await http.post("/v1/comments", json=comment)
        assert accepted.status_code == 202, accepted.text

        draft = await wait_for(lambda: _reply(pipeline), timeout=30, what="the draft")
        policy = load_policy(DEFAULT_POLICY_FILE)
        assignee = policy.assignee(draft.agent)
        assert assignee is not None, "the draft is signed by an agent from the roster"
        failed = check(
            draft.draft_text, language="nl", action="respond_offline", platform="facebook",
            policy=policy, assignee=assignee, expected_name="Jan", comment_text=COMPLAINT,
        )  # fmt: skip
        assert failed == () and draft.checks_failed == []
        assert draft.language == "nl" and draft.draft_text.splitlines()[0].endswith("Jan,")
        assert assignee.contact in draft.draft_text
        assert (draft.status, draft.approval_reason) == ("awaiting_approval", "approval_required")
        waiting = (await http.get(f"/v1/comments/facebook/{comment['external_id']}")).json()
        assert waiting["replies"][0]["waiting_for"].startswith("a person")
        assert await events(redis_client, pipeline.settings, Stream.REPLIES_OUTBOUND) == []

        lines = draft.draft_text.splitlines()
        edited = "\n".join(
            [lines[0], lines[1] + " Ik zoek het vandaag nog voor je uit.", *lines[2:]]
        )
        update = {"type": "edited", "reply_id": str(draft.id), "text": edited, "actor": "sanne"}
        posted = await http.post(f"/v1/cases/{draft.case_id}/updates", json=update)
        assert posted.status_code == 202, posted.text
        out = await wait_for(
            lambda: events(redis_client, pipeline.settings, Stream.REPLIES_OUTBOUND),
            timeout=30,
            what="the approved reply on replies.outbound",
        )
        story = (await http.get(f"/v1/comments/facebook/{comment['external_id']}")).json()

    [sent] = out
    assert sent["text"] == edited and sent["text"] != draft.draft_text
    assert (sent["reply_id"], sent["case_id"]) == (str(draft.id), str(draft.case_id))
    assert (sent["channel"], sent["platform"], sent["language"]) == ("public", "facebook", "nl")
    assert (sent["parent_id"], sent["approved_by"]) == (comment["external_id"], "sanne")
    [reply] = story["replies"]
    assert reply["draft_text"] == draft.draft_text and reply["edited_text"] == edited
    assert reply["edited"] is True and reply["status"] == "approved"
    assert reply["waiting_for"] is None and reply["edit_checks"] == []

"""The HTTP edge fuzzed from its OpenAPI spec: whatever arrives, never a 500.

``POST /v1/comments`` reads its body by hand (to answer 400/413 itself), so its spec
carries no body schema; the public input schema is added to the spec for the fuzzer, so it
generates comments both valid and broken. What the edge accepts must then go through the
pipeline without a DLQ entry: accepting something the pipeline cannot process is a bug too.
"""

from __future__ import annotations

import asyncio
import json
from typing import Any

import httpx
import pytest
import requests
import schemathesis
from hypothesis import HealthCheck, given, settings
from hypothesis.errors import Unsatisfiable
from schemathesis import GenerationMode
from sqlalchemy import text

from shared.events import CommentIn
from shared.streams import Stream
from tests.reliability.driver import new_run
from tests.reliability.pipeline import PREFIX, TOKEN, Pipeline, wait_until
from tests.reliability.report import record
from webcare.runner import SERVICES

pytestmark = [pytest.mark.reliability, pytest.mark.asyncio(loop_scope="session")]

_EXAMPLES = {"/v1/comments": 60}
_DEFAULT_EXAMPLES = 20


def _with_input_schema(spec: dict[str, Any]) -> dict[str, Any]:
    schema = CommentIn.model_json_schema(ref_template="#/components/schemas/{model}")
    components = spec.setdefault("components", {}).setdefault("schemas", {})
    components.update(schema.pop("$defs", {}))
    components["CommentIn"] = schema
    body = {"oneOf": [{"$ref": "#/components/schemas/CommentIn"},
                      {"type": "array", "items": {"$ref": "#/components/schemas/CommentIn"}}]}  # fmt: skip
    post = spec["paths"]["/v1/comments"]["post"]
    post["requestBody"] = {"required": True, "content": {"application/json": {"schema": body}}}
    return spec


def _fuzz(spec: dict[str, Any], base_url: str) -> dict[str, int]:
    """Run every operation in both modes; return the status codes seen (fails on a 5xx)."""
    schema = schemathesis.openapi.from_dict(spec)
    seen: dict[str, int] = {}
    session = requests.Session()
    auth = {"Authorization": f"Bearer {TOKEN}"}
    for result in schema.get_all_operations():
        operation = result.ok()
        examples = _EXAMPLES.get(operation.path, _DEFAULT_EXAMPLES)
        for mode in (GenerationMode.POSITIVE, GenerationMode.NEGATIVE):

            @settings(
                max_examples=examples,
                deadline=None,
                database=None,
                derandomize=True,  # the same requests on every CI run; failures reproduce
                suppress_health_check=list(HealthCheck),
            )
            @given(case=operation.as_strategy(generation_mode=mode))
            def check(case: Any) -> None:
                response = case.call(base_url=base_url, session=session, headers=auth, timeout=30)
                key = f"{response.status_code}"
                seen[key] = seen.get(key, 0) + 1
                assert response.status_code < 500, (
                    f"{case.method} {case.formatted_path} -> {response.status_code}: "
                    f"{response.text[:300]}\n{case.as_curl_command(headers=auth)}"
                )

            try:
                check()
            except Unsatisfiable:
                continue  # nothing to break in this mode (e.g. no parameters to make wrong)
    return seen


async def test_the_http_edge_fuzzed_from_its_openapi_spec_never_answers_500(live: Pipeline) -> None:
    run = await new_run(live, "fuzz", 0)
    async with httpx.AsyncClient(base_url=live.base_url) as http:
        spec = (await http.get("/openapi.json")).json()
    seen = await asyncio.to_thread(_fuzz, _with_input_schema(spec), live.base_url)
    accepted = seen.get("202", 0)

    async def settled() -> bool:
        return not any((await live.pending()).values())

    await wait_until(settled, timeout=60, what="the pipeline to process what the edge accepted")
    # Webhook bodies the edge refuses go to the DLQ by design (source ``webhook:<path>``);
    # an entry from a pipeline stream would mean the edge accepted what cannot be processed.
    dead = [
        (entry, fields)
        for entry, fields in await live.redis.xrange(live.key(Stream.DLQ), min=f"({run.dlq_mark}")
        if json.loads(fields[b"data"])["source_stream"].startswith(f"{PREFIX}.")
    ]
    async with live.sessions() as session:
        # Over every comment stored so far, fuzzed or not: each has its decision, once.
        lost = await session.scalar(
            text(
                "SELECT count(*) FROM comments c LEFT JOIN decisions d ON d.comment_id = c.id"
                " WHERE d.comment_id IS NULL"
            )
        )
        duplicated = await session.scalar(
            text(
                "SELECT count(*) FROM (SELECT comment_id FROM case_events WHERE event = 'decision'"
                " GROUP BY comment_id HAVING count(*) > 1) AS twice"
            )
        )
    record({"scenario": "http-fuzz", "sent": sum(seen.values()), "accepted": accepted,
            "processed": accepted - (lost or 0), "rejected_http": sum(
                v for k, v in seen.items() if k.startswith("4")),
            "dlq": len(dead), "duplicated": duplicated, "lost": lost})  # fmt: skip
    assert accepted > 0, f"the fuzzer got some valid comments through: {seen}"
    assert not [f[b"data"][:300] for _, f in dead], "what the edge accepted, the pipeline processed"
    assert lost == 0 and duplicated == 0
    assert sorted(live.alive()) == sorted(SERVICES)

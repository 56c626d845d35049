"""Each service killed with SIGKILL in the middle of a run, and started again."""

from __future__ import annotations

import asyncio

import pytest

from tests.reliability.driver import Run, with_fault
from tests.reliability.pipeline import Pipeline
from tests.reliability.report import record
from webcare.runner import SERVICES

pytestmark = [pytest.mark.reliability, pytest.mark.asyncio(loop_scope="session")]


@pytest.mark.parametrize("service", SERVICES)
async def test_a_service_killed_mid_run_loses_nothing_and_duplicates_nothing(
    live: Pipeline, service: str
) -> None:
    async def crash(_: Run) -> None:
        await live.kill(service)
        await asyncio.sleep(0.5)  # the rest of the pipeline keeps going meanwhile
        await live.start_service(service)

    result = record(await with_fault(live, f"sigkill-{service}", crash))
    assert result["lost"] == 0 and result["duplicated"] == 0

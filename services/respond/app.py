"""Respond wiring: drafts from ``cases.routed``, approvals from ``cases.updates``."""

from __future__ import annotations

from fastapi import FastAPI

from services.respond.handlers import Approvals, Drafter, decode_routed, decode_update
from shared.service import Runtime, bootstrap, build_app
from shared.streams import Group, Stream


def create_app(rt: Runtime | None = None) -> tuple[FastAPI, Runtime]:
    rt = rt or bootstrap("respond")
    rt.consume(
        Stream.CASES_ROUTED, Group.RESPOND, decode_routed, Drafter(policy=rt.policy, clock=rt.clock)
    )
    rt.consume(Stream.CASES_UPDATES, Group.RESPOND, decode_update, Approvals(clock=rt.clock))
    return build_app(rt), rt

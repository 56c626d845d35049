"""Followup wiring: SLA clocks and follow-ups from ``cases.routed`` and ``cases.updates``."""

from __future__ import annotations

from fastapi import FastAPI

from services.followup.escalation import escalate
from services.followup.handlers import CaseUpdates, RoutedCases, decode_routed, decode_update
from services.followup.insights_watch import watch_insights
from services.followup.sla_watch import watch_sla
from shared.service import Runtime, bootstrap, build_app
from shared.streams import Group, Stream


def create_app(rt: Runtime | None = None) -> tuple[FastAPI, Runtime]:
    rt = rt or bootstrap("followup")
    rt.consume(
        Stream.CASES_ROUTED,
        Group.FOLLOWUP,
        decode_routed,
        RoutedCases(policy=rt.policy, clock=rt.clock),
    )
    rt.consume(
        Stream.CASES_UPDATES,
        Group.FOLLOWUP,
        decode_update,
        CaseUpdates(policy=rt.policy, clock=rt.clock),
    )
    return build_app(rt, tasks=[watch_sla, escalate, watch_insights]), rt

"""Respond wiring: drafts from ``cases.routed``, approvals from ``cases.updates``."""

from __future__ import annotations

from fastapi import FastAPI

from services.respond.handlers import Approvals, Drafter, decode_routed, decode_update
from shared.replies.backends import TextModel
from shared.service import Runtime, bootstrap, build_app
from shared.streams import Group, Stream


def create_app(
    rt: Runtime | None = None, *, model: TextModel | None = None
) -> tuple[FastAPI, Runtime]:
    """``model`` injects a language-model backend (tests, embedding); otherwise the policy's
    ``replies.language_model.factory`` is used when enabled."""
    rt = rt or bootstrap("respond")
    drafter = Drafter(policy=rt.policy, clock=rt.clock, model=model)
    rt.consume(Stream.CASES_ROUTED, Group.RESPOND, decode_routed, drafter)
    approvals = Approvals(clock=rt.clock, policy=rt.policy)
    rt.consume(Stream.CASES_UPDATES, Group.RESPOND, decode_update, approvals)
    return build_app(rt), rt

"""Route wiring: ``comments.classified`` in; ``cases.routed``, moderation and notifications out."""

from __future__ import annotations

from fastapi import FastAPI

from services.route.handlers import Router, decode
from shared.service import Runtime, bootstrap, build_app
from shared.streams import Group, Stream


def create_app(rt: Runtime | None = None) -> tuple[FastAPI, Runtime]:
    rt = rt or bootstrap("route")
    rt.consume(
        Stream.COMMENTS_CLASSIFIED, Group.ROUTE, decode, Router(policy=rt.policy, clock=rt.clock)
    )
    return build_app(rt), rt

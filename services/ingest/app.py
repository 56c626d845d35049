"""Ingest wiring: the HTTP edge and the ``comments.inbound`` consumer."""

from __future__ import annotations

from fastapi import FastAPI

from services.ingest.api import build_router
from services.ingest.handlers import make_decoder, store_comments
from shared.service import Runtime, bootstrap, build_app
from shared.streams import Group, Stream


def create_app(rt: Runtime | None = None) -> tuple[FastAPI, Runtime]:
    rt = rt or bootstrap("ingest")
    rt.consume(Stream.COMMENTS_INBOUND, Group.INGEST, make_decoder(rt.settings), store_comments)
    app = FastAPI(
        title="webcare ingest",
        description="The HTTP edge of webcare: comments in, the whole story out.",
        version="1",
    )
    app.include_router(build_router(rt))
    return build_app(rt, app=app), rt

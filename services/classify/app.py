"""Classify wiring: ``comments.received`` in, ``comments.classified`` out."""

from __future__ import annotations

from fastapi import FastAPI

from services.classify.handlers import classify_batch, decode
from shared.service import Runtime, bootstrap, build_app
from shared.streams import Group, Stream


def create_app(rt: Runtime | None = None) -> tuple[FastAPI, Runtime]:
    rt = rt or bootstrap("classify")
    rt.consume(Stream.COMMENTS_RECEIVED, Group.CLASSIFY, decode, classify_batch)
    return build_app(rt), rt

"""Classify wiring: ``comments.received`` in, ``comments.classified`` out."""

from __future__ import annotations

from fastapi import FastAPI

from services.classify.corrections import decode_update, store_corrections
from services.classify.handlers import classify_batch, decode
from services.classify.language import warm_up
from shared.service import Runtime, bootstrap, build_app
from shared.streams import Group, Stream


def create_app(rt: Runtime | None = None) -> tuple[FastAPI, Runtime]:
    rt = rt or bootstrap("classify")
    # Load the language models before the first batch, not during it.
    warm_up()
    rt.consume(Stream.COMMENTS_RECEIVED, Group.CLASSIFY, decode, classify_batch)
    # Agents' corrections, kept for `webcare train --with-corrections`.
    rt.consume(Stream.CASES_UPDATES, Group.CLASSIFY, decode_update, store_corrections)
    return build_app(rt), rt

"""``DELETE /v1/authors/{platform}/{author_id}``: erase a person on request (bearer token)."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Depends, Header, HTTPException
from pydantic import BaseModel

from services.ingest.api import token_check
from shared.events import PLATFORMS
from shared.privacy import forget_author
from shared.service import Runtime


class Erased(BaseModel):
    """What was erased; the subject appears only as a hash."""

    erasure_id: str
    platform: str
    subject_hash: str
    comments: int
    cases: int
    replies: int
    case_events: int
    authors: int
    stream_entries: int


def build_privacy_router(rt: Runtime) -> APIRouter:
    router = APIRouter(prefix="/v1", dependencies=[Depends(token_check(rt))], tags=["privacy"])

    @router.delete("/authors/{platform}/{author_id}", response_model=Erased)
    async def forget(
        platform: str,
        author_id: str,
        x_requested_by: Annotated[str | None, Header(max_length=128)] = None,
    ) -> Any:
        """Erase or anonymise everything about one author: comment texts, names, handles,
        raw payloads, the replies addressed to them, case history details, the author
        record and the stream entries that carry them. Recorded in ``erasures``; calling it
        again is harmless. ``X-Requested-By`` names who asked (kept in the record)."""
        if platform not in PLATFORMS:
            raise HTTPException(
                422, f"unknown platform {platform!r}: one of {', '.join(PLATFORMS)}"
            )
        report = await forget_author(
            rt.sessions,
            rt.redis,
            rt.settings.stream_prefix,
            platform=platform,
            author_id=author_id,
            requested_by=x_requested_by or "api",
            source="api",
            now=rt.clock.now(),
        )
        rt.log.info(
            "author.erased",
            extra={k: v for k, v in report.as_dict().items() if k != "platform"}
            | {"source": "api"},
        )
        return Erased(**report.as_dict())

    return router

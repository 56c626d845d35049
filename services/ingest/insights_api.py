"""``/v1/insights``: the recurring-complaints report, and marking an FAQ entry published."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated, Any, Literal

from fastapi import APIRouter, Body, Depends, HTTPException, Query
from pydantic import AwareDatetime, BaseModel, Field

from services.ingest.api import token_check
from shared.insights.queries import load_report, publish_faq
from shared.insights.report import InsightRules
from shared.insights.taxonomy import TOPIC_LABELS, is_known_topic, label
from shared.insights.trends import PERIODS, Windows, parse_duration
from shared.service import Runtime


class FaqPublishIn(BaseModel):
    #: Who published it; kept with the record (no control characters).
    by: str = Field(default="api", min_length=1, max_length=128, pattern=r"^[^\x00-\x1f]+$")


class FaqPublished(BaseModel):
    topic: str
    label: str
    published_at: datetime
    published_by: str
    #: False when the topic was already published (the first date stays).
    created: bool


def build_insights_router(rt: Runtime) -> APIRouter:
    router = APIRouter(prefix="/v1", dependencies=[Depends(token_check(rt))], tags=["insights"])

    @router.get("/insights")
    async def get_insights(
        since: Annotated[str, Query(description="Look-back: 24h, 28d, 4w")] = "28d",
        period: Annotated[Literal["day", "week"], Query()] = "week",
        until: Annotated[AwareDatetime | None, Query(description="End; default now")] = None,
    ) -> Any:
        """Recurring complaints per topic over sliding periods ending at ``until``: counts,
        trend (new, rising, steady, falling), first seen, masked examples, platforms; FAQ
        candidates and published entries with before/after counts; organised discontent."""
        now = rt.clock.now()
        try:
            windows = Windows.covering(until or now, parse_duration(since), PERIODS[period])
        except (ValueError, OverflowError) as exc:  # OverflowError: a date near year 1 or 9999
            raise HTTPException(422, f"since/until: {exc}") from exc
        async with rt.sessions() as session:
            report = await load_report(
                session,
                now=now,
                windows=windows,
                period=period,
                rules=InsightRules.from_settings(rt.settings),
            )
        return report.as_dict()

    @router.post("/insights/faq/{topic}/publish", response_model=FaqPublished)
    async def post_faq_publish(
        topic: str, body: Annotated[FaqPublishIn | None, Body()] = None
    ) -> Any:
        """Mark the FAQ entry for ``topic`` published; the report then shows whether the
        questions on it fell. Publishing again is harmless and keeps the first date."""
        if not is_known_topic(topic):
            raise HTTPException(
                422, f"unknown topic {topic!r}: one of {', '.join(TOPIC_LABELS)} or cluster:..."
            )
        async with rt.sessions() as session, session.begin():
            pub, created = await publish_faq(
                session, topic, by=(body or FaqPublishIn()).by, now=rt.clock.now()
            )
        rt.log.info("insights.faq_published", extra={"topic": topic, "new": created})
        return FaqPublished(
            topic=pub.topic,
            label=label(pub.topic),
            published_at=pub.published_at,
            published_by=pub.published_by,
            created=created,
        )

    return router

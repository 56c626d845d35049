"""Topics chunk by chunk, and what the discontent watch keeps of a mention."""

from __future__ import annotations

import random
from datetime import UTC, datetime, timedelta
from itertools import count

from shared.insights.discontent import Sighting, find_discontent
from shared.insights.topics import OTHER, Mention, TopicAssigner, assign_topics

NOW = datetime(2026, 11, 16, 9, 0, tzinfo=UTC)
_ids = count(1)

POINTS = [
    "Waar zijn mijn spaarpunten gebleven? Al maanden niks bijgeschreven",
    "Mijn spaarpunten zijn verdwenen, niks bijgeschreven",
    "Spaarpunten weer niet bijgeschreven, dit is de derde keer",
    "Spaarpunten nog steeds niet bijgeschreven na mijn aankoop",
]
ADVERT = [
    "Wat een lelijke nieuwe reclame op tv",
    "De nieuwe tv-reclame is echt irritant",
    "Die reclame op tv is vreselijk, haal hem weg",
]
KEYWORDS = [
    "Another outage, no internet since this morning",
    "My parcel never arrived",
    "Way too expensive, price up again",
    "Sign the petition: change.org/p/stop-the-price-hike",
]


def _mentions(texts: list[str], *, start: datetime, language: str = "nl") -> list[Mention]:
    return [
        Mention(
            comment_id=next(_ids),
            at=start + timedelta(minutes=i),
            platform="facebook",
            author=f"facebook:a{i % 5}",
            language=language,
            intent="complaint",
            sentiment="negative",
            text=text,
        )
        for i, text in enumerate(texts)
    ]


def test_topics_assigned_a_few_mentions_at_a_time_are_those_of_all_at_once() -> None:
    mentions = _mentions((POINTS + ADVERT) * 3 + KEYWORDS * 4, start=NOW - timedelta(hours=1))
    random.Random(3).shuffle(mentions)
    assigner = TopicAssigner()
    for offset in range(0, len(mentions), 4):
        assigner.add(mentions[offset : offset + 4])
    chunked = assigner.topics()
    whole = assign_topics(mentions)
    assert chunked == whole
    assert {"outage", "delivery", "price"} <= set(whole.by_comment.values())
    assert len(whole.cluster_terms) == 2


def test_only_the_most_recent_unmatched_texts_are_clustered_whatever_the_chunks() -> None:
    old = _mentions(POINTS * 3, start=NOW - timedelta(hours=2))
    new = _mentions(ADVERT * 2, start=NOW - timedelta(minutes=30))
    mentions = new[:3] + old + new[3:]
    assigner = TopicAssigner(max_texts=len(new))
    for offset in range(0, len(mentions), 5):
        assigner.add(mentions[offset : offset + 5])
    topics = assigner.topics()
    assert {topics.of(m) for m in old} == {OTHER}
    (advert,) = topics.cluster_terms
    assert {topics.of(m) for m in new} == {advert} and "reclame" in topics.label(advert)


def test_a_sighting_keeps_the_petition_markers_but_not_the_text() -> None:
    (mention,) = _mentions(["Sign https://www.change.org/p/jan-de-vries-says-stop"], start=NOW)
    seen = Sighting.of(mention)
    assert seen.markers == ("change.org",)
    assert not hasattr(seen, "text") and not hasattr(seen, "__dict__")
    assert (seen.comment_id, seen.at, seen.author) == (
        mention.comment_id,
        mention.at,
        "facebook:a0",
    )


def test_discontent_over_sightings_is_that_over_the_mentions() -> None:
    burst = [
        Mention(
            i,
            NOW - timedelta(minutes=50 - 2 * i),
            "x",
            f"x:p{i}",
            "en",
            "complaint",
            "negative",
            "Way too expensive, price up again. Boycott them!",
        )
        for i in range(16)
    ]
    topics = assign_topics(burst)
    window = timedelta(hours=1)
    found = find_discontent(burst, topics, window=window, min_authors=15)
    assert found == find_discontent(
        [Sighting.of(m) for m in burst], topics, window=window, min_authors=15
    )
    assert [(d.topic, d.authors, d.markers) for d in found] == [("price", 16, ("boycott",))]

"""Report assembly, FAQ before/after, and organised discontent, without a database."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from itertools import count

from shared.insights.discontent import find_discontent, petition_markers
from shared.insights.faq import FaqRules, Publication, verdict
from shared.insights.report import InsightRules, build_report, summary
from shared.insights.topics import Mention, assign_topics, counted
from shared.insights.trends import TrendRules, Windows

NOW = datetime(2026, 11, 16, 9, 0, tzinfo=UTC)
WEEK = timedelta(weeks=1)
_ids = count(1)


def _mention(
    text: str,
    at: datetime,
    *,
    intent: str = "complaint",
    author: str | None = None,
    language: str = "en",
    platform: str = "facebook",
) -> Mention:
    n = next(_ids)
    return Mention(
        n,
        at,
        platform,
        author or f"facebook:a{n}",
        language,
        intent,
        "negative" if intent == "complaint" else "neutral",
        text,
    )


def _weekly(text: str, per_week: list[int], **kwargs: object) -> list[Mention]:
    out = []
    for week, n in enumerate(per_week):
        start = NOW - (len(per_week) - week) * WEEK
        out += [_mention(text, start + timedelta(hours=1 + 5 * i), **kwargs) for i in range(n)]
    return out


def _report(mentions: list[Mention], **kwargs: object):
    windows = Windows(until=NOW, period=WEEK, count=4)
    return build_report(mentions, now=NOW, windows=windows, period="week", **kwargs)


def test_topics_get_counts_per_period_trend_first_seen_and_platforms() -> None:
    mentions = _weekly("Another outage, no internet", [1, 2, 4, 9])
    mentions += _weekly("My parcel never arrived", [9, 6, 3, 1], platform="x")
    report = _report(mentions)
    outage, delivery = report.topics
    assert (outage.topic, outage.counts, outage.trend) == ("outage", [1, 2, 4, 9], "rising")
    assert (delivery.topic, delivery.trend, delivery.platforms) == (
        "delivery",
        "falling",
        {"x": 19},
    )
    assert outage.first_seen == NOW - 4 * WEEK + timedelta(hours=1)
    assert report.totals == [10, 8, 7, 10]


def test_examples_are_the_latest_distinct_masked_texts_at_most_three() -> None:
    mentions = [
        _mention(f"Order #{n}4711 never arrived, mail {n}@example.com", NOW - timedelta(hours=n))
        for n in range(1, 6)
    ] + [_mention("Order never arrived!", NOW - timedelta(minutes=5))]
    (topic,) = _report(mentions).topics
    assert topic.examples[0] == "Order never arrived!"
    assert topic.examples[1:] == ["Order [number] never arrived, mail [email]"]


def test_mentions_outside_the_look_back_are_not_counted() -> None:
    old = _mention("Another outage, no internet", NOW - 5 * WEEK)
    assert _report([old]).topics == []


def test_praise_and_trolls_are_not_counted_but_a_negative_other_is() -> None:
    assert counted("complaint", "negative") and counted("question", "neutral")
    assert counted("other", "negative") and counted("legal_threat", "negative")
    assert not counted("praise", "positive") and not counted("troll", "negative")


def test_a_recurring_question_becomes_an_faq_candidate() -> None:
    questions = _weekly("How do I reset my password?", [2, 2, 1, 0], intent="question")
    burst = _weekly("How do I cancel my subscription?", [0, 0, 0, 9], intent="question")
    report = _report(questions + burst, rules=InsightRules(faq=FaqRules(min_questions=5)))
    assert [(f.topic, f.status) for f in report.faq] == [("account", "candidate")]


def test_a_published_faq_shows_the_questions_before_and_after() -> None:
    questions = _weekly("How do I reset my password?", [8, 7, 2, 1], intent="question")
    pub = Publication("account", NOW - 2 * WEEK, "lead")
    report = _report(questions, publications=[pub])
    (status,) = report.faq
    assert status.status == "published" and status.comparison is not None
    assert status.comparison.questions_before == [8, 7]
    assert status.comparison.questions_after == [2, 1]
    assert status.comparison.verdict == "fell"
    assert "FAQ account/login: questions 15 before, 3 after (fell)." in summary(report)


def test_an_faq_published_this_period_is_too_early_to_judge() -> None:
    questions = _weekly("How do I reset my password?", [8, 7, 2, 1], intent="question")
    report = _report(questions, publications=[Publication("account", NOW - timedelta(days=2), "x")])
    assert report.faq[0].comparison.verdict == "too_early"  # type: ignore[union-attr]


def test_verdict_uses_the_trend_thresholds() -> None:
    rules = TrendRules()
    assert verdict(15, 3, rules) == "fell"
    assert verdict(3, 15, rules) == "rose"
    assert verdict(4, 2, rules) == "unchanged"


def test_many_different_authors_within_the_window_is_organised_discontent() -> None:
    start = NOW - timedelta(minutes=50)
    burst = [
        _mention("Way too expensive, price up again", start + timedelta(minutes=2 * i))
        for i in range(15)
    ]
    same_author = [_mention("Way too expensive", start, author="facebook:one") for _ in range(30)]
    topics = assign_topics(burst + same_author)
    (found,) = find_discontent(burst, topics, window=timedelta(minutes=60), min_authors=15)
    assert (found.topic, found.authors, found.reasons) == ("price", 15, ("many_authors",))
    assert find_discontent(same_author, topics, window=timedelta(minutes=60), min_authors=15) == []


def test_the_same_authors_spread_over_hours_are_not_a_burst() -> None:
    spread = [_mention("Way too expensive", NOW - timedelta(hours=i)) for i in range(20)]
    topics = assign_topics(spread)
    assert find_discontent(spread, topics, window=timedelta(minutes=60), min_authors=15) == []


def test_a_petition_link_alone_raises_discontent_and_names_the_site_only() -> None:
    one = [_mention("Sign https://www.change.org/p/jan-de-vries-says-stop", NOW)]
    (found,) = find_discontent(one, assign_topics(one), window=timedelta(hours=1), min_authors=15)
    assert found.reasons == ("petition",) and found.markers == ("change.org",)
    assert "jan" not in found.summary("other", timedelta(hours=1))


def test_petition_and_boycott_words_in_every_language() -> None:
    assert petition_markers("Teken de petitie!") == ("petition",)
    assert petition_markers("Doe mee met de namenactie") == ("namenactie",)
    assert petition_markers("Skriv under: skrivunder.net/stoppa") == ("skrivunder",)
    assert petition_markers("Namninsamling startad") == ("namninsamling",)
    assert petition_markers("Unterschreibt die Petition auf openpetition.de") == (
        "openpetition",
        "petition",
    )
    assert petition_markers("Signez la pétition") == ("petition",)
    assert petition_markers("Join facebook.com/groups/angry-customers") == ("facebook group",)
    for word in ("boycot", "bojkotta", "Boykott", "boycottez"):
        assert petition_markers(f"{word} them") == ("boycott",), word
    assert petition_markers("avaaz.org/campaign") == ("avaaz",)
    assert petition_markers("petities.nl/x") == ("petities.nl", "petition")
    assert petition_markers("namenlijst") == ("namenlijst",)
    assert petition_markers("Nothing organised here, just a competition") == ()


def test_the_summary_has_top_topics_with_counts_and_trends_and_no_texts() -> None:
    mentions = _weekly("Another outage, no internet at klant@example.com", [1, 2, 4, 9])
    text = summary(_report(mentions))
    assert "Top topics: outage 9 (rising)." in text
    assert "16 complaints and questions, 9 in the last week" in text
    assert "example.com" not in text and "internet" not in text


def test_the_report_is_plain_json() -> None:
    import json

    data = _report(_weekly("Another outage", [1, 2, 4, 9])).as_dict()
    parsed = json.loads(json.dumps(data))
    assert parsed["topics"][0]["trend"] == "rising" and parsed["topics"][0]["current"] == 9
    assert parsed["periods"][-1]["end"] == NOW.isoformat()

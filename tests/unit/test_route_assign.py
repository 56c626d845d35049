"""Picking the agent for a case: language, channel, capacity, continuity, fairness."""

from __future__ import annotations

from collections import Counter
from typing import Any

from shared.assignment import pick_agent
from shared.events import Language
from shared.policy import Agent


def agent(name: str, *languages: Language, **fields: Any) -> Agent:
    return Agent(name=name, languages=list(languages), contact=f"{name}@example.org", **fields)


SANNE = agent("Sanne", "nl", "en")
DAAN = agent("Daan", "nl", "de")
LINNEA = agent("Linnea", "sv", "en")
JONAS = agent("Jonas", "de")
EMMA = agent("Emma", "fr", lead=True)
ROSTER = [SANNE, DAAN, LINNEA, JONAS, EMMA]


def pick(
    language: str = "nl",
    platform: str = "facebook",
    agents: list[Agent] | None = None,
    open_cases: dict[str, int] | None = None,
    previous_agent: str | None = None,
    rr_counter: int = 0,
) -> Agent | None:
    return pick_agent(
        language=language,
        platform=platform,
        agents=ROSTER if agents is None else agents,
        open_cases=open_cases or {},
        previous_agent=previous_agent,
        rr_counter=rr_counter,
    )


def test_an_agent_who_speaks_the_language_gets_the_case() -> None:
    assert pick(language="sv") == LINNEA
    assert pick(language="de", rr_counter=1) in (DAAN, JONAS)


def test_round_robin_shares_cases_fairly_among_qualifying_agents() -> None:
    picked = [pick(language="nl", rr_counter=i) for i in range(10)]
    assert Counter(a.name for a in picked if a) == {"Sanne": 5, "Daan": 5}


def test_without_a_speaker_of_the_language_an_english_speaker_takes_it() -> None:
    assert pick(language="und", rr_counter=0) == SANNE
    assert pick(language="und", rr_counter=1) == LINNEA


def test_without_an_english_speaker_the_lead_takes_it() -> None:
    roster = [JONAS, EMMA]
    assert pick(language="sv", agents=roster) == EMMA


def test_without_a_lead_anyone_takes_it() -> None:
    assert pick(language="sv", agents=[JONAS]) == JONAS


def test_an_agent_not_on_the_channel_is_passed_over() -> None:
    insta_only = agent("Iris", "nl", channels=["instagram"])
    roster = [insta_only, SANNE]
    assert pick(platform="facebook", agents=roster) == SANNE
    assert pick(platform="instagram", agents=roster, rr_counter=0) == insta_only


def test_an_agent_at_capacity_is_passed_over() -> None:
    full = {"Sanne": SANNE.capacity}
    assert pick(open_cases=full, rr_counter=0) == DAAN
    assert pick(open_cases=full, rr_counter=1) == DAAN


def test_the_same_customer_goes_back_to_their_previous_agent() -> None:
    for counter in range(4):
        assert pick(previous_agent="Daan", rr_counter=counter) == DAAN


def test_a_previous_agent_at_capacity_does_not_get_the_customer_back() -> None:
    assert pick(previous_agent="Daan", open_cases={"Daan": 25}, rr_counter=1) == SANNE


def test_a_previous_agent_without_the_language_does_not_get_the_customer_back() -> None:
    assert pick(language="sv", previous_agent="Jonas") == LINNEA


def test_when_everyone_is_full_the_case_still_gets_an_owner_who_speaks_the_language() -> None:
    full = {a.name: a.capacity for a in ROSTER}
    assert pick(language="sv", open_cases=full) == LINNEA


def test_when_nobody_is_on_the_channel_the_case_still_gets_an_owner() -> None:
    roster = [agent("Iris", "nl", channels=["instagram"])]
    assert pick(platform="x", agents=roster) == roster[0]


def test_an_empty_roster_gives_nobody() -> None:
    assert pick(agents=[]) is None

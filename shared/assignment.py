"""Who handles a case: language first, then channel and capacity, fairly shared.

Pure: the caller passes the open-case counts and a round-robin counter it increments.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from datetime import datetime
from zoneinfo import ZoneInfo

from shared.policy import Agent, Policy

OnShift = Callable[[Agent], bool]


def pick_agent(
    *,
    language: str,
    platform: str,
    agents: Sequence[Agent],
    open_cases: Mapping[str, int],
    previous_agent: str | None,
    rr_counter: int,
    on_shift: OnShift | None = None,
    exclude: frozenset[str] = frozenset(),
) -> Agent | None:
    """The agent for a case in ``language`` on ``platform``; None only for an empty roster.

    Agents are tried in tiers: those who speak the language, then those who speak English,
    then the lead, then anyone. In each tier an agent qualifies when on the channel
    (``channels`` None means every channel) and under capacity. The first tier with a
    qualifying agent wins: the customer's ``previous_agent`` when among them (one face for
    one customer), else round-robin by ``rr_counter`` in roster order. When nobody has
    capacity, the tiers are tried again ignoring capacity, then ignoring the channel too,
    so a case is never left without an owner.

    ``on_shift`` (None: everyone is) narrows the first passes to agents working now; when
    nobody qualifies on shift, agents off shift are taken so the case waits for their next
    shift rather than for nobody. ``exclude`` leaves out agents (a case being reassigned).
    """
    agents = [a for a in agents if a.name not in exclude] or list(agents)
    if not agents:
        return None
    # Each agent is looked at once: the tiers they belong to and whether they are on shift,
    # on the channel and under capacity; the passes below only combine these.
    rows = []
    for agent in agents:
        on_channel = agent.channels is None or platform in agent.channels
        working = on_shift is None or on_shift(agent)
        free = open_cases.get(agent.name, 0) < agent.capacity
        tiers = (language in agent.languages, "en" in agent.languages, agent.lead, True)
        passes = (
            working and on_channel and free,
            working and on_channel,
            on_channel and free,
            on_channel,
            True,
        )
        rows.append((agent, tiers, passes))
    for qualifies in range(len(_PASSES)):
        for tier in range(len(_TIERS)):
            eligible = [agent for agent, tiers, passes in rows if tiers[tier] and passes[qualifies]]
            if not eligible:
                continue
            for agent in eligible:
                if agent.name == previous_agent:
                    return agent
            return eligible[rr_counter % len(eligible)]
    return None  # unreachable: the last pass accepts every agent of a non-empty roster


#: The passes, most wanted first: on shift, on the channel and under capacity; then without
#: capacity; then off shift too; then only the channel; then anyone.
_PASSES = ("available", "on_shift", "has_capacity", "on_channel", "anyone")
#: The tiers within a pass: the case's language, English, the lead, anyone.
_TIERS = ("language", "english", "lead", "anyone")


def on_shift_at(now: datetime, policy: Policy) -> OnShift:
    """Whether an agent works at ``now``: their shifts in the policy calendar's timezone."""
    local = now.astimezone(ZoneInfo(policy.calendar.timezone))
    day = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")[local.weekday()]

    def working(agent: Agent) -> bool:
        if agent.shifts is None:
            return True
        return any(slot.start <= local.time() < slot.end for slot in agent.shifts.get(day, []))

    return working

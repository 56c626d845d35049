"""The optional language-model backend: off by default, and held to the same checks."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime
from typing import Any

import pytest

from services.respond.drafting import draft_reply
from services.respond.handlers import Drafter
from shared.clock import FrozenClock
from shared.events import CaseRouted
from shared.policy import LanguageModel, Policy, PolicyHolder
from shared.replies import backends
from shared.settings import DEFAULT_POLICY_FILE
from tests.unit.test_respond_templates import (
    COMPLAINTS,
    POLICY,
    SANNE,
    make_classification,
    make_comment,
)

GOOD = (
    "Hoi Jan,\nWat vervelend dat je pakket nog niet bezorgd is, sorry daarvoor. "
    "Wil je me mailen via sanne@webcare.example? Dan zoeken we het samen uit.\nGroet, Sanne"
)


class ScriptedModel:
    """A test double: answers with a fixed text (or raises) and keeps the prompts it saw."""

    def __init__(self, answer: str = GOOD, error: Exception | None = None) -> None:
        self.answer = answer
        self.error = error
        self.prompts: list[str] = []

    async def complete(self, prompt: str) -> str:
        self.prompts.append(prompt)
        if self.error is not None:
            raise self.error
        return self.answer


def make_model() -> ScriptedModel:
    """The factory a policy names as ``tests.unit.test_respond_backends:make_model``."""
    return ScriptedModel()


def enabled(policy: Policy = POLICY, **fields: Any) -> Policy:
    model = LanguageModel(enabled=True, name="scripted", **fields)
    return policy.model_copy(
        update={"replies": policy.replies.model_copy(update={"language_model": model})}
    )


def routed(text: str = COMPLAINTS["nl"], language: str = "nl") -> CaseRouted:
    return CaseRouted(
        correlation_id="c", comment=make_comment(text), classification=make_classification(language),
        action="respond_offline", case_id=uuid.UUID(int=7), priority="normal",
        first_response_due=None, resolution_due=None, assignee=SANNE, rule="complaint",
        policy_version="t", routed_at=datetime(2026, 3, 2, 10, tzinfo=UTC),
    )  # fmt: skip


async def test_the_model_is_off_by_default_even_when_one_is_wired() -> None:
    model = ScriptedModel()
    drafted = await draft_reply(routed(), policy=POLICY, avoid_texts=(), model=model)
    assert drafted is not None and drafted.drafted_by == "blocks"
    assert model.prompts == []


async def test_a_model_draft_that_passes_every_check_is_used() -> None:
    drafted = await draft_reply(routed(), policy=enabled(), avoid_texts=(), model=ScriptedModel())
    assert drafted is not None
    assert (drafted.text, drafted.drafted_by, drafted.checks_failed) == (GOOD, "scripted", ())
    assert drafted.model_discarded == ()


@pytest.mark.parametrize(
    ("answer", "reason"),
    [
        (GOOD.replace("sorry daarvoor", "sorry voor deze negatieve ervaring"), "banned_phrase"),
        (GOOD.replace("je pakket", "bestelling 98765432"), "personal_data"),
        (GOOD.replace("Hoi Jan", "Hoi Piet"), "greeting_name"),
        (GOOD.replace("Wil je me mailen via sanne@webcare.example? ", ""), "private_channel"),
        (GOOD.replace("sorry daarvoor", "je krijgt je geld terug"), "compensation"),
        ("Hi Jan,\nSorry about your parcel, email sanne@webcare.example.\nBest, Sanne", "language"),
    ],
)
async def test_a_model_draft_that_fails_a_check_is_replaced_by_the_building_blocks(
    answer: str, reason: str
) -> None:
    drafted = await draft_reply(
        routed(), policy=enabled(), avoid_texts=(), model=ScriptedModel(answer)
    )
    assert drafted is not None and drafted.drafted_by == "blocks"
    assert reason in drafted.model_discarded
    assert drafted.text != answer and drafted.checks_failed == ()


async def test_a_model_draft_that_repeats_an_earlier_reply_is_not_used() -> None:
    drafted = await draft_reply(
        routed(), policy=enabled(), avoid_texts=(GOOD,), model=ScriptedModel()
    )
    assert drafted is not None and drafted.drafted_by == "blocks"
    assert drafted.model_discarded == ("repeat",)


async def test_a_failing_model_falls_back_to_the_building_blocks() -> None:
    model = ScriptedModel(error=TimeoutError("slow"))
    drafted = await draft_reply(routed(), policy=enabled(), avoid_texts=(), model=model)
    assert drafted is not None and drafted.drafted_by == "blocks"
    assert drafted.model_discarded == ("error:TimeoutError",)


async def test_the_prompt_carries_the_playbook_rules_for_this_case() -> None:
    model = ScriptedModel()
    await draft_reply(routed(), policy=enabled(), avoid_texts=("earlier",), model=model)
    prompt = model.prompts[0]
    for expected in (
        "Dutch", "'je'", "first name: Jan", "Sign with 'Sanne'", "sanne@webcare.example",
        "negatieve ervaring", "compensation", "word for word", COMPLAINTS["nl"],
    ):  # fmt: skip
        assert expected in prompt, expected


def test_a_model_is_built_from_the_factory_the_policy_names() -> None:
    model = backends.load_model("tests.unit.test_respond_backends:make_model")
    assert isinstance(model, ScriptedModel)
    with pytest.raises(ValueError, match="module:callable"):
        backends.load_model("no_colon_here")
    with pytest.raises(TypeError, match="complete"):
        backends.load_model("builtins:object")


def test_a_models_answer_is_cleaned_into_lines() -> None:
    assert backends.clean('  "Hi Jan,\n\n  Thanks   a lot.\n Best, Sanne "  ') == (
        "Hi Jan,\nThanks a lot.\nBest, Sanne"
    )


def test_a_model_factory_that_cannot_be_loaded_leaves_the_drafts_to_the_blocks() -> None:
    drafter = Drafter(
        policy=PolicyHolder(DEFAULT_POLICY_FILE),
        clock=FrozenClock(datetime(2026, 3, 2, tzinfo=UTC)),
    )
    assert drafter.model(POLICY) == (None, None)
    broken = enabled(factory="no_such_module_here:make")
    assert drafter.model(broken) == (None, "unavailable:ModuleNotFoundError")
    working = enabled(factory="tests.unit.test_respond_backends:make_model")
    model, problem = drafter.model(working)
    assert isinstance(model, ScriptedModel) and problem is None

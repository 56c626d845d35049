"""The policy file: the shipped default, errors that point at file/line/field, hot reload."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from shared.policy import PolicyError, PolicyHolder, load_policy

DEFAULT_FILE = Path(__file__).parents[2] / "shared" / "default_policy.yaml"

VALID = """\
version: "t1"
calendar:
  timezone: Europe/Amsterdam
  week:
    mon: [{start: "09:00", end: "17:00"}]
rules:
  - name: everything-to-a-person
    action: human_review
agents:
  - {name: Sanne, languages: [nl], contact: s@example.org}
"""


def write(tmp_path: Path, text: str, name: str = "policy.yaml") -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def problem_lines(error: PolicyError) -> list[tuple[int | None, str]]:
    return [(line, field) for line, field, _ in error.problems]


def test_the_shipped_default_policy_loads() -> None:
    policy = load_policy(DEFAULT_FILE)
    assert policy.rules and policy.agents
    assert policy.calendar.timezone == "Europe/Amsterdam"
    assert policy.sla.targets["normal"].first_response_minutes == 60


def test_a_valid_file_loads(tmp_path: Path) -> None:
    assert load_policy(write(tmp_path, VALID)).version == "t1"


def test_a_bad_action_name_is_reported_with_file_line_and_field(tmp_path: Path) -> None:
    path = write(tmp_path, VALID.replace("action: human_review", "action: delete_everything"))
    with pytest.raises(PolicyError) as caught:
        load_policy(path)
    assert problem_lines(caught.value) == [(8, "rules.0.action")]
    assert f"{path}:8: rules.0.action:" in str(caught.value)


def test_a_missing_rules_section_is_reported_by_name(tmp_path: Path) -> None:
    text = VALID.replace("rules:\n  - name: everything-to-a-person\n    action: human_review\n", "")
    path = write(tmp_path, text)
    with pytest.raises(PolicyError) as caught:
        load_policy(path)
    # A missing top-level field has no line of its own: it points at the document start.
    assert problem_lines(caught.value) == [(1, "rules")]
    assert str(path) in str(caught.value)
    assert "Field required" in str(caught.value)


def test_an_unknown_timezone_is_reported_on_its_line(tmp_path: Path) -> None:
    path = write(tmp_path, VALID.replace("Europe/Amsterdam", "Europe/Atlantis"))
    with pytest.raises(PolicyError) as caught:
        load_policy(path)
    assert problem_lines(caught.value) == [(3, "calendar.timezone")]
    assert "Europe/Atlantis" in str(caught.value)


def test_a_slot_that_ends_before_it_starts_is_reported_on_its_line(tmp_path: Path) -> None:
    path = write(tmp_path, VALID.replace('end: "17:00"', 'end: "08:00"'))
    with pytest.raises(PolicyError) as caught:
        load_policy(path)
    assert problem_lines(caught.value) == [(5, "calendar.week.mon.0.end")]
    assert "end must be after start" in str(caught.value)


def test_a_closure_that_ends_before_it_starts_is_reported_on_its_line(tmp_path: Path) -> None:
    text = VALID.replace(
        "rules:", "  closures:\n    - {date: 2026-05-05, until: 2026-05-01}\nrules:"
    )
    path = write(tmp_path, text)
    with pytest.raises(PolicyError) as caught:
        load_policy(path)
    assert problem_lines(caught.value) == [(7, "calendar.closures.0.until")]


def test_a_rule_without_an_action_is_reported_on_the_rule_line(tmp_path: Path) -> None:
    path = write(tmp_path, VALID.replace("    action: human_review\n", ""))
    with pytest.raises(PolicyError) as caught:
        load_policy(path)
    assert problem_lines(caught.value) == [(7, "rules.0.action")]


def test_broken_yaml_is_reported_with_its_line(tmp_path: Path) -> None:
    path = write(tmp_path, VALID.replace("rules:", "rules: [unclosed"))
    with pytest.raises(PolicyError) as caught:
        load_policy(path)
    assert str(path) in str(caught.value)
    assert caught.value.problems[0][0] is not None


def test_the_holder_keeps_the_old_policy_when_the_file_turns_invalid(tmp_path: Path) -> None:
    path = write(tmp_path, VALID)
    holder = PolicyHolder(path)
    assert holder.current().version == "t1"

    path.write_text(VALID.replace("human_review", "nonsense"), encoding="utf-8")
    bump_mtime(path, 10)
    assert holder.current().version == "t1"
    assert isinstance(holder.last_error, PolicyError)

    path.write_text(VALID.replace('"t1"', '"t2"'), encoding="utf-8")
    bump_mtime(path, 20)
    assert holder.current().version == "t2"
    assert holder.last_error is None


def test_the_holder_does_not_reread_an_unchanged_file(tmp_path: Path) -> None:
    path = write(tmp_path, VALID)
    holder = PolicyHolder(path)
    first = holder.current()
    assert holder.current() is first


def bump_mtime(path: Path, seconds: int) -> None:
    stat = path.stat()
    os.utime(path, (stat.st_atime + seconds, stat.st_mtime + seconds))

"""The policy file: what a webcare team changes without a deploy.

The file is YAML, validated at start and on reload. An invalid file is refused with the
file, line and field; the caller keeps the policy that was in force. The shipped default
(``shared/default_policy.yaml``) follows the playbook.
"""

from __future__ import annotations

import functools
import hashlib
from collections.abc import Mapping
from datetime import date, time
from pathlib import Path
from typing import Any, Literal

import yaml
from pydantic import (
    BaseModel,
    ConfigDict,
    Field,
    ValidationError,
    ValidationInfo,
    field_validator,
    model_validator,
)

from shared.events import (
    Action,
    Assignee,
    Intent,
    Language,
    Platform,
    Priority,
    ReplyKind,
    Sentiment,
)

Weekday = Literal["mon", "tue", "wed", "thu", "fri", "sat", "sun"]
WEEKDAYS: tuple[Weekday, ...] = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")


class _Model(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")


class TimeSlot(_Model):
    """One opening period of a day, ``start`` inclusive, ``end`` exclusive (local time)."""

    start: time
    end: time

    @field_validator("end")
    @classmethod
    def _ordered(cls, end: time, info: ValidationInfo) -> time:
        # A field validator (not a model one) so the error points at ``end`` and its line.
        start = info.data.get("start")
        if start is not None and end <= start:
            raise ValueError(f"end must be after start ({start.isoformat('minutes')})")
        return end


#: ``ExtraClosure`` has a field named ``date``; the alias keeps the type readable to mypy.
_Date = date


class ExtraClosure(_Model):
    """A closed date, a range of dates, or part of a day, on top of national holidays."""

    date: _Date
    until: _Date | None = None
    #: When given, only these hours are closed on the date(s); otherwise the whole day.
    closed: list[TimeSlot] | None = None
    name: str | None = None

    @field_validator("until")
    @classmethod
    def _until_not_before_date(cls, until: Any, info: ValidationInfo) -> Any:
        first = info.data.get("date")
        if until is not None and first is not None and until < first:
            raise ValueError(f"until must not be before date ({first.isoformat()})")
        return until


def _default_week() -> dict[Weekday, list[TimeSlot]]:
    nine_to_five = [TimeSlot(start=time(9), end=time(17))]
    return {d: list(nine_to_five) for d in ("mon", "tue", "wed", "thu", "fri")}


class Calendar(_Model):
    """Business hours: the clock SLA deadlines are counted on."""

    timezone: str = "Europe/Amsterdam"
    week: dict[Weekday, list[TimeSlot]] = Field(default_factory=_default_week)
    #: ISO country code for national holidays (the ``holidays`` package); None for none.
    holidays_country: str | None = "NL"
    closures: list[ExtraClosure] = Field(default_factory=list)

    @field_validator("timezone")
    @classmethod
    def _known_timezone(cls, value: str) -> str:
        from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

        try:
            ZoneInfo(value)
        except (ZoneInfoNotFoundError, ValueError) as exc:
            raise ValueError(f"unknown timezone {value!r}") from exc
        return value


class SlaTarget(_Model):
    """Deadlines for one priority, in minutes on the chosen clock."""

    first_response_minutes: int = Field(gt=0)
    resolution_minutes: int = Field(gt=0)
    #: ``business`` counts only business hours; ``calendar`` counts around the clock.
    clock: Literal["business", "calendar"] = "business"


def _default_targets() -> dict[Priority, SlaTarget]:
    return {
        "critical": SlaTarget(first_response_minutes=15, resolution_minutes=240, clock="calendar"),
        "high": SlaTarget(first_response_minutes=30, resolution_minutes=240),
        "normal": SlaTarget(first_response_minutes=60, resolution_minutes=480),
        "low": SlaTarget(first_response_minutes=240, resolution_minutes=960),
    }


class Sla(_Model):
    targets: dict[Priority, SlaTarget] = Field(default_factory=_default_targets)
    #: A warning goes out this long before a deadline.
    warning_minutes: int = Field(default=15, ge=0)

    @model_validator(mode="after")
    def _every_priority(self) -> Sla:
        missing = [p for p in ("critical", "high", "normal", "low") if p not in self.targets]
        if missing:
            raise ValueError(f"targets missing for priorities: {', '.join(missing)}")
        return self


class Conditions(_Model):
    """When a rule applies. Every given condition must hold; an empty set always holds."""

    intent: list[Intent] | None = None
    sentiment: list[Sentiment] | None = None
    language: list[Language] | None = None
    platform: list[Platform] | None = None
    owned_channel: bool | None = None
    min_confidence: float | None = Field(default=None, ge=0, le=1)
    max_confidence: float | None = Field(default=None, ge=0, le=1)
    min_toxicity: float | None = Field(default=None, ge=0, le=1)
    min_reach: float | None = Field(default=None, ge=0, le=1)
    min_followers: int | None = Field(default=None, ge=0)
    #: Likes, replies and shares per minute since the comment was first seen.
    min_reach_growth: float | None = Field(default=None, ge=0)
    #: Earlier troll or abuse decisions about the same author.
    min_author_troll_count: int | None = Field(default=None, ge=0)
    max_author_troll_count: int | None = Field(default=None, ge=0)
    min_author_abuse_count: int | None = Field(default=None, ge=0)
    #: Case-insensitive words or phrases; any one present is enough.
    keywords: list[str] | None = None
    business_hours: bool | None = None
    brand: list[str] | None = None


class Rule(_Model):
    """A routing rule: the first rule whose conditions hold decides."""

    name: str = Field(min_length=1)
    when: Conditions = Field(default_factory=Conditions)
    action: Action
    priority: Priority = "normal"
    #: May the draft for this decision go out without a person approving it?
    auto_send: bool = False


class Agent(_Model):
    """A member of the webcare team."""

    name: str = Field(min_length=1)
    languages: list[Language]
    channels: list[Platform] | None = None
    contact_kind: Literal["dm", "email", "phone"] = "email"
    contact: str = Field(min_length=1)
    capacity: int = Field(default=25, ge=1)
    team: str | None = None
    lead: bool = False
    #: Working hours in the policy calendar's timezone; None means whenever the team is open.
    shifts: dict[Weekday, list[TimeSlot]] | None = None


class Register(_Model):
    """Formal or informal address per language (u/je, ni/du, Sie/du, vous/tu, you)."""

    nl: Literal["formal", "informal"] = "informal"
    sv: Literal["formal", "informal"] = "informal"
    en: Literal["formal", "informal"] = "informal"
    de: Literal["formal", "informal"] = "formal"
    fr: Literal["formal", "informal"] = "formal"


class Replies(_Model):
    """How drafts are written and checked."""

    model_config = ConfigDict(frozen=True, extra="forbid", populate_by_name=True)

    #: ``register`` in the file: formal or informal address per language.
    address: Register = Field(default_factory=Register, alias="register")
    #: Sign with the team name after the agent's first name.
    sign_with_team: bool = True
    #: Words that must never appear in a public reply, per language (playbook 5: SEO).
    banned_phrases: dict[Language, list[str]] = Field(default_factory=dict)
    #: Editable building blocks per language; see the default file for the block names.
    blocks: dict[Language, dict[str, list[str]]] = Field(default_factory=dict)
    #: Questions the team answers publicly; a matching entry is used for ``answer`` drafts.
    faq: list[FaqEntry] = Field(default_factory=list)
    #: Apologise only when the classification or these keywords say the fault is ours.
    apology_keywords: dict[Language, list[str]] = Field(default_factory=dict)
    #: Topics (``delivery bill outage staff app product waiting``) where a complaint is
    #: plausibly the brand's fault whatever the wording: the draft apologises.
    apology_topics: list[str] = Field(default_factory=lambda: ["outage"])
    #: Classification reasons (e.g. ``rule:customer-problem``) that count as the brand's
    #: fault; empty by default, so the wording and the topic decide.
    apology_reasons: list[str] = Field(default_factory=list)
    max_chars: dict[Platform, int] = Field(default_factory=lambda: {"x": 280})
    #: May a reply (a draft or a person's edit) promise compensation: a refund, a discount,
    #: a voucher? When false the ``compensation`` check fails such a text.
    allow_compensation: bool = False
    #: What may go out without a person approving it, and what no approval overrides.
    approval: ApprovalPolicy = Field(default_factory=lambda: ApprovalPolicy())
    #: An optional language-model backend for drafts; off by default.
    language_model: LanguageModel = Field(default_factory=lambda: LanguageModel())


def _first_public_reply() -> list[ReplyKind]:
    return ["public_reply"]


class AutoSend(_Model):
    """One kind of draft that may go out without approval; every given condition must hold.

    A draft that fails any check never goes out on its own, whatever matches here.
    """

    name: str = Field(min_length=1)
    actions: list[Action] | None = None
    intents: list[Intent] | None = None
    platforms: list[Platform] | None = None
    languages: list[Language] | None = None
    #: Reply kinds (``public_reply private_reply followup_public followup_private``).
    kinds: list[ReplyKind] = Field(default_factory=_first_public_reply)
    #: The classification's overall confidence must be at least this.
    min_confidence: float | None = Field(default=None, ge=0, le=1)
    owned_channel: bool | None = None
    priorities: list[Priority] | None = None


#: The names ``shared.replies.checks`` reports.
CheckName = Literal[
    "empty",
    "language",
    "banned_phrase",
    "personal_data",
    "length",
    "greeting_name",
    "signature",
    "private_channel",
    "compensation",
]


def _default_blocking_checks() -> list[CheckName]:
    return ["empty", "banned_phrase", "personal_data", "length", "compensation"]


class ApprovalPolicy(_Model):
    """Which drafts go out without a person, and which failed checks no person overrides."""

    #: Drafts matching one of these go out at once (when they pass every check).
    auto_send: list[AutoSend] = Field(default_factory=list)
    #: Also honour a routing rule's ``auto_send`` flag (the rule-level switch).
    rule_auto_send: bool = True
    #: Checks a person's approval or edit cannot override: a text failing one of these is
    #: refused and the reply keeps waiting with the reasons.
    blocking_checks: list[CheckName] = Field(default_factory=_default_blocking_checks)


class LanguageModel(_Model):
    """An optional language-model drafting backend; its drafts pass the same checks.

    ``factory`` is ``module:callable`` returning an object with ``async complete(prompt)``;
    when it is unset, disabled, or its draft fails a check, the building blocks are used.
    """

    enabled: bool = False
    factory: str | None = None
    #: A name recorded with each draft it wrote.
    name: str = "language-model"


class FaqEntry(_Model):
    topic: str
    language: Language
    keywords: list[str]
    answer: str


class DoNotEngage(_Model):
    """Threads and topics where the brand stays out (playbook 3: hostile communities)."""

    threads: list[str] = Field(default_factory=list)
    topics: list[str] = Field(default_factory=list)


class Escalation(_Model):
    """When an open case gets more urgent, when work moves to another agent, what a crisis is."""

    #: Likes + replies + shares per minute that count as fast-growing reach.
    reach_growth_per_minute: float = Field(default=5.0, gt=0)
    #: An author with at least this many followers raises the priority one step.
    followers: int = Field(default=10_000, ge=1)
    #: A case with no reply this many business minutes after assignment goes to another agent.
    reassign_after_minutes: int = Field(default=30, ge=1)
    #: A breach raises the case one priority step and notifies the team lead.
    breach_raises_priority: bool = True
    #: Crisis: negative comments on one thread in this window ...
    crisis_window_minutes: int = Field(default=60, ge=5)
    #: ... at least this many ...
    crisis_min_negative: int = Field(default=10, ge=2)
    #: ... and this many times the thread's usual rate over the baseline days.
    crisis_baseline_factor: float = Field(default=5.0, ge=1)
    crisis_baseline_days: int = Field(default=7, ge=1)


class Policy(_Model):
    """The whole policy file."""

    version: str = Field(min_length=1)
    brand: str = "webcare"
    team: str | None = None
    calendar: Calendar = Field(default_factory=Calendar)
    #: Business hours per language where a team in another country answers those comments.
    calendars: dict[Language, Calendar] = Field(default_factory=dict)
    sla: Sla = Field(default_factory=Sla)
    escalation: Escalation = Field(default_factory=Escalation)
    rules: list[Rule] = Field(min_length=1)
    #: The decision when no rule matches.
    fallback: Rule = Field(
        default_factory=lambda: Rule(name="fallback", action="human_review", priority="normal")
    )
    agents: list[Agent] = Field(min_length=1)
    replies: Replies = Field(default_factory=Replies)
    do_not_engage: DoNotEngage = Field(default_factory=DoNotEngage)

    @model_validator(mode="after")
    def _unique_rule_names(self) -> Policy:
        seen: set[str] = set()
        for rule in self.rules:
            if rule.name in seen:
                raise ValueError(f"rule name {rule.name!r} is used twice")
            seen.add(rule.name)
        return self

    def calendar_for(self, language: str) -> Calendar:
        """The business hours that apply to a comment in ``language``."""
        return self.calendars.get(language, self.calendar)  # type: ignore[call-overload]

    def assignee(self, name: str | None) -> Assignee | None:
        """The roster entry of ``name`` as it goes on events, or None when not on the roster."""
        for agent in self.agents:
            if agent.name == name:
                return Assignee(
                    name=agent.name,
                    contact_kind=agent.contact_kind,
                    contact=agent.contact,
                    team=agent.team or self.team,
                )
        return None

    def model_copy(self, *, update: Mapping[str, Any] | None = None, deep: bool = False) -> Policy:
        """A copy hashes its own content: the cached fingerprint is not carried over."""
        copy = super().model_copy(update=update, deep=deep)
        copy.__dict__.pop("fingerprint", None)
        return copy

    @functools.cached_property
    def fingerprint(self) -> str:
        """``version`` plus a short hash of the content, recorded with every decision; hashed
        once per policy (it is frozen, and a reload makes a new one)."""
        digest = hashlib.sha256(self.model_dump_json().encode()).hexdigest()[:8]
        return f"{self.version}+{digest}"


Replies.model_rebuild()


_PRIORITY_STEPS: tuple[Priority, ...] = ("low", "normal", "high", "critical")


def raise_priority(priority: Priority, steps: int = 1) -> Priority:
    """One (or more) steps more urgent, never past critical."""
    index = _PRIORITY_STEPS.index(priority) + steps
    return _PRIORITY_STEPS[min(index, len(_PRIORITY_STEPS) - 1)]


class PolicyError(ValueError):
    """The policy file is invalid; the message names the file, line and field."""

    def __init__(self, file: Path, problems: list[tuple[int | None, str, str]]) -> None:
        self.file = file
        self.problems = problems
        lines = [
            f"{file}:{line if line is not None else '?'}: {field}: {message}"
            for line, field, message in problems
        ]
        super().__init__("invalid policy file\n" + "\n".join(lines))


def _line_index(node: yaml.Node, path: tuple[Any, ...] = ()) -> dict[tuple[Any, ...], int]:
    """Map each key path of a YAML document to its 1-based line number."""
    index = {path: node.start_mark.line + 1}
    if isinstance(node, yaml.MappingNode):
        for key_node, value_node in node.value:
            child = (*path, key_node.value)
            index.update(_line_index(value_node, child))
            index[child] = key_node.start_mark.line + 1
    elif isinstance(node, yaml.SequenceNode):
        for i, item in enumerate(node.value):
            index.update(_line_index(item, (*path, i)))
    return index


def _line_for(index: dict[tuple[Any, ...], int], loc: tuple[Any, ...]) -> int | None:
    path = tuple(str(p) if not isinstance(p, int) else p for p in loc)
    while path:
        if path in index:
            return index[path]
        path = path[:-1]
    return index.get(())


def parse_policy(text: str, file: Path) -> Policy:
    """Validate a policy document; raise ``PolicyError`` naming file, line and field."""
    try:
        node = yaml.compose(text, Loader=yaml.SafeLoader)
        data = yaml.safe_load(text)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        line = mark.line + 1 if mark is not None else None
        raise PolicyError(file, [(line, "(yaml)", str(exc).splitlines()[0])]) from exc
    if not isinstance(data, dict) or node is None:
        raise PolicyError(file, [(1, "(document)", "must be a mapping of policy fields")])
    index = _line_index(node)
    try:
        return Policy.model_validate(data)
    except ValidationError as exc:
        problems = []
        for err in exc.errors():
            loc = tuple(err["loc"])
            field = ".".join(str(p) for p in loc) or "(document)"
            problems.append((_line_for(index, loc), field, err["msg"]))
        raise PolicyError(file, problems) from exc


def load_policy(path: Path) -> Policy:
    """Read and validate the policy file at ``path``."""
    try:
        text = path.read_text(encoding="utf-8")
    except OSError as exc:
        raise PolicyError(path, [(None, "(file)", f"cannot read: {exc.strerror}")]) from exc
    return parse_policy(text, path)


class PolicyHolder:
    """Keeps the policy in force and picks up a changed file without a restart.

    ``current()`` re-reads the file when its modification time changes; an invalid new
    file is reported once through ``last_error`` and the previous policy stays in force.
    """

    def __init__(self, path: Path) -> None:
        self.path = path
        self._policy = load_policy(path)
        self._mtime = self._stat()
        self.last_error: PolicyError | None = None

    def _stat(self) -> tuple[int, int] | None:
        # Size as well as time: two writes within the clock's resolution still differ.
        try:
            st = self.path.stat()
        except OSError:
            return None
        return (st.st_mtime_ns, st.st_size)

    def current(self) -> Policy:
        mtime = self._stat()
        if mtime is not None and mtime != self._mtime:
            self._mtime = mtime
            try:
                self._policy = load_policy(self.path)
                self.last_error = None
            except PolicyError as exc:
                self.last_error = exc
        return self._policy

"""Closing the loop: the customer's answer after resolution. Pure: no I/O, ``now`` passed in."""

from __future__ import annotations

import re
from datetime import datetime

from shared.business_hours import BusinessCalendar, deadline
from shared.db import Case
from shared.policy import Policy

#: "Leave me alone" in the five languages: no more public follow-ups for this customer.
_NO_CONTACT = re.compile(
    r"\b(laat me (met rust|verder met rust)|geen contact meer|niet meer benaderen|"
    r"lämna mig ifred|ingen mer kontakt|kontakta mig inte|"
    r"leave me alone|no more contact|stop contacting me|do not contact me|don'?t contact me|"
    r"lassen sie mich in ruhe|lasst mich in ruhe|kein(en)? kontakt mehr|kontaktieren sie mich nicht|"
    r"laissez-moi tranquille|ne me contactez plus|plus de contact)\b",
    re.IGNORECASE,
)

#: Ratings at or below this reopen the case.
UNHAPPY_RATING = 2


def wants_no_contact(text: str | None) -> bool:
    return bool(text) and _NO_CONTACT.search(text or "") is not None


def reopen(case: Case, now: datetime, *, policy: Policy, calendar: BusinessCalendar) -> None:
    """The problem is not solved after all: a fresh response and resolution deadline."""
    target = policy.sla.targets[case.priority]  # type: ignore[index]
    case.status = "reopened"
    case.resolved_at = None
    case.reopened = (case.reopened or 0) + 1
    case.next_response_due = deadline(
        now, target.first_response_minutes, clock=target.clock, calendar=calendar
    )
    case.next_response_at = None
    case.resolution_due = deadline(
        now, target.resolution_minutes, clock=target.clock, calendar=calendar
    )
    case.warned_next_response = case.breached_next_response = False
    case.warned_resolution = case.breached_resolution = False
    case.paused_at = None
    case.updated_at = now


#: The private satisfaction question (1 to 5), per language and register.
SATISFACTION_QUESTION: dict[str, dict[str, str]] = {
    "nl": {
        "informal": "Hoe tevreden ben je over onze hulp, op een schaal van 1 tot 5?",
        "formal": "Hoe tevreden bent u over onze hulp, op een schaal van 1 tot 5?",
    },
    "sv": {
        "informal": "Hur nöjd är du med vår hjälp, på en skala från 1 till 5?",
        "formal": "Hur nöjda är ni med vår hjälp, på en skala från 1 till 5?",
    },
    "en": {
        "informal": "How happy are you with our help, on a scale from 1 to 5?",
        "formal": "How satisfied are you with our help, on a scale from 1 to 5?",
    },
    "de": {
        "informal": "Wie zufrieden bist du mit unserer Hilfe, auf einer Skala von 1 bis 5?",
        "formal": "Wie zufrieden sind Sie mit unserer Hilfe, auf einer Skala von 1 bis 5?",
    },
    "fr": {
        "informal": "Sur une échelle de 1 à 5, es-tu satisfait de notre aide ?",
        "formal": "Sur une échelle de 1 à 5, êtes-vous satisfait de notre aide ?",
    },
}


def with_rating_question(text: str, language: str, register: str) -> str:
    """Put the 1-to-5 question just above the signature of a private follow-up."""
    question = SATISFACTION_QUESTION.get(language, SATISFACTION_QUESTION["en"])[register]
    lines = text.rstrip().splitlines()
    if len(lines) < 2:
        return f"{text.rstrip()}\n{question}"
    return "\n".join([*lines[:-1], question, lines[-1]])

"""What counts as a crisis on a thread, and how priorities step up. Pure."""

from __future__ import annotations

from dataclasses import dataclass

from shared.policy import Escalation


@dataclass(frozen=True)
class ThreadActivity:
    """Negative comments on one thread: in the recent window, and over the baseline days."""

    recent_negative: int
    baseline_negative: int


def is_crisis(activity: ThreadActivity, escalation: Escalation) -> tuple[bool, str]:
    """Far above the thread's usual rate, and not just a handful: a crisis, with the why."""
    windows = escalation.crisis_baseline_days * 24 * 60 / escalation.crisis_window_minutes
    usual = activity.baseline_negative / windows
    threshold = max(escalation.crisis_min_negative, escalation.crisis_baseline_factor * usual)
    why = (
        f"{activity.recent_negative} negative comments in {escalation.crisis_window_minutes} min "
        f"(usual {usual:.1f}, threshold {threshold:.1f})"
    )
    return activity.recent_negative >= threshold, why


def reach_growth(total: int, minutes: float) -> float:
    """Likes, replies and shares per minute since the comment was posted."""
    return total / max(minutes, 1.0)

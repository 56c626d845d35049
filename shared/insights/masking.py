"""Example comments for a report: short, and without contact details or order numbers.

A report is read by the whole team (CLI, API), so an example keeps what the complaint
says and loses what identifies the customer: e-mail addresses, phone numbers, order and
customer numbers, @handles and the paths of links. Authors' names are never included.
"""

from __future__ import annotations

import re

EXAMPLE_CHARS = 140

_EMAIL = re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+")
_URL = re.compile(r"\bhttps?://([^/\s]+)\S*|\bwww\.([^/\s]+)\S*", re.IGNORECASE)
# An international or local phone number: 8+ digits with the usual separators.
_PHONE = re.compile(r"(?<![\w#])\+?\(?\d[\d\s().-]{6,}\d(?![\w])")
# Order, customer and case numbers: "#12345", or any token with four or more digits
# (NL-48213, 20240117-77, A1234567), which also catches postcodes and IBAN-like strings.
_NUMBER = re.compile(r"#\s?\d{3,}|\b[\w-]*\d[\w-]*\b")
_HANDLE = re.compile(r"(?<![\w@])@\w{2,}")


def _mask_number(match: re.Match[str]) -> str:
    token = match.group(0)
    if token.startswith("#") or sum(ch.isdigit() for ch in token) >= 4:
        return "[number]"
    return token


def _mask_url(match: re.Match[str]) -> str:
    # The site stays (a petition platform is worth seeing); the path may name people.
    host = match.group(1) or match.group(2) or ""
    return f"[link {host.lower().removeprefix('www.')}]"


def mask(text: str) -> str:
    """``text`` with e-mail addresses, links' paths, phone numbers, long numbers and
    @handles replaced by a placeholder, and whitespace collapsed."""
    text = _EMAIL.sub("[email]", text)
    text = _URL.sub(_mask_url, text)
    text = _PHONE.sub("[phone]", text)
    text = _NUMBER.sub(_mask_number, text)
    text = _HANDLE.sub("@[user]", text)
    return " ".join(text.split())


def shorten(text: str, limit: int = EXAMPLE_CHARS) -> str:
    """Cut at a word boundary near ``limit`` characters, with an ellipsis when cut."""
    if len(text) <= limit:
        return text
    cut = text[: limit - 1]
    space = cut.rfind(" ")
    if space > limit // 2:
        cut = cut[:space]
    return cut.rstrip(" ,.;:-") + "…"


def example(text: str, limit: int = EXAMPLE_CHARS) -> str:
    """A comment as a report may show it: masked first, then shortened."""
    return shorten(mask(text), limit)

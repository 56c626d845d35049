"""Find a first name to greet someone by, from what the platform shows as their name.

A reply greets a person by first name (playbook 5, "Beste [naam]"). A wrong guess is worse
than no name, so anything doubtful gives ``None`` and the draft greets without a name:
company accounts, initials, handles, digits, emoji-only names. A handle is never returned.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

# fmt: off
#: Titles and salutations that can precede a first name; they are skipped, not returned.
_TITLES = frozenset(
    [
        "dr", "dr.", "drs", "drs.", "ir", "ir.", "ing", "ing.", "prof", "prof.", "mr", "mr.",
        "mrs", "mrs.", "ms", "ms.", "miss", "sir", "dame", "dhr", "dhr.", "mevr", "mevr.", "mw",
        "mw.", "mevrouw", "meneer", "heer", "herr", "frau", "hr", "hr.", "fr", "fr.", "mme",
        "mme.", "mlle", "mlle.", "madame", "monsieur", "fru",
    ]
)

#: Words that mark an organisation rather than a person (all languages, lower case).
_ORGANISATION_WORDS = frozenset(
    [
        "bv", "b.v.", "nv", "n.v.", "vof", "v.o.f.", "cv", "gmbh", "ag", "kg", "ug", "ab", "hb",
        "oy", "ltd", "ltd.", "inc", "inc.", "llc", "plc", "co", "co.", "corp", "corp.", "sa",
        "s.a.", "sarl", "sas", "sprl", "bvba", "asbl", "ev", "e.v.", "company", "compagnie",
        "groep", "group", "gruppe", "holding", "official", "officieel", "officiel", "offiziell",
        "support", "service", "services", "klantenservice", "kundenservice", "kundservice",
        "kundtjänst", "helpdesk", "webcare", "team", "customer", "care", "shop", "store", "winkel",
        "webshop", "butik", "laden", "boutique", "magasin", "bakkerij", "bakery", "bäckerei",
        "bageri", "boulangerie", "restaurant", "hotel", "café", "cafe", "gemeente", "municipality",
        "kommun", "gemeinde", "stadt", "stad", "city", "ville", "mairie", "provincie", "region",
        "regio", "news", "nieuws", "nachrichten", "nyheter", "media", "agency", "bureau",
        "stichting", "foundation", "stiftung", "vereniging", "verein", "förening", "association",
        "club", "fc",
    ]
)

#: Name particles: a display name that starts with one shows a surname, not a first name.
_PARTICLES = frozenset(
    [
        "van", "de", "der", "den", "ter", "ten", "te", "von", "vom", "zu", "la", "le", "du", "da",
        "di", "af", "av",
    ]
)

#: Words that are not names even when they look like one.
_NOT_NAMES = frozenset(
    [
        "the", "real", "mister", "anonymous", "anoniem", "anonym", "anonyme", "unknown", "user",
        "gebruiker", "admin",
    ]
)
# fmt: on

_NAME_RE = re.compile(r"^[^\W\d_]+(?:['’-][^\W\d_]+)*$")
_INITIAL_RE = re.compile(r"^[^\W\d_]\.?$|^(?:[^\W\d_]\.){2,}$")


def _clean(text: str) -> str:
    """Drop emoji, symbols and punctuation other than the ones names use."""
    kept = []
    for char in unicodedata.normalize("NFC", text):
        category = unicodedata.category(char)
        if category[0] in "LN" or char in " .'’-_@#" or category == "Mn":
            kept.append(char)
        else:
            kept.append(" ")
    return " ".join("".join(kept).split())


def _normalise_case(word: str) -> str:
    """``MAJA`` and ``maja`` become ``Maja``; ``LeBron`` and ``Anne-Marie`` stay as written."""
    if word.isupper() or word.islower():
        return "-".join(part.capitalize() for part in word.split("-"))
    return word


def _same_as_handle(display_name: str, handle: str | None) -> bool:
    if not handle:
        return False
    squash = re.compile(r"[\W_]+")
    return squash.sub("", display_name).casefold() == squash.sub("", handle).casefold()


@lru_cache(maxsize=16_384)
def first_name(display_name: str | None, handle: str | None = None) -> str | None:
    """The first name to greet the author by, or ``None`` when there is no safe one.

    ``display_name`` is what the platform shows; ``handle`` is the account name, passed so
    that a display name that merely repeats the handle is not mistaken for a name. A pure
    function of its two strings, so its answers are kept (a draft asks several times).
    """
    if not display_name:
        return None
    cleaned = _clean(display_name)
    if not cleaned or _same_as_handle(cleaned, handle):
        return None
    words = cleaned.split()
    if any({word.casefold(), word.casefold().strip(".")} & _ORGANISATION_WORDS for word in words):
        return None
    while words and words[0].casefold() in _TITLES:
        words = words[1:]
    if not words:
        return None
    candidate = words[0]
    if candidate.startswith(("@", "#")) or _INITIAL_RE.match(candidate):
        return None
    if candidate.casefold() in _PARTICLES or candidate.casefold() in _NOT_NAMES:
        return None
    if not _NAME_RE.match(candidate) or len(candidate) < 2 or len(candidate) > 30:
        return None
    # A lower-case start followed by capitals ("xXgamer", "jDoe") is a handle style.
    if candidate[0].islower() and any(char.isupper() for char in candidate):
        return None
    return _normalise_case(candidate)

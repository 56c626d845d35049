"""Turn a raw comment into the pieces the classifiers look at.

Everything here is cheap string work done once per comment, so that language detection,
lexicon matching and the rules all read the same tokens.
"""

from __future__ import annotations

import functools
import re
import unicodedata
from dataclasses import dataclass
from itertools import chain
from typing import Final

_URL = re.compile(
    r"(?:https?://|www\.)\S+|\b[\w-]+\.(?:com|nl|se|de|fr|io|ly|me|net|org)/\S*", re.I
)
_MENTION = re.compile(r"(?<![\w@])@\w+")
_RT = re.compile(r"^\s*RT\b:?", re.I)
# Words keep inner apostrophes and hyphens ("don't", "aujourd'hui", "e-mail").
_WORD = re.compile(r"[^\W\d_]+(?:['’\-][^\W\d_]+)*|\d+")
#: Distinct words whose lower-cased tokens are kept ready.
_WORD_CACHE: Final = 20_000
_ELISIONS = frozenset({"l", "d", "j", "n", "m", "t", "s", "c", "qu", "jusqu", "lorsqu", "puisqu"})
_EMOJI_RANGES = (
    (0x1F000, 0x1FAFF),
    (0x2600, 0x27BF),
    (0x2B00, 0x2BFF),
    (0xFE00, 0xFE0F),
)
_POSITIVE_EMOJI = frozenset("😀😃😄😁😊😍🥰😘🙂👍👏🙏❤💕💖💯🎉🥳✨💪🌟⭐😎🤩☺♥💙💚💛🧡💜🤗👌😻")
_NEGATIVE_EMOJI = frozenset("😠😡🤬😤😞😢😭😩😫😒🙄👎💩🤮🤢😖😣😔☹🙁😕😬🖕💔")
_LAUGH_EMOJI = frozenset("😂🤣😆😅🤡")
_HIGH = re.compile("[\u2600-\U0010ffff]")
_EMOJI = re.compile("[" + "".join(f"{chr(low)}-{chr(high)}" for low, high in _EMOJI_RANGES) + "]")


@dataclass(frozen=True, slots=True)
class Prepared:
    """A comment reduced to what the rules need.

    ``clean`` has URLs, @mentions and emojis removed and is what language detection sees;
    ``tokens`` are its lower-cased words (``words`` of them not numbers) and ``letters`` its
    letters (for the script).
    """

    clean: str
    tokens: tuple[str, ...]
    words: int
    letters: str
    urls: int
    mentions: int
    hashtags: int
    positive_emojis: int
    negative_emojis: int
    laugh_emojis: int
    question_marks: int
    exclamations: int
    shouting: bool

    @property
    def has_words(self) -> bool:
        return self.words > 0


@functools.lru_cache(maxsize=_WORD_CACHE)
def _word_tokens(word: str) -> tuple[str, ...]:
    token = word.lower().replace("’", "'")
    head, apostrophe, rest = token.partition("'")
    if apostrophe and rest and head in _ELISIONS:
        return (head + "'", rest)
    return (token,)


def tokenize(text: str) -> tuple[str, ...]:
    """Lower-cased words; French elisions split off ("j'ai" -> "j'", "ai").

    Lexicon phrases go through the same function, so they match however they are written.
    Each distinct word is lowered and split once (cached): comments repeat the same words.
    """
    return tuple(chain.from_iterable(map(_word_tokens, _WORD.findall(text))))


def prepare(text: str) -> Prepared:
    """Strip URLs, @mentions, a leading ``RT`` and emojis, and split into tokens."""
    normalised = unicodedata.normalize("NFC", text)
    # Both kinds of URL need a "/" or a "www." (in any case): without either the costly
    # pattern is skipped.
    if "/" in normalised or "www." in normalised.lower():
        without_urls, urls = _URL.subn(" ", normalised)
    else:
        without_urls, urls = normalised, 0
    without_rt, retweet = _RT.subn(" ", without_urls)
    if "@" not in without_urls:
        # Half the comments mention nobody: the pattern's look-behind at every character is
        # skipped for them.
        stripped, mentions = without_rt, 0
    elif retweet:
        # Counted before the "RT" goes: "RT@x" is no mention until the "RT" is removed.
        mentions = len(_MENTION.findall(without_urls))
        stripped = _MENTION.sub(" ", without_rt)
    else:
        stripped, mentions = _MENTION.subn(" ", without_rt)
    positive = negative = laugh = 0
    # Emojis and symbols all sit at or above U+2600: most comments have none, and those
    # that do are scanned only at those characters, not letter by letter.
    for char in _HIGH.findall(stripped):
        if char in _POSITIVE_EMOJI:
            positive += 1
        elif char in _NEGATIVE_EMOJI:
            negative += 1
        elif char in _LAUGH_EMOJI:
            laugh += 1
    clean = " ".join(_EMOJI.sub(" ", stripped).replace("#", " ").split())
    tokens = tokenize(clean)
    letters = "".join(filter(str.isalpha, clean))
    shouting = len(letters) >= 12 and sum(map(str.isupper, letters)) / len(letters) > 0.7
    return Prepared(
        clean=clean,
        tokens=tokens,
        words=len(tokens) - sum(map(str.isdigit, tokens)),
        letters=letters,
        urls=urls,
        mentions=mentions,
        hashtags=stripped.count("#"),
        positive_emojis=positive,
        negative_emojis=negative,
        laugh_emojis=laugh,
        question_marks=stripped.count("?"),
        exclamations=stripped.count("!"),
        shouting=shouting,
    )

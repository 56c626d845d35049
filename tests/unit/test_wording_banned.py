"""``has_banned_phrase`` searches one alternation of all phrases; it must find exactly what
``find_keyword`` over the phrases one by one finds."""

from __future__ import annotations

from shared.policy import load_policy
from shared.replies.wording import find_keyword, has_banned_phrase
from shared.settings import DEFAULT_POLICY_FILE


def test_one_search_for_all_banned_phrases_finds_what_one_search_per_phrase_finds() -> None:
    policy = load_policy(DEFAULT_POLICY_FILE)
    phrases = [p for ps in policy.replies.banned_phrases.values() for p in ps]
    assert phrases
    texts = ["Hoi Jan, dank je wel voor je bericht.", "", "Thanks!"]
    for phrase in phrases:
        word = phrase.rstrip("*").strip()
        texts += [
            f"Well {word.upper()} then.",  # case does not matter
            f"x{word}",  # inside another word: not a match
            f"{word}s and more",  # a longer word: a match only for a prefix (``*``)
            f"see: {word}.",
        ]
    for text in texts:
        assert has_banned_phrase(policy, text) == (find_keyword(text, phrases) is not None), text
    assert any(has_banned_phrase(policy, t) for t in texts)
    assert not has_banned_phrase(policy, "Hoi Jan, dank je wel voor je bericht.")

"""Per-language word lists for the rule-based classifier: one module per language."""

from services.classify.lexicons import de, en, fr, nl, sv
from services.classify.lexicons.base import LanguageLexicon
from services.classify.lexicons.foreign import FOREIGN_LETTERS, FOREIGN_STOPWORDS

LEXICONS: dict[str, LanguageLexicon] = {
    lexicon.language: lexicon
    for lexicon in (nl.LEXICON, sv.LEXICON, en.LEXICON, de.LEXICON, fr.LEXICON)
}

__all__ = ["FOREIGN_LETTERS", "FOREIGN_STOPWORDS", "LEXICONS", "LanguageLexicon"]

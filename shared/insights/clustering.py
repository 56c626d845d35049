"""Group the complaints no topic keyword matched, so new subjects show up by themselves.

Texts become TF-IDF vectors of character n-grams within word boundaries (3 to 5
characters), which tolerates inflection and typos and lets the same brand or product name
pull texts in different languages together. A greedy pass puts each text in the cluster
whose first text (its leader) is most similar, or starts a new one; a second pass
reassigns every text to the nearest cluster centroid, which removes the order effects of
the first pass. Small clusters are dropped: they are not yet recurring. A cluster is
labelled by the words that weigh most in it.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

import numpy as np
from scipy import sparse

if TYPE_CHECKING:
    from sklearn.feature_extraction.text import TfidfVectorizer

from shared.insights.masking import mask
from shared.replies.languages import LEXICONS

#: Cosine similarity of character n-gram vectors above which two texts share a subject.
SIMILARITY = 0.3
MIN_CLUSTER_SIZE = 3
#: Above this many texts only the most recent are clustered, so a report stays quick.
MAX_TEXTS = 3000
LABEL_TERMS = 3
#: Groups join on a word at least this share of each group's texts use, when at least
#: this share of all the texts with the word are in those groups.
_KEY_SHARE = 0.6
_KEY_INSIDE = 0.8

# Function words of the five languages beyond the reply lexicons' lists, so a label names
# the subject rather than "the" or "het".
# fmt: off
_EXTRA_STOPWORD_TEXT = """
a an of in on at is was are were been be have has had do does did my our your their its
no not but or so as by from this that these those there here they them he she it i me we
you will would should can could just still again why how when where which who all any
de het een en van in op te is was zijn ben heb hebt heeft niet geen maar of dus al nog
waarom hoe wanneer waar die deze er ze zij hij wij jullie mijn jullie ook nu toch meer
och att det den en ett är var har hade inte men eller så som på av från ni jag vi de min
mitt mina varför hur när där vilken igen fortfarande redan bara också nu än
der die das ein eine einen und ist war sind bin habe hat hatte nicht kein keine aber oder
also schon noch warum wie wann wo wer mein meine meinen ihr euer auch jetzt mehr seit
le la les un une des et est était sont suis ai avons a pas ne mais ou donc déjà encore
pourquoi comment quand où qui mon ma mes notre votre vos aussi maintenant plus depuis
number phone email link user
"""
# fmt: on
_EXTRA_STOPWORDS = frozenset(_EXTRA_STOPWORD_TEXT.split())

STOPWORDS: frozenset[str] = _EXTRA_STOPWORDS.union(
    *(lexicon.stopwords for lexicon in LEXICONS.values())
)

_TOKEN = r"(?u)\b[^\W\d_][^\W\d_]{2,}\b"
# Only whole words can be stop words for the vectorizer ("i'll" would make it warn).
_LABEL_STOPWORDS = sorted(w for w in STOPWORDS if re.fullmatch(r"[^\W\d_]+", w))


@dataclass(frozen=True)
class Cluster:
    """Indexes of the texts in one cluster, and the words that label it."""

    members: tuple[int, ...]
    terms: tuple[str, ...]

    @property
    def topic(self) -> str:
        """A topic id that stays the same while the cluster's main words do."""
        return "cluster:" + "-".join(sorted(self.terms[:2]))


def _leader_pass(vectors: sparse.csr_matrix, threshold: float) -> np.ndarray:
    labels = np.empty(vectors.shape[0], dtype=np.int64)
    leaders: list[int] = []
    for i in range(vectors.shape[0]):
        if leaders:
            sims = (vectors[leaders] @ vectors[i].T).toarray().ravel()
            best = int(np.argmax(sims))
            if sims[best] >= threshold:
                labels[i] = best
                continue
        labels[i] = len(leaders)
        leaders.append(i)
    return labels


def _centroid_pass(vectors: sparse.csr_matrix, labels: np.ndarray, threshold: float) -> np.ndarray:
    from sklearn.preprocessing import normalize  # see _vectorizer

    n, k = vectors.shape[0], int(labels.max()) + 1
    membership = sparse.csr_matrix((np.ones(n), (labels, np.arange(n))), shape=(k, n))
    centroids = normalize(membership @ vectors)
    sims = (vectors @ centroids.T).toarray()
    best = sims.argmax(axis=1)
    keep = sims[np.arange(n), best] >= threshold
    # A text no centroid is close enough to keeps its own (singleton) cluster id.
    return np.where(keep, best, k + np.arange(n))


def _vectorizer() -> type[TfidfVectorizer]:
    """scikit-learn, imported when a round first clusters, not when a service starts: it
    takes about 1.4 s and 90 MB, and ingest only needs it when the insights API is called."""
    from sklearn.feature_extraction.text import TfidfVectorizer

    return TfidfVectorizer


def _word_matrix(texts: Sequence[str]) -> tuple[sparse.csr_matrix, np.ndarray] | None:
    """TF-IDF of words over all the texts (idf from the whole set, so words common to
    every complaint weigh little), and the vocabulary."""
    words = _vectorizer()(
        token_pattern=_TOKEN, lowercase=True, stop_words=_LABEL_STOPWORDS, sublinear_tf=True
    )
    try:
        matrix = words.fit_transform(texts).tocsr()
    except ValueError:  # nothing but stop words
        return None
    return matrix, words.get_feature_names_out()


def _merge_on_shared_words(groups: list[list[int]], present: sparse.csr_matrix) -> list[list[int]]:
    """Join groups that share a distinctive word: one most of each group's texts use and
    that occurs (almost) only inside those groups. A product or brand name is spelled the
    same in every language, so this brings the per-language groups of one subject
    together where the character n-grams alone keep them apart."""
    df_all = np.asarray(present.sum(axis=0)).ravel()
    holders: dict[int, list[int]] = {}
    for g, members in enumerate(groups):
        df = np.asarray(present[members].sum(axis=0)).ravel()
        for word in np.flatnonzero(df >= _KEY_SHARE * len(members)).tolist():
            holders.setdefault(word, []).append(g)
    parent = list(range(len(groups)))

    def root(g: int) -> int:
        while parent[g] != g:
            parent[g] = parent[parent[g]]
            g = parent[g]
        return g

    for word, owners in holders.items():
        inside = sum(len(groups[g]) for g in owners)
        if len(owners) > 1 and inside >= _KEY_INSIDE * df_all[word]:
            for g in owners[1:]:
                parent[root(g)] = root(owners[0])
    merged: dict[int, list[int]] = {}
    for g, members in enumerate(groups):
        merged.setdefault(root(g), []).extend(members)
    return [sorted(m) for m in merged.values()]


def _terms(
    matrix: sparse.csr_matrix, vocabulary: np.ndarray, members: Sequence[int]
) -> tuple[str, ...]:
    """The words most members share; TF-IDF weight breaks ties (rarer words name more)."""
    rows = matrix[list(members)]
    weights = (
        np.asarray((rows > 0).sum(axis=0)).ravel() + 0.01 * np.asarray(rows.sum(axis=0)).ravel()
    )
    order = [i for i in np.argsort(-weights, kind="stable")[:LABEL_TERMS] if weights[i] > 0]
    return tuple(str(vocabulary[i]) for i in order) or ("misc",)


def cluster_texts(
    texts: Sequence[str],
    *,
    threshold: float = SIMILARITY,
    min_size: int = MIN_CLUSTER_SIZE,
) -> list[Cluster]:
    """Clusters of at least ``min_size`` similar texts, largest first (indexes into
    ``texts``). Contact details and numbers are masked first so they cannot make two
    complaints look alike or end up in a label."""
    # Placeholders and punctuation out: "!!" or "[email]" is not a subject.
    cleaned = [re.sub(r"\[\w+[^\]]*\]|[^\w\s]", " ", mask(text)) for text in texts]
    # A text needs two real words to say what it is about (not "Unhappy!!" alone).
    usable = [i for i, text in enumerate(cleaned) if len(re.findall(_TOKEN, text)) >= 2]
    if len(usable) < min_size:
        return []
    docs = [cleaned[i] for i in usable]
    chars = _vectorizer()(analyzer="char_wb", ngram_range=(3, 5), lowercase=True, sublinear_tf=True)
    try:
        vectors = chars.fit_transform(docs).tocsr()
    except ValueError:  # too few shared n-grams to build a vocabulary
        return []
    labels = _centroid_pass(vectors, _leader_pass(vectors, threshold), threshold)
    by_label: dict[int, list[int]] = {}
    for position, group in enumerate(labels.tolist()):
        by_label.setdefault(group, []).append(position)
    groups = list(by_label.values())
    words = _word_matrix(docs)
    if words is not None:
        groups = _merge_on_shared_words(groups, (words[0] > 0).astype(np.float64))
    clusters = [
        Cluster(
            members=tuple(usable[p] for p in members),
            terms=_terms(*words, members) if words is not None else ("misc",),
        )
        for members in groups
        if len(members) >= min_size
    ]
    return sorted(clusters, key=lambda c: (-len(c.members), c.members[0]))

"""Clustering the complaints no topic keyword matched."""

from __future__ import annotations

from shared.insights.clustering import cluster_texts

POINTS_NL = [
    "Waar zijn mijn spaarpunten gebleven? Al maanden niks bijgeschreven",
    "Mijn spaarpunten zijn verdwenen, niks bijgeschreven",
    "Spaarpunten weer niet bijgeschreven, dit is de derde keer",
    "Spaarpunten nog steeds niet bijgeschreven na mijn aankoop",
]
ADVERT = [
    "Wat een lelijke nieuwe reclame op tv",
    "De nieuwe tv-reclame is echt irritant",
    "Die reclame op tv is vreselijk, haal hem weg",
]
NOISE = ["Random remark about the weather today", "Ik vind de kleur van de winkel raar"]


def _texts(clusters, texts):
    return [{texts[i] for i in c.members} for c in clusters]


def test_similar_texts_form_a_cluster_and_unrelated_ones_stay_out() -> None:
    texts = POINTS_NL + NOISE + ADVERT
    clusters = cluster_texts(texts)
    assert _texts(clusters, texts) == [set(POINTS_NL), set(ADVERT)]


def test_a_cluster_is_labelled_by_the_words_its_texts_share() -> None:
    texts = POINTS_NL + ADVERT
    first, second = cluster_texts(texts)
    assert first.terms[:2] == ("bijgeschreven", "spaarpunten")
    assert first.topic == "cluster:bijgeschreven-spaarpunten"
    assert "reclame" in second.terms


def test_the_same_product_name_joins_texts_across_languages() -> None:
    texts = [
        "Waar zijn mijn PlusPunten gebleven? Al drie keer niks bijgeschreven",
        "Mina PlusPunten har försvunnit igen, vad händer?",
        "My PlusPunten disappeared again, what is going on?",
        "Meine PlusPunten sind schon wieder verschwunden",
        "Mes PlusPunten ont encore disparu, pourquoi ?",
    ] * 2 + NOISE
    (cluster,) = cluster_texts(texts)
    assert len(cluster.members) == 10 and cluster.terms[0] == "pluspunten"


def test_a_word_common_outside_the_groups_does_not_join_them() -> None:
    # "weer" is in both groups and in the noise too: not distinctive, so no merge.
    texts = [t + " weer" for t in POINTS_NL + ADVERT] + [f"weer iets anders {i}" for i in "abc"]
    groups = _texts(cluster_texts(texts), texts)
    points, advert = {t + " weer" for t in POINTS_NL}, {t + " weer" for t in ADVERT}
    assert points in groups and advert in groups


def test_contact_details_do_not_make_texts_alike() -> None:
    people = ["jan.devries", "anna.svensson", "mary.smith", "chloe.martin"]
    words = ["Really unhappy", "Absolutely terrible", "Very disappointed", "Utterly furious"]
    texts = [
        f"{word}!! {person}@example-webmail.com +31 6 1234 567{i} #77812{i}"
        for i, (word, person) in enumerate(zip(words, people, strict=True))
    ]
    assert cluster_texts(texts) == []


def test_fewer_texts_than_a_cluster_needs_give_nothing() -> None:
    assert cluster_texts(POINTS_NL[:2]) == []
    assert cluster_texts([]) == []


def test_small_groups_are_not_clusters() -> None:
    assert cluster_texts(POINTS_NL, min_size=5) == []


def test_no_service_imports_scikit_learn_before_it_clusters() -> None:
    """It costs about 1.4 s and 90 MB at each start; only an insights round needs it."""
    import subprocess
    import sys

    code = (
        "import sys\n"
        "import services.ingest.app, services.followup.app, services.route.app\n"
        "import services.respond.app\n"
        "print(sorted(m for m in sys.modules if m == 'sklearn' or m.startswith('sklearn.')))\n"
    )
    out = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    ).stdout
    assert out.strip() == "[]"

"""Every signature test vector of the platform samples, on the exact fixture bytes."""

from __future__ import annotations

import pytest

from services.ingest.webhooks.common import same, signature_b64, signature_hex
from services.ingest.webhooks.x import crc_response
from tests.fixtures.platforms.fake_api import sample, sample_json

VECTORS = sample_json("signature_test_vectors.json")
META = VECTORS["meta"]
X = VECTORS["x"]


@pytest.mark.parametrize("name", sorted(META["vectors"]))
def test_meta_signature_of_the_raw_body_matches_the_vector(name: str) -> None:
    assert signature_hex(META["app_secret"], sample(name)) == META["vectors"][name]


@pytest.mark.parametrize("name", sorted(X["vectors"]))
def test_x_signature_of_the_raw_body_matches_the_vector(name: str) -> None:
    assert signature_b64(X["consumer_secret"], sample(name)) == X["vectors"][name]


def test_x_crc_answer_matches_the_vector() -> None:
    crc = X["crc"]
    assert crc_response(crc["crc_token"], X["consumer_secret"]) == crc["expected_response"]["body"]


def test_a_re_serialised_meta_body_no_longer_matches_its_signature() -> None:
    # Meta signs the \u00e9-escaped wire bytes; parsing and dumping again changes them.
    import json

    name = "facebook_page_feed_comment_add.json"
    again = json.dumps(json.loads(sample(name)), ensure_ascii=False).encode()
    assert signature_hex(META["app_secret"], again) != META["vectors"][name]


def test_a_signature_made_with_another_secret_does_not_match() -> None:
    name = "instagram_comments.json"
    assert not same(META["vectors"][name], signature_hex("another-secret", sample(name)))


def test_a_missing_signature_never_matches() -> None:
    assert not same("sha256=abc", None)
    assert not same("sha256=abc", "")

"""The claims cache: one extraction per document content and extractor version."""

from __future__ import annotations

import dataclasses

import pytest

from checks import pipeline
from checks.cache import ClaimCache, cached_claims, claims_from_json, claims_to_json
from checks.claims import Claim, Quantity
from checks.documents import document_from_text
from checks.extraction import extract_claims
from checks.inputs import InputOptions
from checks.pipeline import extract_sources
from checks.sources import load_sources
from tests.conftest import KURSK


@pytest.fixture(scope="module")
def kursk_sources():
    return load_sources([str(KURSK / "sources"), str(KURSK / "reference")])


def every_field(claim: Claim) -> dict:
    return {f.name: getattr(claim, f.name) for f in dataclasses.fields(claim)}


def test_claims_survive_the_json_round_trip_with_every_field(kursk_sources):
    claims = [c for s in kursk_sources if s.table_claims is None for c in extract_claims(s.document)]
    back = claims_from_json(claims_to_json(claims))
    assert [every_field(c) for c in back] == [every_field(c) for c in claims]
    assert any(c.quantity and c.quantity.high == float("inf") for c in back)  # "more than ..." stays open


def test_a_correction_and_a_neighbouring_place_survive_the_round_trip():
    document = document_from_text("---\npublished: 2025-02-13\n---\nThere were 26 workers behind the fall, not 23. "
                                  "Drivers in neighbouring Aldercombe pay £60.", uri="s.md", stem="s")
    claims = extract_claims(document)
    back = claims_from_json(claims_to_json(claims))
    assert [(c.denies, c.elsewhere) for c in back if c.quantity] == [(23.0, frozenset()), (None, {"aldercomb"})]


def test_the_json_form_covers_every_field_of_the_claim_model():
    """A field added to Claim or Quantity must be added to the cache's JSON too (this test says so)."""
    assert {f.name for f in dataclasses.fields(Claim)} == {
        "id", "document_id", "kind", "text", "start", "end", "subject", "as_of", "quantity", "speaker",
        "date_range", "detail", "context", "entities", "denies", "elsewhere"}
    assert {f.name for f in dataclasses.fields(Quantity)} == {
        "value", "unit", "low", "high", "qualifier", "measure", "change", "exchanged"}


def test_a_second_run_over_unchanged_sources_extracts_nothing(kursk_sources, tmp_path, monkeypatch):
    calls: list[str] = []

    def counting(document, **kwargs):
        calls.append(document.id)
        return extract_claims(document, **kwargs)

    monkeypatch.setattr(pipeline, "extract_claims", counting)
    cache = ClaimCache(tmp_path)
    first = extract_sources(kursk_sources, cache)
    texts = sum(s.table_claims is None for s in kursk_sources)
    assert len(calls) == texts and (cache.hits, cache.misses) == (0, texts)
    again = ClaimCache(tmp_path)
    second = extract_sources(kursk_sources, again)
    assert len(calls) == texts and (again.hits, again.misses) == (texts, 0)
    assert [every_field(c) for c in second] == [every_field(c) for c in first]


def test_changed_text_or_date_or_extractor_is_a_miss(tmp_path):
    cache = ClaimCache(tmp_path)
    base = document_from_text("---\npublished: 2024-08-12\n---\nTroops took 74 towns.", uri="a", stem="a")
    cached_claims(base, cache, extract_claims)
    assert cache.get(base) is not None
    assert cache.get(dataclasses.replace(base, text="Troops took 75 towns.")) is None
    assert cache.get(dataclasses.replace(base, published=None)) is None
    assert ClaimCache(tmp_path, version="v-other").get(base) is None


def test_a_damaged_entry_is_a_miss_and_is_written_again(tmp_path):
    cache = ClaimCache(tmp_path)
    document = document_from_text("Troops took 74 towns.", uri="a", stem="a")
    claims = cached_claims(document, cache, extract_claims)
    for damage in (b"not json", b"{}", b'[{"id": 1}]', b"[" * 10_000):
        cache.path(document).write_bytes(damage)
        assert cache.get(document) is None
        assert cached_claims(document, cache, extract_claims) == claims
        assert cache.get(document) == claims


def test_a_folder_that_cannot_be_written_is_warned_about_once_and_the_check_goes_on(tmp_path):
    blocker = tmp_path / "file"
    blocker.write_text("in the way")
    warnings: list[str] = []
    cache = ClaimCache(blocker / "cache", on_warning=warnings.append)
    for text in ("Troops took 74 towns.", "Troops took 28 towns."):
        document = document_from_text(text, uri="a", stem="a")
        assert cached_claims(document, cache, extract_claims)
    assert len(warnings) == 1 and "cannot be written" in warnings[0]


def test_the_input_options_name_the_cache(tmp_path):
    assert ClaimCache.at(InputOptions()) is None
    assert ClaimCache.at(InputOptions(cache_dir=tmp_path)).folder == tmp_path


def test_the_cache_is_json_not_pickle(tmp_path):
    cache = ClaimCache(tmp_path)
    document = document_from_text("Troops took 74 towns.", uri="a", stem="a")
    cached_claims(document, cache, extract_claims)
    assert cache.path(document).read_bytes().startswith(b"[{")
    assert cache.path(document).relative_to(tmp_path).parts[:2] == ("claims", cache.version)

"""The labelled stories (tests/data/stories) are well formed: a broken label would score as an engine error."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from checks.documents import load_document
from checks.verdicts import Verdict

STORIES = sorted(p for p in (Path(__file__).parent / "data" / "stories").iterdir() if p.is_dir())
KINDS = {"quantity", "date", "quote", "attribution"}


@pytest.mark.parametrize("folder", STORIES, ids=[p.name for p in STORIES])
def test_every_label_names_one_place_in_the_article_and_a_known_verdict(folder: Path):
    article = load_document(folder / "article.md")
    expected = json.loads((folder / "expected.json").read_text(encoding="utf-8"))
    assert expected["article_published"] == article.published.isoformat()
    assert expected["claims"]
    for label in expected["claims"]:
        assert article.text.count(label["text"]) == 1, label["text"]
        assert label["kind"] in KINDS and Verdict(label["verdict"]) and label["why"]


@pytest.mark.parametrize("folder", STORIES, ids=[p.name for p in STORIES])
def test_every_source_is_dated(folder: Path):
    texts = [p for p in (folder / "sources").iterdir() if p.suffix == ".md"]
    assert len(texts) >= 4
    assert all(load_document(p).published is not None for p in texts)

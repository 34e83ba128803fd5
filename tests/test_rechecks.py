"""A group of watched articles checked together gives each the report it would get alone."""

from __future__ import annotations

from pathlib import Path

from checks import pipeline
from checks.rechecks import Checked, NotChecked, recheck, store_checked
from checks.sources import load_source_set
from checks.verdicts import VerdictSettings
from checks.watchlist import WatchedArticle, load_watchlist
from crosscheck.settings import CrosscheckSettings

EXAMPLES = Path(__file__).resolve().parent.parent / "examples"


def alone(entry: WatchedArticle) -> dict:
    options = CrosscheckSettings().input_options()
    article = pipeline.load_article(entry.article, options=options)
    sources = load_source_set(list(entry.sources), options).sources
    return pipeline.check_loaded(article, sources, entry.as_of, VerdictSettings())


def test_a_group_gives_each_article_its_own_report_and_a_bad_one_stops_only_itself(tmp_path):
    watched = list(load_watchlist(str(EXAMPLES / "watchlist.yaml")).articles)
    empty = tmp_path / "empty.md"
    empty.write_text("# Nothing to check\n\nThe council met and talked for a while.\n", encoding="utf-8")
    group = [watched[0], WatchedArticle(article=str(empty), sources=watched[0].sources), *watched[1:]]
    store = str(tmp_path / "reports")

    outcomes = recheck(group, store, CrosscheckSettings().input_options())

    assert [type(o) for o in outcomes] == [Checked, NotChecked, *[Checked] * (len(watched) - 1)]
    assert outcomes[1].location == str(empty) and outcomes[1].error.startswith("ArticleError: ")
    for entry, outcome in zip(group, outcomes):
        if isinstance(outcome, Checked):
            single = alone(entry)
            for key in ("claims", "findings", "summary", "expectations"):
                assert outcome.report[key] == single[key], key
            assert outcome.report["expectations"]["success"] is True
            assert [s["name"] for s in outcome.report["expectations"]["suites"]] == [
                "sources", "claims", "matches", "findings", "report"]

    for outcome in outcomes:
        if isinstance(outcome, Checked):
            store_checked(store, outcome)
    again = recheck(group, store, CrosscheckSettings().input_options())
    assert [o.reused is not None for o in again if isinstance(o, Checked)] == [True] * len(watched)

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


def test_unchanged_files_are_reused_without_reading_a_source_and_a_changed_one_is_checked(tmp_path, monkeypatch):
    import os
    import shutil

    import checks.rechecks as rechecks

    shutil.copytree(EXAMPLES, tmp_path / "examples")
    [kursk] = [a for a in load_watchlist(str(tmp_path / "examples" / "watchlist.yaml")).articles
               if "kursk" in a.article]
    store, options = str(tmp_path / "reports"), CrosscheckSettings().input_options()
    [first] = recheck([kursk], store, options)
    store_checked(store, first)

    def no_reading(*args, **kwargs):
        raise AssertionError("a source was read")

    with monkeypatch.context() as patched:
        patched.setattr(rechecks, "load_source_set", no_reading)
        [again] = recheck([kursk], store, options)
    assert again.reused is not None and again.report["run_id"] == first.report["run_id"]

    source = next((tmp_path / "examples" / "kursk" / "sources").glob("*.md"))
    os.utime(source, ns=(source.stat().st_atime_ns, source.stat().st_mtime_ns + 1_000_000_000))
    [touched] = recheck([kursk], store, options)  # read again, and the same by content
    assert touched.reused is not None
    source.write_text(source.read_text(encoding="utf-8") + "\nA later note adds 12 villages.\n", encoding="utf-8")
    [changed] = recheck([kursk], store, options)
    assert changed.reused is None and changed.report["run_id"] != first.report["run_id"]


def test_a_fingerprint_covers_every_file_and_vouches_only_for_local_files(tmp_path):
    from checks.fingerprints import files_fingerprint

    folder = tmp_path / "sources"
    folder.mkdir()
    (folder / "a.md").write_text("one", encoding="utf-8")
    before = files_fingerprint([str(folder)])
    (folder / "b.md").write_text("two", encoding="utf-8")
    assert files_fingerprint([str(folder)]) != before
    assert files_fingerprint([str(folder), "https://example.org/page"]) is None
    (tmp_path / "sources.yaml").write_text("sources: [sources]\n", encoding="utf-8")
    assert files_fingerprint([str(tmp_path / "sources.yaml")]) is None
    assert files_fingerprint([str(tmp_path / "missing")]) is None

"""The expectation suites (expectations/suites/*.json) with real Great Expectations.

Each suite gets a good table, then one bad table per expectation: exactly that expectation fails,
every other one passes. The tables the pipeline builds have the same columns and types, the Kursk
run passes every suite, and the two policies do what they say end to end: a critical failure
stops the run with one error line and nothing stored, a failed warning is stored and shown.
"""

from __future__ import annotations

import json
from collections.abc import Callable

import pandas as pd
import pytest
from typer.testing import CliRunner

from checks import pipeline
from checks.errors import ExpectationError
from checks.report_schema import report_table
from checks.sources import load_sources
from checks.verdicts import VerdictSettings
from crosscheck.cli import app
from expectations.runner import POLICIES, SUITE_NAMES, check_definition, load_suite, run_suites, run_suites_many
from tests.conftest import KURSK

H1, H2, H3 = "a" * 64, "b" * 64, "c" * 64


def good_tables() -> dict[str, pd.DataFrame]:
    """One table per suite that passes every expectation (the pipeline's columns and dtypes)."""
    return {
        "sources": pd.DataFrame(
            {
                "id": pd.Series(["article-1", "source-1", "table-1"], dtype="str"),
                "role": pd.Series(["article", "source", "source"], dtype="str"),
                "text_chars": [120, 80, 300],
                "published": pd.Series(["2024-08-14", "2024-08-12", None], dtype="str"),
                "days_ahead": pd.Series([-30, -32, None], dtype="Int64"),
                "sha256": pd.Series([H1, H2, H3], dtype="str"),
                "claims": pd.Series([3, 2, None], dtype="Int64"),
            }
        ),
        "claims": pd.DataFrame(
            {
                "id": pd.Series(["c1", "c2", "c3"], dtype="str"),
                "kind": pd.Series(["quantity", "date", "quote"], dtype="str"),
                "start": [0, 20, 40],
                "end": [10, 29, 60],
                "article_chars": [100, 100, 100],
                "span_matches": [True, True, True],
                "value": pd.Series([1050.0, None, None], dtype="float64"),
                "low": pd.Series([945.0, None, None], dtype="float64"),
                "high": pd.Series([1155.0, None, None], dtype="float64"),
                "unit_kind": pd.Series(["pint", "none", "none"], dtype="str"),
                "as_of": pd.Series(["2024-08-14"] * 3, dtype="str"),
            }
        ),
        "matches": pd.DataFrame(
            {
                "claim_id": pd.Series(["c1", "c1", "c3"], dtype="str"),
                "source_claim_id": pd.Series(["s1:c1", "s2:c4", "s1:c2"], dtype="str"),
                "score": pd.Series([88.5, 41.0, 100.0], dtype="float64"),
                "claim_known": pd.Series([True, True, True], dtype="bool"),
                "source_claim_known": pd.Series([True, True, True], dtype="bool"),
            }
        ),
        "findings": pd.DataFrame(
            {
                "claim_id": pd.Series(["c1", "c2", "c3"], dtype="str"),
                "claim_known": pd.Series([True, True, True], dtype="bool"),
                "verdict": pd.Series(["disputed", "supported", "unverified"], dtype="str"),
                "severity": pd.Series(["medium", "none", "low"], dtype="str"),
                "severity_fits_verdict": pd.Series([True, True, True], dtype="boolean"),
                "evidence_sources_known": pd.Series([True, True, True], dtype="boolean"),
                "explanation": pd.Series(["Disputed: ...", "Supported by ...", "No source covers it."], dtype="str"),
            }
        ),
        "report": pd.DataFrame(
            {
                "schema_error": pd.Series([None], dtype="str"),
                "claims": [3],
                "summary_claims": [3],
                "summary_verdicts_match": [True],
            }
        ),
    }


def _set(column: str, row: int, value, dtype: str | None = None) -> Callable[[pd.DataFrame], pd.DataFrame]:
    def change(frame: pd.DataFrame) -> pd.DataFrame:
        values = frame[column].tolist()
        values[row] = value
        frame[column] = pd.Series(values, dtype=dtype or frame[column].dtype)
        return frame

    return change


# (suite, expectation type, column, how to break the good table)
CASES = [
    ("sources", "expect_column_values_to_not_be_null", "id", _set("id", 1, None)),
    ("sources", "expect_column_values_to_be_unique", "id", _set("id", 2, "source-1")),
    ("sources", "expect_column_values_to_be_of_type", "id", _set("id", 1, 17, dtype="object")),
    ("sources", "expect_column_values_to_be_between", "text_chars", _set("text_chars", 1, 0)),
    ("sources", "expect_column_values_to_match_strftime_format", "published", _set("published", 1, "14/08/2024")),
    ("sources", "expect_column_values_to_be_between", "days_ahead", _set("days_ahead", 1, 30)),
    ("sources", "expect_column_values_to_match_regex", "sha256", _set("sha256", 1, "not-a-hash")),
    ("sources", "expect_column_values_to_be_unique", "sha256", _set("sha256", 1, H1)),
    ("sources", "expect_column_values_to_be_between", "claims", _set("claims", 1, 0)),
    ("claims", "expect_column_values_to_not_be_null", "id", _set("id", 2, None)),
    ("claims", "expect_column_values_to_be_unique", "id", _set("id", 2, "c1")),
    ("claims", "expect_column_values_to_be_in_set", "kind", _set("kind", 1, "rumour")),
    ("claims", "expect_column_values_to_be_between", "start", _set("start", 0, -1)),
    ("claims", "expect_column_pair_values_a_to_be_greater_than_b", "article_chars,end", _set("end", 2, 101)),
    ("claims", "expect_column_pair_values_a_to_be_greater_than_b", "end,start", _set("end", 1, 20)),
    ("claims", "expect_column_values_to_be_in_set", "span_matches", _set("span_matches", 2, False)),
    ("claims", "expect_column_pair_values_a_to_be_greater_than_b", "value,low", _set("low", 0, 1100.0)),
    ("claims", "expect_column_pair_values_a_to_be_greater_than_b", "high,value", _set("high", 0, 1000.0)),
    ("claims", "expect_column_values_to_be_in_set", "unit_kind", _set("unit_kind", 0, "unknown")),
    ("claims", "expect_column_values_to_not_be_null", "as_of", _set("as_of", 1, None)),
    ("matches", "expect_column_values_to_not_be_null", "score", _set("score", 1, None)),
    ("matches", "expect_column_values_to_be_between", "score", _set("score", 1, 140.0)),
    ("matches", "expect_column_values_to_be_in_set", "claim_known", _set("claim_known", 2, False)),
    ("matches", "expect_column_values_to_be_in_set", "source_claim_known", _set("source_claim_known", 0, False)),
    ("matches", "expect_compound_columns_to_be_unique", "claim_id,source_claim_id",
     _set("source_claim_id", 1, "s1:c1")),
    ("findings", "expect_column_values_to_be_unique", "claim_id", _set("claim_id", 2, "c2")),
    ("findings", "expect_column_values_to_not_be_null", "verdict", _set("verdict", 1, None)),
    ("findings", "expect_column_values_to_be_in_set", "claim_known", _set("claim_known", 0, False)),
    ("findings", "expect_column_values_to_be_in_set", "verdict", _set("verdict", 0, "half-true")),
    ("findings", "expect_column_values_to_be_in_set", "severity", _set("severity", 0, "critical")),
    ("findings", "expect_column_values_to_be_in_set", "severity_fits_verdict",
     _set("severity_fits_verdict", 1, False)),
    ("findings", "expect_column_values_to_be_in_set", "evidence_sources_known",
     _set("evidence_sources_known", 0, False)),
    ("findings", "expect_column_value_lengths_to_be_between", "explanation", _set("explanation", 2, "")),
    ("report", "expect_column_values_to_be_null", "schema_error",
     _set("schema_error", 0, "findings/0/verdict: 'maybe' is not one of [...]")),
    ("report", "expect_column_pair_values_to_be_equal", "summary_claims,claims", _set("summary_claims", 0, 2)),
    ("report", "expect_column_values_to_be_in_set", "summary_verdicts_match",
     _set("summary_verdicts_match", 0, False)),
]


def _key(result: dict) -> tuple[str, str | None]:
    return result["expectation"], result["column"]


@pytest.mark.parametrize("suite", SUITE_NAMES)
def test_a_good_table_passes_every_expectation(suite):
    outcome = run_suites({suite: good_tables()[suite]})
    [result] = outcome.suites
    failed = [r for r in result.to_report()["results"] if not r["success"]]
    assert failed == [] and result.success


@pytest.mark.parametrize(
    ("suite", "expectation", "column", "breaks"),
    CASES,
    ids=[f"{c[0]}-{c[1].removeprefix('expect_')}-{c[2]}" for c in CASES],
)
def test_a_bad_table_fails_exactly_its_expectation(suite, expectation, column, breaks):
    table = breaks(good_tables()[suite])
    outcome = run_suites({suite: table})
    results = outcome.suites[0].to_report()["results"]
    failed = [_key(r) for r in results if not r["success"]]
    assert failed == [(expectation, column)]
    [result] = [r for r in results if not r["success"]]
    assert result["observed"], "a failure says what it saw"
    lines = outcome.critical_failures if result["policy"] == "critical" else outcome.warnings
    assert len(lines) == 1 and lines[0].startswith(f"{suite}: {expectation}(")


def test_every_expectation_has_a_policy_a_reason_and_a_bad_table_test():
    covered = {(suite, expectation, column) for suite, expectation, column, _ in CASES}
    assert len(covered) == len(CASES)
    for name in SUITE_NAMES:
        definition = load_suite(name)
        check_definition(definition, name)
        for expectation in definition["expectations"]:
            assert expectation["meta"]["policy"] in POLICIES
            kwargs = expectation["kwargs"]
            column = kwargs.get("column") or (
                f"{kwargs['column_A']},{kwargs['column_B']}" if "column_A" in kwargs
                else ",".join(kwargs["column_list"]) if "column_list" in kwargs else None
            )
            assert (name, expectation["type"], column) in covered, (name, expectation["type"], column)
        assert sum(1 for case in CASES if case[0] == name) == len(definition["expectations"])


def test_a_suite_file_without_a_policy_is_refused():
    bad = {"name": "claims", "expectations": [{"type": "expect_column_values_to_be_unique", "kwargs": {"column": "id"},
                                               "meta": {"why": "x"}}]}
    with pytest.raises(ValueError, match="meta.policy"):
        check_definition(bad, "claims")


def test_a_whole_table_expectation_or_a_parameter_is_refused():
    for expectation in (
        {"type": "expect_table_row_count_to_equal", "kwargs": {"value": 3}},
        {"type": "expect_column_values_to_be_between", "kwargs": {"column": "end", "max_value": {"$PARAMETER": "n"}}},
    ):
        bad = {"name": "claims", "expectations": [{**expectation, "meta": {"policy": "critical", "why": "x"}}]}
        with pytest.raises(ValueError, match="cannot be split per run"):
            check_definition(bad, "claims")


@pytest.mark.parametrize("suite", SUITE_NAMES)
def test_many_runs_at_once_get_the_results_each_would_get_alone(suite):
    """Every bad table of the suite beside a good one: each run's results are its own, row for row.

    A column's type is one for the stacked table, so a type failure is every run's (not tried here).
    """
    tables = [good_tables()[suite]] + [breaks(good_tables()[suite]) for name, expectation, _, breaks in CASES
                                       if name == suite and expectation != "expect_column_values_to_be_of_type"]
    together = run_suites_many([{suite: table} for table in tables])
    alone = [run_suites({suite: table}) for table in tables]
    assert [o.to_report() for o in together] == [o.to_report() for o in alone]
    assert together[0].success and not any(o.success for o in together[1:])


# --------------------------------------------------------------------------- the pipeline's own tables


@pytest.fixture(scope="module")
def kursk_stages():
    article = pipeline.load_article(str(KURSK / "article.md"))
    sources = load_sources([str(KURSK / "sources"), str(KURSK / "reference")])
    claims = pipeline.extract_article(article)
    source_claims = pipeline.extract_sources(sources)
    settings = VerdictSettings()
    matches = pipeline.match(claims, source_claims, settings)
    findings = pipeline.judge(article, claims, source_claims, matches, None, settings)
    return article, sources, claims, source_claims, matches, findings


def test_the_pipeline_tables_have_the_tested_columns_and_types(kursk_stages):
    article, sources, claims, source_claims, matches, findings = kursk_stages
    built = {
        "sources": pipeline.sources_table(article, sources, claims, source_claims),
        "claims": pipeline.claims_table(article, claims),
        "matches": pipeline.matches_table(claims, findings, sources, matches, source_claims),
        "findings": pipeline.findings_table(claims, findings, sources),
        "report": report_table({}),
    }
    for name, table in good_tables().items():
        assert list(built[name].columns) == list(table.columns), name
        assert [str(t) for t in built[name].dtypes] == [str(t) for t in table.dtypes], name


def test_the_kursk_run_passes_every_suite(kursk_stages):
    article, sources, claims, source_claims, matches, findings = kursk_stages
    expectations = pipeline.validate(article, claims, findings, sources, matches, source_claims)
    assert expectations["success"] is True
    assert [s["name"] for s in expectations["suites"]] == ["sources", "claims", "matches", "findings"]
    assert all(s["statistics"]["evaluated"] == len(load_suite(s["name"])["expectations"]) for s in expectations["suites"])
    matches_suite = next(s for s in expectations["suites"] if s["name"] == "matches")
    assert matches_suite["results"][0]["observed"] == f"0 of {len(matches)} unexpected"


def test_without_matches_the_suite_checks_the_evidence_pairs(kursk_stages):
    article, sources, claims, _, _, findings = kursk_stages
    table = pipeline.matches_table(claims, findings, sources)
    assert len(table) == sum(len(f.evidence) for f in findings) > 0
    assert table["claim_known"].all() and table["source_claim_known"].all()


def test_a_critical_failure_raises_one_line_naming_the_expectation(kursk_stages):
    article, sources, claims, source_claims, matches, findings = kursk_stages
    twice = [*findings[:-1], findings[0]]  # the last claim lost its finding, the first has two
    with pytest.raises(ExpectationError) as caught:
        pipeline.validate(article, claims, twice, sources, matches, source_claims)
    message = str(caught.value)
    assert "\n" not in message
    assert message.startswith("critical expectation failed: findings: expect_column_values_to_be_unique(claim_id)")
    assert "exactly one finding per claim" in message and findings[0].claim_id in message


# --------------------------------------------------------------------------- the policies end to end

runner = CliRunner()


def test_the_article_among_its_own_sources_stops_the_run_and_stores_nothing(tmp_path):
    store = tmp_path / "store"
    result = runner.invoke(app, ["check", str(KURSK / "article.md"), "--sources", str(KURSK / "sources"),
                                 "--sources", str(KURSK / "article.md"), "--store", str(store), "--engine-only"])
    assert result.exit_code == 1, result.output
    lines = [line for line in result.stderr.splitlines() if line.strip()]
    assert len(lines) == 1
    assert lines[0].startswith("error: critical expectation failed: sources: ")
    assert "expect_column_values_to_be_unique(sha256) failed: the same text twice counts its figures twice" in lines[0]
    assert not store.exists() or not any(store.rglob("*.json"))


def test_a_failed_warning_is_stored_and_shown_to_the_reviewer(tmp_path):
    sources = tmp_path / "sources"
    sources.mkdir()
    (sources / "note.md").write_text("---\ntitle: A note <b>without</b> figures\npublished: 2024-08-13\n---\n"
                                      "Officials said little, and nothing of note happened.\n", encoding="utf-8")
    store = tmp_path / "store"
    result = runner.invoke(app, ["check", str(KURSK / "article.md"), "--sources", str(KURSK / "sources"),
                                 "--sources", str(sources), "--store", str(store), "--output", "json",
                                 "--engine-only"])
    assert result.exit_code == 0, result.stderr
    report = json.loads(result.stdout)
    assert report["expectations"]["success"] is False
    [suite] = [s for s in report["expectations"]["suites"] if s["name"] == "sources"]
    [failed] = [r for r in suite["results"] if not r["success"]]
    assert (failed["expectation"], failed["column"], failed["policy"]) == (
        "expect_column_values_to_be_between", "claims", "warning")
    assert suite["statistics"] == {"evaluated": 9, "passed": 8, "failed_critical": 0, "failed_warning": 1}
    run = store / "ukraine-kursk-incursion-week-one" / report["run_id"]
    assert json.loads((run / "expectations.json").read_text())["success"] is False
    page = (run / "report.html").read_text(encoding="utf-8")
    assert 'id="warnings"' in page and "a source that gives no checkable claim adds nothing" in page
    assert "1 data-quality warning" in (run / "report.md").read_text(encoding="utf-8")

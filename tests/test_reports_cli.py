"""`crosscheck reports list|show|diff|open` against a folder store and a real S3 server (SeaweedFS)."""

from __future__ import annotations

import copy
import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from checks.pipeline import CheckRequest, run_check
from checks.report_schema import schema_errors
from checks.reports import report_objects
from checks.stores import StoredObject, open_store
from crosscheck.cli import app
from crosscheck.reports_cli import diff_reports
from tests.conftest import KURSK

ARTICLE = "ukraine-kursk-incursion-week-one"
RUN_A, CREATED_A = "20240814T120000Z-aaaaaa", "2024-08-14T12:00:00+00:00"
RUN_B, CREATED_B = "20240815T093000Z-bbbbbb", "2024-08-15T09:30:00+00:00"
runner = CliRunner()


@pytest.fixture(scope="module")
def two_runs(tmp_path_factory):
    """The Kursk report, and a later one of an edited article: a figure moved, a verdict changed,
    a claim removed and one added."""
    result = run_check(CheckRequest(article=str(KURSK / "article.md"),
                                    sources=[str(KURSK / "sources"), str(KURSK / "reference")],
                                    store=str(tmp_path_factory.mktemp("scratch"))))
    text = (KURSK / "article.md").read_text(encoding="utf-8").split("---\n", 2)[2].strip("\n")
    old = copy.deepcopy(result.report)
    old.update(run_id=RUN_A, created_at=CREATED_A)

    new = copy.deepcopy(old)
    new.update(run_id=RUN_B, created_at=CREATED_B)
    new_text = text.replace("approximately 1,050 square", "approximately 1,100 square") + "\n\nOfficials counted 12 villages."
    by_text = {c["text"]: c for c in new["claims"]}
    area = by_text["approximately 1,050 square kilometers"]
    area["text"] = "approximately 1,100 square kilometers"
    area["quantity"].update(value=1100.0, low=990.0, high=1210.0)
    dropped = by_text["October 2023"]["id"]
    new["claims"] = [c for c in new["claims"] if c["id"] != dropped]
    new["findings"] = [f for f in new["findings"] if f["claim_id"] != dropped]
    start = new_text.index("12 villages")
    new["claims"].append({"id": "c99", "kind": "quantity", "text": "12 villages", "start": start, "end": start + 11,
                          "subject": None, "speaker": None, "as_of": "2024-08-14",
                          "quantity": {"value": 12.0, "unit": "village", "low": 12.0, "high": 12.0, "qualifier": "exact"}})
    new["findings"].append({"claim_id": "c99", "verdict": "unverified", "severity": "low",
                            "explanation": "No source covers this claim.", "evidence": []})
    towns = next(f for f in new["findings"] if f["claim_id"] == by_text["74 towns"]["id"])
    towns.update(verdict="contradicted", severity="high")
    summary = new["summary"]
    summary.update(disputed=summary["disputed"] - 1, contradicted=summary["contradicted"] + 1)
    assert schema_errors(old) == [] and schema_errors(new) == []
    return (old, text), (new, new_text)


@pytest.fixture(params=["local", "s3"])
def store_uri(request, tmp_path, two_runs) -> str:
    """A store holding the two runs: a folder, or a prefix of a fresh SeaweedFS bucket."""
    if request.param == "local":
        uri = str(tmp_path / "reports")
    else:
        uri = f"s3://{request.getfixturevalue('s3_env')}/reports"
    store = open_store(uri)
    for report, text in two_runs:
        store.write_run(ARTICLE, report["run_id"], report["created_at"], report_objects(report, text))
    return uri


def run(*args: str):
    return runner.invoke(app, ["reports", *args])


def one_error_line(result, code: int, words: str) -> None:
    assert result.exit_code == code, (result.exit_code, result.output)
    lines = [line for line in result.stderr.splitlines() if line.strip()]
    assert len(lines) == 1 and words in lines[0], result.stderr
    assert lines[0].startswith("error: ")


# --------------------------------------------------------------------------- list


def test_list_shows_the_runs_newest_first_with_the_latest_marked(store_uri):
    result = run("list", "--store", store_uri)
    assert result.exit_code == 0, result.stderr
    assert "2 runs in" in result.stdout
    assert result.stdout.index(RUN_B) < result.stdout.index(RUN_A)
    rows = json.loads(run("list", "--store", store_uri, "--json").stdout)
    assert [(r["run_id"], r["latest"]) for r in rows] == [(RUN_B, True), (RUN_A, False)]
    assert rows[0]["uri"] == f"{open_store(store_uri).uri}/{ARTICLE}/{RUN_B}"


def test_list_filters_by_article_and_date(store_uri):
    since = json.loads(run("list", "--store", store_uri, "--since", "2024-08-15", "--json").stdout)
    assert [r["run_id"] for r in since] == [RUN_B]
    exact = json.loads(run("list", "--store", store_uri, "--since", "2024-08-14T12:00:00Z", "--json").stdout)
    assert [r["run_id"] for r in exact] == [RUN_B, RUN_A]
    assert json.loads(run("list", "--store", store_uri, "--article", ARTICLE, "--json").stdout)[0]["run_id"] == RUN_B
    result = run("list", "--store", store_uri, "--article", "another-article")
    assert result.exit_code == 0 and "no runs in" in result.stdout


# --------------------------------------------------------------------------- show


def test_show_prints_the_summary_of_a_run(store_uri):
    result = runner.invoke(app, ["reports", "show", RUN_A[:20], "--store", store_uri], env={"COLUMNS": "160"})
    assert result.exit_code == 0, result.stderr
    out = result.stdout
    assert "Ukraine presses deeper into Russia's Kursk region" in out
    assert "9 claims: supported 6  contradicted 0  outdated 0  disputed 2  unverified 1" in out
    assert "74 towns" in out and "October 2023" in out
    assert "expectations: all 36 passed" in out


def test_show_prints_the_review_and_the_sources_not_read(store_uri, two_runs):
    from flows.review_report import build_reviewed

    report = two_runs[0][0]
    by_text = {c["text"]: c["id"] for c in report["claims"]}
    area, towns = by_text["approximately 1,050 square kilometers"], by_text["74 towns"]
    findings = [f for f in report["findings"] if f["claim_id"] in {area, towns}]
    answer = {"reviewer": "Ana Reviewer", "note": "maps checked",
              area: {"decision": "confirm", "note": "sources differ"},
              towns: {"decision": "correct", "corrected_verdict": "outdated", "note": "74 was right on the 13th"}}
    store = open_store(store_uri)
    location = store.latest(ARTICLE)
    reviewed = build_reviewed(report, findings, answer, store.runs(ARTICLE)[1], "medium")
    store.write_object(ARTICLE, RUN_A, StoredObject("reviewed.json", json.dumps(reviewed).encode(), "application/json"))
    store.write_object(ARTICLE, RUN_A, StoredObject("unavailable.json", json.dumps(
        [{"location": "https://wire.example/a", "reason": "https://wire.example/a: no answer within 10 s"}]).encode(),
        "application/json"))
    result = runner.invoke(app, ["reports", "show", RUN_A, "--store", store_uri], env={"COLUMNS": "200"})
    assert result.exit_code == 0, result.stderr
    out = result.stdout
    assert "reviewed by Ana Reviewer" in out and "1 confirmed, 0 dismissed, 1 corrected" in out
    assert "corrected to outdated" in out and "not read: https://wire.example/a: no answer within 10 s" in out
    assert location.run_id == RUN_B  # a review of an older run leaves latest.json alone
    newer = runner.invoke(app, ["reports", "show", RUN_B, "--store", store_uri], env={"COLUMNS": "200"})
    assert "reviewed by" not in newer.stdout and "not read" not in newer.stdout


def test_show_finds_latest_and_article_slash_run_and_prints_json(store_uri, two_runs):
    latest = run("show", "latest", "--article", ARTICLE, "--store", store_uri, "--json")
    assert latest.exit_code == 0, latest.stderr
    assert json.loads(latest.stdout) == two_runs[1][0]
    slash = run("show", f"{ARTICLE}/{RUN_A}", "--store", store_uri, "--json")
    assert json.loads(slash.stdout) == two_runs[0][0]


# --------------------------------------------------------------------------- diff


def test_diff_names_claims_added_removed_verdicts_changed_and_figures_moved(store_uri):
    result = run("diff", RUN_A, RUN_B, "--store", store_uri, "--json")
    assert result.exit_code == 0, result.stderr
    changes = json.loads(result.stdout)
    assert [e["text"] for e in changes["added"]] == ["12 villages"]
    assert [e["text"] for e in changes["removed"]] == ["October 2023"]
    assert [(c["from"]["verdict"], c["to"]["verdict"], c["to"]["text"]) for c in changes["verdicts_changed"]] == [
        ("disputed", "contradicted", "74 towns")]
    [moved] = changes["figures_moved"]
    assert (moved["from"]["text"], moved["to"]["text"]) == (
        "approximately 1,050 square kilometers", "approximately 1,100 square kilometers")
    assert (moved["from"]["figure"]["value"], moved["to"]["figure"]["value"]) == (1050.0, 1100.0)
    assert changes["summary"] == {"contradicted": {"from": 0, "to": 1}, "disputed": {"from": 2, "to": 1}}

    text = runner.invoke(app, ["reports", "diff", RUN_A, RUN_B, "--store", store_uri], env={"COLUMNS": "160"}).stdout
    assert "claims added (1)" in text and "+ 12 villages" in text
    assert "claims removed (1)" in text and "- October 2023" in text
    assert "74 towns: disputed (medium) → contradicted (high)" in text
    assert "1,050 kilometer ** 2 [945, 1,155] → 1,100 kilometer ** 2 [990, 1,210]" in text


def test_diff_of_a_run_with_itself_says_nothing_changed(store_uri):
    result = run("diff", RUN_A, RUN_A, "--store", store_uri)
    assert result.exit_code == 0 and "no claim was added or removed" in result.stdout


def test_diff_pairs_repeated_claims_by_occurrence():
    def report(texts):
        claims = [{"id": f"c{i}", "kind": "quantity", "text": t, "start": i * 10,
                   "quantity": {"value": float(t.split()[0]), "unit": "town", "low": 1.0, "high": 1.0e9,
                                "qualifier": "exact"}} for i, t in enumerate(texts)]
        findings = [{"claim_id": c["id"], "verdict": "supported", "severity": "none"} for c in claims]
        return {"claims": claims, "findings": findings}

    changes = diff_reports(report(["5 towns", "5 towns", "7 towns"]), report(["5 towns", "9 towns", "7 towns"]))
    assert changes["added"] == [] and changes["removed"] == []
    assert [(m["from"]["text"], m["to"]["text"]) for m in changes["figures_moved"]] == [("5 towns", "9 towns")]


# --------------------------------------------------------------------------- open


def test_open_writes_the_page_locally_and_prints_its_path(store_uri, tmp_path):
    result = run("open", RUN_B, "--store", store_uri, "--to", str(tmp_path / "out"))
    assert result.exit_code == 0, result.stderr
    path = Path(result.stdout.strip())
    assert path == (tmp_path / "out" / ARTICLE / RUN_B / "report.html").resolve()
    assert path.read_bytes() == open_store(store_uri).read(ARTICLE, RUN_B, "report.html")
    assert "12 villages" in path.read_text(encoding="utf-8")


# --------------------------------------------------------------------------- bad input


@pytest.mark.parametrize(
    ("args", "words"),
    [
        (["show", "20990101T000000Z-ffffff"], "run '20990101T000000Z-ffffff' not found"),
        (["show", "2024"], "matches 2 runs"),
        (["show", "latest"], "'latest' needs --article"),
        (["show", "latest", "--article", "nobody"], "article 'nobody' has no runs"),
        (["show", "x", "--article", "../etc"], "article id '../etc' is not allowed"),
        (["show", f"other/{RUN_A}", "--article", ARTICLE], "but --article is"),
        (["diff", RUN_A, "missing-run"], "run 'missing-run' not found"),
        (["list", "--since", "last week"], "--since 'last week' is not a date"),
        (["open", "nope"], "run 'nope' not found"),
    ],
)
def test_bad_input_exits_2_with_one_line(store_uri, args, words):
    one_error_line(run(*args, "--store", store_uri), 2, words)


@pytest.mark.parametrize("uri", ["ftp://host/reports", "s3://", "s3://a/../b", "file://host/x"])
def test_a_bad_store_address_exits_2_with_one_line(uri):
    one_error_line(run("list", "--store", uri), 2, "is not allowed")


def test_a_missing_bucket_exits_1_with_one_line(s3_env):
    one_error_line(run("list", "--store", "s3://no-such-bucket-here/reports"), 1, "no-such-bucket-here")


def test_the_store_defaults_to_the_setting(two_runs, tmp_path, monkeypatch):
    (report, text), _ = two_runs
    open_store(str(tmp_path)).write_run(ARTICLE, RUN_A, CREATED_A, report_objects(report, text))
    monkeypatch.setenv("CROSSCHECK_STORE", str(tmp_path))
    rows = json.loads(run("list", "--json").stdout)
    assert [r["run_id"] for r in rows] == [RUN_A]

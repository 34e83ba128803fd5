"""The service's plain parts without a server: watch lists, report comparison, the review form,
the task runner setting, artifact helpers and `crosscheck serve`'s set-up."""

from __future__ import annotations

import copy
import os
import socket
import sys
from datetime import date
from pathlib import Path
from unittest import mock

import pytest
from typer.testing import CliRunner

from checks.stores import RunRef
from checks.watchlist import WatchlistError, compare_reports, load_watchlist, parse_watchlist
from tests.conftest import ROOT
from tests.prefect_server import free_port


def claim(cid: str, text: str, kind: str = "quantity", subject: str = "area", unit: str | None = "km2",
          value: float | None = 100.0) -> dict:
    quantity = None if kind != "quantity" else {"value": value, "unit": unit, "low": value, "high": value,
                                                "qualifier": "exact"}
    return {"id": cid, "kind": kind, "text": text, "start": 0, "end": len(text), "subject": subject,
            "quantity": quantity, "speaker": None, "as_of": "2024-08-14"}


def finding(cid: str, verdict: str, severity: str = "none", evidence: list[dict] | None = None) -> dict:
    return {"claim_id": cid, "verdict": verdict, "severity": severity, "explanation": f"{verdict} because",
            "evidence": evidence or []}


def evidence(text: str, published: str, agrees: bool = True) -> dict:
    return {"source_id": "s1", "text": text, "start": 0, "end": len(text), "published": published, "agrees": agrees}


def report(claims: list[dict], findings: list[dict], run_id: str = "r1") -> dict:
    return {"schema_version": 1, "run_id": run_id, "created_at": "2024-08-14T12:00:00+00:00",
            "article": {"id": "a", "uri": "a.md", "title": "A story", "publisher": None, "published": "2024-08-14",
                        "sha256": ""},
            "claims": claims, "findings": findings, "summary": {"claims": len(claims)}}


BASE = report(
    [claim("c1", "1,000 square kilometres"), claim("c2", "74 towns", subject="settlement", unit="town", value=74),
     claim("c3", "August 6", kind="date", subject="date")],
    [finding("c1", "disputed", "medium", [evidence("800 km2", "2024-08-13", False), evidence("1,000 km2", "2024-08-12")]),
     finding("c2", "supported"), finding("c3", "unverified")],
)


# -- watch lists -----------------------------------------------------------------------------------


def test_the_example_watch_list_resolves_against_its_folder():
    watch = load_watchlist(str(ROOT / "examples" / "watchlist.yaml"))
    assert watch.name == "example-watchlist"
    assert [Path(a.article).relative_to(ROOT).as_posix() for a in watch.articles] == [
        "examples/kursk/article.md", "examples/harbour-ferry/article.md"]
    assert all(Path(s).is_dir() for a in watch.articles for s in a.sources)
    assert all(Path(a.article).is_file() for a in watch.articles)


def test_watch_lists_from_s3_resolve_against_their_prefix():
    text = "articles:\n  - article: a/article.md\n    sources: [a/sources, /abs/path, 's3://other/x']\n    as_of: 2024-08-14\n"
    watch = parse_watchlist(text, "s3://bucket/lists/daily.yaml")
    assert watch.name == "daily"
    [entry] = watch.articles
    assert entry.article == "s3://bucket/lists/a/article.md"
    assert entry.sources == ("s3://bucket/lists/a/sources", "/abs/path", "s3://other/x")
    assert entry.as_of == date(2024, 8, 14)


@pytest.mark.parametrize("text, message", [
    ("articles: [", "not valid YAML"),
    ("- a\n- b\n", "expected a mapping"),
    ("articles: []\n", "empty"),
    ("articles:\n  - article: a.md\n", "'sources'"),
    ("articles:\n  - sources: [s]\n", "'article'"),
    ("articles:\n  - {article: a.md, sources: [s], as_of: soon}\n", "not a date"),
    ("articles:\n  - {article: a.md, sources: [s], colour: red}\n", "unknown key"),
    ("feeds: []\narticles:\n  - {article: a.md, sources: [s]}\n", "unknown key"),
])
def test_bad_watch_lists_are_one_clear_input_error(text: str, message: str):
    with pytest.raises(WatchlistError, match=message):
        parse_watchlist(text, "list.yaml")


def test_a_missing_watch_list_is_an_input_error(tmp_path: Path):
    with pytest.raises(WatchlistError, match="no such watch list"):
        load_watchlist(str(tmp_path / "absent.yaml"))


# -- comparing reports -----------------------------------------------------------------------------


def test_the_first_report_of_an_article_lists_its_discrepancies_as_new():
    changes = compare_reports(None, BASE)
    assert changes.first and not changes.no_change
    assert [c.claim_id for c in changes.new] == ["c1"]
    assert changes.headline == "first check: 1 discrepancy"


def test_the_same_verdicts_again_are_no_change():
    changes = compare_reports(BASE, copy.deepcopy(BASE))
    assert changes.no_change and changes.headline == "no change" and changes.lines() == []


def test_new_resolved_and_changed_verdicts():
    new = copy.deepcopy(BASE)
    new["findings"][0] = finding("c1", "supported", evidence=BASE["findings"][0]["evidence"])
    new["findings"][1] = finding("c2", "outdated", "low")
    new["findings"][2] = finding("c3", "supported")
    changes = compare_reports(BASE, new)
    assert [(c.claim_id, c.before, c.after) for c in changes.new] == [("c2", "supported", "outdated")]
    assert [(c.claim_id, c.before, c.after) for c in changes.resolved] == [("c1", "disputed", "supported")]
    assert [(c.claim_id, c.before, c.after) for c in changes.changed] == [("c3", "unverified", "supported")]
    assert changes.headline == "1 new, 1 resolved, 1 changed"
    assert changes.lines()[0] == "new: '74 towns': supported -> outdated"


def test_a_figure_the_article_changed_pairs_with_the_old_one_and_moves():
    new = copy.deepcopy(BASE)
    new["claims"][1] = claim("c2", "82 towns", subject="settlement", unit="town", value=82)
    changes = compare_reports(BASE, new)
    assert [(m.where, m.before, m.after) for m in changes.moved] == [("article", "74 towns", "82 towns")]
    assert not changes.new and not changes.resolved


def test_a_newer_source_figure_moves_and_claims_dropped_or_added_are_told():
    new = copy.deepcopy(BASE)
    new["findings"][0]["evidence"].append(evidence("1,294 km2", "2024-08-27", False))
    new["claims"].append(claim("c4", "120,000 civilians", subject="person", unit="civilian", value=120000))
    new["findings"].append(finding("c4", "contradicted", "high"))
    del new["claims"][2], new["findings"][2]  # "August 6" is gone
    changes = compare_reports(BASE, new)
    [moved] = changes.moved
    assert (moved.where, moved.before, moved.after) == ("sources", "800 km2 (2024-08-13)", "1,294 km2 (2024-08-27)")
    assert [(c.claim_id, c.before, c.after) for c in changes.new] == [("c4", None, "contradicted")]
    assert [(c.text, c.before, c.after) for c in changes.changed] == [("August 6", "unverified", None)]
    assert changes.to_dict()["headline"] == changes.headline == "1 new, 1 changed, 1 moved"


# -- the review form -------------------------------------------------------------------------------


def test_the_review_form_asks_for_each_finding_at_or_above_the_severity():
    from flows.review_report import build_reviewed, review_form, select_findings

    high = copy.deepcopy(BASE)
    high["findings"][1] = finding("c2", "contradicted", "high")
    chosen = select_findings(high, "medium")
    assert [f["claim_id"] for f in chosen] == ["c1", "c2"]
    assert [f["claim_id"] for f in select_findings(high, "high")] == ["c2"]
    form = review_form(high, chosen)
    schema = form.model_json_schema()
    assert schema["required"] == ["c1", "c2", "reviewer"]
    assert schema["properties"]["c1"]["title"] == "c1: 1,000 square kilometres (disputed, medium)"
    assert schema["additionalProperties"] is False
    with pytest.raises(ValueError):
        form(reviewer="", c1={"decision": "confirm"}, c2={"decision": "confirm"})
    with pytest.raises(ValueError):
        form(reviewer="R", c1={"decision": "maybe"}, c2={"decision": "confirm"})
    answer = form(reviewer=" R. Viewer ", c1={"decision": "dismiss", "note": "wrong match"},
                  c2={"decision": "correct", "corrected_verdict": "outdated"})
    location = RunRef("a", "r1", "2024-08-14T12:00:00+00:00", "/store/a/r1")
    reviewed = build_reviewed(high, chosen, answer.model_dump(), location, "medium", flow_run_id="f1")
    assert reviewed["reviewer"] == "R. Viewer" and reviewed["flow_run_id"] == "f1"
    assert [(d["claim_id"], d["decision"], d["corrected_verdict"]) for d in reviewed["decisions"]] == [
        ("c1", "dismiss", None), ("c2", "correct", "outdated")]
    assert reviewed["summary"] == {"confirmed": 0, "dismissed": 1, "corrected": 1}


# -- settings, task runners, artifacts -------------------------------------------------------------


def test_the_task_runner_follows_the_setting(monkeypatch: pytest.MonkeyPatch):
    from prefect.task_runners import ThreadPoolTaskRunner
    from prefect_dask import DaskTaskRunner

    from flows.runners import make_task_runner
    from flows.settings import ServiceSettings

    threads = make_task_runner(ServiceSettings())
    assert isinstance(threads, ThreadPoolTaskRunner) and threads._max_workers == 4
    monkeypatch.setenv("CROSSCHECK_TASK_RUNNER", "dask")
    monkeypatch.setenv("CROSSCHECK_DASK_WORKERS", "3")
    local = make_task_runner()
    assert isinstance(local, DaskTaskRunner) and local.cluster_kwargs["n_workers"] == 3
    remote = make_task_runner(ServiceSettings(task_runner="dask", dask_address="tcp://scheduler:8786"))
    assert remote.address == "tcp://scheduler:8786"
    monkeypatch.setenv("CROSSCHECK_TASK_RUNNER", "spark")
    with pytest.raises(ValueError):
        ServiceSettings()


def test_artifact_keys_and_local_report_links(tmp_path: Path):
    from flows.common import artifact_key, report_link

    assert artifact_key("Ukraine_Kursk.2024--08") == "ukraine-kursk-2024-08"
    assert artifact_key("Ærø") == "r"
    link = report_link(RunRef("a", "r", "2024-08-14T12:00:00+00:00", str(tmp_path / "a" / "r")))
    assert link == (tmp_path / "a" / "r" / "report.html").as_uri()


def test_check_article_parameters_carry_the_tolerances():
    from flows.check_article import CheckArticleParameters

    parameters = CheckArticleParameters(article="a.md", sources=["s"], stale_days=5, rounding=0.01)
    settings = parameters.verdict_settings()
    assert (settings.stale_days, settings.rounding) == (5, 0.01)
    for bad in ({"rounding": 0.5}, {"stale_days": -1}, {"review_severity": "none"}, {"colour": "red"}):
        with pytest.raises(ValueError):
            CheckArticleParameters(article="a.md", sources=["s"], **bad)


def test_store_tasks_retry_with_backoff_unless_the_input_is_wrong():
    from prefect.states import Completed, Failed

    from checks.errors import StoreError, StoreUriError
    from flows.common import STORE_RETRY, store_retry_condition

    assert STORE_RETRY["retries"] == 3 and STORE_RETRY["retry_delay_seconds"](3) == [2, 4, 8]
    assert STORE_RETRY["retry_jitter_factor"] == 0.5
    assert store_retry_condition(None, None, Failed(data=StoreError("S3 is away"))) is True
    assert store_retry_condition(None, None, Failed(data=StoreUriError("bad bucket name"))) is False
    assert store_retry_condition(None, None, Completed(data=1)) is True


def test_the_watch_list_summary_names_changes_and_failures():
    from checks.watchlist import WatchList
    from flows.verify_watchlist import summary_markdown

    changes = compare_reports(None, BASE)
    outcomes = [
        {"article": "a.md", "article_id": "a", "title": "A | story", "run_id": "r1", "link": "file:///s/a/r1/report.html",
         "summary": {"claims": 3, "contradicted": 0, "disputed": 1, "outdated": 0},
         "changes": changes.to_dict(), "lines": changes.lines()},
        {"article": "b.md", "error": "ArticleError: b.md: no such file"},
    ]
    markdown = summary_markdown(WatchList("desk", "list.yaml", ()), "./reports", outcomes)
    assert markdown.startswith("# Watch list `desk`")
    assert "| A \\| story | 3 | 1 (contradicted 0, disputed 1, outdated 0) | first check: 1 discrepancy |" in markdown
    assert "| b.md | - | - | **not checked**: ArticleError: b.md: no such file | - |" in markdown
    assert "- new: '1,000 square kilometres': disputed (a claim the previous report did not have)" in markdown


# -- crosscheck serve -----------------------------------------------------------------------------


def test_serve_points_the_ui_at_its_own_port_and_turns_telemetry_off():
    from crosscheck.service_cli import server_command, server_environment

    env = server_environment("127.0.0.1", 4321, base={"PATH": "/bin"})
    assert env["PREFECT_UI_API_URL"] == env["PREFECT_API_URL"] == "http://127.0.0.1:4321/api"
    assert env["PREFECT_SERVER_ANALYTICS_ENABLED"] == "false"
    assert server_environment("127.0.0.1", 1, base={"PREFECT_SERVER_ANALYTICS_ENABLED": "true"})[
        "PREFECT_SERVER_ANALYTICS_ENABLED"] == "true"  # a setting the user made is kept
    assert server_command("127.0.0.1", 4321)[-6:] == ["server", "start", "--host", "127.0.0.1", "--port", "4321"]


def test_serve_refuses_a_port_in_use():
    from crosscheck.cli import app

    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as busy:
        busy.bind(("127.0.0.1", 0))
        busy.listen()
        port = busy.getsockname()[1]
        result = CliRunner().invoke(app, ["serve", "--port", str(port)])
    assert result.exit_code == 2
    assert f"127.0.0.1:{port} is in use" in result.stderr


FAKE_SERVER = """
import http.server, sys
class Health(http.server.BaseHTTPRequestHandler):
    def do_GET(self):
        self.send_response(200 if self.path == "/api/health" else 404)
        self.end_headers()
        self.wfile.write(b"true")
    def log_message(self, *args):
        pass
http.server.HTTPServer(("127.0.0.1", int(sys.argv[1])), Health).serve_forever()
"""


def test_serve_starts_the_server_serves_the_deployments_then_stops_the_server(monkeypatch: pytest.MonkeyPatch,
                                                                               tmp_path: Path):
    """The order of `crosscheck serve`, with a stand-in for `prefect server start` and for serving."""
    import httpx

    import flows.deployments
    from crosscheck import service_cli
    from crosscheck.cli import app

    monkeypatch.setattr(service_cli, "server_command",
                        lambda host, port: [sys.executable, "-c", FAKE_SERVER, str(port)])
    seen = {}

    def serve(limit=None, names=None):
        from prefect.settings import PREFECT_API_URL

        seen.update(limit=limit, names=names, api=PREFECT_API_URL.value(),
                    health=httpx.get(f"{PREFECT_API_URL.value()}/health", timeout=5).status_code,
                    ui_api=os.environ["PREFECT_UI_API_URL"], poll=os.environ["PREFECT_RUNNER_POLL_FREQUENCY"])

    monkeypatch.setattr(flows.deployments, "serve", serve)
    port = free_port()
    with mock.patch.dict(os.environ, {"PREFECT_HOME": str(tmp_path / "home")}):
        result = CliRunner().invoke(app, ["serve", "--port", str(port), "--limit", "2", "-d", "check-article"])
    assert result.exit_code == 0, result.output
    api = f"http://127.0.0.1:{port}/api"
    assert f"Prefect UI: http://127.0.0.1:{port}" in result.stdout
    assert seen == {"limit": 2, "names": ["check-article"], "api": api, "health": 200, "ui_api": api, "poll": "2"}
    with pytest.raises(httpx.HTTPError):  # the server was stopped when serving ended
        httpx.get(f"{api}/health", timeout=2)
    assert (tmp_path / "home" / "crosscheck-server.log").exists()

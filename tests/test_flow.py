"""The check-article flow under a real Prefect API: tasks run, artifacts published, bad input fails the run."""

from __future__ import annotations

import json

import pytest
from prefect.client.orchestration import get_client
from prefect.client.schemas.filters import ArtifactFilter, ArtifactFilterKey

from checks.errors import SourceError
from flows.check_article import CheckArticleParameters, check_article
from tests.conftest import KURSK
from tests.http_site import http_server, http_site  # noqa: F401 - the fixtures


@pytest.fixture
def parameters(tmp_path):
    return CheckArticleParameters(article=str(KURSK / "article.md"),
                                  sources=[str(KURSK / "sources"), str(KURSK / "reference")], store=str(tmp_path))


def test_the_flow_stores_the_report_and_publishes_artifacts(prefect_api, parameters, tmp_path):
    state = check_article(parameters, return_state=True)
    assert state.is_completed()
    outcome = state.result()
    report = outcome["report"]
    assert outcome["location"].startswith(str(tmp_path))
    with get_client(sync_client=True) as client:
        run = client.read_flow_run(state.state_details.flow_run_id)
        assert run.name and run.state.is_completed()
        tasks = {t.name.rsplit("-", 1)[0] for t in client.read_task_runs()
                 if t.flow_run_id == run.id}
        artifacts = client.read_artifacts(
            artifact_filter=ArtifactFilter(key=ArtifactFilterKey(like_="ukraine-kursk")),
        )
    assert {"load-article", "load-sources", "extract-article", "extract-sources", "match", "judge", "validate",
            "store-report", "publish-artifacts"} <= tasks
    mine = [a for a in artifacts if a.flow_run_id == run.id]
    assert {a.type for a in mine} == {"markdown", "table"}
    [table] = [a for a in mine if a.type == "table"]
    assert len(json.loads(table.data)) == len(report["findings"])
    [markdown] = [a for a in mine if a.type == "markdown"]
    assert "report.html" in markdown.data and "disputed" in markdown.data


def test_bad_sources_fail_the_run_with_the_input_error(prefect_api, tmp_path):
    empty = tmp_path / "empty"
    empty.mkdir()
    parameters = CheckArticleParameters(article=str(KURSK / "article.md"), sources=[str(empty)],
                                        store=str(tmp_path / "store"))
    with pytest.raises(SourceError, match="no source documents found"):
        check_article(parameters)
    assert not (tmp_path / "store").exists()


def test_parameters_are_refused_before_any_run():
    with pytest.raises(ValueError):
        CheckArticleParameters(article="", sources=[])


def test_fetches_take_a_slot_of_their_hosts_limit_and_unreachable_sources_are_recorded(
        prefect_api, http_site, tmp_path, monkeypatch):
    monkeypatch.setenv("CROSSCHECK_ALLOW_HOSTS", "127.0.0.1")
    monkeypatch.setenv("CROSSCHECK_FETCH_TIMEOUT", "0.5")
    monkeypatch.setenv("CROSSCHECK_CACHE_DIR", str(tmp_path / "cache"))
    page = (KURSK / "sources").glob("*.md").__next__().read_text(encoding="utf-8")
    good = http_site.route("/wire.md", page)
    slow = http_site.route("/slow.md", page, delay=2.0)
    parameters = CheckArticleParameters(article=str(KURSK / "article.md"),
                                        sources=[good, slow, str(KURSK / "reference")], store=str(tmp_path / "store"))
    state = check_article(parameters, return_state=True)
    assert state.is_completed(), state.message
    [stored] = (tmp_path / "store").rglob("unavailable.json")
    [missing] = json.loads(stored.read_text(encoding="utf-8"))
    assert missing["location"] == slow and "no answer within 0.5 s" in missing["reason"]
    with get_client(sync_client=True) as client:
        limit = client.read_global_concurrency_limit_by_name("fetch-127.0.0.1")
    assert limit.limit == 2 and limit.active_slots == 0  # created on first use, every slot given back

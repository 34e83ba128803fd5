"""Faults (issue 7): the store going away mid-run, a run killed before latest.json moves, the Prefect
API not answering, and credentials kept out of everything a run leaves behind.

The store faults use a SeaweedFS server of their own, so that stopping it disturbs no other test.
"""

from __future__ import annotations

import json
import subprocess
import sys
import textwrap
import threading
import uuid
from pathlib import Path

import pytest
from prefect.client.orchestration import get_client
from typer.testing import CliRunner

from checks import stores
from checks.stores import open_store
from crosscheck.cli import app
from flows.check_article import CheckArticleParameters, check_article
from tests.conftest import KURSK
from tests.s3_server import SeaweedServer

ARTICLE_ID = "ukraine-kursk-incursion-week-one"
SOURCES = [str(KURSK / "sources"), str(KURSK / "reference")]


@pytest.fixture
def own_s3(tmp_path, monkeypatch):
    """A SeaweedFS server only this test stops and starts, the AWS settings pointed at it, a bucket."""
    server = SeaweedServer(tmp_path / "seaweedfs")
    server.start()
    for name, value in {"AWS_ENDPOINT_URL": server.endpoint_url, "AWS_ACCESS_KEY_ID": server.access_key,
                        "AWS_SECRET_ACCESS_KEY": server.secret_key, "AWS_DEFAULT_REGION": "us-east-1",
                        "AWS_CONFIG_FILE": str(tmp_path / "absent"),
                        "AWS_SHARED_CREDENTIALS_FILE": str(tmp_path / "absent")}.items():
        monkeypatch.setenv(name, value)
    for name in ("AWS_PROFILE", "AWS_SESSION_TOKEN", "AWS_ENDPOINT_URL_S3", "AWS_REGION"):
        monkeypatch.delenv(name, raising=False)
    bucket = f"faults-{uuid.uuid4().hex[:12]}"
    server.client().create_bucket(Bucket=bucket)
    try:
        yield server, f"s3://{bucket}/reports"
    finally:
        for timer in [t for t in threading.enumerate() if isinstance(t, threading.Timer)]:
            timer.cancel()  # a restart still pending must not outlive the test
            timer.join()
        server.stop()


def first_run(store: str) -> str:
    """A complete earlier run of the Kursk check in the store; its run id."""
    from checks.pipeline import CheckRequest, run_check

    return run_check(CheckRequest(article=str(KURSK / "article.md"), sources=SOURCES, store=store)).location.run_id


def stop_after_puts(monkeypatch, server: SeaweedServer, puts: int, back_after: float | None) -> list[str]:
    """Stop the server once `puts` objects of the next run are written; start it again after `back_after`
    seconds (never, for None). The keys written are collected in the list returned."""
    written: list[str] = []
    stopped: list[bool] = []
    original = stores.S3Store._put

    def put(self, key, body, content_type, metadata):
        if len(written) == puts and not stopped:
            stopped.append(True)
            server.stop()
            if back_after is not None:
                threading.Timer(back_after, server.start).start()
        original(self, key, body, content_type, metadata)
        written.append(key)

    monkeypatch.setattr(stores.S3Store, "_put", put)
    return written


def test_the_store_going_away_mid_write_is_retried_until_it_comes_back(prefect_api, own_s3, monkeypatch):
    server, store = own_s3
    previous = first_run(store)
    written = stop_after_puts(monkeypatch, server, puts=2, back_after=3.0)
    state = check_article(CheckArticleParameters(article=str(KURSK / "article.md"), sources=SOURCES, store=store),
                          return_state=True)
    assert state.is_completed(), state.message
    new = state.result()["report"]["run_id"]
    latest = open_store(store).latest(ARTICLE_ID)
    assert latest.run_id == new != previous
    assert {r.run_id for r in open_store(store).runs(ARTICLE_ID)} == {previous, new}
    assert len(written) > 2  # the write went on after the server came back
    with get_client(sync_client=True) as client:
        tries = [t for t in client.read_task_runs() if t.flow_run_id == state.state_details.flow_run_id
                 and t.name.startswith("store-report")]
    assert tries and tries[0].run_count >= 2  # retried, not lucky


def test_a_store_that_stays_away_fails_the_run_and_leaves_the_previous_run_latest(prefect_api, own_s3, monkeypatch):
    server, store = own_s3
    previous = first_run(store)
    stop_after_puts(monkeypatch, server, puts=2, back_after=None)
    state = check_article(CheckArticleParameters(article=str(KURSK / "article.md"), sources=SOURCES, store=store),
                          return_state=True)
    assert state.is_failed()
    with pytest.raises(Exception) as failure:
        state.result()
    message = str(failure.value)
    assert "cannot write" in message or "cannot reach" in message or "S3" in message, message
    server.start()
    opened = open_store(store)
    assert opened.latest(ARTICLE_ID).run_id == previous
    assert [r.run_id for r in opened.runs(ARTICLE_ID)] == [previous]  # the half-written run is not listed


KILL_BEFORE_LATEST = textwrap.dedent("""
    import os, signal, sys
    from checks import stores
    from checks.pipeline import CheckRequest, run_check

    def killed(*args, **kwargs):
        os.kill(os.getpid(), signal.SIGKILL)  # every object of the run is written; latest.json is next

    stores._may_move_latest = killed
    run_check(CheckRequest(article=sys.argv[1], sources=sys.argv[2:4], store=sys.argv[4]))
""")


@pytest.mark.parametrize("kind", ["folder", "s3"])
def test_a_run_killed_before_latest_moves_leaves_readers_on_the_previous_run(kind, tmp_path, request):
    store = str(tmp_path / "reports") if kind == "folder" else f"s3://{request.getfixturevalue('s3_env')}/reports"
    previous = first_run(store)
    killed = subprocess.run([sys.executable, "-c", KILL_BEFORE_LATEST, str(KURSK / "article.md"), *SOURCES, store],
                            capture_output=True, text=True, timeout=120)
    assert killed.returncode == -9, killed.stderr
    assert open_store(store).latest(ARTICLE_ID).run_id == previous
    shown = CliRunner().invoke(app, ["reports", "show", "latest", "--article", ARTICLE_ID, "--store", store, "--json"])
    assert shown.exit_code == 0 and json.loads(shown.stdout)["run_id"] == previous


def test_without_an_answering_prefect_api_the_check_runs_on_the_engine_and_says_so(tmp_path):
    """Run as a user would, in a process of its own: its Prefect settings come from the environment."""
    import os

    from tests.prefect_server import free_port

    env = {**os.environ, "PREFECT_API_URL": f"http://127.0.0.1:{free_port()}/api", "COLUMNS": "200"}
    command = [str(Path(sys.executable).parent / "crosscheck"), "check", str(KURSK / "article.md"),
               *[a for s in SOURCES for a in ("-s", s)], "--store", str(tmp_path / "reports")]
    result = subprocess.run(command, env=env, capture_output=True, text=True, timeout=180)
    assert result.returncode == 0, result.stderr
    [warning] = [line for line in result.stderr.splitlines() if line.strip()]
    assert warning.startswith("warning: the Prefect API at http://127.0.0.1:") and "engine alone" in warning
    assert list((tmp_path / "reports").rglob("report.json"))


def test_credentials_appear_in_no_log_report_artifact_or_error(prefect_api, s3_env, s3_server, tmp_path, monkeypatch):
    """The S3 secret appears nowhere; the access key id only inside presigned links' X-Amz-Credential
    (SigV4 puts it there by design: a link names the key that signed it, never the secret)."""
    import re

    store = f"s3://{s3_env}/reports"
    parameters = CheckArticleParameters(article=str(KURSK / "article.md"), sources=SOURCES, store=store)
    state = check_article(parameters, return_state=True)
    assert state.is_completed()
    wrong_secret = "wrong-" + s3_server.secret_key
    monkeypatch.setenv("AWS_SECRET_ACCESS_KEY", wrong_secret)
    refused = check_article(parameters, return_state=True)  # fails, retried, with its errors in the run's log
    monkeypatch.setenv("AWS_SECRET_ACCESS_KEY", s3_server.secret_key)
    assert refused.is_failed()
    from prefect.logging.handlers import APILogHandler

    APILogHandler().flush()  # the run logs reach the API in batches
    texts: dict[str, str] = {}
    runs = {state.state_details.flow_run_id, refused.state_details.flow_run_id}
    with get_client(sync_client=True) as client:
        texts["logs"] = "\n".join(log.message for log in client.read_logs() if log.flow_run_id in runs)
        texts["artifacts"] = "\n".join(str(a.data) for a in client.read_artifacts() if a.flow_run_id in runs)
        texts["flow runs"] = "\n".join(client.read_flow_run(r).model_dump_json() for r in runs)
        texts["task runs"] = "\n".join(t.model_dump_json() for t in client.read_task_runs() if t.flow_run_id in runs)
    s3 = s3_server.client()
    for item in s3.list_objects_v2(Bucket=s3_env)["Contents"]:
        texts[item["Key"]] = s3.get_object(Bucket=s3_env, Key=item["Key"])["Body"].read().decode("utf-8", "replace")
    wrong = CliRunner().invoke(app, ["check", str(KURSK / "article.md"), "-s", SOURCES[0], "--engine-only",
                                     "--store", store], env={"AWS_SECRET_ACCESS_KEY": wrong_secret})
    assert wrong.exit_code == 1
    texts["error"] = wrong.output
    good = CliRunner().invoke(app, ["check", str(KURSK / "article.md"), "-s", SOURCES[0], "--engine-only",
                                    "--store", store])
    texts["output"] = good.output
    assert any(name.endswith("/report.json") for name in texts) and texts["artifacts"]
    assert "credentials were refused" in texts["logs"] and "credentials were refused" in texts["error"]
    for name, text in texts.items():
        assert s3_server.secret_key not in text, name  # the wrong secret holds the right one: one test for both
        unsigned = re.sub(r"X-Amz-Credential=[^&\s)\"]+", "X-Amz-Credential=...", text)
        assert s3_server.access_key not in unsigned, name

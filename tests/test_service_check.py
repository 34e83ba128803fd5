"""check-article and review-report served by `crosscheck serve`, started through the REST API like the UI.

Real parts: a `prefect server start` process and the served deployments (tests/prefect_server.py), a
SeaweedFS S3 store (tests/s3_server.py), the Kursk example.
"""

from __future__ import annotations

import json
import re
import time

import boto3
import httpx

from tests.conftest import KURSK, ROOT
from tests.prefect_server import PrefectService

RUN_FILES = {"report.json", "findings.csv", "report.html", "report.md", "expectations.json"}
ARTIFACTS = ROOT / "tests" / "artifacts"


def test_the_deployments_show_their_forms_and_the_watch_list_schedule(prefect_service: PrefectService):
    check = prefect_service.deployment("check-article")
    schema = check["parameter_openapi_schema"]
    model = schema["definitions"]["CheckArticleParameters"]
    fields = model["properties"]
    assert {"article", "sources", "store", "as_of", "stale_days", "rounding", "request_review",
            "review_severity"} <= set(fields)
    assert all(fields[name].get("description") for name in fields)
    assert fields["rounding"]["maximum"] == 0.1 and fields["stale_days"]["minimum"] == 0
    assert fields["review_severity"]["enum"] == ["low", "medium", "high"]
    assert check["enforce_parameter_schema"] is True
    assert check["parameters"]["parameters"]["article"] == "examples/kursk/article.md"

    watch = prefect_service.deployment("verify-watchlist")
    [schedule] = watch["schedules"]
    assert schedule["active"] is True
    assert schedule["schedule"]["cron"] == "0 6 * * *"
    assert schedule["schedule"]["timezone"] == "Europe/London"
    assert watch["global_concurrency_limit"]["limit"] == 1  # one watch run at a time
    assert set(watch["parameter_openapi_schema"]["properties"]) == {"watchlist", "store"}

    review = prefect_service.deployment("review-report")
    assert review["parameter_openapi_schema"]["required"] == ["store", "article_id"]


def test_parameters_outside_the_form_limits_are_refused_before_any_run(prefect_service: PrefectService):
    parameters = {"article": str(KURSK / "article.md"), "sources": [str(KURSK / "sources")], "rounding": 0.5}
    before = len(prefect_service.flow_runs("check-article"))
    response = prefect_service.create_run("check-article", {"parameters": parameters})
    assert response.status_code in {409, 422}, response.text
    assert "rounding" in response.text or "0.5" in response.text
    assert len(prefect_service.flow_runs("check-article")) == before


def test_a_ui_started_check_stores_its_report_in_s3_and_hands_it_over_for_review(prefect_service: PrefectService,
                                                                                  s3_env: str):
    bucket = s3_env
    store = f"s3://{bucket}/reports"
    parameters = {"article": str(KURSK / "article.md"),
                  "sources": [str(KURSK / "sources"), str(KURSK / "reference")],
                  "store": store, "request_review": True, "review_severity": "medium"}
    clicked = time.monotonic()
    response = prefect_service.create_run("check-article", {"parameters": parameters})
    assert response.status_code == 201, response.text
    run = prefect_service.wait(response.json()["id"], {"COMPLETED"}, timeout=150)
    seconds = time.monotonic() - clicked

    # The report, whole, in the S3 store; latest.json points at it.
    s3 = boto3.session.Session().client("s3")
    article_prefix = "reports/ukraine-kursk-incursion-week-one/"
    latest = json.loads(s3.get_object(Bucket=bucket, Key=article_prefix + "latest.json")["Body"].read())
    run_prefix = f"{article_prefix}{latest['run_id']}/"
    keys = {o["Key"].removeprefix(run_prefix) for o in s3.list_objects_v2(Bucket=bucket, Prefix=run_prefix)["Contents"]}
    assert RUN_FILES <= keys
    report = json.loads(s3.get_object(Bucket=bucket, Key=run_prefix + "report.json")["Body"].read())
    assert {f["claim_id"]: f["verdict"] for f in report["findings"]}["c1"] == "disputed"

    # Artifacts on the run's page: the summary, the findings table, and a working link to report.html.
    artifacts = {a["key"]: a for a in prefect_service.artifacts(run["id"])}
    assert set(artifacts) == {"ukraine-kursk-incursion-week-one-summary", "ukraine-kursk-incursion-week-one-findings",
                              None}  # the link is not keyed: a presigned URL expires
    summary = artifacts["ukraine-kursk-incursion-week-one-summary"]
    assert summary["type"] == "markdown" and "disputed" in summary["data"] and "report.html" in summary["data"]
    table = artifacts["ukraine-kursk-incursion-week-one-findings"]
    assert table["type"] == "table" and len(json.loads(table["data"])) == len(report["findings"])
    # Prefect 3 keeps a link artifact as Markdown: [text](address).
    found = re.fullmatch(r"\[report\.html of [^]]+\]\((http://127\.0\.0\.1:[^)]+)\)", artifacts[None]["data"])
    assert found, artifacts[None]["data"]
    link = found.group(1)
    assert "X-Amz-Signature=" in link and link in summary["data"]
    page = httpx.get(link, timeout=10)
    assert page.status_code == 200 and page.headers["content-type"].startswith("text/html")
    assert "Kursk" in page.text

    # The hand-over: a review-report run of the stored run, paused for the reviewer's form.
    [review] = [r for r in prefect_service.flow_runs("review-report")
                if r["parameters"].get("run_id") == latest["run_id"]]
    assert review["parameters"] == {"store": store, "article_id": "ukraine-kursk-incursion-week-one",
                                    "run_id": latest["run_id"], "min_severity": "medium"}
    review = prefect_service.wait(review["id"], {"PAUSED"}, timeout=90)
    keyset = review["state"]["state_details"]["run_input_keyset"]
    stored = prefect_service.get(f"/flow_runs/{review['id']}/input/{keyset['schema']}").json()
    schema = json.loads(stored) if isinstance(stored, str) else stored
    assert set(schema["required"]) == {"c1", "c7", "reviewer"}  # the two disputed (medium) findings

    # Input that does not fit the form is refused, and the run stays paused.
    refused = prefect_service.resume(review["id"], {"reviewer": "", "c1": {"decision": "maybe"}})
    assert refused["status"] == "REJECT" and "Validation failed" in refused["details"]["reason"]
    assert prefect_service.flow_run(review["id"])["state"]["type"] == "PAUSED"

    accepted = prefect_service.resume(review["id"], {
        "reviewer": "Test Reviewer",
        "c1": {"decision": "confirm", "note": "the sources disagree on the area"},
        "c7": {"decision": "correct", "corrected_verdict": "outdated", "note": "74 was right on the 13th"},
        "note": "checked against the ISW maps",
    })
    assert accepted["status"] == "ACCEPT"
    prefect_service.wait(review["id"], {"COMPLETED"}, timeout=60)
    reviewed = json.loads(s3.get_object(Bucket=bucket, Key=run_prefix + "reviewed.json")["Body"].read())
    assert reviewed["reviewer"] == "Test Reviewer" and reviewed["run_id"] == latest["run_id"]
    assert [(d["claim_id"], d["decision"], d["corrected_verdict"]) for d in reviewed["decisions"]] == [
        ("c1", "confirm", None), ("c7", "correct", "outdated")]
    assert reviewed["summary"] == {"confirmed": 1, "dismissed": 0, "corrected": 1}
    # report.json and latest.json are untouched by the review.
    assert json.loads(s3.get_object(Bucket=bucket, Key=article_prefix + "latest.json")["Body"].read()) == latest

    ARTIFACTS.mkdir(exist_ok=True)
    (ARTIFACTS / "service-timings.json").write_text(json.dumps({
        "ui_click_to_completed_report_seconds": round(seconds, 1),
        "waited_for_the_server_seconds": round(prefect_service.server.waited_seconds or 0, 1),
        "serve_ready_seconds": round(prefect_service.startup_seconds or 0, 1),
    }, indent=2) + "\n", encoding="utf-8")


def test_without_the_review_deployment_the_check_is_not_handed_over(prefect_service: PrefectService,
                                                                    monkeypatch):
    """A check run where no review-report deployment is served (the command line) only logs a warning."""
    from prefect import flow
    from prefect.settings import PREFECT_API_URL, temporary_settings

    import flows.check_article as check_module
    from checks.stores import RunRef

    monkeypatch.setattr(check_module, "REVIEW_DEPLOYMENT", "review-report/not-served")

    @flow(name="hand-over-probe")
    def probe() -> str | None:
        parameters = check_module.CheckArticleParameters(article="a.md", sources=["s"], request_review=True)
        return check_module.hand_over_review(parameters, RunRef("a", "r1", "2024-08-14T12:00:00+00:00", "/s/a/r1"))

    with temporary_settings({PREFECT_API_URL: prefect_service.api_url}):
        assert probe() is None


def test_a_suspended_review_frees_its_process_and_finishes_when_resumed(prefect_service: PrefectService,
                                                                          s3_env: str):
    """suspend=True: the run's process ends while it waits; the reviewer's input starts it again."""
    from checks.pipeline import CheckRequest, run_check

    store = f"s3://{s3_env}/suspended"
    stored = run_check(CheckRequest(article=str(KURSK / "article.md"),
                                    sources=[str(KURSK / "sources"), str(KURSK / "reference")], store=store))
    response = prefect_service.create_run("review-report", {
        "store": store, "article_id": stored.location.article_id, "min_severity": "medium", "suspend": True})
    assert response.status_code == 201, response.text
    run_id = response.json()["id"]
    suspended = prefect_service.wait(run_id, {"PAUSED"}, timeout=120)
    assert suspended["state"]["name"] == "Suspended"
    keyset = suspended["state"]["state_details"]["run_input_keyset"]
    deadline = time.monotonic() + 30
    while prefect_service.get(f"/flow_runs/{run_id}/input/{keyset['schema']}").status_code != 200:
        assert time.monotonic() < deadline, "the suspended run saved no input form"
        time.sleep(0.25)  # the form is saved just after the state is set, as the UI finds it
    assert suspended["infrastructure_pid"] is None or not _alive(suspended["infrastructure_pid"])

    accepted = prefect_service.resume(run_id, {
        "reviewer": "Night Desk",
        "c1": {"decision": "confirm", "note": ""},
        "c7": {"decision": "dismiss", "note": "towns and settlements are one count here"},
    })
    assert accepted["status"] == "ACCEPT", accepted
    prefect_service.wait(run_id, {"COMPLETED"}, timeout=180)
    s3 = boto3.session.Session().client("s3")
    key = f"suspended/{stored.location.article_id}/{stored.location.run_id}/reviewed.json"
    reviewed = json.loads(s3.get_object(Bucket=s3_env, Key=key)["Body"].read())
    assert reviewed["reviewer"] == "Night Desk" and reviewed["summary"] == {"confirmed": 1, "dismissed": 1,
                                                                          "corrected": 0}


def _alive(pid: str | int) -> bool:
    import os

    try:
        os.kill(int(str(pid).rsplit(":", 1)[-1]), 0)
    except (OSError, ValueError):
        return False
    return True

"""Checks started at the same moment through the Prefect API (issue 7, load): none lost, none mixed up.

Seven runs of check-article are created at once, as if seven people pressed Run together: five
different articles, and the first article twice more, so three runs race for its latest.json. The
full-size run (50 at once, with peak memory) is `python -m benchmarks.service_load`; its figures are
in the README.
"""

from __future__ import annotations

import hashlib
import json

import boto3

from benchmarks.service_load import check_reports, kursk_variants
from checks.stores import REPORT_NAME, open_store
from checks.reports import RUN_OBJECTS
from tests.conftest import KURSK
from tests.prefect_server import PrefectService


def test_checks_started_together_all_finish_whole_and_unmixed(prefect_service: PrefectService, s3_env: str, tmp_path):
    store = f"s3://{s3_env}/load"
    articles = kursk_variants(tmp_path / "articles", 7, same=2)
    run_ids = []
    for path in articles:
        response = prefect_service.create_run("check-article", {"parameters": {
            "article": str(path), "sources": [str(KURSK / "sources"), str(KURSK / "reference")], "store": store}})
        assert response.status_code == 201, response.text
        run_ids.append(response.json()["id"])
    for run_id in run_ids:
        prefect_service.wait(run_id, {"COMPLETED"}, timeout=600)

    assert check_reports(store, articles) == {"reports": 7, "inputs_without_report": 0, "reports_of_no_input": 0}
    opened = open_store(store)
    raced = [r for r in opened.runs() if r.article_id == "kursk-variant-000"]
    assert len(raced) == 3
    latest = opened.latest("kursk-variant-000")
    assert latest.run_id in {r.run_id for r in raced}
    report = json.loads(opened.read(latest.article_id, latest.run_id, REPORT_NAME))
    assert report["article"]["sha256"] == hashlib.sha256(articles[0].read_bytes()).hexdigest()
    s3 = boto3.session.Session().client("s3")
    prefix = f"load/{latest.article_id}/{latest.run_id}/"
    assert {o["Key"].removeprefix(prefix) for o in s3.list_objects_v2(Bucket=s3_env, Prefix=prefix)["Contents"]} \
        == set(RUN_OBJECTS)

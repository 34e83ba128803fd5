"""write_object: one more object (a review) added to a complete run, in a folder and in real S3 (SeaweedFS)."""

from __future__ import annotations

import json
from pathlib import Path

import boto3
import pytest

from checks.errors import StoreError, StoreUriError
from checks.stores import LocalStore, ReportStore, S3Store, StoredObject

ARTICLE = "kursk-2024-08-14"
RUN = "20240814T120000Z-abc123"
CREATED = "2024-08-14T12:00:00+00:00"
REVIEWED = StoredObject("reviewed.json", b'{"reviewer": "A"}\n', "application/json")


def write_run(store: ReportStore) -> None:
    store.write_run(ARTICLE, RUN, CREATED, [
        StoredObject("report.json", json.dumps({"run_id": RUN, "created_at": CREATED}).encode(), "application/json"),
        StoredObject("report.html", b"<html></html>", "text/html; charset=utf-8"),
    ])


@pytest.fixture(params=["local", "s3"])
def store(request: pytest.FixtureRequest, tmp_path: Path) -> ReportStore:
    if request.param == "local":
        return LocalStore(tmp_path / "reports")
    bucket = request.getfixturevalue("s3_env")
    return S3Store(bucket, "reports")


def test_an_object_is_added_beside_the_report_and_latest_stays(store: ReportStore):
    write_run(store)
    before = store.latest(ARTICLE)
    address = store.write_object(ARTICLE, RUN, REVIEWED)
    assert address.endswith(f"{ARTICLE}/{RUN}/reviewed.json")
    assert store.read(ARTICLE, RUN, "reviewed.json") == REVIEWED.body
    assert store.latest(ARTICLE) == before
    assert [r.run_id for r in store.runs(ARTICLE)] == [RUN]
    # Writing it again replaces it (a second review of the same run).
    store.write_object(ARTICLE, RUN, StoredObject("reviewed.json", b'{"reviewer": "B"}\n', "application/json"))
    assert store.read(ARTICLE, RUN, "reviewed.json") == b'{"reviewer": "B"}\n'


def test_no_object_is_added_to_a_run_that_is_not_there(store: ReportStore):
    with pytest.raises(StoreError, match="no object 'report.json'"):
        store.write_object(ARTICLE, RUN, REVIEWED)
    write_run(store)
    with pytest.raises(StoreError, match="no object 'report.json'"):
        store.write_object(ARTICLE, "20240815T000000Z-000000", REVIEWED)


@pytest.mark.parametrize("name", ["report.json", "latest.json", "../escape.json", ""])
def test_the_report_the_pointer_and_bad_names_are_refused(store: ReportStore, name: str):
    write_run(store)
    with pytest.raises(StoreUriError):
        store.write_object(ARTICLE, RUN, StoredObject(name, b"{}", "application/json"))
    with pytest.raises(StoreUriError):
        store.write_object("../other", RUN, REVIEWED)


def test_s3_objects_added_carry_the_run_metadata(s3_env: str):
    store = S3Store(s3_env, "reports")
    write_run(store)
    store.write_object(ARTICLE, RUN, REVIEWED)
    head = boto3.session.Session().client("s3").head_object(
        Bucket=s3_env, Key=f"reports/{ARTICLE}/{RUN}/reviewed.json")
    assert head["ContentType"] == "application/json"
    assert head["Metadata"] == {"crosscheck-run-id": RUN, "crosscheck-article-id": ARTICLE,
                                "crosscheck-created-at": CREATED}

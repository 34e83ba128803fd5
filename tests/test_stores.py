"""The report stores against a real folder and a real S3 server (SeaweedFS), no mocks.

The S3 tests that check the order of writes wrap the boto3 client in a small recording
proxy: every call still goes to the server.
"""

from __future__ import annotations

import json
import os
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import boto3
import pytest
from botocore.config import Config

from checks.errors import StoreError, StoreUriError
from checks.stores import LocalStore, ReportStore, RunRef, S3Store, StoredObject, open_store
from tests.s3_server import SeaweedServer, free_ports, s3_env, s3_server  # noqa: F401

ARTICLE = "kursk-2024-08-14"
OLD = "2024-08-14T10:00:00+00:00"
NEW = "2024-08-14T12:00:00+00:00"
NAMES = ["report.json", "findings.csv", "report.html", "report.md", "expectations.json"]


def report_body(run_id: str, created_at: str) -> bytes:
    return json.dumps({"schema_version": 1, "run_id": run_id, "created_at": created_at}).encode()


def run_objects(run_id: str, created_at: str, *, extra: tuple[str, ...] = ()) -> list[StoredObject]:
    """The five objects of a run (report.json first, to show the store reorders), plus extra names."""
    return [
        StoredObject("report.json", report_body(run_id, created_at), "application/json"),
        StoredObject("findings.csv", f"claim_id,verdict\nc1,supported\n# {run_id}\n".encode(), "text/csv"),
        StoredObject("report.html", f"<html><body>{run_id}</body></html>".encode(), "text/html; charset=utf-8"),
        StoredObject("report.md", f"# Report {run_id}\n".encode(), "text/markdown; charset=utf-8"),
        StoredObject("expectations.json", b'{"success": true, "suites": []}', "application/json"),
        *(StoredObject(name, f"{name} of {run_id}".encode(), "text/plain") for name in extra),
    ]


class RecordingClient:
    """A boto3 S3 client that notes the key of every put_object, then lets it through.

    before_put, when set, runs just before a put of a key ending in its suffix: a second
    writer racing the store.
    """

    def __init__(self, client: Any) -> None:
        self._client = client
        self.put_keys: list[str] = []
        self.before_put: tuple[str, Any] | None = None

    def put_object(self, **kwargs: Any) -> Any:
        if self.before_put is not None and kwargs["Key"].endswith(self.before_put[0]):
            hook, self.before_put = self.before_put[1], None
            hook()
        self.put_keys.append(kwargs["Key"])
        return self._client.put_object(**kwargs)

    def __getattr__(self, name: str) -> Any:
        return getattr(self._client, name)


@pytest.fixture
def aws_client(s3_env: str) -> Iterator[Any]:
    """A plain boto3 client from the settings s3_env made, for looking behind the store."""
    client = boto3.session.Session().client("s3")
    yield client
    client.close()


@pytest.fixture(params=["local", "s3"])
def store(request: pytest.FixtureRequest, tmp_path: Path) -> ReportStore:
    """The same tests for both stores: a folder, and a prefix of a fresh bucket."""
    if request.param == "local":
        return LocalStore(tmp_path / "reports")
    bucket = request.getfixturevalue("s3_env")
    return open_store(f"s3://{bucket}/reports")


def stored_paths(store: ReportStore) -> set[str]:
    """Every file or key the store holds, relative to its root."""
    if isinstance(store, LocalStore):
        if not store.root.exists():
            return set()
        return {path.relative_to(store.root).as_posix() for path in store.root.rglob("*") if path.is_file()}
    assert isinstance(store, S3Store)
    client = boto3.session.Session().client("s3")
    try:
        keys = set()
        for page in client.get_paginator("list_objects_v2").paginate(Bucket=store.bucket):
            keys.update(item["Key"] for item in page.get("Contents", []))
    finally:
        client.close()
    prefix = f"{store.prefix}/" if store.prefix else ""
    assert all(key.startswith(prefix) for key in keys), keys
    return {key[len(prefix) :] for key in keys}


# -- both stores ------------------------------------------------------------------------


def test_write_run_round_trip(store: ReportStore) -> None:
    objects = run_objects("run-1", NEW)
    ref = store.write_run(ARTICLE, "run-1", NEW, objects)

    assert ref == RunRef(ARTICLE, "run-1", NEW, f"{store.uri}/{ARTICLE}/run-1")
    assert store.latest(ARTICLE) == ref
    assert store.runs() == [ref]
    assert store.runs(ARTICLE) == [ref]
    for obj in objects:
        assert store.read(ARTICLE, "run-1", obj.name) == obj.body
    assert stored_paths(store) == {f"{ARTICLE}/run-1/{name}" for name in NAMES} | {f"{ARTICLE}/latest.json"}


def test_latest_json_holds_the_pointer(store: ReportStore) -> None:
    store.write_run(ARTICLE, "run-1", NEW, run_objects("run-1", NEW))
    if isinstance(store, LocalStore):
        text = (store.root / ARTICLE / "latest.json").read_text(encoding="utf-8")
    else:
        assert isinstance(store, S3Store)
        client = boto3.session.Session().client("s3")
        try:
            response = client.get_object(Bucket=store.bucket, Key=f"reports/{ARTICLE}/latest.json")
            text = response["Body"].read().decode()
        finally:
            client.close()
    expected = {"article_id": ARTICLE, "run_id": "run-1", "created_at": NEW, "report": "run-1/report.json"}
    assert json.loads(text) == expected
    assert text == json.dumps(expected, indent=2) + "\n"


def test_an_empty_store_has_no_runs(store: ReportStore) -> None:
    assert store.latest(ARTICLE) is None
    assert store.runs() == []
    assert store.runs(ARTICLE) == []


def test_runs_are_listed_newest_first(store: ReportStore) -> None:
    middle = "2024-08-14T11:00:00+00:00"
    first = store.write_run(ARTICLE, "run-a", OLD, run_objects("run-a", OLD))
    second = store.write_run("other-article", "run-b", middle, run_objects("run-b", middle))
    third = store.write_run(ARTICLE, "run-c", NEW, run_objects("run-c", NEW))

    assert store.runs() == [third, second, first]
    assert store.runs(ARTICLE) == [third, first]
    assert store.runs("other-article") == [second]
    assert store.latest("other-article") == second


def test_an_older_run_does_not_replace_a_newer_latest(store: ReportStore) -> None:
    newer = store.write_run(ARTICLE, "run-new", NEW, run_objects("run-new", NEW))
    older = store.write_run(ARTICLE, "run-old", OLD, run_objects("run-old", OLD))  # a slow run finishing late

    assert store.latest(ARTICLE) == newer
    assert store.runs(ARTICLE) == [newer, older]
    assert store.read(ARTICLE, "run-old", "report.md") == b"# Report run-old\n"


def test_a_run_of_the_same_time_moves_latest(store: ReportStore) -> None:
    store.write_run(ARTICLE, "run-1", NEW, run_objects("run-1", NEW))
    second = store.write_run(ARTICLE, "run-2", NEW, run_objects("run-2", NEW))

    assert store.latest(ARTICLE) == second


def test_rewriting_a_run_id_replaces_the_run_whole(store: ReportStore) -> None:
    store.write_run(ARTICLE, "run-1", OLD, run_objects("run-1", OLD, extra=("stale.txt",)))
    assert store.read(ARTICLE, "run-1", "stale.txt") == b"stale.txt of run-1"

    rewritten = run_objects("run-1", NEW)
    ref = store.write_run(ARTICLE, "run-1", NEW, rewritten)

    with pytest.raises(StoreError, match="stale.txt"):
        store.read(ARTICLE, "run-1", "stale.txt")
    assert stored_paths(store) == {f"{ARTICLE}/run-1/{name}" for name in NAMES} | {f"{ARTICLE}/latest.json"}
    assert store.read(ARTICLE, "run-1", "report.json") == rewritten[0].body
    assert store.latest(ARTICLE) == ref
    assert store.runs(ARTICLE) == [ref]


def test_reading_a_missing_object_raises_store_error(store: ReportStore) -> None:
    store.write_run(ARTICLE, "run-1", NEW, run_objects("run-1", NEW))

    with pytest.raises(StoreError, match="run 'run-1' of article 'kursk-2024-08-14' has no object 'nothing.txt'"):
        store.read(ARTICLE, "run-1", "nothing.txt")
    with pytest.raises(StoreError, match="has no object 'report.json'"):
        store.read(ARTICLE, "run-2", "report.json")


BAD_IDS = ["..", ".", "", "a/b", "../escape", "/etc", "/tmp/x", ".hidden", "a\\b", "x" * 129, "naïve"]
#: The checks are shared code: the S3 store is run on the ones that matter most.
S3_BAD_IDS = ["..", "a/b", "/etc"]


@pytest.mark.parametrize(
    ("store", "field", "bad"),
    [
        (kind, field, bad)
        for kind, ids in (("local", BAD_IDS), ("s3", S3_BAD_IDS))
        for field in ("article", "run", "name")
        for bad in ids
    ],
    indirect=["store"],
)
def test_ids_that_could_escape_raise_and_write_nothing(store: ReportStore, field: str, bad: str) -> None:
    article = bad if field == "article" else ARTICLE
    run = bad if field == "run" else "run-1"
    objects = run_objects("run-1", NEW)
    if field == "name":
        objects.append(StoredObject(bad, b"x", "text/plain"))

    with pytest.raises(StoreUriError, match="is not allowed"):
        store.write_run(article, run, NEW, objects)
    assert stored_paths(store) == set()
    with pytest.raises(StoreUriError, match="is not allowed"):
        store.read(article, run, bad if field == "name" else "report.json")


@pytest.mark.parametrize("bad", ["..", "a/b", "/etc"])
def test_reading_with_bad_ids_raises(store: ReportStore, bad: str) -> None:
    with pytest.raises(StoreUriError, match=r"article id '.*' is not allowed"):
        store.latest(bad)
    with pytest.raises(StoreUriError, match=r"article id '.*' is not allowed"):
        store.runs(bad)


def test_a_run_without_report_json_or_with_a_bad_time_is_refused(store: ReportStore) -> None:
    with pytest.raises(StoreError, match="has no report.json"):
        store.write_run(ARTICLE, "run-1", NEW, run_objects("run-1", NEW)[1:])
    with pytest.raises(StoreError, match="not an ISO-8601 time"):
        store.write_run(ARTICLE, "run-1", "yesterday", run_objects("run-1", NEW))
    with pytest.raises(StoreUriError, match="holds it twice"):
        store.write_run(ARTICLE, "run-1", NEW, run_objects("run-1", NEW) * 2)
    with pytest.raises(StoreUriError, match="latest.json"):
        store.write_run(ARTICLE, "run-1", NEW, [*run_objects("run-1", NEW), StoredObject("latest.json", b"{}", "x")])
    assert stored_paths(store) == set()


# -- the folder store ------------------------------------------------------------------------


def test_local_store_layout_and_latest_written_last(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    replaced: list[str] = []
    real_replace = os.replace

    def recording_replace(src: Any, dst: Any, **kwargs: Any) -> None:
        replaced.append(Path(dst).relative_to(tmp_path / "reports").as_posix())
        real_replace(src, dst, **kwargs)

    monkeypatch.setattr(os, "replace", recording_replace)
    store = LocalStore(tmp_path / "reports")
    ref = store.write_run(ARTICLE, "run-1", NEW, run_objects("run-1", NEW))
    monkeypatch.undo()

    assert replaced[-1] == f"{ARTICLE}/latest.json"
    assert replaced[-2] == f"{ARTICLE}/run-1/report.json"  # the run is listed only once it is whole
    assert sorted(replaced[:-1]) == sorted(f"{ARTICLE}/run-1/{name}" for name in NAMES)
    run_dir = tmp_path / "reports" / ARTICLE / "run-1"
    assert ref.uri == str(run_dir)
    latest_mtime = (tmp_path / "reports" / ARTICLE / "latest.json").stat().st_mtime_ns
    assert all((run_dir / name).stat().st_mtime_ns <= latest_mtime for name in NAMES)
    assert sorted(path.name for path in run_dir.iterdir()) == sorted(NAMES)  # no temporary files left


def test_local_store_uri_is_the_absolute_root(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    store = LocalStore(Path("reports"))
    assert store.uri == str(tmp_path.resolve() / "reports")
    assert store.root.is_absolute()


def test_local_store_reading_a_damaged_latest_raises_and_a_new_run_repairs_it(tmp_path: Path) -> None:
    store = LocalStore(tmp_path)
    (tmp_path / ARTICLE).mkdir()
    (tmp_path / ARTICLE / "latest.json").write_text("{not json", encoding="utf-8")

    with pytest.raises(StoreError, match="latest.json is not valid JSON"):
        store.latest(ARTICLE)
    ref = store.write_run(ARTICLE, "run-1", OLD, run_objects("run-1", OLD))
    assert store.latest(ARTICLE) == ref


def test_local_store_on_a_file_raises_store_error(tmp_path: Path) -> None:
    (tmp_path / "reports").write_text("not a folder", encoding="utf-8")
    store = LocalStore(tmp_path / "reports")

    with pytest.raises(StoreError, match="cannot write run 'run-1'"):
        store.write_run(ARTICLE, "run-1", NEW, run_objects("run-1", NEW))


def test_local_store_ignores_folders_that_are_not_runs(tmp_path: Path) -> None:
    store = LocalStore(tmp_path)
    ref = store.write_run(ARTICLE, "run-1", NEW, run_objects("run-1", NEW))
    (tmp_path / ARTICLE / "half-written").mkdir()  # no report.json yet
    (tmp_path / ".cache").mkdir()
    (tmp_path / "notes.txt").write_text("x", encoding="utf-8")

    assert store.runs() == [ref]


# -- the S3 store ------------------------------------------------------------------------------


def test_s3_objects_carry_content_type_and_metadata(s3_env: str, aws_client: Any) -> None:
    store = S3Store(s3_env, "reports")
    store.write_run(ARTICLE, "run-1", NEW, run_objects("run-1", NEW))

    for obj in run_objects("run-1", NEW):
        head = aws_client.head_object(Bucket=s3_env, Key=f"reports/{ARTICLE}/run-1/{obj.name}")
        assert head["ContentType"] == obj.content_type
        assert head["Metadata"]["crosscheck-run-id"] == "run-1"
        assert head["Metadata"]["crosscheck-article-id"] == ARTICLE
        assert head["Metadata"]["crosscheck-created-at"] == NEW
    head = aws_client.head_object(Bucket=s3_env, Key=f"reports/{ARTICLE}/latest.json")
    assert head["ContentType"] == "application/json"


def test_s3_latest_json_is_put_last(s3_env: str, aws_client: Any) -> None:
    recorder = RecordingClient(aws_client)
    store = S3Store(s3_env, "reports", client=recorder)
    store.write_run(ARTICLE, "run-1", NEW, run_objects("run-1", NEW))

    run_keys = [f"reports/{ARTICLE}/run-1/{name}" for name in NAMES]
    assert recorder.put_keys[-1] == f"reports/{ARTICLE}/latest.json"
    assert recorder.put_keys[-2] == f"reports/{ARTICLE}/run-1/report.json"
    assert sorted(recorder.put_keys[:-1]) == sorted(run_keys)


def test_s3_an_older_run_does_not_put_latest_json(s3_env: str, aws_client: Any) -> None:
    recorder = RecordingClient(aws_client)
    store = S3Store(s3_env, "reports", client=recorder)
    store.write_run(ARTICLE, "run-new", NEW, run_objects("run-new", NEW))
    recorder.put_keys.clear()

    store.write_run(ARTICLE, "run-old", OLD, run_objects("run-old", OLD))

    assert f"reports/{ARTICLE}/latest.json" not in recorder.put_keys
    assert store.latest(ARTICLE) == RunRef(ARTICLE, "run-new", NEW, f"s3://{s3_env}/reports/{ARTICLE}/run-new")


def test_s3_a_newer_run_landing_in_between_keeps_latest(s3_env: str, aws_client: Any) -> None:
    """Another writer moves latest.json after this store read it: the conditional put notices."""
    newest = "2024-08-14T13:00:00+00:00"
    recorder = RecordingClient(aws_client)
    store = S3Store(s3_env, "reports", client=recorder)
    rival = S3Store(s3_env, "reports", client=aws_client)
    store.write_run(ARTICLE, "run-old", OLD, run_objects("run-old", OLD))

    def rival_finishes() -> None:
        rival.write_run(ARTICLE, "run-newest", newest, run_objects("run-newest", newest))

    recorder.before_put = ("latest.json", rival_finishes)
    store.write_run(ARTICLE, "run-new", NEW, run_objects("run-new", NEW))

    assert store.latest(ARTICLE) == RunRef(ARTICLE, "run-newest", newest, f"s3://{s3_env}/reports/{ARTICLE}/run-newest")
    assert [ref.run_id for ref in store.runs(ARTICLE)] == ["run-newest", "run-new", "run-old"]


def test_s3_store_with_an_empty_prefix(s3_env: str) -> None:
    store = open_store(f"s3://{s3_env}")
    ref = store.write_run(ARTICLE, "run-1", NEW, run_objects("run-1", NEW))

    assert ref.uri == f"s3://{s3_env}/{ARTICLE}/run-1"
    assert store.runs() == [ref]
    assert stored_paths(store) == {f"{ARTICLE}/run-1/{name}" for name in NAMES} | {f"{ARTICLE}/latest.json"}


def test_s3_a_missing_bucket_raises_store_error(s3_env: str, aws_client: Any) -> None:
    store = open_store("s3://crosscheck-no-such-bucket/reports")

    with pytest.raises(StoreError, match="S3 bucket 'crosscheck-no-such-bucket' does not exist"):
        store.write_run(ARTICLE, "run-1", NEW, run_objects("run-1", NEW))
    with pytest.raises(StoreError, match="does not exist"):
        store.latest(ARTICLE)
    with pytest.raises(StoreError, match="does not exist"):
        store.runs()
    with pytest.raises(StoreError, match="does not exist"):
        store.read(ARTICLE, "run-1", "report.json")
    assert "crosscheck-no-such-bucket" not in {bucket["Name"] for bucket in aws_client.list_buckets()["Buckets"]}


@pytest.mark.parametrize(
    ("variable", "value"), [("AWS_SECRET_ACCESS_KEY", "wrong"), ("AWS_ACCESS_KEY_ID", "NOSUCHKEY")]
)
def test_s3_wrong_credentials_raise_store_error(
    s3_env: str, monkeypatch: pytest.MonkeyPatch, variable: str, value: str
) -> None:
    S3Store(s3_env, "reports").write_run(ARTICLE, "run-1", NEW, run_objects("run-1", NEW))
    monkeypatch.setenv(variable, value)
    store = open_store(f"s3://{s3_env}/reports")

    with pytest.raises(StoreError, match="S3 credentials were refused") as caught:
        store.write_run(ARTICLE, "run-2", NEW, run_objects("run-2", NEW))
    assert "\n" not in str(caught.value)
    with pytest.raises(StoreError, match="S3 credentials were refused"):
        store.latest(ARTICLE)
    with pytest.raises(StoreError, match="S3 credentials were refused"):
        store.runs()
    with pytest.raises(StoreError, match="S3 credentials were refused"):
        store.read(ARTICLE, "run-1", "report.json")


def test_s3_an_unreachable_endpoint_raises_store_error(s3_env: str, monkeypatch: pytest.MonkeyPatch) -> None:
    (port,) = free_ports(1)  # nothing listens there
    client = boto3.client(
        "s3",
        endpoint_url=f"http://127.0.0.1:{port}",
        config=Config(retries={"max_attempts": 1}, connect_timeout=1),
    )
    store = S3Store(s3_env, "reports", client=client)
    try:
        with pytest.raises(StoreError, match=rf"cannot reach the S3 endpoint http://127.0.0.1:{port}"):
            store.latest(ARTICLE)
        with pytest.raises(StoreError, match="cannot reach the S3 endpoint"):
            store.write_run(ARTICLE, "run-1", NEW, run_objects("run-1", NEW))
    finally:
        client.close()


def test_s3_server_can_stop_and_start_again(s3_env: str, s3_server: SeaweedServer) -> None:
    store = open_store(f"s3://{s3_env}/reports")
    ref = store.write_run(ARTICLE, "run-1", NEW, run_objects("run-1", NEW))
    impatient = s3_server.client(retries={"max_attempts": 1}, connect_timeout=1)
    try:
        s3_server.stop()
        assert not s3_server.running
        with pytest.raises(StoreError, match="cannot reach the S3 endpoint"):
            S3Store(s3_env, "reports", client=impatient).latest(ARTICLE)
    finally:
        impatient.close()
        s3_server.start()

    assert store.latest(ARTICLE) == ref
    assert store.read(ARTICLE, "run-1", "report.md") == b"# Report run-1\n"


def test_s3_store_refuses_a_bad_bucket_or_prefix() -> None:
    with pytest.raises(StoreUriError, match="S3 bucket name"):
        S3Store("a/b", "x", client=object())
    with pytest.raises(StoreUriError, match="S3 prefix '../x' is not allowed"):
        S3Store("bucket", "../x", client=object())
    with pytest.raises(StoreUriError, match="is not allowed"):
        S3Store("bucket", "a//b", client=object())


# -- open_store ------------------------------------------------------------------------------


@pytest.fixture
def no_aws_settings(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Only what open_store needs to build a client; no user profile or file can interfere."""
    for name in ("AWS_PROFILE", "AWS_DEFAULT_PROFILE", "AWS_ENDPOINT_URL", "AWS_ENDPOINT_URL_S3"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("AWS_CONFIG_FILE", str(tmp_path / "absent-config"))
    monkeypatch.setenv("AWS_SHARED_CREDENTIALS_FILE", str(tmp_path / "absent-credentials"))
    monkeypatch.setenv("AWS_DEFAULT_REGION", "us-east-1")


@pytest.mark.usefixtures("no_aws_settings")
@pytest.mark.parametrize(
    ("uri", "prefix", "store_uri"),
    [
        ("s3://reports-bucket/crosscheck/reports", "crosscheck/reports", "s3://reports-bucket/crosscheck/reports"),
        ("s3://reports-bucket/crosscheck/", "crosscheck", "s3://reports-bucket/crosscheck"),
        ("s3://reports-bucket", "", "s3://reports-bucket"),
        ("s3://reports-bucket/", "", "s3://reports-bucket"),
        ("S3://reports-bucket//a/", "a", "s3://reports-bucket/a"),
    ],
)
def test_open_store_s3_uris(uri: str, prefix: str, store_uri: str) -> None:
    store = open_store(uri)
    assert isinstance(store, S3Store)
    assert (store.bucket, store.prefix, store.uri) == ("reports-bucket", prefix, store_uri)


def test_open_store_folder_uris(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("HOME", str(tmp_path / "home"))
    root = tmp_path.resolve()
    cases = {
        f"file://{root}/reports": root / "reports",
        f"file://localhost{root}/reports": root / "reports",
        f"file://{root}/my%20reports": root / "my reports",
        str(root / "reports"): root / "reports",
        "reports": root / "reports",
        "./reports/../reports": root / "reports",
        "~/reports": root / "home" / "reports",
    }
    for uri, expected in cases.items():
        store = open_store(uri)
        assert isinstance(store, LocalStore), uri
        assert store.root == expected, uri
        assert store.uri == str(expected), uri


@pytest.mark.parametrize(
    "uri",
    ["ftp://x/reports", "s3://", "s3:///reports", "http://example.org/reports", "file://host/reports",
     "file://relative", "", "  ", "s3://bucket/../reports", "s3://bucket/reports?x=1", "s3://user@bucket/x"],
)
def test_open_store_refuses_other_uris(uri: str) -> None:
    with pytest.raises(StoreUriError, match="is not allowed"):
        open_store(uri)

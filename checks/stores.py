"""Report stores: where the runs of a cross-check are kept (DESIGN.md section 3).

Every store holds the same layout:

    <root>/<article-id>/<run-id>/report.json         (and the run's other objects)
    <root>/<article-id>/latest.json                  {"article_id", "run_id", "created_at",
                                                      "report": "<run-id>/report.json"}

`write_run` writes every object of a run first (report.json last among them, so a run
is listed only once it is whole) and `latest.json` last, and moves `latest.json` only
when the new run is not older than the run it points at: a reader never sees half a
run, and a slow old run never hides a newer one. `write_object` adds one object (such as
reviewed.json) to a run that is already complete; it never rewrites report.json or latest.json.

    open_store(uri) ─┬─ "s3://bucket/prefix"        ──► S3Store     (boto3, standard AWS settings)
                     └─ "file:///abs/path", "path"  ──► LocalStore  (a folder, atomic file writes)

Ids and object names are checked before anything is written; one that could escape
its folder raises `StoreUriError`. Failures of the file system or of S3 are raised as
`StoreError`, chained to the original error.
"""

from __future__ import annotations

import contextlib
import errno
import fcntl
import json
import os
import re
import shutil
import tempfile
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any, Protocol, runtime_checkable
from urllib.parse import unquote, urlsplit

from botocore.exceptions import (
    BotoCoreError,
    ClientError,
    ConnectTimeoutError,
    EndpointConnectionError,
    NoCredentialsError,
    PartialCredentialsError,
)

from checks.errors import StoreError, StoreUriError
from checks.paths import local_path

__all__ = [
    "LATEST_NAME",
    "REPORT_NAME",
    "LocalStore",
    "ReportStore",
    "RunRef",
    "S3Store",
    "StoredObject",
    "open_store",
]

#: The object every run must hold; `latest.json` points at it.
REPORT_NAME = "report.json"
#: The pointer to an article's newest run, next to its run folders.
LATEST_NAME = "latest.json"

_ID_PATTERN = re.compile(r"[A-Za-z0-9][A-Za-z0-9._-]{0,127}")
_BUCKET_PATTERN = re.compile(r"[A-Za-z0-9][A-Za-z0-9._-]{1,61}[A-Za-z0-9]")
_SCHEME_PATTERN = re.compile(r"([A-Za-z][A-Za-z0-9+.-]*)://")
#: Object metadata keys (sent as x-amz-meta-*); S3 lower-cases them.
_META_RUN_ID = "crosscheck-run-id"
_META_ARTICLE_ID = "crosscheck-article-id"
_META_CREATED_AT = "crosscheck-created-at"
#: How often `latest.json` is re-read when another writer moved it in between.
_LATEST_ATTEMPTS = 5
#: S3 error codes that mean the key, secret or token itself was not accepted.
_REFUSED_CREDENTIALS = frozenset(
    {"InvalidAccessKeyId", "SignatureDoesNotMatch", "InvalidToken", "ExpiredToken", "TokenRefreshRequired"}
)


@dataclass(frozen=True)
class StoredObject:
    """One object of a run: its name in the run folder, its bytes and its media type."""

    name: str
    body: bytes
    content_type: str


@dataclass(frozen=True)
class RunRef:
    """Where one stored run is: its ids, when it was made, and the address of its folder."""

    article_id: str
    run_id: str
    #: ISO-8601, as given to `write_run` (read from latest.json or the report's metadata).
    created_at: str
    #: The run's folder: "/abs/path/reports/<article>/<run>" or "s3://bucket/prefix/<article>/<run>".
    uri: str


@runtime_checkable
class ReportStore(Protocol):
    """What every report store offers: write a run, find the latest, read objects, list runs."""

    uri: str

    def write_run(
        self, article_id: str, run_id: str, created_at: str, objects: Sequence[StoredObject]
    ) -> RunRef:
        """Store every object of a run, then move latest.json unless a newer run is there."""
        ...

    def latest(self, article_id: str) -> RunRef | None:
        """The run latest.json points at, or None when the article has no run."""
        ...

    def read(self, article_id: str, run_id: str, name: str) -> bytes:
        """The bytes of one object of a run; StoreError when it is missing."""
        ...

    def runs(self, article_id: str | None = None) -> list[RunRef]:
        """The complete runs of one article, or of every article, newest first."""
        ...

    def write_object(self, article_id: str, run_id: str, obj: StoredObject) -> str:
        """Add (or replace) one object in a complete run, such as a review; its address.

        Never report.json or latest.json; StoreError when the run has no report.json.
        """
        ...


class LocalStore:
    """A report store in a folder; every file is written to a temporary file and renamed."""

    def __init__(self, root: Path | str) -> None:
        self.root = local_path(root).resolve()
        self.uri = str(self.root)

    def __repr__(self) -> str:
        return f"LocalStore({self.uri!r})"

    def write_run(
        self, article_id: str, run_id: str, created_at: str, objects: Sequence[StoredObject]
    ) -> RunRef:
        """Store every object of a run, then move latest.json unless a newer run is there.

        Writing a run id again replaces that run whole: its old files are deleted first.
        """
        ordered, when = _check_run(article_id, run_id, created_at, objects)
        article_dir = self.root / article_id
        run_dir = article_dir / run_id
        try:
            article_dir.mkdir(parents=True, exist_ok=True)
            if run_dir.is_symlink() or run_dir.is_file():
                run_dir.unlink()
            elif run_dir.exists():
                shutil.rmtree(run_dir)
            run_dir.mkdir()
            for obj in ordered:
                _write_atomic(run_dir / obj.name, obj.body)
            _fsync_dir(run_dir)
            with _locked(article_dir):
                current = self._current_latest(article_id)
                if _may_move_latest(current, run_id, when):
                    _write_atomic(article_dir / LATEST_NAME, _latest_body(article_id, run_id, created_at))
                    _fsync_dir(article_dir)
        except OSError as exc:
            raise StoreError(
                f"cannot write run '{run_id}' of article '{article_id}' to {run_dir}: {_os_reason(exc)}"
            ) from exc
        return RunRef(article_id, run_id, created_at, str(run_dir))

    def latest(self, article_id: str) -> RunRef | None:
        """The run latest.json points at, or None when the article has no run."""
        _check_id("article", article_id)
        path = self.root / article_id / LATEST_NAME
        try:
            body = path.read_bytes()
        except FileNotFoundError:
            return None
        except OSError as exc:
            raise StoreError(f"cannot read {path}: {_os_reason(exc)}") from exc
        return self._ref(_parse_latest(body, article_id, str(path)))

    def read(self, article_id: str, run_id: str, name: str) -> bytes:
        """The bytes of one object of a run; StoreError when it is missing."""
        _check_id("article", article_id)
        _check_id("run", run_id)
        _check_id("object name", name)
        path = self.root / article_id / run_id / name
        try:
            return path.read_bytes()
        except FileNotFoundError as exc:
            raise _missing_object(article_id, run_id, name, str(path)) from exc
        except OSError as exc:
            raise StoreError(f"cannot read {path}: {_os_reason(exc)}") from exc

    def runs(self, article_id: str | None = None) -> list[RunRef]:
        """The complete runs (those holding report.json) of one article or of all, newest first."""
        if article_id is not None:
            _check_id("article", article_id)
            articles = [article_id]
        else:
            articles = _id_dirs(self.root)
        found: list[RunRef] = []
        try:
            for article in articles:
                latest = self._latest_or_none(article)
                for run in _id_dirs(self.root / article):
                    report = self.root / article / run / REPORT_NAME
                    if not report.is_file():
                        continue  # being written, or not a run
                    if latest is not None and latest.run_id == run:
                        found.append(latest)
                    else:
                        found.append(RunRef(article, run, _local_created_at(report), str(report.parent)))
        except OSError as exc:
            raise StoreError(f"cannot list the runs in {self.root}: {_os_reason(exc)}") from exc
        return _newest_first(found)

    def write_object(self, article_id: str, run_id: str, obj: StoredObject) -> str:
        """Add (or replace) one object in a complete run, such as a review; its path."""
        _check_extra_object(article_id, run_id, obj)
        run_dir = self.root / article_id / run_id
        path = run_dir / obj.name
        if not (run_dir / REPORT_NAME).is_file():
            raise _missing_object(article_id, run_id, REPORT_NAME, str(run_dir / REPORT_NAME))
        try:
            _write_atomic(path, bytes(obj.body))
            _fsync_dir(run_dir)
        except OSError as exc:
            raise StoreError(f"cannot write {path}: {_os_reason(exc)}") from exc
        return str(path)

    def _ref(self, latest: dict[str, str]) -> RunRef:
        article, run = latest["article_id"], latest["run_id"]
        return RunRef(article, run, latest["created_at"], str(self.root / article / run))

    def _latest_or_none(self, article_id: str) -> RunRef | None:
        try:
            return self.latest(article_id)
        except StoreError:
            return None  # a damaged pointer does not hide the runs themselves

    def _current_latest(self, article_id: str) -> dict[str, str] | None:
        """The latest.json a new run competes with; a damaged one counts as none."""
        path = self.root / article_id / LATEST_NAME
        try:
            return _parse_latest(path.read_bytes(), article_id, str(path))
        except FileNotFoundError:
            return None
        except StoreError:
            return None


class S3Store:
    """A report store under a prefix of an S3 bucket, through boto3 and the standard AWS settings.

    Every object carries its ids and the run's created_at as metadata (`crosscheck-*`);
    `runs()` reads created_at from report.json's metadata. latest.json is moved with a
    conditional put (If-Match / If-None-Match), so two writers cannot overwrite a newer
    pointer with an older one.
    """

    def __init__(self, bucket: str, prefix: str = "", client: Any | None = None) -> None:
        if not _BUCKET_PATTERN.fullmatch(bucket or ""):
            raise StoreUriError(
                f"S3 bucket name '{bucket}' is not allowed: use 3-63 letters, digits, '.', '-' or '_'"
            )
        self.bucket = bucket
        self.prefix = _clean_prefix(prefix)
        self.uri = f"s3://{bucket}/{self.prefix}" if self.prefix else f"s3://{bucket}"
        self._base = f"{self.prefix}/" if self.prefix else ""
        self._client = client if client is not None else _new_s3_client()

    def __repr__(self) -> str:
        return f"S3Store({self.uri!r})"

    def write_run(
        self, article_id: str, run_id: str, created_at: str, objects: Sequence[StoredObject]
    ) -> RunRef:
        """Store every object of a run, then move latest.json unless a newer run is there.

        Writing a run id again overwrites every object and then deletes the names the
        new run no longer has.
        """
        ordered, when = _check_run(article_id, run_id, created_at, objects)
        run_prefix = self._run_prefix(article_id, run_id)
        metadata = {_META_RUN_ID: run_id, _META_ARTICLE_ID: article_id, _META_CREATED_AT: created_at}
        old_keys = self._keys(run_prefix)
        for obj in ordered:
            self._put(run_prefix + obj.name, obj.body, obj.content_type, metadata)
        stale = sorted(set(old_keys) - {run_prefix + obj.name for obj in ordered})
        self._delete(stale)
        self._move_latest(article_id, run_id, created_at, when)
        return RunRef(article_id, run_id, created_at, self._uri(run_prefix))

    def latest(self, article_id: str) -> RunRef | None:
        """The run latest.json points at, or None when the article has no run."""
        _check_id("article", article_id)
        key = self._run_prefix(article_id, "") + LATEST_NAME
        body = self._get(key)
        if body is None:
            return None
        current = _parse_latest(body, article_id, self._uri(key))
        return self._ref(current["article_id"], current["run_id"], current["created_at"])

    def read(self, article_id: str, run_id: str, name: str) -> bytes:
        """The bytes of one object of a run; StoreError when it is missing."""
        _check_id("article", article_id)
        _check_id("run", run_id)
        _check_id("object name", name)
        key = self._run_prefix(article_id, run_id) + name
        body = self._get(key)
        if body is None:
            raise _missing_object(article_id, run_id, name, self._uri(key))
        return body

    def runs(self, article_id: str | None = None) -> list[RunRef]:
        """The complete runs (those holding report.json) of one article or of all, newest first."""
        if article_id is not None:
            _check_id("article", article_id)
            articles = [article_id]
        else:
            articles = self._folders(self._base)
        found: list[RunRef] = []
        for article in articles:
            for run in self._folders(self._run_prefix(article, "")):
                created_at = self._created_at(self._run_prefix(article, run) + REPORT_NAME)
                if created_at is not None:
                    found.append(self._ref(article, run, created_at))
        return _newest_first(found)

    def write_object(self, article_id: str, run_id: str, obj: StoredObject) -> str:
        """Add (or replace) one object in a complete run, such as a review; its s3:// address."""
        _check_extra_object(article_id, run_id, obj)
        run_prefix = self._run_prefix(article_id, run_id)
        created_at = self._created_at(run_prefix + REPORT_NAME)
        if created_at is None:
            raise _missing_object(article_id, run_id, REPORT_NAME, self._uri(run_prefix + REPORT_NAME))
        metadata = {_META_RUN_ID: run_id, _META_ARTICLE_ID: article_id, _META_CREATED_AT: created_at}
        self._put(run_prefix + obj.name, bytes(obj.body), obj.content_type, metadata)
        return self._uri(run_prefix + obj.name)

    # -- the S3 calls, each translating boto3's errors -------------------------------

    def _put(self, key: str, body: bytes, content_type: str, metadata: dict[str, str]) -> None:
        with self._errors("write", key):
            self._client.put_object(
                Bucket=self.bucket, Key=key, Body=body, ContentType=content_type, Metadata=metadata
            )

    def _get(self, key: str) -> bytes | None:
        """The object's bytes, or None when there is no such key."""
        found = self._get_with_etag(key)
        return None if found is None else found[0]

    def _get_with_etag(self, key: str) -> tuple[bytes, str] | None:
        """The object's bytes and ETag, or None when there is no such key."""
        try:
            response = self._client.get_object(Bucket=self.bucket, Key=key)
            return response["Body"].read(), response["ETag"]
        except ClientError as exc:
            if _is_missing(exc):
                return None
            raise self._translate(exc, "read", key) from exc
        except BotoCoreError as exc:
            raise self._translate(exc, "read", key) from exc

    def _created_at(self, report_key: str) -> str | None:
        """created_at from report.json's metadata; None when the run has no report.json yet."""
        try:
            head = self._client.head_object(Bucket=self.bucket, Key=report_key)
        except ClientError as exc:
            if _is_missing(exc):
                return None
            raise self._translate(exc, "read", report_key) from exc
        except BotoCoreError as exc:
            raise self._translate(exc, "read", report_key) from exc
        created_at = head.get("Metadata", {}).get(_META_CREATED_AT)
        if created_at and _parse_time(created_at) is not None:
            return str(created_at)
        # Written by another tool: the upload time is the best left.
        return head["LastModified"].astimezone(UTC).isoformat()

    def _keys(self, prefix: str) -> list[str]:
        keys: list[str] = []
        with self._errors("list", prefix):
            pages = self._client.get_paginator("list_objects_v2").paginate(Bucket=self.bucket, Prefix=prefix)
            for page in pages:
                keys.extend(item["Key"] for item in page.get("Contents", []))
        return keys

    def _folders(self, prefix: str) -> list[str]:
        """The names of the 'folders' right under prefix that are valid ids."""
        names: list[str] = []
        with self._errors("list", prefix):
            pages = self._client.get_paginator("list_objects_v2").paginate(
                Bucket=self.bucket, Prefix=prefix, Delimiter="/"
            )
            for page in pages:
                for common in page.get("CommonPrefixes", []):
                    name = common["Prefix"][len(prefix) :].rstrip("/")
                    if _is_id(name):
                        names.append(name)
        return names

    def _delete(self, keys: list[str]) -> None:
        for start in range(0, len(keys), 1000):
            batch = keys[start : start + 1000]
            with self._errors("delete", batch[0]):
                response = self._client.delete_objects(
                    Bucket=self.bucket, Delete={"Objects": [{"Key": key} for key in batch], "Quiet": True}
                )
            errors = response.get("Errors", [])
            if errors:
                first = errors[0]
                raise StoreError(
                    f"cannot delete {self._uri(first.get('Key', ''))} from S3: "
                    f"{first.get('Code', 'error')}: {first.get('Message', '')} ({len(errors)} keys failed)"
                )

    def _move_latest(self, article_id: str, run_id: str, created_at: str, when: datetime) -> None:
        """Point latest.json at the run unless a newer run holds it; retried when raced."""
        key = self._run_prefix(article_id, "") + LATEST_NAME
        body = _latest_body(article_id, run_id, created_at)
        metadata = {_META_RUN_ID: run_id, _META_ARTICLE_ID: article_id, _META_CREATED_AT: created_at}
        for _attempt in range(_LATEST_ATTEMPTS):
            found = self._get_with_etag(key)
            current: dict[str, str] | None = None  # none, or damaged: this run takes its place
            condition = {"IfNoneMatch": "*"}
            if found is not None:
                condition = {"IfMatch": found[1]}
                with contextlib.suppress(StoreError):
                    current = _parse_latest(found[0], article_id, self._uri(key))
            if not _may_move_latest(current, run_id, when):
                return
            try:
                self._client.put_object(
                    Bucket=self.bucket, Key=key, Body=body, ContentType="application/json",
                    Metadata=metadata, **condition,
                )
                return
            except ClientError as exc:
                code, status = _error_code(exc)
                if code in {"PreconditionFailed", "ConditionalRequestConflict"} or status in {409, 412}:
                    continue  # another writer moved it in between: look again
                if code == "NotImplemented" or status == 501:
                    self._put(key, body, "application/json", metadata)  # no conditional writes here
                    return
                raise self._translate(exc, "write", key) from exc
            except BotoCoreError as exc:
                raise self._translate(exc, "write", key) from exc
        raise StoreError(
            f"{self._uri(key)} kept changing while run '{run_id}' was stored; "
            f"gave up after {_LATEST_ATTEMPTS} attempts"
        )

    @contextlib.contextmanager
    def _errors(self, action: str, key: str) -> Iterator[None]:
        """Translate boto3's errors raised in the block into StoreError."""
        try:
            yield
        except (ClientError, BotoCoreError) as exc:
            raise self._translate(exc, action, key) from exc

    def _translate(self, exc: Exception, action: str, key: str) -> StoreError:
        """One readable line for a boto3 error."""
        where = self._uri(key)
        endpoint = getattr(getattr(self._client, "meta", None), "endpoint_url", None) or "the S3 endpoint"
        if isinstance(exc, ClientError):
            code, status = _error_code(exc)
            message = _one_line(exc.response.get("Error", {}).get("Message", ""))
            if code == "NoSuchBucket":
                return StoreError(f"S3 bucket '{self.bucket}' does not exist (at {endpoint})")
            if code in _REFUSED_CREDENTIALS:
                return StoreError(
                    f"S3 credentials were refused by {endpoint} ({code}) trying to {action} {where}"
                )
            if code in {"AccessDenied", "AllAccessDisabled"} or status == 403:
                return StoreError(
                    f"S3 refused to {action} {where} ({code or status}): "
                    "the credentials were refused or lack the permission"
                )
            return StoreError(f"cannot {action} {where} on S3: {code or status}: {message or 'no message'}")
        if isinstance(exc, NoCredentialsError | PartialCredentialsError):
            return StoreError(
                f"no usable S3 credentials to {action} {where}: set AWS_ACCESS_KEY_ID and "
                "AWS_SECRET_ACCESS_KEY or an AWS profile"
            )
        if isinstance(exc, EndpointConnectionError | ConnectTimeoutError):
            return StoreError(f"cannot reach the S3 endpoint {endpoint} to {action} {where}")
        return StoreError(f"cannot {action} {where} on S3: {_one_line(str(exc))}")

    # -- keys and addresses -----------------------------------------------------------

    def _run_prefix(self, article_id: str, run_id: str) -> str:
        """The key prefix of a run's folder; of the article's folder when run_id is empty."""
        return f"{self._base}{article_id}/{run_id}/" if run_id else f"{self._base}{article_id}/"

    def _uri(self, key: str) -> str:
        return f"s3://{self.bucket}/{key.rstrip('/')}"

    def _ref(self, article_id: str, run_id: str, created_at: str) -> RunRef:
        return RunRef(article_id, run_id, created_at, self._uri(self._run_prefix(article_id, run_id)))


def open_store(uri: str) -> ReportStore:
    """The store at a URI: "s3://bucket/prefix", "file:///abs/path" or a plain folder path."""
    text = (uri or "").strip()
    if not text:
        raise StoreUriError(
            "store address '' is not allowed: give a folder, file:///abs/path or s3://bucket/prefix"
        )
    scheme = _SCHEME_PATTERN.match(text)
    if scheme is None:
        return LocalStore(local_path(text))
    parts = urlsplit(text)
    name = scheme.group(1).lower()
    if parts.query or parts.fragment:
        raise StoreUriError(f"store address '{uri}' is not allowed: it has a query or fragment")
    if name == "s3":
        if not parts.netloc:
            raise StoreUriError(f"store address '{uri}' is not allowed: it names no bucket")
        return S3Store(parts.netloc, parts.path)
    if name == "file":
        if parts.netloc not in {"", "localhost"}:
            raise StoreUriError(f"store address '{uri}' is not allowed: file:// takes no host")
        path = unquote(parts.path)
        if not path.startswith("/"):
            raise StoreUriError(f"store address '{uri}' is not allowed: a file:// path must be absolute")
        return LocalStore(Path(path))
    raise StoreUriError(
        f"store address '{uri}' is not allowed: use a folder, file:///abs/path or s3://bucket/prefix"
    )


# -- shared checks -------------------------------------------------------------------


def _is_id(value: str) -> bool:
    return bool(_ID_PATTERN.fullmatch(value)) and value not in {".", ".."}


def _check_id(kind: str, value: object) -> str:
    """value itself when it is a valid id or object name; StoreUriError otherwise."""
    if not isinstance(value, str) or not _is_id(value):
        label = kind if kind == "object name" else f"{kind} id"
        raise StoreUriError(
            f"{label} '{value}' is not allowed: use 1-128 letters, digits, '.', '_' or '-', "
            "starting with a letter or digit, and not '.' or '..'"
        )
    return value


def _clean_prefix(prefix: str) -> str:
    """The key prefix without surrounding slashes; StoreUriError for empty, '.' or '..' parts."""
    cleaned = (prefix or "").strip("/")
    if cleaned and any(part in {"", ".", ".."} for part in cleaned.split("/")):
        raise StoreUriError(f"S3 prefix '{prefix}' is not allowed: it has an empty, '.' or '..' part")
    return cleaned


def _check_run(
    article_id: str, run_id: str, created_at: str, objects: Sequence[StoredObject]
) -> tuple[list[StoredObject], datetime]:
    """Check a run before anything is written; its objects in writing order (report.json last)."""
    _check_id("article", article_id)
    _check_id("run", run_id)
    names: set[str] = set()
    for obj in objects:
        _check_id("object name", obj.name)
        if obj.name in names:
            raise StoreUriError(f"object name '{obj.name}' is not allowed: the run holds it twice")
        if obj.name == LATEST_NAME:
            raise StoreUriError(f"object name '{obj.name}' is not allowed: it is the article's pointer")
        if not isinstance(obj.body, bytes | bytearray):
            raise StoreError(f"object '{obj.name}' of run '{run_id}' is {type(obj.body).__name__}, not bytes")
        names.add(obj.name)
    if REPORT_NAME not in names:
        raise StoreError(f"run '{run_id}' of article '{article_id}' has no {REPORT_NAME}; nothing was stored")
    when = _parse_time(created_at)
    if when is None:
        raise StoreError(f"created_at '{created_at}' of run '{run_id}' is not an ISO-8601 time")
    ordered = sorted(objects, key=lambda obj: obj.name == REPORT_NAME)
    return ordered, when


def _check_extra_object(article_id: str, run_id: str, obj: StoredObject) -> None:
    """An object added to a stored run: valid ids, bytes, and neither the report nor the pointer."""
    _check_id("article", article_id)
    _check_id("run", run_id)
    _check_id("object name", obj.name)
    if obj.name in {REPORT_NAME, LATEST_NAME}:
        raise StoreUriError(f"object name '{obj.name}' is not allowed: a stored run's {obj.name} is never rewritten")
    if not isinstance(obj.body, bytes | bytearray):
        raise StoreError(f"object '{obj.name}' of run '{run_id}' is {type(obj.body).__name__}, not bytes")


def _parse_time(value: object) -> datetime | None:
    """An aware datetime (naive ones are taken as UTC), or None when it is no ISO-8601 time."""
    if not isinstance(value, str) or not value.isascii():
        return None
    try:
        parsed = datetime.fromisoformat(value)
    except ValueError:
        return None
    return parsed if parsed.tzinfo is not None else parsed.replace(tzinfo=UTC)


def _may_move_latest(current: dict[str, str] | None, run_id: str, when: datetime) -> bool:
    """latest.json moves unless it points at another run that is newer than this one."""
    if current is None or current["run_id"] == run_id:
        return True
    current_time = _parse_time(current["created_at"])
    return current_time is None or when >= current_time


def _latest_body(article_id: str, run_id: str, created_at: str) -> bytes:
    document = {
        "article_id": article_id,
        "run_id": run_id,
        "created_at": created_at,
        "report": f"{run_id}/{REPORT_NAME}",
    }
    return (json.dumps(document, indent=2) + "\n").encode("utf-8")


def _parse_latest(body: bytes, article_id: str, where: str) -> dict[str, str]:
    """latest.json's fields, checked: it must name this article, a valid run id and a time."""
    try:
        document = json.loads(body)
    except (ValueError, UnicodeDecodeError) as exc:
        raise StoreError(f"{where} is not valid JSON: {_one_line(str(exc))}") from exc
    if not isinstance(document, dict):
        raise StoreError(f"{where} is not a JSON object")
    run_id = document.get("run_id")
    created_at = document.get("created_at")
    if document.get("article_id") != article_id:
        raise StoreError(f"{where} names article {document.get('article_id')!r}, not '{article_id}'")
    if not isinstance(run_id, str) or not _is_id(run_id):
        raise StoreError(f"{where} names run {run_id!r}, which is not a valid run id")
    if _parse_time(created_at) is None:
        raise StoreError(f"{where} has created_at {created_at!r}, which is not an ISO-8601 time")
    return {"article_id": article_id, "run_id": run_id, "created_at": str(created_at)}


class MissingObject(StoreError):
    """A run has no object of that name (an optional one, such as reviewed.json, may well be absent)."""


def _missing_object(article_id: str, run_id: str, name: str, where: str) -> StoreError:
    return MissingObject(f"run '{run_id}' of article '{article_id}' has no object '{name}' (looked at {where})")


def _newest_first(refs: list[RunRef]) -> list[RunRef]:
    epoch = datetime.min.replace(tzinfo=UTC)
    return sorted(
        refs,
        key=lambda ref: (_parse_time(ref.created_at) or epoch, ref.article_id, ref.run_id),
        reverse=True,
    )


def _one_line(text: str) -> str:
    return " ".join(text.split())


# -- the local file system -----------------------------------------------------------


def _write_atomic(path: Path, body: bytes) -> None:
    """Write to a temporary file in the same folder, fsync it, then rename it over path."""
    fd, tmp_name = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(body)
            handle.flush()
            os.fsync(handle.fileno())
        os.chmod(tmp_name, 0o644)
        os.replace(tmp_name, path)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(tmp_name)
        raise


def _fsync_dir(path: Path) -> None:
    """Make the renames in a folder durable (where the file system allows it)."""
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    except OSError as exc:
        if exc.errno not in {errno.EINVAL, errno.ENOTSUP}:
            raise
    finally:
        os.close(fd)


@contextlib.contextmanager
def _locked(folder: Path) -> Iterator[None]:
    """Hold an exclusive lock on a folder, so two writers compare and move latest.json in turn."""
    fd = os.open(folder, os.O_RDONLY)
    try:
        fcntl.flock(fd, fcntl.LOCK_EX)
        yield
    finally:
        os.close(fd)  # closing releases the lock


def _id_dirs(folder: Path) -> list[str]:
    """The sub-folders of folder whose names are valid ids ([] when folder is missing)."""
    try:
        entries = list(os.scandir(folder))
    except (FileNotFoundError, NotADirectoryError):
        return []
    return sorted(
        entry.name for entry in entries if _is_id(entry.name) and entry.is_dir(follow_symlinks=False)
    )


def _local_created_at(report: Path) -> str:
    """created_at from the report itself; its modification time when it has none."""
    try:
        document = json.loads(report.read_bytes())
    except (ValueError, UnicodeDecodeError):
        document = None
    created_at = document.get("created_at") if isinstance(document, dict) else None
    if _parse_time(created_at) is not None:
        return str(created_at)
    return datetime.fromtimestamp(report.stat().st_mtime, UTC).isoformat()


def _os_reason(exc: OSError) -> str:
    return exc.strerror or _one_line(str(exc))


# -- boto3 ---------------------------------------------------------------------------


def _new_s3_client() -> Any:
    """An S3 client from the standard AWS settings, with standard-mode retries."""
    import boto3  # imported here: a local store does not pay for it
    from botocore.config import Config

    try:
        # A session of its own, not boto3's default one: that one keeps the first credentials
        # it found for the life of the process, so a changed setting would go unseen.
        session = boto3.session.Session()
        return session.client("s3", config=Config(retries={"max_attempts": 5, "mode": "standard"}))
    except (BotoCoreError, ValueError) as exc:
        raise StoreError(f"cannot set up the S3 client: {_one_line(str(exc))}") from exc


def _is_missing(exc: ClientError) -> bool:
    """A missing key (GetObject's NoSuchKey, HeadObject's bare 404), not a missing bucket."""
    code, status = _error_code(exc)
    return code in {"NoSuchKey", "NotFound", "404"} or (status == 404 and code != "NoSuchBucket")


def _error_code(exc: Any) -> tuple[str, int | None]:
    response = getattr(exc, "response", {}) or {}
    code = str(response.get("Error", {}).get("Code", ""))
    status = response.get("ResponseMetadata", {}).get("HTTPStatusCode")
    return code, status

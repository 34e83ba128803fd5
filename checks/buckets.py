"""Reading articles and sources from S3: one object by its key, or every object under a prefix.

`s3://bucket/key` names one object; `s3://bucket/prefix` (or `s3://bucket/prefix/`) names every
object under `prefix/`, never those of a neighbouring `prefix-2/` (the listing asks for `prefix/`).
An address whose key has an empty, '.' or '..' part, a query or a fragment is refused before
anything is asked of S3. Objects are read only up to the caller's size limit (the listing's size is
checked first), and every boto3 error is translated into one line with the InputError subclass the
caller names: a missing bucket, refused credentials, a missing key, an unreachable endpoint.

boto3 takes the standard AWS settings (AWS_ENDPOINT_URL for any S3-compatible server), like the
report store does.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlsplit

from checks.errors import InputError

__all__ = ["S3Location", "S3Object", "get_object", "head_object", "list_objects", "new_client", "parse_s3_uri"]

_BUCKET = re.compile(r"[A-Za-z0-9][A-Za-z0-9._-]{1,61}[A-Za-z0-9]")
_REFUSED_CREDENTIALS = {"InvalidAccessKeyId", "SignatureDoesNotMatch", "InvalidToken", "ExpiredToken",
                        "TokenRefreshRequired", "InvalidClientTokenId"}


@dataclass(frozen=True)
class S3Location:
    """A parsed s3:// address: the bucket and the key (or prefix) without a leading slash."""

    bucket: str
    key: str

    @property
    def uri(self) -> str:
        return f"s3://{self.bucket}/{self.key}" if self.key else f"s3://{self.bucket}"


@dataclass(frozen=True)
class S3Object:
    """One listed object: its key and size in bytes."""

    key: str
    size: int


def parse_s3_uri(uri: str, *, error: type[InputError] = InputError) -> S3Location:
    """`s3://bucket/key` checked: a valid bucket name, no empty, '.' or '..' key parts."""
    try:
        parts = urlsplit(uri)
    except ValueError as exc:
        raise error(f"{uri}: not a valid s3:// address ({exc})") from None
    if parts.scheme.lower() != "s3" or not parts.netloc:
        raise error(f"{uri}: not an s3://bucket/key address")
    if parts.query or parts.fragment or "?" in uri or "#" in uri:
        raise error(f"{uri}: an s3:// address may not hold '?' or '#'")
    bucket = parts.netloc
    if not _BUCKET.fullmatch(bucket) or ".." in bucket:
        raise error(f"{uri}: '{bucket}' is not a valid S3 bucket name")
    key = parts.path[1:] if parts.path.startswith("/") else parts.path
    inner = key[:-1] if key.endswith("/") else key
    if inner and any(part in {"", ".", ".."} for part in inner.split("/")):
        raise error(f"{uri}: the key has an empty, '.' or '..' part; refused")
    if any(ord(ch) < 32 or ch == "\\" for ch in key):
        raise error(f"{uri}: the key holds control characters or a backslash; refused")
    return S3Location(bucket=bucket, key=key)


def new_client(*, timeout: float = 10.0) -> Any:
    """An S3 client from the standard AWS settings, with a few retries and the given timeouts."""
    import boto3  # imported here: local inputs do not pay for it
    from botocore.config import Config

    session = boto3.session.Session()
    return session.client(
        "s3",
        config=Config(retries={"max_attempts": 3, "mode": "standard"}, connect_timeout=timeout, read_timeout=timeout),
    )


def list_objects(client: Any, location: S3Location, *, limit: int,
                 error: type[InputError] = InputError) -> Iterator[S3Object]:
    """Every object under the location's prefix (as a folder), in key order; at most `limit`."""
    prefix = location.key if not location.key or location.key.endswith("/") else location.key + "/"
    paginator = client.get_paginator("list_objects_v2")
    count = 0
    with _translated(error, location, "list"):
        for page in paginator.paginate(Bucket=location.bucket, Prefix=prefix):
            for item in page.get("Contents", []) or []:
                key = item["Key"]
                if key.endswith("/") or not key.startswith(prefix):
                    continue
                count += 1
                if count > limit:
                    raise error(
                        f"{location.uri}: holds more than {limit:,} objects (CROSSCHECK_MAX_SOURCES); "
                        "name a narrower prefix"
                    )
                yield S3Object(key=key, size=int(item.get("Size", 0)))


def head_object(client: Any, location: S3Location, *, error: type[InputError] = InputError) -> S3Object | None:
    """The object at exactly the location's key, or None when there is none."""
    if not location.key or location.key.endswith("/"):
        return None
    from botocore.exceptions import ClientError

    try:
        head = client.head_object(Bucket=location.bucket, Key=location.key)
    except ClientError as exc:
        code, status = _code(exc)
        if status == 404 and code != "NoSuchBucket":
            return None
        raise _translate(exc, error, location, "read") from exc
    except Exception as exc:  # noqa: BLE001 - botocore's connection and credential errors
        raise _translate(exc, error, location, "read") from exc
    return S3Object(key=location.key, size=int(head.get("ContentLength", 0)))


def get_object(client: Any, location: S3Location, *, limit: int, setting: str,
               error: type[InputError] = InputError, size: int | None = None) -> bytes:
    """One object's bytes, refused when over `limit` (by its listed size, and while reading)."""
    if size is not None and size > limit:
        raise error(f"{location.uri}: is {size:,} bytes, over the {limit:,}-byte limit ({setting}); not read")
    with _translated(error, location, "read"):
        response = client.get_object(Bucket=location.bucket, Key=location.key)
        declared = int(response.get("ContentLength") or 0)
        if declared > limit:
            response["Body"].close()
            raise error(f"{location.uri}: is {declared:,} bytes, over the {limit:,}-byte limit ({setting}); not read")
        body = response["Body"].read(limit + 1)
        response["Body"].close()
    if len(body) > limit:
        raise error(f"{location.uri}: is over the {limit:,}-byte limit ({setting}); not read further")
    return body


class _translated:
    """Translate boto3's errors raised in the block into one line of the caller's InputError."""

    def __init__(self, error: type[InputError], location: S3Location, action: str) -> None:
        self.error, self.location, self.action = error, location, action

    def __enter__(self) -> None:
        return None

    def __exit__(self, kind: type[BaseException] | None, exc: BaseException | None, tb: object) -> bool:
        if exc is None or isinstance(exc, InputError) or not isinstance(exc, Exception):
            return False
        from botocore.exceptions import BotoCoreError, ClientError

        if isinstance(exc, ClientError | BotoCoreError):
            raise _translate(exc, self.error, self.location, self.action) from exc
        return False


def _translate(exc: Exception, error: type[InputError], location: S3Location, action: str) -> InputError:
    from botocore.exceptions import (
        ClientError,
        ConnectTimeoutError,
        EndpointConnectionError,
        NoCredentialsError,
        PartialCredentialsError,
        ReadTimeoutError,
    )

    where = location.uri
    if isinstance(exc, ClientError):
        code, status = _code(exc)
        if code == "NoSuchBucket":
            return error(f"{where}: the S3 bucket '{location.bucket}' does not exist")
        if code in {"NoSuchKey", "NotFound"} or status == 404:
            return error(f"{where}: no such S3 object")
        if code in _REFUSED_CREDENTIALS:
            return error(f"{where}: the S3 credentials were refused ({code})")
        if code in {"AccessDenied", "AllAccessDisabled"} or status == 403:
            return error(f"{where}: S3 refused to {action} it ({code or status}): the credentials lack the permission")
        message = " ".join(str(exc.response.get("Error", {}).get("Message", "")).split())
        return error(f"{where}: cannot {action} it from S3 ({code or status}: {message or 'no message'})")
    if isinstance(exc, NoCredentialsError | PartialCredentialsError):
        return error(f"{where}: no usable S3 credentials (set AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY)")
    if isinstance(exc, EndpointConnectionError | ConnectTimeoutError | ReadTimeoutError):
        return error(f"{where}: the S3 endpoint cannot be reached ({type(exc).__name__})")
    return error(f"{where}: cannot {action} it from S3 ({' '.join(str(exc).split())[:200]})")


def _code(exc: Any) -> tuple[str, int | None]:
    response = getattr(exc, "response", {}) or {}
    return str(response.get("Error", {}).get("Code", "")), response.get("ResponseMetadata", {}).get("HTTPStatusCode")

"""Sources and articles from S3, against the real SeaweedFS server (tests/s3_server.py)."""

from __future__ import annotations

import json

import boto3
import pytest
from typer.testing import CliRunner

from checks.errors import ArticleError, SourceError
from checks.inputs import InputLimits, InputOptions
from checks.pipeline import load_article
from checks.sources import load_sources
from crosscheck.cli import app
from tests.conftest import KURSK

TABLE = (KURSK / "reference" / "kursk-figures.csv").read_bytes()


def put(bucket: str, key: str, body: bytes | str) -> None:
    boto3.client("s3").put_object(Bucket=bucket, Key=key, Body=body.encode() if isinstance(body, str) else body)


def options(warnings: list[str] | None = None, **limits) -> InputOptions:
    return InputOptions(limits=InputLimits(**limits), on_warning=warnings.append if warnings is not None else None)


def test_every_text_and_table_object_under_a_prefix_is_read_and_no_neighbour(s3_env):
    bucket = s3_env
    put(bucket, "news/2024-08-12-a.md", "---\npublisher: Wire\n---\nTroops took 74 towns.")
    put(bucket, "news/deeper/b.html", "<html><body><p>Troops took 28 towns, the governor said on Monday.</p></body></html>")
    put(bucket, "news/figures.csv", TABLE)
    put(bucket, "news/photo.png", b"\x89PNG")
    put(bucket, "news/", b"")  # a folder marker
    put(bucket, "newsroom/c.md", "Troops took 93 towns.")  # shares the prefix's letters, not its folder
    sources = load_sources([f"s3://{bucket}/news"], options())
    assert [s.document.uri for s in sources] == [
        f"s3://{bucket}/news/2024-08-12-a.md", f"s3://{bucket}/news/deeper/b.html", f"s3://{bucket}/news/figures.csv",
    ]
    assert sources[0].document.publisher == "Wire" and "28 towns" in sources[1].document.text
    assert sources[2].table_claims


def test_one_object_by_its_key(s3_env):
    put(s3_env, "news/a.md", "Troops took 74 towns.")
    put(s3_env, "news/a.md.bak/x.md", "Troops took 1 town.")
    [source] = load_sources([f"s3://{s3_env}/news/a.md"], options())
    assert source.document.text == "Troops took 74 towns."


def test_unusable_objects_under_a_prefix_are_skipped_with_a_warning(s3_env):
    put(s3_env, "news/good.md", "Troops took 74 towns.")
    put(s3_env, "news/binary.md", b"\x00\x01\x02")
    put(s3_env, "news/big.md", "Troops took 74 towns. " * 100)
    warnings: list[str] = []
    sources = load_sources([f"s3://{s3_env}/news/"], options(warnings, max_document_bytes=1000))
    assert [s.document.uri.rsplit("/", 1)[1] for s in sources] == ["good.md"]
    joined = "\n".join(warnings)
    assert "looks binary" in joined and "over the 1,000-byte limit" in joined


class _ListingOnly:
    """A fake S3 client at the boto3 seam: SeaweedFS refuses keys with '..' parts, other stores do not."""

    def __init__(self, keys: dict[str, bytes]) -> None:
        self.keys = keys

    def head_object(self, **_kwargs):
        from botocore.exceptions import ClientError

        raise ClientError({"Error": {"Code": "404"}, "ResponseMetadata": {"HTTPStatusCode": 404}}, "HeadObject")

    def get_paginator(self, _name):
        keys = self.keys

        class Pages:
            def paginate(self, **kwargs):
                yield {"Contents": [{"Key": k, "Size": len(v)} for k, v in keys.items() if k.startswith(kwargs["Prefix"])]}

        return Pages()

    def get_object(self, *, Bucket, Key):  # noqa: N803 - boto3's names
        import io

        return {"Body": io.BytesIO(self.keys[Key]), "ContentLength": len(self.keys[Key])}


def test_listed_keys_with_dot_dot_parts_are_skipped(monkeypatch):
    fake = _ListingOnly({"news/a.md": b"Troops took 74 towns.", "news/../escape.md": b"Troops took 5 towns.",
                         "news/./b.md": b"Troops took 6 towns."})
    monkeypatch.setattr("checks.buckets.new_client", lambda **_kwargs: fake)
    warnings: list[str] = []
    sources = load_sources(["s3://bucket/news"], options(warnings))
    assert [s.document.uri for s in sources] == ["s3://bucket/news/a.md"]
    assert len(warnings) == 2 and all("'..' part" in w for w in warnings)


def test_an_object_over_the_limit_named_explicitly_is_refused_unread(s3_env):
    put(s3_env, "big.md", "Troops took 74 towns. " * 100)
    with pytest.raises(SourceError, match="is 2,200 bytes, over the 1,000-byte limit"):
        load_sources([f"s3://{s3_env}/big.md"], options(max_document_bytes=1000))


def test_an_empty_prefix_is_no_sources(s3_env):
    warnings: list[str] = []
    with pytest.raises(SourceError, match="no source documents found"):
        load_sources([f"s3://{s3_env}/nothing/"], options(warnings))
    assert warnings == [f"s3://{s3_env}/nothing/: no objects there"]


@pytest.mark.parametrize(
    ("uri", "words"),
    [
        ("s3://{bucket}/news/../secrets", "has an empty, '.' or '..' part"),
        ("s3://{bucket}/news//x.md", "has an empty, '.' or '..' part"),
        ("s3://{bucket}/./x.md", "has an empty, '.' or '..' part"),
        ("s3://{bucket}/x.md?versionId=1", "may not hold '?' or '#'"),
        ("s3://../x.md", "is not a valid S3 bucket name"),
        ("s3:///x.md", "not an s3://bucket/key address"),
    ],
)
def test_s3_addresses_that_could_escape_are_refused_before_asking(s3_env, uri, words):
    with pytest.raises(SourceError) as caught:
        load_sources([uri.format(bucket=s3_env)], options())
    assert words in str(caught.value)


def test_a_missing_bucket_is_one_clear_line(s3_env):
    with pytest.raises(SourceError, match="the S3 bucket 'no-such-bucket-here' does not exist"):
        load_sources(["s3://no-such-bucket-here/news/"], options())


def test_wrong_credentials_are_one_clear_line(s3_env, monkeypatch):
    monkeypatch.setenv("AWS_SECRET_ACCESS_KEY", "not-the-secret")
    with pytest.raises(SourceError, match="the S3 credentials were refused \\(SignatureDoesNotMatch\\)"):
        load_sources([f"s3://{s3_env}/news/"], options())


def test_the_article_may_be_an_s3_key(s3_env):
    put(s3_env, "articles/kursk.md", (KURSK / "article.md").read_bytes())
    article = load_article(f"s3://{s3_env}/articles/kursk.md")
    assert article.uri == f"s3://{s3_env}/articles/kursk.md" and "74 towns" in article.text
    with pytest.raises(ArticleError, match="no such S3 object"):
        load_article(f"s3://{s3_env}/articles/missing.md")
    with pytest.raises(ArticleError, match="names a prefix, not an object"):
        load_article(f"s3://{s3_env}/articles/")


def test_a_check_from_s3_to_s3_through_the_command_line(s3_env, tmp_path, monkeypatch):
    monkeypatch.setenv("CROSSCHECK_CACHE_DIR", str(tmp_path / "cache"))
    put(s3_env, "in/article.md", (KURSK / "article.md").read_bytes())
    for path in sorted((KURSK / "sources").iterdir())[:6]:
        put(s3_env, f"in/sources/{path.name}", path.read_bytes())
    put(s3_env, "in/sources/kursk-figures.csv", TABLE)
    result = CliRunner().invoke(app, ["check", f"s3://{s3_env}/in/article.md", "--sources", f"s3://{s3_env}/in/sources",
                                      "--store", f"s3://{s3_env}/reports", "--output", "json", "--engine-only"])
    assert result.exit_code == 0, result.stderr
    report = json.loads(result.stdout)
    assert report["article"]["uri"] == f"s3://{s3_env}/in/article.md" and len(report["sources"]) == 7
    listed = boto3.client("s3").list_objects_v2(Bucket=s3_env, Prefix="reports/")["Contents"]
    assert any(o["Key"].endswith("/latest.json") for o in listed)

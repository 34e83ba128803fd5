"""A whole check into a real S3-compatible store (SeaweedFS), through the command line."""

from __future__ import annotations

import json

import boto3
from typer.testing import CliRunner

from checks.reports import RUN_OBJECTS
from crosscheck.cli import app
from tests.conftest import KURSK

RUN_FILES = set(RUN_OBJECTS)


def test_check_writes_every_object_of_the_run_then_latest(s3_env):
    bucket = s3_env
    result = CliRunner().invoke(app, ["check", str(KURSK / "article.md"), "--sources", str(KURSK / "sources"),
                                      "--store", f"s3://{bucket}/reports", "--output", "json", "--engine-only"])
    assert result.exit_code == 0, result.stderr
    report = json.loads(result.stdout)
    s3 = boto3.client("s3")
    keys = {o["Key"]: o for o in s3.list_objects_v2(Bucket=bucket, Prefix="reports/")["Contents"]}
    run_prefix = f"reports/ukraine-kursk-incursion-week-one/{report['run_id']}/"
    assert {k.removeprefix(run_prefix) for k in keys if k.startswith(run_prefix)} == RUN_FILES
    latest = json.loads(s3.get_object(Bucket=bucket, Key="reports/ukraine-kursk-incursion-week-one/latest.json")["Body"].read())
    assert latest["run_id"] == report["run_id"]
    stored = json.loads(s3.get_object(Bucket=bucket, Key=run_prefix + "report.json")["Body"].read())
    assert stored == report
    head = s3.head_object(Bucket=bucket, Key=run_prefix + "report.html")
    assert head["ContentType"].startswith("text/html")


def test_a_missing_bucket_is_one_clear_error(s3_env):
    result = CliRunner().invoke(app, ["check", str(KURSK / "article.md"), "--sources", str(KURSK / "sources"),
                                      "--store", "s3://no-such-bucket-here/reports", "--engine-only"])
    assert result.exit_code == 1
    lines = [line for line in result.stderr.splitlines() if line.strip()]
    assert len(lines) == 1 and "no-such-bucket-here" in lines[0]

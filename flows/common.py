"""What the flows share: the store tasks (retried with backoff), report links and artifacts.

Store tasks retry three times with exponential backoff and jitter (about 2, 4 and 8 seconds),
but only when the store failed (`StoreError`): a bad address or id (`InputError`) fails at once.
"""

import json
from dataclasses import replace
from pathlib import Path
from urllib.parse import urlsplit

from prefect import get_run_logger, task
from prefect.artifacts import create_link_artifact, create_markdown_artifact, create_table_artifact
from prefect.cache_policies import NO_CACHE
from prefect.tasks import exponential_backoff

from checks.errors import InputError
from checks.inputs import InputOptions
from checks.stores import RunRef, StoredObject, open_store
from flows.settings import ServiceSettings

__all__ = [
    "STORE_RETRY",
    "artifact_key",
    "findings_rows",
    "input_options",
    "publish_check_artifacts",
    "read_report",
    "report_link",
    "store_retry_condition",
    "write_run_object",
]


def input_options() -> InputOptions:
    """The engine's input options from the CROSSCHECK_* settings of the worker, for a task.

    Warnings (a skipped or unavailable source) go to the task run's log, and every request waits
    for a slot of its host's fetch limit (flows/fetch_limits.py).
    """
    from crosscheck.settings import CrosscheckSettings
    from flows.fetch_limits import host_slot

    options = CrosscheckSettings().input_options(on_warning=get_run_logger().warning)
    return replace(options, fetch=replace(options.fetch, host_gate=host_slot))


def store_retry_condition(task, task_run, state) -> bool:
    """Retry a store task unless it failed on bad input (an address or id no retry can fix)."""
    try:
        state.result()
    except InputError:
        return False
    except Exception:  # noqa: BLE001 - any other failure of the store may pass
        return True
    return True


#: The retry options of every task that reads or writes the store.
STORE_RETRY = {
    "retries": 3,
    "retry_delay_seconds": exponential_backoff(backoff_factor=2),
    "retry_jitter_factor": 0.5,
    "retry_condition_fn": store_retry_condition,
    "cache_policy": NO_CACHE,
}


@task(name="read-report", **STORE_RETRY)
def read_report(store: str, article_id: str, run_id: str | None = None) -> tuple[dict, RunRef]:
    """A stored report and where it is: the given run, or the article's latest."""
    from checks.errors import StoreError
    from checks.stores import REPORT_NAME

    opened = open_store(store)
    if run_id is None:
        ref = opened.latest(article_id)
        if ref is None:
            raise StoreError(f"article '{article_id}' has no report in {opened.uri}")
    else:
        ref = next((r for r in opened.runs(article_id) if r.run_id == run_id), None)
        if ref is None:
            raise StoreError(f"article '{article_id}' has no complete run '{run_id}' in {opened.uri}")
    return json.loads(opened.read(ref.article_id, ref.run_id, REPORT_NAME)), ref


@task(name="write-run-object", **STORE_RETRY)
def write_run_object(store: str, article_id: str, run_id: str, name: str, body: bytes, content_type: str) -> str:
    """Add one object (such as reviewed.json) to a stored run; its address."""
    return open_store(store).write_object(article_id, run_id, StoredObject(name, body, content_type))


def report_link(location: RunRef | str, settings: ServiceSettings | None = None, name: str = "report.html") -> str:
    """An address a browser can open: a presigned URL for S3, file://... for a folder."""
    uri = location.uri if isinstance(location, RunRef) else location
    if uri.startswith("s3://"):
        settings = settings or ServiceSettings()
        parts = urlsplit(uri)
        key = f"{parts.path.strip('/')}/{name}"
        import boto3
        from botocore.config import Config

        client = boto3.session.Session().client("s3", config=Config(signature_version="s3v4"))
        return client.generate_presigned_url(
            "get_object", Params={"Bucket": parts.netloc, "Key": key}, ExpiresIn=settings.link_expiry_seconds
        )
    return (Path(uri) / name).resolve().as_uri()


def artifact_key(article_id: str) -> str:
    """Artifact keys allow lower-case letters, digits and dashes only."""
    cleaned = "".join(ch if ch.isascii() and ch.isalnum() else "-" for ch in article_id.lower())
    return "-".join(part for part in cleaned.split("-") if part)[:60] or "article"


def findings_rows(report: dict) -> list[dict]:
    """One row per finding, for a table artifact."""
    claims = {c["id"]: c for c in report["claims"]}
    return [
        {
            "claim": claims[f["claim_id"]]["text"],
            "kind": claims[f["claim_id"]]["kind"],
            "verdict": f["verdict"],
            "severity": f["severity"],
            "explanation": f["explanation"],
        }
        for f in report["findings"]
    ]


def publish_check_artifacts(report: dict, location: RunRef, markdown: str, link: str) -> None:
    """The artifacts of one check: a Markdown summary, the findings table and a link to report.html.

    The summary and the table are keyed by article, so the UI's Artifacts page keeps their history
    across runs; the link is not keyed (a presigned URL expires), it shows on the run's page.
    """
    key = artifact_key(location.article_id)
    create_markdown_artifact(
        key=f"{key}-summary",
        markdown=markdown + f"\n\nReport: [report.html]({link}) (stored at `{location.uri}`)\n",
        description="crosscheck discrepancy report",
    )
    create_table_artifact(key=f"{key}-findings", table=findings_rows(report), description="One row per claim of the article")
    create_link_artifact(link=link, link_text=f"report.html of {location.article_id} ({location.run_id})",
                         description="The reviewer's page of this check")

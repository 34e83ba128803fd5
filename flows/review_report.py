"""The `review-report` flow: a person confirms, dismisses or corrects the serious findings of a report.

The flow loads a stored report, picks the findings at or above a severity, and pauses with a form
(a RunInput built for those findings: one decision per finding, a note, the reviewer's name). The
Prefect UI shows the form on the paused run's "Resume" button; the API takes the same input at
POST /api/flow_runs/{id}/resume with {"run_input": {...}}. Input that does not fit the form is
refused by the server and the run stays paused. On resume the decisions are written as
reviewed.json beside the report (the report itself is never rewritten).

By default the pause keeps the run's process waiting (pause_flow_run, polled every
CROSSCHECK_REVIEW_POLL_SECONDS) for at most `timeout_hours`; then the run fails. With `suspend`
(for long waits) the run is suspended instead (suspend_flow_run): its process exits and frees the
worker, and when the reviewer answers, Prefect schedules the run again and it starts from the top.
Nothing before the form needs a persisted result: the report is read again from the store, and
the second suspend_flow_run (same key) hands back the reviewer's input.
"""

# No `from __future__ import annotations` here (see flows/check_article.py).

import json
import re
from datetime import datetime, timezone
from typing import Annotated, Literal

from prefect import flow, get_run_logger, pause_flow_run, suspend_flow_run, task
from prefect.artifacts import create_markdown_artifact
from prefect.cache_policies import NO_CACHE
from prefect.input import RunInput
from prefect.runtime import flow_run
from pydantic import BaseModel, ConfigDict, Field, create_model

from checks.stores import RunRef
from flows.common import artifact_key, read_report, report_link, write_run_object
from flows.settings import ServiceSettings

__all__ = ["REVIEWED_NAME", "FindingReview", "build_reviewed", "review_form", "review_report", "select_findings"]

REVIEWED_NAME = "reviewed.json"
SEVERITY_ORDER = {"none": 0, "low": 1, "medium": 2, "high": 3}
Verdict = Literal["supported", "contradicted", "outdated", "disputed", "unverified"]


class FindingReview(BaseModel):
    """The reviewer's decision on one finding."""

    model_config = ConfigDict(extra="forbid")

    decision: Literal["confirm", "dismiss", "correct"] = Field(
        description="confirm: the finding stands; dismiss: it is wrong and should be dropped; "
        "correct: it should have another verdict (give it below)."
    )
    corrected_verdict: Verdict | None = Field(default=None, description="With 'correct': the verdict it should have.")
    note: str = Field(default="", max_length=2000, description="Why, for the next reader.")


def select_findings(report: dict, min_severity: str) -> list[dict]:
    """The findings at or above min_severity, in the report's order."""
    floor = SEVERITY_ORDER[min_severity]
    return [f for f in report["findings"] if SEVERITY_ORDER.get(f["severity"], 0) >= floor]


def field_name(claim_id: str) -> str:
    """The form field of a finding: its claim id when that is a valid name."""
    name = re.sub(r"\W", "_", claim_id)
    return name if name.isidentifier() and not name.startswith("_") else f"claim_{name}"


def review_form(report: dict, findings: list[dict]) -> type[RunInput]:
    """A RunInput with one FindingReview per finding, then a note and the reviewer's name."""
    claims = {c["id"]: c for c in report["claims"]}
    fields: dict = {}
    for finding in findings:
        claim = claims[finding["claim_id"]]
        fields[field_name(finding["claim_id"])] = (
            FindingReview,
            Field(
                title=_shorten(f"{finding['claim_id']}: {claim['text']} ({finding['verdict']}, {finding['severity']})"),
                description=_shorten(finding["explanation"], 500),
            ),
        )
    fields["note"] = (str, Field(default="", max_length=4000, description="A note on the whole report."))
    fields["reviewer"] = (str, Field(min_length=1, max_length=200, pattern=r"\S", description="Who reviewed it."))
    return create_model("ReportReview", __base__=RunInput, **fields)


@task(name="publish-review", cache_policy=NO_CACHE)
def publish_review(reviewed: dict, location: RunRef, address: str) -> None:
    """The decisions as a Markdown artifact on the run's page."""
    lines = [
        f"# Review of `{location.article_id}` run `{location.run_id}`",
        "",
        f"By **{_md(reviewed['reviewer'])}**, {reviewed['reviewed_at']}: "
        + ", ".join(f"{count} {name}" for name, count in reviewed["summary"].items()),
        "",
        "| claim | verdict | decision | corrected verdict | note |",
        "| --- | --- | --- | --- | --- |",
    ]
    for d in reviewed["decisions"]:
        lines.append(f"| {_md(d['claim_text'])} | {d['verdict']} ({d['severity']}) | {d['decision']} "
                     f"| {d['corrected_verdict'] or ''} | {_md(d['note'])} |")
    if reviewed["note"]:
        lines += ["", _md(reviewed["note"])]
    lines += ["", f"Stored at `{address}`."]
    create_markdown_artifact(key=f"{artifact_key(location.article_id)}-review", markdown="\n".join(lines),
                             description="crosscheck review decisions")


@flow(name="review-report", log_prints=True)
def review_report(
    store: str,
    article_id: str,
    run_id: str | None = None,
    min_severity: Literal["low", "medium", "high"] = "medium",
    timeout_hours: Annotated[float, Field(gt=0, le=24 * 14)] = 24.0,
    suspend: bool = False,
) -> dict:
    """Ask a reviewer to confirm, dismiss or correct a stored report's serious findings.

    Args:
        store: the report store: a folder, file://... or s3://bucket/prefix.
        article_id: the article's folder in the store.
        run_id: the run to review; empty for the article's latest run.
        min_severity: findings at or above this severity are put to the reviewer.
        timeout_hours: how long the run waits for the reviewer before it fails.
        suspend: for long waits: end the run's process while it waits (it starts again on resume).
    """
    logger = get_run_logger()
    report, location = read_report(store, article_id, run_id)
    findings = select_findings(report, min_severity)
    if not findings:
        logger.info("no finding of %s at or above %s severity: nothing to review", location.run_id, min_severity)
        return {"article_id": location.article_id, "run_id": location.run_id, "reviewed": None, "decisions": 0}
    form = review_form(report, findings)
    settings = ServiceSettings()
    logger.info("waiting for a review of %d finding(s) of %s/%s", len(findings), location.article_id, location.run_id)
    form_with_findings = form.with_initial_data(description=review_description(report, findings, location))
    if suspend:
        answer = suspend_flow_run(wait_for_input=form_with_findings, timeout=int(timeout_hours * 3600),
                                  key=artifact_key(f"review-{location.run_id}"))  # keys: lower-case letters, digits, dashes
    else:
        answer = pause_flow_run(wait_for_input=form_with_findings, timeout=int(timeout_hours * 3600),
                                poll_interval=settings.review_poll_seconds)
    reviewed = build_reviewed(report, findings, answer.model_dump(), location, min_severity,
                              flow_run_id=flow_run.id)
    body = (json.dumps(reviewed, ensure_ascii=False, indent=2) + "\n").encode("utf-8")
    address = write_run_object(store, location.article_id, location.run_id, REVIEWED_NAME, body, "application/json")
    publish_review(reviewed, location, address)
    return {"article_id": location.article_id, "run_id": location.run_id, "reviewed": address,
            "decisions": len(reviewed["decisions"])}


def build_reviewed(report: dict, findings: list[dict], answer: dict, location: RunRef, min_severity: str,
                   flow_run_id: str | None = None) -> dict:
    """reviewed.json: who decided what about which finding of which run."""
    claims = {c["id"]: c for c in report["claims"]}
    decisions = []
    for finding in findings:
        given = answer[field_name(finding["claim_id"])]
        decisions.append({
            "claim_id": finding["claim_id"],
            "claim_text": claims[finding["claim_id"]]["text"],
            "verdict": finding["verdict"],
            "severity": finding["severity"],
            "decision": given["decision"],
            "corrected_verdict": given.get("corrected_verdict") if given["decision"] == "correct" else None,
            "note": given.get("note", ""),
        })
    summary = {name: sum(d["decision"] == key for d in decisions)
               for key, name in (("confirm", "confirmed"), ("dismiss", "dismissed"), ("correct", "corrected"))}
    return {
        "schema_version": 1,
        "article_id": location.article_id,
        "run_id": location.run_id,
        "report": "report.json",
        "reviewed_at": datetime.now(timezone.utc).isoformat(timespec="seconds"),
        "reviewer": answer["reviewer"].strip(),
        "note": answer.get("note", ""),
        "min_severity": min_severity,
        "flow_run_id": str(flow_run_id) if flow_run_id else None,
        "decisions": decisions,
        "summary": summary,
    }


def review_description(report: dict, findings: list[dict], location: RunRef) -> str:
    """The Markdown shown above the form: each finding with its evidence, and the report's link."""
    claims = {c["id"]: c for c in report["claims"]}
    article = report["article"]
    lines = [
        f"## Review: {_md(article.get('title') or article['uri'])}",
        "",
        f"Run `{location.run_id}` of `{location.article_id}`; the whole report: "
        f"[report.html]({report_link(location)}).",
        "",
        "For each finding: **confirm** it, **dismiss** it, or **correct** it (with the verdict it should have).",
    ]
    for finding in findings:
        claim = claims[finding["claim_id"]]
        lines += ["", f"### {finding['claim_id']}: {_md(claim['text'])}",
                  f"**{finding['verdict']}** ({finding['severity']}): {_md(finding['explanation'])}"]
        for evidence in finding["evidence"][:6]:
            side = "agrees" if evidence["agrees"] else "disagrees"
            lines.append(f"- {side}: {_md(evidence['text'])} ({evidence['source_id']}, {evidence['published'] or 'undated'})")
    return "\n".join(lines) + "\n"


def _shorten(text: str, limit: int = 120) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _md(text: str) -> str:
    return " ".join(str(text).split()).replace("|", "\\|").replace("<", "&lt;").replace(">", "&gt;")

"""The `check-article` flow: one article against its sources, a report in the store.

The flow only orchestrates; each task calls one stage of `checks.pipeline`, so the flow and the
engine-only path decide verdicts with the same code. Reading and writing the store are the only
tasks that retry: the other stages are pure and would fail the same way twice.
"""

from __future__ import annotations

from datetime import date

from prefect import flow, task
from prefect.artifacts import create_markdown_artifact, create_table_artifact
from prefect.cache_policies import NO_CACHE
from pydantic import BaseModel, Field

from checks import pipeline
from checks.claims import Claim
from checks.documents import Document
from checks.matching import Match
from checks.report_markdown import render_markdown
from checks.sources import Source, load_sources
from checks.stores import RunRef
from checks.verdicts import Finding, VerdictSettings

__all__ = ["CheckArticleParameters", "check_article"]


class CheckArticleParameters(BaseModel):
    """What the UI form asks for when a check is started by hand."""

    article: str = Field(
        description="The article: a file path (.txt, .md, .html), or '-' with the text in `article_text`.",
        min_length=1,
    )
    sources: list[str] = Field(
        description="Files and folders of sources: news texts and reference tables (CSV, Parquet, JSON).",
        min_length=1,
    )
    store: str = Field(default="./reports", description="Where the report goes: a folder, file://... or s3://bucket/prefix.")
    as_of: date | None = Field(
        default=None, description="Judge the article as of this date instead of its publication date."
    )
    article_text: str | None = Field(
        default=None, description="The article's text, when it is pasted in rather than read from a file."
    )


_TASK = {"cache_policy": NO_CACHE}


@task(name="load-article", **_TASK)
def load_article(location: str, text: str | None) -> Document:
    """Read the article into plain text with its metadata."""
    return pipeline.load_article(location, text)


@task(name="load-sources", **_TASK)
def load_sources_task(locations: list[str]) -> list[Source]:
    """Read every source document and reference table."""
    return load_sources(locations)


@task(name="extract-article", **_TASK)
def extract_article(article: Document) -> list[Claim]:
    """The article's checkable claims."""
    return pipeline.extract_article(article)


@task(name="extract-sources", **_TASK)
def extract_sources(sources: list[Source]) -> list[Claim]:
    """The sources' claims, with the same extractor as the article's."""
    return pipeline.extract_sources(sources)


@task(name="match", **_TASK)
def match(claims: list[Claim], source_claims: list[Claim], settings: VerdictSettings) -> list[Match]:
    """Pair each article claim with the source claims about the same thing."""
    return pipeline.match(claims, source_claims, settings)


@task(name="judge", **_TASK)
def judge(article: Document, claims: list[Claim], source_claims: list[Claim], matches: list[Match],
          as_of: date | None, settings: VerdictSettings) -> list[Finding]:
    """One verdict per claim, with its evidence."""
    return pipeline.judge(article, claims, source_claims, matches, as_of, settings)


@task(name="validate", **_TASK)
def validate(article: Document, claims: list[Claim], findings: list[Finding], sources: list[Source]) -> dict:
    """Run the expectation suites; a critical failure stops the run."""
    return pipeline.validate(article, claims, findings, sources)


@task(name="store-report", retries=3, retry_delay_seconds=[1, 5, 15], **_TASK)
def store_report(store: str, article: Document, report: dict) -> RunRef:
    """Write the run's files, then move latest.json."""
    return pipeline.store_report(store, article, report)


@task(name="publish-artifacts", **_TASK)
def publish_artifacts(report: dict, location: RunRef) -> None:
    """A Markdown summary and a table of findings on the flow run's page."""
    key = _artifact_key(location.article_id)
    create_markdown_artifact(
        key=f"{key}-summary",
        markdown=render_markdown(report) + f"\n\nReport: `{location.uri}/report.html`\n",
        description="crosscheck discrepancy report",
    )
    claims = {c["id"]: c for c in report["claims"]}
    create_table_artifact(
        key=f"{key}-findings",
        table=[
            {"claim": claims[f["claim_id"]]["text"], "kind": claims[f["claim_id"]]["kind"], "verdict": f["verdict"],
             "severity": f["severity"], "explanation": f["explanation"]}
            for f in report["findings"]
        ],
        description="One row per claim of the article",
    )


@flow(name="check-article", log_prints=True)
def check_article(parameters: CheckArticleParameters) -> dict:
    """Check one article against its sources and store the discrepancy report."""
    settings = VerdictSettings()
    article = load_article(parameters.article, parameters.article_text)
    sources = load_sources_task(parameters.sources)
    claims = extract_article(article)
    source_claims = extract_sources(sources)
    matches = match(claims, source_claims, settings)
    findings = judge(article, claims, source_claims, matches, parameters.as_of, settings)
    expectations = validate(article, claims, findings, sources)
    report = pipeline.make_report(article, sources, source_claims, claims, findings, expectations)
    location = store_report(parameters.store, article, report)
    publish_artifacts(report, location)
    return {"report": report, "location": location.uri}


def _artifact_key(article_id: str) -> str:
    """Artifact keys allow lower-case letters, digits and dashes only."""
    cleaned = "".join(ch if ch.isalnum() else "-" for ch in article_id.lower())
    return "-".join(part for part in cleaned.split("-") if part)[:60] or "article"


if __name__ == "__main__":
    result = check_article(
        CheckArticleParameters(article="examples/kursk/article.md", sources=["examples/kursk/sources"])
    )
    print(result["location"])

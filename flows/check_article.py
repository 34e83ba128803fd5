"""The `check-article` flow: one article against its sources, a report in the store.

The flow only orchestrates; each task calls one stage of `checks.pipeline`, so the flow and the
engine-only path decide verdicts with the same code. Reading and writing the store are the only
tasks that retry: the other stages are pure and would fail the same way twice.

With `request_review`, the stored report is handed to the `review-report` deployment: a separate
flow run that pauses for a reviewer's decisions (see flows/review_report.py).
"""

# No `from __future__ import annotations` here: Prefect reads the parameter annotations at run
# time to build the UI form and to validate the parameters of served runs.

import dataclasses
from datetime import date
from typing import Literal

from prefect import flow, get_run_logger, task
from prefect.cache_policies import NO_CACHE
from pydantic import BaseModel, ConfigDict, Field

from checks import pipeline
from checks.cache import ClaimCache
from checks.claims import Claim
from checks.documents import Document
from checks.matching import Match
from checks.report_markdown import render_markdown
from checks.sources import Source, SourceSet, Unavailable, load_source_set
from checks.stores import RunRef
from checks.verdicts import Finding, VerdictSettings
from flows.common import STORE_RETRY, artifact_key, input_options, publish_check_artifacts, report_link

__all__ = ["REVIEW_DEPLOYMENT", "CheckArticleParameters", "check_article"]

#: The deployment (flow name/deployment name) that check-article hands a report to for review.
REVIEW_DEPLOYMENT = "review-report/review-report"

_DEFAULTS = VerdictSettings()


class CheckArticleParameters(BaseModel):
    """What the UI form asks for when a check is started by hand."""

    model_config = ConfigDict(extra="forbid")

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
    stale_days: int = Field(
        default=_DEFAULTS.stale_days, ge=0, le=365,
        description="A disagreeing figure this many days older than the claim is an earlier state, not a dispute.",
    )
    rounding: float = Field(
        default=_DEFAULTS.rounding, ge=0.0, le=0.1,
        description="Relative slack when comparing figures, for rounding in conversions (0.005 is 0.5%).",
    )
    request_review: bool = Field(
        default=False,
        description="Hand the stored report to the review-report deployment, which waits for a reviewer's decisions.",
    )
    review_severity: Literal["low", "medium", "high"] = Field(
        default="medium", description="With request_review: findings at or above this severity are reviewed."
    )

    def verdict_settings(self) -> VerdictSettings:
        return dataclasses.replace(_DEFAULTS, stale_days=self.stale_days, rounding=self.rounding)


_TASK = {"cache_policy": NO_CACHE}


@task(name="load-article", **_TASK)
def load_article(location: str, text: str | None) -> Document:
    """Read the article into plain text with its metadata."""
    return pipeline.load_article(location, text, input_options())


@task(name="load-sources", **_TASK)
def load_sources_task(locations: list[str]) -> SourceSet:
    """Read every source document and reference table; those unavailable now are recorded, not fatal."""
    return load_source_set(locations, input_options())


@task(name="extract-article", **_TASK)
def extract_article(article: Document) -> list[Claim]:
    """The article's checkable claims."""
    return pipeline.extract_article(article)


@task(name="extract-sources", **_TASK)
def extract_sources(sources: list[Source]) -> list[Claim]:
    """The sources' claims, with the same extractor as the article's (cached by content)."""
    return pipeline.extract_sources(sources, ClaimCache.at(input_options()))


@task(name="match", **_TASK)
def match(claims: list[Claim], source_claims: list[Claim], settings: VerdictSettings) -> list[Match]:
    """Pair each article claim with the source claims about the same thing."""
    return pipeline.match(claims, source_claims, settings)


@task(name="judge", **_TASK)
def judge(article: Document, claims: list[Claim], source_claims: list[Claim], matches: list[Match],
          as_of: date | None, settings: VerdictSettings, sources: list[Source]) -> list[Finding]:
    """One verdict per claim, with its evidence."""
    return pipeline.judge(article, claims, source_claims, matches, as_of, settings, sources)


@task(name="validate", **_TASK)
def validate(article: Document, claims: list[Claim], findings: list[Finding], sources: list[Source],
             matches: list[Match], source_claims: list[Claim]) -> dict:
    """Run the expectation suites on every stage's table; a critical failure stops the run."""
    return pipeline.validate(article, claims, findings, sources, matches, source_claims)


@task(name="store-report", **STORE_RETRY)
def store_report(store: str, article: Document, report: dict, unavailable: list[Unavailable], inputs: dict) -> RunRef:
    """Write the run's files, then move latest.json."""
    return pipeline.store_report(store, article, report, unavailable, inputs)


@task(name="publish-artifacts", **_TASK)
def publish_artifacts(report: dict, location: RunRef, unavailable: list[Unavailable]) -> str:
    """A Markdown summary, a table of findings and a link to report.html on the flow run's page."""
    link = report_link(location)
    publish_check_artifacts(report, location, render_markdown(report, [u.to_dict() for u in unavailable]), link)
    return link


@flow(name="check-article", log_prints=True)
def check_article(parameters: CheckArticleParameters) -> dict:
    """Check one article against its sources and store the discrepancy report.

    Args:
        parameters: the article, its sources, the store, the tolerances, and whether to ask for a review.
    """
    settings = parameters.verdict_settings()
    article = load_article(parameters.article, parameters.article_text)
    loaded = load_sources_task(parameters.sources)
    sources = loaded.sources
    claims = extract_article(article)
    source_claims = extract_sources(sources)
    matches = match(claims, source_claims, settings)
    findings = judge(article, claims, source_claims, matches, parameters.as_of, settings, sources)
    expectations = validate(article, claims, findings, sources, matches, source_claims)
    report = pipeline.make_report(article, sources, source_claims, claims, findings, expectations)
    inputs = pipeline.check_inputs(article, sources, parameters.as_of, settings)
    location = store_report(parameters.store, article, report, loaded.unavailable, inputs)
    link = publish_artifacts(report, location, loaded.unavailable)
    outcome = {"report": report, "location": location.uri, "link": link}
    if parameters.request_review:
        outcome["review_flow_run_id"] = hand_over_review(parameters, location)
    return outcome


def hand_over_review(parameters: CheckArticleParameters, location: RunRef) -> str | None:
    """Start a run of the review-report deployment for the stored report; its id (None: no deployment)."""
    from prefect.deployments import run_deployment
    from prefect.exceptions import ObjectNotFound

    logger = get_run_logger()
    try:
        review = run_deployment(
            REVIEW_DEPLOYMENT,
            parameters={"store": parameters.store, "article_id": location.article_id, "run_id": location.run_id,
                        "min_severity": parameters.review_severity},
            timeout=0,  # hand over: the review waits for a person, this check does not
            flow_run_name=f"review-{artifact_key(location.article_id)[:40]}",
        )
    except ObjectNotFound:
        logger.warning("review requested, but the %s deployment is not there: start `crosscheck serve` "
                       "or `prefect deploy --all`, then run it for run %s", REVIEW_DEPLOYMENT, location.run_id)
        return None
    logger.info("handed the report over for review: flow run %s", review.id)
    return str(review.id)


if __name__ == "__main__":
    result = check_article(
        CheckArticleParameters(article="examples/kursk/article.md", sources=["examples/kursk/sources"])
    )
    print(result["location"])

"""The check, stage by stage: load, extract, match, judge, validate, report, store.

Each stage is a plain function, so the Prefect flow (one task per stage) and the engine-only
path (`run_check`) run the same code and reach the same verdicts.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date, datetime, timezone
from pathlib import Path

import pandas as pd

from checks.claims import Claim
from checks.documents import Document, document_from_text, load_document
from checks.errors import ArticleError, ExpectationError
from checks.extraction import extract_claims
from checks.matching import Match, match_claims
from checks.reports import build_report, new_run_id, report_objects
from checks.sources import Source, load_sources
from checks.stores import RunRef, open_store
from checks.verdicts import Finding, VerdictSettings, judge_claims

__all__ = [
    "CheckRequest",
    "CheckResult",
    "article_store_id",
    "extract_article",
    "extract_sources",
    "judge",
    "load_article",
    "match",
    "make_report",
    "run_check",
    "store_report",
    "validate",
]


@dataclass(frozen=True)
class CheckRequest:
    """What to check against what, and where the report goes."""

    article: str
    sources: list[str]
    store: str = "./reports"
    as_of: date | None = None
    #: The article's text when it does not come from a file (standard input, a pasted text).
    article_text: str | None = None
    verdicts: VerdictSettings = field(default_factory=VerdictSettings)


@dataclass(frozen=True)
class CheckResult:
    """A finished check: the report and where it was stored."""

    report: dict
    location: RunRef


def load_article(location: str, text: str | None = None) -> Document:
    """The article as a Document, from a file or from text handed over directly."""
    if text is not None:
        return document_from_text(text, uri=location, stem="stdin" if location == "-" else location,
                                  error=ArticleError)
    if location.startswith(("s3://", "http://", "https://")):
        raise ArticleError(f"{location}: only local article files (or '-') are supported so far")
    return load_document(Path(location).expanduser(), error=ArticleError)


def extract_article(article: Document) -> list[Claim]:
    """The article's claims, with short ids (c1, c2, ...) for the report."""
    claims = extract_claims(article, id_prefix="")
    if not claims:
        raise ArticleError(f"{article.uri}: no checkable claims found (figures, dates, quotes or roles)")
    return claims


def extract_sources(sources: list[Source]) -> list[Claim]:
    """Every source's claims: extracted from text, or the rows of a reference table."""
    claims: list[Claim] = []
    for source in sources:
        if source.table_claims is not None:
            claims.extend(source.table_claims)
        else:
            claims.extend(extract_claims(source.document))
    return claims


def match(article_claims: list[Claim], source_claims: list[Claim], settings: VerdictSettings) -> list[Match]:
    return match_claims(article_claims, source_claims, settings=settings.matching)


def judge(article: Document, claims: list[Claim], source_claims: list[Claim], matches: list[Match],
          as_of: date | None, settings: VerdictSettings) -> list[Finding]:
    return judge_claims(article, claims, source_claims, matches, as_of=as_of, settings=settings)


def validate(article: Document, claims: list[Claim], findings: list[Finding], sources: list[Source]) -> dict:
    """Run the expectation suites; a critical failure stops the run (ExpectationError)."""
    from expectations.runner import run_suites  # Great Expectations is heavy: imported here only

    outcome = run_suites(
        {"claims": claims_table(article, claims), "findings": findings_table(claims, findings, sources)},
        parameters={"claims": len(claims)},
    )
    if outcome.critical_failures:
        raise ExpectationError("critical expectation failed: " + "; ".join(outcome.critical_failures))
    return outcome.to_report()


def claims_table(article: Document, claims: list[Claim]) -> pd.DataFrame:
    """The claims as the `claims` suite expects them."""
    return pd.DataFrame(
        {
            "id": [c.id for c in claims],
            "kind": [c.kind.value for c in claims],
            "start": [c.start for c in claims],
            "span_matches": [article.text[c.start : c.end] == c.text for c in claims],
            "value": [c.quantity.value if c.quantity else None for c in claims],
            "low": [c.quantity.low if c.quantity else None for c in claims],
            "high": [c.quantity.high if c.quantity else None for c in claims],
            "as_of": [c.as_of.isoformat() if c.as_of else None for c in claims],
        }
    )


def findings_table(claims: list[Claim], findings: list[Finding], sources: list[Source]) -> pd.DataFrame:
    """The findings as the `findings` suite expects them."""
    claim_ids = {c.id for c in claims}
    source_ids = {s.document.id for s in sources}
    return pd.DataFrame(
        {
            "claim_id": [f.claim_id for f in findings],
            "claim_known": [f.claim_id in claim_ids for f in findings],
            "verdict": [f.verdict.value for f in findings],
            "severity": [f.severity.value for f in findings],
            "evidence_sources_known": [all(e.source_id in source_ids for e in f.evidence) for f in findings],
            "explanation": [f.explanation for f in findings],
        }
    )


def make_report(article: Document, sources: list[Source], source_claims: list[Claim], claims: list[Claim],
                findings: list[Finding], expectations: dict, run_id: str | None = None) -> dict:
    per_source: dict[str, int] = {}
    for claim in source_claims:
        per_source[claim.document_id] = per_source.get(claim.document_id, 0) + 1
    return build_report(
        run_id=run_id or new_run_id(),
        created_at=datetime.now(timezone.utc),
        article=article,
        sources=[(s.document, per_source.get(s.document.id, 0)) for s in sources],
        claims=claims,
        findings=findings,
        expectations=expectations,
    )


def store_report(store_uri: str, article: Document, report: dict) -> RunRef:
    """Write every file of the run, then move latest.json (the store's promise)."""
    store = open_store(store_uri)
    return store.write_run(article_store_id(article), report["run_id"], report["created_at"],
                           report_objects(report, article.text))


def article_store_id(article: Document) -> str:
    """The article's folder in the store: from its url's last segment when it has one, else its id."""
    if article.url:
        tail = re.sub(r"[^A-Za-z0-9._-]+", "-", article.url.rstrip("/").rsplit("/", 1)[-1]).strip("-._")
        if tail:
            return tail[:100]
    return article.id


def run_check(request: CheckRequest) -> CheckResult:
    """The whole check on the engine alone, without Prefect."""
    article = load_article(request.article, request.article_text)
    sources = load_sources(request.sources)
    claims = extract_article(article)
    source_claims = extract_sources(sources)
    matches = match(claims, source_claims, request.verdicts)
    findings = judge(article, claims, source_claims, matches, request.as_of, request.verdicts)
    expectations = validate(article, claims, findings, sources)
    report = make_report(article, sources, source_claims, claims, findings, expectations)
    location = store_report(request.store, article, report)
    return CheckResult(report=report, location=location)

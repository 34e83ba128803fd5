"""The check, stage by stage: load, extract, match, judge, validate, report, store.

Each stage is a plain function, so the Prefect flow (one task per stage) and the engine-only
path (`run_check`) run the same code and reach the same verdicts.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from datetime import date, datetime, timezone

import pandas as pd

from checks.cache import ClaimCache, cached_claims
from checks.claims import Claim
from checks.documents import Document, document_from_text, load_document
from checks.errors import ArticleError, ExpectationError
from checks.extraction import extract_claims
from checks.inputs import InputOptions
from checks.matching import Match, match_claims
from checks.paths import local_path
from checks.reports import INPUTS_NAME, build_report, new_run_id, report_objects
from checks.sources import Source, Unavailable, document_from_address, document_from_s3, load_source_set
from checks.stores import RunRef, open_store
from checks.verdicts import Finding, SourceNote, VerdictSettings, judge_claims

__all__ = [
    "CheckRequest",
    "CheckResult",
    "check_loaded",
    "Judged",
    "judge_loaded",
    "report_many",
    "stage_tables",
    "PreviousRun",
    "check_inputs",
    "previous_run",
    "article_store_id",
    "extract_article",
    "extract_sources",
    "judge",
    "load_article",
    "match",
    "make_report",
    "matches_table",
    "sources_table",
    "claims_table",
    "findings_table",
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
    #: Input limits, the fetch policy and the claims cache's folder (crosscheck.settings builds it).
    inputs: InputOptions = field(default_factory=InputOptions)


@dataclass(frozen=True)
class CheckResult:
    """A finished check: the report and where it was stored."""

    report: dict
    location: RunRef


def load_article(location: str, text: str | None = None, options: InputOptions | None = None) -> Document:
    """The article as a Document: from text handed over directly, a file, an s3:// key or an http(s) address."""
    options = options or InputOptions()
    if text is not None:
        return document_from_text(text, uri=location, stem="stdin" if location == "-" else location,
                                  error=ArticleError, limits=options.limits)
    scheme = re.match(r"([A-Za-z][A-Za-z0-9+.-]*)://", location.strip())
    if scheme is not None:
        name = scheme.group(1).lower()
        if name == "s3":
            return document_from_s3(location.strip(), options, error=ArticleError)
        if name in {"http", "https"}:
            return document_from_address(location.strip(), options, error=ArticleError)
        raise ArticleError(f"{location[:200]}: the scheme '{name}' is not supported for the article; "
                           "give a path, '-', an s3:// key or an http(s) address")
    if not location.strip():
        raise ArticleError("the article's location is empty")
    return load_document(local_path(location), error=ArticleError, limits=options.limits)


def extract_article(article: Document) -> list[Claim]:
    """The article's claims, with short ids (c1, c2, ...) for the report."""
    claims = extract_claims(article, id_prefix="")
    if not claims:
        raise ArticleError(f"{article.uri}: no checkable claims found (figures, dates, quotes or roles)")
    return claims


def extract_sources(sources: list[Source], cache: ClaimCache | None = None) -> list[Claim]:
    """Every source's claims: extracted from text (once per content with a cache), or a table's rows."""
    claims: list[Claim] = []
    for source in sources:
        if source.table_claims is not None:
            claims.extend(source.table_claims)
        else:
            claims.extend(cached_claims(source.document, cache, extract_claims))
    return claims


def match(article_claims: list[Claim], source_claims: list[Claim], settings: VerdictSettings) -> list[Match]:
    return match_claims(article_claims, source_claims, settings=settings.matching)


def judge(article: Document, claims: list[Claim], source_claims: list[Claim], matches: list[Match],
          as_of: date | None, settings: VerdictSettings, sources: list[Source] = ()) -> list[Finding]:
    """One verdict per claim; `sources` name the publishers and weigh credibility in the severity."""
    notes = {s.document.id: SourceNote(s.document.publisher or s.document.title, s.credibility, s.document.published)
             for s in sources}
    return judge_claims(article, claims, source_claims, matches, as_of=as_of, settings=settings, sources=notes)


@dataclass(frozen=True)
class Judged:
    """One article through the judge stage: what its validation and its report are made from."""

    article: Document
    sources: list[Source]
    claims: list[Claim]
    source_claims: list[Claim]
    matches: list[Match]
    findings: list[Finding]


def judge_loaded(article: Document, sources: list[Source], as_of: date | None, settings: VerdictSettings,
                 cache: ClaimCache | None = None) -> Judged:
    """Extract, match and judge one loaded article against its loaded sources."""
    claims = extract_article(article)
    source_claims = extract_sources(sources, cache)
    matches = match(claims, source_claims, settings)
    findings = judge(article, claims, source_claims, matches, as_of, settings, sources)
    return Judged(article, sources, claims, source_claims, matches, findings)


def stage_tables(
    article: Document,
    claims: list[Claim],
    findings: list[Finding],
    sources: list[Source],
    matches: list[Match] | None = None,
    source_claims: list[Claim] | None = None,
    *,
    today: date | None = None,
) -> dict[str, pd.DataFrame]:
    """Every stage's table, named like the suite that checks it (expectations/suites)."""
    return {
        "sources": sources_table(article, sources, claims, source_claims, today=today),
        "claims": claims_table(article, claims),
        "matches": matches_table(claims, findings, sources, matches, source_claims),
        "findings": findings_table(claims, findings, sources),
    }


def validate(
    article: Document,
    claims: list[Claim],
    findings: list[Finding],
    sources: list[Source],
    matches: list[Match] | None = None,
    source_claims: list[Claim] | None = None,
    *,
    today: date | None = None,
) -> dict:
    """Run the expectation suites on every stage's table; a critical failure stops the run.

    `matches` and `source_claims` make the `matches` and `sources` suites complete; without them
    the matches are those the findings cite as evidence, and a text source's claim count is unknown.
    Raises ExpectationError (one line naming each failed critical expectation); returns the
    report's `expectations` object.
    """
    from expectations.runner import run_suites  # Great Expectations is heavy: imported here only

    outcome = run_suites(stage_tables(article, claims, findings, sources, matches, source_claims, today=today))
    if (error := outcome.critical_error()) is not None:
        raise error
    return outcome.to_report()


def report_many(judged: list[Judged]) -> list[dict | ExpectationError]:
    """Validate many judged articles together and build their reports: a report, or the error that stopped it.

    The same suites and reports as one check at a time (validate, make_report), but each suite runs
    once for all of them (expectations.runner.run_suites_many), which is most of a check's time.
    """
    from checks.report_schema import check_reports
    from expectations.runner import run_suites_many

    outcomes = run_suites_many([
        stage_tables(j.article, j.claims, j.findings, j.sources, j.matches, j.source_claims) for j in judged
    ])
    built: list[dict | ExpectationError] = []
    for item, outcome in zip(judged, outcomes, strict=True):
        if (error := outcome.critical_error()) is not None:
            built.append(error)
        else:
            built.append(make_report(item.article, item.sources, item.source_claims, item.claims, item.findings,
                                     outcome.to_report(), check=False))
    reports = [r for r in built if isinstance(r, dict)]
    checked = iter(check_reports(reports))
    return [next(checked) if isinstance(r, dict) else r for r in built]


def sources_table(
    article: Document,
    sources: list[Source],
    claims: list[Claim],
    source_claims: list[Claim] | None = None,
    *,
    today: date | None = None,
) -> pd.DataFrame:
    """The article and every source document, as the `sources` suite expects them."""
    today = today or datetime.now(timezone.utc).date()
    counts: dict[str, int] = {}
    for claim in source_claims or ():
        counts[claim.document_id] = counts.get(claim.document_id, 0) + 1
    rows = [(article, len(claims))]
    for source in sources:
        if source_claims is not None:
            count = counts.get(source.document.id, 0)
        elif source.table_claims is not None:
            count = len(source.table_claims)
        else:
            count = None  # not extracted yet: the suite skips it
        rows.append((source.document, count))
    documents = [document for document, _ in rows]
    return pd.DataFrame(
        {
            "id": pd.Series([d.id for d in documents], dtype="str"),
            "role": pd.Series(["article"] + ["source"] * len(sources), dtype="str"),
            "text_chars": [len(d.text.strip()) for d in documents],
            "published": pd.Series([d.published.isoformat() if d.published else None for d in documents], dtype="str"),
            "days_ahead": pd.Series([(d.published - today).days if d.published else None for d in documents],
                                    dtype="Int64"),
            "sha256": pd.Series([d.sha256 for d in documents], dtype="str"),
            "claims": pd.Series([count for _, count in rows], dtype="Int64"),
        }
    )


def claims_table(article: Document, claims: list[Claim]) -> pd.DataFrame:
    """The claims as the `claims` suite expects them."""
    return pd.DataFrame(
        {
            "id": pd.Series([c.id for c in claims], dtype="str"),
            "kind": pd.Series([c.kind.value for c in claims], dtype="str"),
            "start": [c.start for c in claims],
            "end": [c.end for c in claims],
            "article_chars": [len(article.text)] * len(claims),
            "span_matches": [article.text[c.start : c.end] == c.text for c in claims],
            "value": pd.Series([c.quantity.value if c.quantity else None for c in claims], dtype="float64"),
            "low": pd.Series([c.quantity.low if c.quantity else None for c in claims], dtype="float64"),
            "high": pd.Series([c.quantity.high if c.quantity else None for c in claims], dtype="float64"),
            "unit_kind": pd.Series([_unit_kind(c) for c in claims], dtype="str"),
            "as_of": pd.Series([c.as_of.isoformat() if c.as_of else None for c in claims], dtype="str"),
        }
    )


def _unit_kind(claim: Claim) -> str:
    """What a figure's unit is: pint, percent, currency, counted (noun), none, or unknown."""
    from checks.units import CURRENCY_WORDS, DIMENSIONS

    quantity = claim.quantity
    if quantity is None or quantity.unit is None:
        return "none"
    if quantity.measure.startswith("count:"):
        return "counted"
    if quantity.unit == "percent":
        return "percent"
    if quantity.measure.startswith("currency:") and quantity.unit in set(CURRENCY_WORDS.values()):
        return "currency"
    if quantity.unit in DIMENSIONS:  # every entry is checked against pint in tests/test_units.py
        return "pint"
    return "unknown"


def matches_table(
    claims: list[Claim],
    findings: list[Finding],
    sources: list[Source],
    matches: list[Match] | None = None,
    source_claims: list[Claim] | None = None,
) -> pd.DataFrame:
    """The matches as the `matches` suite expects them (those behind the evidence when not given)."""
    claim_ids = {c.id for c in claims}
    source_ids = {s.document.id for s in sources}
    if matches is not None and source_claims is not None:
        loaded = {c.id for c in source_claims if c.document_id in source_ids}
        rows = [(m.claim_id, m.source_claim_id, m.score, m.source_claim_id in loaded) for m in matches]
    else:
        rows = [
            (f.claim_id, e.claim.id, e.score, e.claim.document_id in source_ids and e.source_id in source_ids)
            for f in findings
            for e in f.evidence
        ]
    return pd.DataFrame(
        {
            "claim_id": pd.Series([r[0] for r in rows], dtype="str"),
            "source_claim_id": pd.Series([r[1] for r in rows], dtype="str"),
            "score": pd.Series([r[2] for r in rows], dtype="float64"),
            "claim_known": pd.Series([r[0] in claim_ids for r in rows], dtype="bool"),
            "source_claim_known": pd.Series([r[3] for r in rows], dtype="bool"),
        }
    )


#: The severities each verdict may carry (README, "How verdicts are decided").
_FITTING_SEVERITIES = {
    "contradicted": {"high", "medium", "low"},
    "disputed": {"medium", "low"},
    "outdated": {"low"},
    "supported": {"none", "low"},
    "unverified": {"none", "low"},
}


def findings_table(claims: list[Claim], findings: list[Finding], sources: list[Source]) -> pd.DataFrame:
    """The findings as the `findings` suite expects them: a row per finding, and an empty row per claim without one."""
    claim_ids = {c.id for c in claims}
    source_ids = {s.document.id for s in sources}
    judged = {f.claim_id for f in findings}
    missing = [c.id for c in claims if c.id not in judged]
    empty = [None] * len(missing)
    return pd.DataFrame(
        {
            "claim_id": pd.Series([f.claim_id for f in findings] + missing, dtype="str"),
            "claim_known": pd.Series([f.claim_id in claim_ids for f in findings] + [True] * len(missing), dtype="bool"),
            "verdict": pd.Series([f.verdict.value for f in findings] + empty, dtype="str"),
            "severity": pd.Series([f.severity.value for f in findings] + empty, dtype="str"),
            "severity_fits_verdict": pd.Series(
                [f.severity.value in _FITTING_SEVERITIES.get(f.verdict.value, set()) for f in findings] + empty,
                dtype="boolean",
            ),
            "evidence_sources_known": pd.Series(
                [all(e.source_id in source_ids for e in f.evidence) for f in findings] + empty, dtype="boolean"
            ),
            "explanation": pd.Series([f.explanation.strip() for f in findings] + empty, dtype="str"),
        }
    )


def make_report(article: Document, sources: list[Source], source_claims: list[Claim], claims: list[Claim],
                findings: list[Finding], expectations: dict, run_id: str | None = None, check: bool = True) -> dict:
    """The report; with `check`, the `report` suite has run on it (checks.reports.build_report)."""
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
        check=check,
    )


def store_report(store_uri: str, article: Document, report: dict, unavailable: list[Unavailable] = (),
                 inputs: dict | None = None) -> RunRef:
    """Write every file of the run, then move latest.json (the store's promise).

    `unavailable` (the sources that could not be read) goes into unavailable.json and the pages;
    `inputs` (check_inputs) into inputs.json, so that a later run over the same inputs can reuse it.
    """
    store = open_store(store_uri)
    return store.write_run(article_store_id(article), report["run_id"], report["created_at"],
                           report_objects(report, article.text, [u.to_dict() for u in unavailable], inputs))


def check_inputs(article: Document, sources: list[Source], as_of: date | None, settings: VerdictSettings) -> dict:
    """Everything a check's verdicts depend on, by content: the same inputs give the same report.

    The article's and every source's content hash, the as-of date, the verdict settings and the
    engine's version (a hash of its code and data tables, checks.cache.extractor_version).
    """
    from dataclasses import asdict

    from checks.cache import extractor_version

    return {
        "article": article.sha256,
        "sources": sorted(f"{s.document.sha256}:{s.credibility:g}" for s in sources),
        "as_of": as_of.isoformat() if as_of else None,
        "settings": json.loads(json.dumps(asdict(settings), default=str)),
        "engine": extractor_version(),
    }


@dataclass(frozen=True)
class PreviousRun:
    """The run latest.json points at: where, its report, and the inputs it was made from (if kept)."""

    location: RunRef
    report: dict
    inputs: dict | None


def previous_run(store_uri: str, article: Document) -> PreviousRun | None:
    """The article's latest run in the store, or None for a first check."""
    from checks.stores import REPORT_NAME, MissingObject

    store = open_store(store_uri)
    ref = store.latest(article_store_id(article))
    if ref is None:
        return None
    report = json.loads(store.read(ref.article_id, ref.run_id, REPORT_NAME))
    try:
        inputs = json.loads(store.read(ref.article_id, ref.run_id, INPUTS_NAME))
    except MissingObject:
        inputs = None
    return PreviousRun(ref, report, inputs)


def article_store_id(article: Document) -> str:
    """The article's folder in the store: from its url's last segment when it has one, else its id."""
    if article.url:
        tail = re.sub(r"[^A-Za-z0-9._-]+", "-", article.url.rstrip("/").rsplit("/", 1)[-1]).strip("-._")
        if tail:
            return tail[:100]
    return article.id


def check_loaded(article: Document, sources: list[Source], as_of: date | None, settings: VerdictSettings,
                 cache: ClaimCache | None = None) -> dict:
    """The report of one loaded article against its loaded sources: every stage after loading."""
    [report] = report_many([judge_loaded(article, sources, as_of, settings, cache)])
    if isinstance(report, ExpectationError):
        raise report
    return report


def run_check(request: CheckRequest) -> CheckResult:
    """The whole check on the engine alone, without Prefect."""
    article = load_article(request.article, request.article_text, request.inputs)
    loaded = load_source_set(request.sources, request.inputs)
    sources = loaded.sources
    report = check_loaded(article, sources, request.as_of, request.verdicts, ClaimCache.at(request.inputs))
    inputs = check_inputs(article, sources, request.as_of, request.verdicts)
    location = store_report(request.store, article, report, loaded.unavailable, inputs)
    return CheckResult(report=report, location=location)

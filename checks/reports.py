"""The discrepancy report (schema_version 1, DESIGN.md section 3) and the files made from it."""

from __future__ import annotations

import csv
import io
import json
import secrets
from collections import Counter
from datetime import datetime, timezone

from checks.claims import Claim
from checks.documents import Document
from checks.report_html import render_html
from checks.report_markdown import render_markdown
from checks.stores import StoredObject
from checks.verdicts import Finding, Verdict

__all__ = ["FINDINGS_COLUMNS", "build_report", "new_run_id", "report_objects"]

SCHEMA_VERSION = 1
FINDINGS_COLUMNS = [
    "claim_id", "kind", "claim_text", "start", "end", "verdict", "severity", "explanation",
    "evidence_count", "agreeing", "disagreeing", "sources",
]
# Spreadsheet programs run cells that start with these; a leading apostrophe keeps them inert.
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def new_run_id(now: datetime | None = None) -> str:
    """A run id that sorts by time and does not collide: 20240814T120000Z-1a2b3c."""
    now = now or datetime.now(timezone.utc)
    return f"{now:%Y%m%dT%H%M%SZ}-{secrets.token_hex(3)}"


def build_report(
    *,
    run_id: str,
    created_at: datetime,
    article: Document,
    sources: list[tuple[Document, int]],
    claims: list[Claim],
    findings: list[Finding],
    expectations: dict,
) -> dict:
    """The report as a JSON-ready dict, with its fields in the contract's order."""
    counts = Counter(f.verdict for f in findings)
    return {
        "schema_version": SCHEMA_VERSION,
        "run_id": run_id,
        "created_at": created_at.isoformat(timespec="seconds"),
        "article": article.to_report(),
        "sources": [{**document.to_report(), "claims": count} for document, count in sources],
        "claims": [c.to_report() for c in claims],
        "findings": [f.to_report() for f in findings],
        "expectations": expectations,
        "summary": {"claims": len(claims), **{v.value: counts.get(v, 0) for v in Verdict}},
    }


def findings_csv(report: dict) -> str:
    """One row per finding, with formula-like cells made inert for spreadsheets."""
    claims = {c["id"]: c for c in report["claims"]}
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(FINDINGS_COLUMNS)
    for finding in report["findings"]:
        claim = claims[finding["claim_id"]]
        evidence = finding["evidence"]
        row = [
            finding["claim_id"], claim["kind"], claim["text"], claim["start"], claim["end"],
            finding["verdict"], finding["severity"], finding["explanation"], len(evidence),
            sum(e["agrees"] for e in evidence), sum(not e["agrees"] for e in evidence),
            ";".join(sorted({e["source_id"] for e in evidence})),
        ]
        writer.writerow([_inert(cell) for cell in row])
    return out.getvalue()


def _inert(cell: object) -> object:
    if isinstance(cell, str) and cell.startswith(_FORMULA_START):
        return "'" + cell
    return cell


def report_objects(report: dict, article_text: str) -> list[StoredObject]:
    """Every file of a run, report.json among them, ready for a store."""
    as_json = json.dumps(report, ensure_ascii=False, indent=2).encode("utf-8")
    return [
        StoredObject("report.json", as_json, "application/json"),
        StoredObject("findings.csv", findings_csv(report).encode("utf-8"), "text/csv; charset=utf-8"),
        StoredObject("report.html", render_html(report, article_text).encode("utf-8"), "text/html; charset=utf-8"),
        StoredObject("report.md", render_markdown(report).encode("utf-8"), "text/markdown; charset=utf-8"),
        StoredObject(
            "expectations.json",
            json.dumps(report["expectations"], ensure_ascii=False, indent=2).encode("utf-8"),
            "application/json",
        ),
    ]

"""The discrepancy report (schema_version 1, DESIGN.md section 3) and the files made from it.

`build_report` assembles the report and runs the `report` expectation suite on it (its JSON Schema,
schemas/report.schema.json, and its summary counts): a report that breaks its contract is never
stored. `report_objects` gives every object of a run:

    report.json        the report
    findings.csv       one row per finding, formula-like cells made inert for spreadsheets
    findings.parquet   the same rows, typed, with the run's ids and each figure (pandas + pyarrow)
    report.html        the reviewer's page (checks/report_html.py)
    report.md          the Markdown summary for Prefect artifacts (checks/report_markdown.py)
    expectations.json  the expectation suites' results (also inside report.json)
    unavailable.json   the sources that could not be read in this run, with why (often [])
    inputs.json        what the verdicts depend on (content hashes, settings, engine version), so
                       that a watch-list run over unchanged inputs reuses this run
"""

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

__all__ = ["FINDINGS_COLUMNS", "INPUTS_NAME", "RUN_OBJECTS", "build_report", "findings_csv", "findings_parquet", "new_run_id",
           "report_objects"]

SCHEMA_VERSION = 1
FINDINGS_COLUMNS = [
    "claim_id", "kind", "claim_text", "start", "end", "verdict", "severity", "explanation",
    "evidence_count", "agreeing", "disagreeing", "sources",
]
#: The objects of every run, in the order `report_objects` gives them.
RUN_OBJECTS = ("report.json", "findings.csv", "findings.parquet", "report.html", "report.md", "expectations.json",
               "unavailable.json", "inputs.json")
INPUTS_NAME = "inputs.json"
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
    check: bool = True,
) -> dict:
    """The report as a JSON-ready dict, with its fields in the contract's order.

    With `check` (the default) the `report` suite runs on it and is recorded in its expectations;
    a critical failure (the report breaks its schema) raises ExpectationError.
    """
    counts = Counter(f.verdict for f in findings)
    report = {
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
    if check:
        from checks.report_schema import check_report

        check_report(report)
    return report


def _finding_rows(report: dict) -> list[list]:
    """One row of FINDINGS_COLUMNS per finding."""
    claims = {c["id"]: c for c in report["claims"]}
    rows = []
    for finding in report["findings"]:
        claim = claims[finding["claim_id"]]
        evidence = finding["evidence"]
        rows.append([
            finding["claim_id"], claim["kind"], claim["text"], claim["start"], claim["end"],
            finding["verdict"], finding["severity"], finding["explanation"], len(evidence),
            sum(e["agrees"] for e in evidence), sum(not e["agrees"] for e in evidence),
            ";".join(sorted({e["source_id"] for e in evidence})),
        ])
    return rows


def findings_csv(report: dict) -> str:
    """One row per finding, with formula-like cells made inert for spreadsheets."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(FINDINGS_COLUMNS)
    for row in _finding_rows(report):
        writer.writerow([_inert(cell) for cell in row])
    return out.getvalue()


def findings_parquet(report: dict) -> bytes:
    """The findings as a typed Parquet table: the run's ids, FINDINGS_COLUMNS and each claim's figure.

    Values are kept as they are (no apostrophes): Parquet is read by programs, not spreadsheets.
    """
    import pandas as pd  # the engine has it loaded already; a renderer alone need not

    claims = {c["id"]: c for c in report["claims"]}
    rows = _finding_rows(report)
    columns = {name: [row[i] for row in rows] for i, name in enumerate(FINDINGS_COLUMNS)}
    quantities = [claims[f["claim_id"]].get("quantity") or {} for f in report["findings"]]
    frame = pd.DataFrame(
        {
            "run_id": pd.Series([report["run_id"]] * len(rows), dtype="str"),
            "article_id": pd.Series([report["article"]["id"]] * len(rows), dtype="str"),
            "created_at": pd.Series([report["created_at"]] * len(rows), dtype="str"),
            **{
                name: pd.Series(values, dtype="Int64" if name in _INT_COLUMNS else "str")
                for name, values in columns.items()
            },
            "as_of": pd.Series([claims[f["claim_id"]].get("as_of") for f in report["findings"]], dtype="str"),
            "value": pd.Series([q.get("value") for q in quantities], dtype="float64"),
            "unit": pd.Series([q.get("unit") for q in quantities], dtype="str"),
            "low": pd.Series([q.get("low") for q in quantities], dtype="float64"),
            "high": pd.Series([q.get("high") for q in quantities], dtype="float64"),
            "qualifier": pd.Series([q.get("qualifier") for q in quantities], dtype="str"),
        }
    )
    out = io.BytesIO()
    frame.to_parquet(out, engine="pyarrow", index=False)
    return out.getvalue()


_INT_COLUMNS = {"start", "end", "evidence_count", "agreeing", "disagreeing"}


def _inert(cell: object) -> object:
    if isinstance(cell, str) and cell.startswith(_FORMULA_START):
        return "'" + cell
    return cell


def report_objects(report: dict, article_text: str, unavailable: list[dict] = (),
                   inputs: dict | None = None) -> list[StoredObject]:
    """Every file of a run, report.json among them, ready for a store.

    `unavailable` ({"location", "reason"} per source not read) is kept beside the report, not in
    it: report.json holds exactly the fields of the contract (DESIGN.md section 3).
    """
    unavailable = list(unavailable)
    as_json = json.dumps(report, ensure_ascii=False, indent=2).encode("utf-8")
    return [
        StoredObject("report.json", as_json, "application/json"),
        StoredObject("findings.csv", findings_csv(report).encode("utf-8"), "text/csv; charset=utf-8"),
        StoredObject("findings.parquet", findings_parquet(report), "application/vnd.apache.parquet"),
        StoredObject("report.html", render_html(report, article_text, unavailable).encode("utf-8"), "text/html; charset=utf-8"),
        StoredObject("report.md", render_markdown(report, unavailable).encode("utf-8"), "text/markdown; charset=utf-8"),
        StoredObject(
            "expectations.json",
            json.dumps(report["expectations"], ensure_ascii=False, indent=2).encode("utf-8"),
            "application/json",
        ),
        StoredObject("unavailable.json", json.dumps(unavailable, ensure_ascii=False, indent=2).encode("utf-8"),
                     "application/json"),
        StoredObject(INPUTS_NAME, json.dumps(inputs, indent=2).encode("utf-8"), "application/json"),
    ]

"""The report's JSON Schema (draft 2020-12) and the `report` expectation suite built on it.

The schema lives in one file, `schemas/report.schema.json` at the repository root, where other
tooling finds it; `checks/data/report.schema.json` is a symbolic link to it, so the package reads
the same file through importlib.resources.

    schema_errors(report)   every way a report breaks the schema, one line each ("" path = the root)
    report_table(report)    the one-row table the `report` suite checks (schema, summary counts)
    check_report(report)    runs the `report` suite, records it in report["expectations"];
                            ExpectationError when a critical expectation fails (no report is stored)
"""

from __future__ import annotations

import json
from collections import Counter
from functools import lru_cache
from importlib import resources
from typing import Any

__all__ = ["SCHEMA_NAME", "check_report", "check_reports", "load_schema", "report_table", "schema_errors", "validator"]

SCHEMA_NAME = "report.schema.json"
_VERDICTS = ("supported", "contradicted", "outdated", "disputed", "unverified")
#: Schema errors written into the report table (and so into an error line) at most.
_MAX_ERRORS = 3


@lru_cache(maxsize=1)
def load_schema() -> dict:
    """The report's JSON Schema as a dict."""
    text = resources.files("checks.data").joinpath(SCHEMA_NAME).read_text(encoding="utf-8")
    return json.loads(text)


@lru_cache(maxsize=1)
def validator():
    """A draft 2020-12 validator for the schema (the schema itself checked first).

    jsonschema-rs: it checks a report in about 0.6 ms where the pure-Python jsonschema takes 30 ms,
    which was a fifth of a batch's time.
    """
    import jsonschema_rs

    return jsonschema_rs.Draft202012Validator(load_schema(), validate_formats=False)


def schema_errors(report: Any) -> list[str]:
    """Every way `report` breaks the schema, as 'path: message' lines, in document order."""
    errors = sorted(validator().iter_errors(report), key=lambda e: [str(p) for p in e.instance_path])
    return [f"{'/'.join(str(p) for p in error.instance_path) or '(root)'}: {_short(error.message)}" for error in errors]


def report_table(report: dict) -> "pd.DataFrame":  # noqa: F821 - pandas is imported lazily
    """The report as the one-row table of the `report` suite."""
    import pandas as pd

    errors = schema_errors(report)
    shown = "; ".join(errors[:_MAX_ERRORS]) + (f" (and {len(errors) - _MAX_ERRORS} more)" if len(errors) > _MAX_ERRORS else "")
    claims = report.get("claims") if isinstance(report, dict) else None
    findings = report.get("findings") if isinstance(report, dict) else None
    summary = report.get("summary") if isinstance(report, dict) else None
    claims = claims if isinstance(claims, list) else []
    findings = findings if isinstance(findings, list) else []
    summary = summary if isinstance(summary, dict) else {}
    counted = Counter(f.get("verdict") for f in findings if isinstance(f, dict))
    return pd.DataFrame(
        {
            "schema_error": pd.Series([shown or None], dtype="str"),
            "claims": [len(claims)],
            "summary_claims": [summary.get("claims") if isinstance(summary.get("claims"), int) else -1],
            "summary_verdicts_match": [all(summary.get(v) == counted.get(v, 0) for v in _VERDICTS)],
        }
    )


def check_report(report: dict) -> dict:
    """Run the `report` suite on a built report and record it in report["expectations"].

    Raises ExpectationError (nothing is stored) when a critical expectation fails, such as the
    report not matching its schema. Returns the report, with its expectations updated in place.
    """
    [checked] = check_reports([report])
    if not isinstance(checked, dict):
        raise checked
    return checked


def check_reports(reports: list[dict]) -> list[dict | Exception]:
    """check_report for many reports, the suite running once for all: each report, or its ExpectationError."""
    from expectations.runner import merge_outcome, run_suites_many  # Great Expectations: only where suites run

    checked: list[dict | Exception] = []
    for report, outcome in zip(reports, run_suites_many([{"report": report_table(r)} for r in reports]), strict=True):
        if (error := outcome.critical_error()) is not None:
            checked.append(error)
            continue
        report["expectations"] = merge_outcome(report.get("expectations"), outcome)
        checked.append(report)
    return checked


def _short(text: str, limit: int = 200) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1] + "…"

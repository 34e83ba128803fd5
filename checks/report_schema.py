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

__all__ = ["SCHEMA_NAME", "check_report", "load_schema", "report_table", "schema_errors", "validator"]

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
    """A draft 2020-12 validator for the schema (the schema itself checked first)."""
    from jsonschema import Draft202012Validator

    schema = load_schema()
    Draft202012Validator.check_schema(schema)
    return Draft202012Validator(schema)


def schema_errors(report: Any) -> list[str]:
    """Every way `report` breaks the schema, as 'path: message' lines, in document order."""
    errors = sorted(validator().iter_errors(report), key=lambda e: [str(p) for p in e.absolute_path])
    return [f"{'/'.join(str(p) for p in error.absolute_path) or '(root)'}: {_short(error.message)}" for error in errors]


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
    from checks.errors import ExpectationError
    from expectations.runner import merge_outcome, run_suites  # Great Expectations: only where suites run

    outcome = run_suites({"report": report_table(report)})
    if outcome.critical_failures:
        raise ExpectationError("critical expectation failed: " + "; ".join(outcome.critical_failures))
    report["expectations"] = merge_outcome(report.get("expectations"), outcome)
    return report


def _short(text: str, limit: int = 200) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1] + "…"

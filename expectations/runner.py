"""Runs the Great Expectations suites of `suites/` on the engine's tables.

One suite per stage, each a JSON file named like the table it checks:

    sources    the article and every source document: text present, dates valid and not ahead, hashes unique
    claims     the article's claims: ids, kinds, offsets into the text, intervals, units
    matches    article claim ↔ source claim pairs: scores 0-100, both ends exist
    findings   one verdict per claim, from the fixed sets, evidence from loaded sources
    report     the built report: its JSON Schema (schemas/report.schema.json) and its summary counts

Each expectation's `meta.policy` says what its failure means: `critical` stops the run before a
report is written, `warning` is recorded in the report for the reviewer; `meta.why` says, in a
reviewer's words, what the expectation protects. The runner only returns a typed result; the
caller decides what a failure means (`ExpectationOutcome.critical_failures`).

Great Expectations is imported on the first run only (it takes 2-3 s).
"""

from __future__ import annotations

import json
import logging
import threading
from dataclasses import dataclass, field
from functools import lru_cache
from importlib import resources
from typing import Any

import pandas as pd

__all__ = [
    "POLICIES",
    "SUITE_NAMES",
    "ExpectationOutcome",
    "ExpectationResult",
    "SuiteResult",
    "check_definition",
    "load_suite",
    "merge_outcome",
    "run_suites",
]

#: Every suite, in the order of the stages they guard.
SUITE_NAMES = ("sources", "claims", "matches", "findings", "report")
#: What a failed expectation means.
POLICIES = ("critical", "warning")

_lock = threading.Lock()  # one ephemeral context, shared by the threads of a Prefect flow


@dataclass(frozen=True)
class ExpectationResult:
    """One expectation's outcome, in the report's words."""

    expectation: str
    column: str | None
    policy: str
    why: str
    success: bool
    observed: str | None

    def to_report(self) -> dict:
        return {
            "expectation": self.expectation,
            "column": self.column,
            "policy": self.policy,
            "why": self.why,
            "success": self.success,
            "observed": self.observed,
        }

    def line(self, suite: str) -> str:
        """`suite: expectation(column): why (observed)`, for an error or a warning line."""
        observed = f" ({self.observed})" if self.observed else ""
        return f"{suite}: {self.expectation}({self.column or ''}) failed: {self.why}{observed}"


@dataclass(frozen=True)
class SuiteResult:
    """One suite's outcome on one table."""

    name: str
    results: list[ExpectationResult] = field(default_factory=list)
    description: str = ""

    @property
    def success(self) -> bool:
        return all(r.success for r in self.results)

    def failed(self, policy: str) -> list[ExpectationResult]:
        return [r for r in self.results if not r.success and r.policy == policy]

    def to_report(self) -> dict:
        return {
            "name": self.name,
            "description": self.description,
            "success": self.success,
            "statistics": {
                "evaluated": len(self.results),
                "passed": sum(r.success for r in self.results),
                "failed_critical": len(self.failed("critical")),
                "failed_warning": len(self.failed("warning")),
            },
            "results": [r.to_report() for r in self.results],
        }


@dataclass(frozen=True)
class ExpectationOutcome:
    """All suites' outcomes; `success` is false when any expectation failed, a warning included."""

    suites: list[SuiteResult]

    @property
    def success(self) -> bool:
        return all(s.success for s in self.suites)

    @property
    def critical_failures(self) -> list[str]:
        """One line per failed critical expectation: `suite: expectation(column) failed: why (observed)`."""
        return [r.line(s.name) for s in self.suites for r in s.failed("critical")]

    @property
    def warnings(self) -> list[str]:
        """One line per failed warning expectation."""
        return [r.line(s.name) for s in self.suites for r in s.failed("warning")]

    def to_report(self) -> dict:
        return {"success": self.success, "suites": [s.to_report() for s in self.suites]}


def merge_outcome(recorded: Any, outcome: ExpectationOutcome) -> dict:
    """The report's `expectations` with the suites of `outcome` added (a suite of the same name replaced)."""
    recorded = recorded if isinstance(recorded, dict) else {}
    new = {s.name for s in outcome.suites}
    suites = [s for s in recorded.get("suites") or [] if isinstance(s, dict) and s.get("name") not in new]
    suites += [s.to_report() for s in outcome.suites]
    return {"success": all(s.get("success") is True for s in suites), "suites": suites}


@lru_cache(maxsize=None)
def load_suite(name: str) -> dict:
    """A suite's JSON definition from `expectations/suites/<name>.json`, checked."""
    text = resources.files("expectations").joinpath("suites", f"{name}.json").read_text(encoding="utf-8")
    definition = json.loads(text)
    check_definition(definition, name)
    return definition


def check_definition(definition: dict, name: str) -> None:
    """A suite file must name itself and give every expectation a policy and a reason."""
    if definition.get("name") != name:
        raise ValueError(f"suite file {name}.json names itself {definition.get('name')!r}")
    expectations = definition.get("expectations")
    if not isinstance(expectations, list) or not expectations:
        raise ValueError(f"suite {name} has no expectations")
    for number, expectation in enumerate(expectations, start=1):
        meta = expectation.get("meta") or {}
        if meta.get("policy") not in POLICIES:
            raise ValueError(f"suite {name}, expectation {number}: meta.policy must be one of {POLICIES}")
        if not str(meta.get("why") or "").strip():
            raise ValueError(f"suite {name}, expectation {number}: meta.why is missing")


def run_suites(tables: dict[str, pd.DataFrame], parameters: dict | None = None) -> ExpectationOutcome:
    """Validate each table with the suite of the same name, in the order given."""
    with _lock:
        context = _context()
        return ExpectationOutcome([_run_one(context, name, frame, parameters or {}) for name, frame in tables.items()])


@lru_cache(maxsize=1)
def _context():
    import great_expectations as gx  # heavy (2-3 s): only where suites run

    # GX logs routine set-up (temporary docs folders) at INFO; only its errors concern a check.
    for name in [n for n in logging.root.manager.loggerDict if n.startswith("great_expectations")]:
        logging.getLogger(name).setLevel(logging.ERROR)
    context = gx.get_context(mode="ephemeral")
    context.variables.progress_bars = {"globally": False}
    return context


def _run_one(context, name: str, frame: pd.DataFrame, parameters: dict) -> SuiteResult:
    import great_expectations as gx

    definition = load_suite(name)
    source = context.data_sources.add_or_update_pandas(f"crosscheck-{name}")
    asset = source.add_dataframe_asset(name=name)
    batch = asset.add_batch_definition_whole_dataframe("whole").get_batch(batch_parameters={"dataframe": frame})
    suite = gx.ExpectationSuite(name=name, expectations=[dict(e) for e in definition["expectations"]])
    row_ids = [c for c in definition.get("row_ids") or [] if c in frame.columns]
    # With row ids, a failure names the rows it failed on ("source-1: 0"), not only the values.
    result_format = (
        {"result_format": "COMPLETE", "unexpected_index_column_names": row_ids, "partial_unexpected_count": 3}
        if row_ids else {"result_format": "SUMMARY", "partial_unexpected_count": 3}
    )
    validation = batch.validate(suite, expectation_parameters=parameters, result_format=result_format)
    # GX returns results in the suite's order; keep the file's order for the report.
    results = []
    for result in validation.results:
        config = result.expectation_config
        meta = config.meta or {}
        results.append(
            ExpectationResult(
                expectation=config.type,
                column=config.kwargs.get("column") or _columns(config.kwargs),
                policy=meta.get("policy", "critical"),
                why=str(meta.get("why", "")),
                success=bool(result.success),
                observed=_observed(result.result or {}, result.exception_info, row_ids),
            )
        )
    return SuiteResult(name=name, results=results, description=str(definition.get("description", "")))


def _columns(kwargs: dict) -> str | None:
    if "column_A" in kwargs:
        return f"{kwargs['column_A']},{kwargs['column_B']}"
    if "column_list" in kwargs:
        return ",".join(kwargs["column_list"])
    return None


def _row(row: dict, row_ids: list[str] | None) -> str:
    """One failing row as 'id: value' (the row's ids, then the checked values)."""
    row_ids = row_ids or []
    ids = "/".join(str(row.get(c)) for c in row_ids)
    values = [str(_value(v)) for k, v in row.items() if k not in row_ids]
    return f"{ids}: {', '.join(values)}" if values else ids


def _observed(result: dict, exception_info: Any = None, row_ids: list[str] | None = None) -> str | None:
    """A short, JSON-safe summary of what the expectation saw."""
    raised = _exception(exception_info)
    if raised:
        return f"could not be evaluated: {raised}"[:300]
    if "observed_value" in result:
        return str(result["observed_value"])[:200]
    if "unexpected_count" in result:
        count = result.get("unexpected_count") or 0
        total = result.get("element_count")
        share = f"{count} of {total}" if total is not None else str(count)
        if not count:
            return f"{share} unexpected"
        rows = result.get("partial_unexpected_index_list") or result.get("unexpected_index_list") or []
        if rows and all(isinstance(row, dict) for row in rows):
            shown = ", ".join(_row(row, row_ids) for row in rows[:3])
            return f"{share} unexpected: {shown}{' …' if count > 3 else ''}"[:300]
        sample = result.get("partial_unexpected_list") or []
        shown = [_value(v) for v in sample[:3]]
        return f"{share} unexpected, e.g. {shown}"[:300]
    return None


def _value(value: Any) -> Any:
    if isinstance(value, dict | list | tuple):
        return str(value)[:60]
    if isinstance(value, str):
        return value[:60]
    return value


def _exception(info: Any) -> str | None:
    """The message of an exception GX caught while evaluating, if any."""
    if not info:
        return None
    candidates = info.values() if isinstance(info, dict) and "raised_exception" not in info else [info]
    for item in candidates:
        if isinstance(item, dict) and item.get("raised_exception"):
            return " ".join(str(item.get("exception_message") or "").split()) or "an error"
    return None

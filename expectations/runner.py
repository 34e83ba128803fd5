"""Runs the Great Expectations suites of `suites/` on the engine's tables.

Each expectation's `meta.policy` says what its failure means: `critical` stops the run before a
report is written, `warning` is recorded in the report for the reviewer. The runner only returns
a typed result; the caller decides what a failure means (`ExpectationOutcome.critical_failures`).
"""

from __future__ import annotations

import json
import logging
from dataclasses import dataclass, field
from functools import lru_cache
from importlib import resources

import pandas as pd

__all__ = ["ExpectationOutcome", "SuiteResult", "load_suite", "run_suites"]


@dataclass(frozen=True)
class SuiteResult:
    """One suite's outcome on one table."""

    name: str
    success: bool
    results: list[dict] = field(default_factory=list)

    def to_report(self) -> dict:
        return {"name": self.name, "success": self.success, "results": self.results}


@dataclass(frozen=True)
class ExpectationOutcome:
    """All suites' outcomes; `success` is false when any expectation failed."""

    suites: list[SuiteResult]

    @property
    def success(self) -> bool:
        return all(s.success for s in self.suites)

    @property
    def critical_failures(self) -> list[str]:
        """One line per failed critical expectation: `suite: expectation(column): why`."""
        return [
            f"{suite.name}: {r['expectation']}({r.get('column') or ''}) failed: {r.get('why', '')}"
            for suite in self.suites
            for r in suite.results
            if not r["success"] and r["severity"] == "critical"
        ]

    def to_report(self) -> dict:
        return {"success": self.success, "suites": [s.to_report() for s in self.suites]}


@lru_cache(maxsize=None)
def load_suite(name: str) -> dict:
    """A suite's JSON definition from `expectations/suites/<name>.json`."""
    text = resources.files("expectations").joinpath("suites", f"{name}.json").read_text(encoding="utf-8")
    return json.loads(text)


def run_suites(tables: dict[str, pd.DataFrame], parameters: dict | None = None) -> ExpectationOutcome:
    """Validate each table with the suite of the same name."""
    context = _context()
    outcomes = []
    for name, frame in tables.items():
        outcomes.append(_run_one(context, name, frame, parameters or {}))
    return ExpectationOutcome(outcomes)


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
    validation = batch.validate(suite, expectation_parameters=parameters)
    results = []
    for result in validation.results:
        config = result.expectation_config
        meta = config.meta or {}
        results.append(
            {
                "expectation": config.type,
                "column": config.kwargs.get("column") or _pair(config.kwargs),
                "success": bool(result.success),
                "severity": meta.get("policy", "critical"),
                "why": meta.get("why", ""),
                "observed": _observed(result.result),
            }
        )
    return SuiteResult(name=name, success=all(r["success"] for r in results), results=results)


def _pair(kwargs: dict) -> str | None:
    if "column_A" in kwargs:
        return f"{kwargs['column_A']},{kwargs['column_B']}"
    return None


def _observed(result: dict) -> str | None:
    """A short, JSON-safe summary of what the expectation saw."""
    if "observed_value" in result:
        return str(result["observed_value"])[:200]
    if "unexpected_count" in result:
        sample = result.get("partial_unexpected_list") or []
        return f"{result['unexpected_count']} unexpected, e.g. {[str(v)[:60] for v in sample[:3]]}"
    return None

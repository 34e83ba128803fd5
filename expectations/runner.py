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

Many runs' tables can be validated at once (`run_suites_many`, as a batch does): the suites then
run once on the tables stacked, and each run gets its own results. So a suite checks rows and
columns only; what a run's parameter would give (the article's length) is a column of its table.

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
    "RUN_COLUMN",
    "run_suites",
    "run_suites_many",
]

#: Every suite, in the order of the stages they guard.
SUITE_NAMES = ("sources", "claims", "matches", "findings", "report")
#: What a failed expectation means.
POLICIES = ("critical", "warning")
#: The column that tells runs apart when many are validated at once (run_suites_many).
RUN_COLUMN = "run"

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

    def critical_error(self):
        """The ExpectationError that stops the run (one line naming each failed critical expectation), or None."""
        from checks.errors import ExpectationError

        failures = self.critical_failures
        return ExpectationError("critical expectation failed: " + "; ".join(failures)) if failures else None

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
    """A suite file must name itself, give every expectation a policy and a reason, and check rows or columns."""
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
        # Results are split per run (run_suites_many): a whole-table expectation or a run's parameter
        # could not be. Compare with a column instead.
        if str(expectation.get("type", "")).startswith("expect_table_") or "$PARAMETER" in json.dumps(expectation):
            raise ValueError(f"suite {name}, expectation {number}: whole-table expectations and parameters "
                             "cannot be split per run; check a column instead")


def run_suites(tables: dict[str, pd.DataFrame]) -> ExpectationOutcome:
    """Validate each table with the suite of the same name, in the order given (one run's tables)."""
    return run_suites_many([tables])[0]


def run_suites_many(runs: list[dict[str, pd.DataFrame]]) -> list[ExpectationOutcome]:
    """Validate many runs' tables at once: one outcome per run, the same as validating each alone.

    Great Expectations spends its time building a metric graph per expectation (about 15 ms each)
    whatever the number of rows. So each suite runs once, on every run's table stacked with a
    `run` column, and its results are split by that column. Every run gives the same suites.
    A column-level result (a column's type) is the stacked column's, so it is every run's.
    """
    if not runs:
        return []
    names = list(runs[0])
    if any(list(tables) != names for tables in runs):
        raise ValueError("every run must give the same suites, in the same order")
    with _lock:
        per_suite = [_run_stacked(name, [tables[name] for tables in runs]) for name in names]
    return [ExpectationOutcome([suites[number] for suites in per_suite]) for number in range(len(runs))]


@lru_cache(maxsize=1)
def _context():
    import great_expectations as gx  # heavy (2-3 s): only where suites run

    # GX logs routine set-up (temporary docs folders) at INFO; only its errors concern a check.
    for name in [n for n in logging.root.manager.loggerDict if n.startswith("great_expectations")]:
        logging.getLogger(name).setLevel(logging.ERROR)
    context = gx.get_context(mode="ephemeral")
    context.variables.progress_bars = {"globally": False}
    return context


@lru_cache(maxsize=None)
def _batch_definition(name: str):
    """The suite's whole-dataframe batch definition, made once (saving a data source rewrites the config)."""
    source = _context().data_sources.add_or_update_pandas(f"crosscheck-{name}")
    return source.add_dataframe_asset(name=name).add_batch_definition_whole_dataframe("whole")


@lru_cache(maxsize=None)
def _stacked_suite(name: str):
    """The suite as it runs on stacked tables: what must be unique must be unique within a run."""
    import great_expectations as gx

    expectations = []
    for number, expectation in enumerate(load_suite(name)["expectations"]):
        expectation = json.loads(json.dumps(expectation))
        expectation["meta"]["number"] = number  # GX may reorder results: this leads back to the file's entry
        kwargs = expectation["kwargs"]
        if expectation["type"] == "expect_column_values_to_be_unique":
            expectation["type"] = "expect_compound_columns_to_be_unique"
            kwargs["column_list"] = [RUN_COLUMN, kwargs.pop("column")]
            kwargs["ignore_row_if"] = "any_value_is_missing"  # as the one-column expectation skips nulls
        elif expectation["type"] == "expect_compound_columns_to_be_unique":
            kwargs["column_list"] = [RUN_COLUMN, *kwargs["column_list"]]
        expectations.append(expectation)
    return gx.ExpectationSuite(name=name, expectations=expectations)


def _run_stacked(name: str, frames: list[pd.DataFrame]) -> list[SuiteResult]:
    """One suite on every run's table at once; one SuiteResult per run."""
    definition = load_suite(name)
    stacked = pd.concat([frame.assign(**{RUN_COLUMN: number}) for number, frame in enumerate(frames)],
                        ignore_index=True)
    row_ids = [RUN_COLUMN, *(c for c in definition.get("row_ids") or [] if c in stacked.columns)]
    batch = _batch_definition(name).get_batch(batch_parameters={"dataframe": stacked})
    # COMPLETE with row ids: every failing row comes back with its run, so failures can be split.
    result_format = {"result_format": "COMPLETE", "unexpected_index_column_names": row_ids,
                     "partial_unexpected_count": 3}
    validation = batch.validate(_stacked_suite(name), result_format=result_format)
    rows = [len(frame) for frame in frames]
    per_run: list[list[ExpectationResult]] = [[] for _ in frames]
    # In the file's order, as the report shows them.
    for result in sorted(validation.results, key=lambda r: r.expectation_config.meta["number"]):
        expectation = definition["expectations"][result.expectation_config.meta["number"]]
        meta = expectation["meta"]
        kwargs = expectation["kwargs"]
        details = result.result or {}
        failing = details.get("unexpected_index_list")
        for number in range(len(frames)):
            if isinstance(failing, list) and not _exception(result.exception_info):
                mine = [row for row in failing if isinstance(row, dict) and row.get(RUN_COLUMN) == number]
                success, observed = not mine, _observed_rows(mine, rows[number], row_ids[1:])
            else:  # a column-level result (a type) or an error: the same for every run
                success, observed = bool(result.success), _observed(details, result.exception_info)
            per_run[number].append(ExpectationResult(
                expectation=expectation["type"],
                column=kwargs.get("column") or _columns(kwargs),
                policy=meta["policy"],
                why=str(meta["why"]),
                success=success,
                observed=observed,
            ))
    description = str(definition.get("description", ""))
    return [SuiteResult(name=name, results=results, description=description) for results in per_run]


def _columns(kwargs: dict) -> str | None:
    if "column_A" in kwargs:
        return f"{kwargs['column_A']},{kwargs['column_B']}"
    if "column_list" in kwargs:
        return ",".join(kwargs["column_list"])
    return None


def _row(row: dict, row_ids: list[str]) -> str:
    """One failing row as 'id: value' (the row's ids, then the checked values)."""
    ids = "/".join(str(row.get(c)) for c in row_ids)
    values = [str(_value(v)) for k, v in row.items() if k not in row_ids and k != RUN_COLUMN]
    return f"{ids}: {', '.join(values)}" if values else ids


def _observed_rows(failing: list[dict], total: int, row_ids: list[str]) -> str:
    """'2 of 9 unexpected: c3: 140.0, c7: 120.0' for one run's failing rows."""
    if not failing:
        return f"0 of {total} unexpected"
    shown = ", ".join(_row(row, row_ids) for row in failing[:3])
    return f"{len(failing)} of {total} unexpected: {shown}{' …' if len(failing) > 3 else ''}"[:300]


def _observed(result: dict, exception_info: Any = None) -> str | None:
    """A short, JSON-safe summary of a result that is not row by row: an error, or an observed value."""
    raised = _exception(exception_info)
    if raised:
        return f"could not be evaluated: {raised}"[:300]
    if "observed_value" in result:
        return str(result["observed_value"])[:200]
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

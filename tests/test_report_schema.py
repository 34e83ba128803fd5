"""The report's JSON Schema (schemas/report.schema.json, draft 2020-12) against DESIGN.md section 3 and real reports,
the `report` suite that checks every report before it is stored, and the run's table objects (CSV, Parquet)."""

from __future__ import annotations

import copy
import csv
import io
import json
import re
from collections import defaultdict
from pathlib import Path

import pandas as pd
import pytest
from jsonschema import Draft202012Validator
from typer.testing import CliRunner

from checks.errors import ExpectationError
from checks.pipeline import CheckRequest, run_check
from checks.report_schema import check_report, load_schema, schema_errors
from checks.reports import FINDINGS_COLUMNS, findings_csv, findings_parquet
from crosscheck.cli import app
from tests.conftest import KURSK, ROOT

SCHEMA_FILE = ROOT / "schemas" / "report.schema.json"
DESIGN = ROOT.parent / "shared" / "DESIGN.md"


@pytest.fixture(scope="module")
def kursk(tmp_path_factory):
    store = tmp_path_factory.mktemp("store")
    result = run_check(CheckRequest(article=str(KURSK / "article.md"),
                                    sources=[str(KURSK / "sources"), str(KURSK / "reference")], store=str(store)))
    return result.report, Path(result.location.uri)


# --------------------------------------------------------------------------- the schema itself


def test_the_schema_is_draft_2020_12_and_one_file():
    schema = json.loads(SCHEMA_FILE.read_text(encoding="utf-8"))
    assert schema["$schema"] == "https://json-schema.org/draft/2020-12/schema"
    Draft202012Validator.check_schema(schema)
    assert load_schema() == schema  # the package reads the published file, not a copy
    packaged = ROOT / "checks" / "data" / "report.schema.json"
    assert packaged.resolve() == SCHEMA_FILE.resolve()


def _design_block() -> str:
    if not DESIGN.is_file():
        pytest.skip(f"{DESIGN} is not here")
    text = DESIGN.read_text(encoding="utf-8")
    match = re.search(r"### Report \(schema_version 1\)\n```\n(.*?)```", text, re.S)
    assert match, "DESIGN.md section 3 has no report block"
    return match.group(1)


def _design_keys(block: str) -> dict[tuple[str, ...], list[str]]:
    """The keys of every object in the DESIGN.md report block, by the path of object names."""
    keys: dict[tuple[str, ...], list[str]] = defaultdict(list)
    stack: list[str] = []
    last: str | None = None
    for name, colon, bracket in re.findall(r'"(\w+)"\s*(:?)|([{}\[\]])', block):
        if bracket == "{":
            stack.append(last or "")
            last = None
        elif bracket == "}":
            stack.pop()
        elif bracket == "]":
            last = None
        elif bracket == "":
            keys[tuple(stack)].append(name)
            last = name if colon else None
    return keys


def _schema_object(path: tuple[str, ...]) -> dict:
    schema = load_schema()
    node = schema
    for name in path[1:]:
        node = node["properties"][name]
        if node.get("type") == "array":
            node = node["items"]
    return node


def test_the_schema_has_exactly_the_keys_of_design_section_3():
    keys = _design_keys(_design_block())
    assert set(keys) == {("",), ("", "article"), ("", "sources"), ("", "claims"), ("", "findings"),
                         ("", "findings", "evidence"), ("", "expectations"), ("", "summary")}
    for path, names in keys.items():
        node = _schema_object(path)
        assert node["required"] == names, path
        assert list(node["properties"]) == names, path
        assert node["additionalProperties"] is False, path


def test_the_schema_has_the_verdicts_severities_and_quantity_of_design_section_3():
    text = DESIGN.read_text(encoding="utf-8") if DESIGN.is_file() else pytest.skip("no DESIGN.md")
    section = text[text.index("### Report (schema_version 1)"): text.index("### Object store layout")]
    verdicts = re.findall(r"^  - `(\w+)`:", section, re.M)
    severities = re.search(r"`severity`: `([\w|]+)`", section).group(1).split("|")
    quantity = re.search(r'`quantity`: `\{(.*?)\}`', section, re.S).group(1)
    schema = load_schema()
    assert schema["$defs"]["verdict"]["enum"] == verdicts
    finding = schema["properties"]["findings"]["items"]["properties"]
    assert finding["severity"]["enum"] == severities
    assert list(schema["$defs"]["quantity"]["properties"]) == re.findall(r'"(\w+)":', quantity)
    qualifiers = schema["$defs"]["quantity"]["properties"]["qualifier"]["examples"]
    assert set(re.findall(r'"(\w+)"\|', quantity + "|")) - {"value", "unit", "low", "high", "qualifier"} <= set(qualifiers)


# --------------------------------------------------------------------------- real reports


def test_the_kursk_report_follows_the_schema(kursk):
    report, run = kursk
    assert schema_errors(report) == []
    stored = json.loads((run / "report.json").read_text(encoding="utf-8"))
    assert schema_errors(stored) == []
    [suite] = [s for s in report["expectations"]["suites"] if s["name"] == "report"]
    assert suite["success"] and suite["statistics"]["evaluated"] == 3
    assert [s["name"] for s in report["expectations"]["suites"]] == ["sources", "claims", "matches", "findings", "report"]
    assert json.loads((run / "expectations.json").read_text(encoding="utf-8")) == report["expectations"]


def test_the_cli_json_output_follows_the_schema(tmp_path):
    result = CliRunner().invoke(app, ["check", str(KURSK / "article.md"), "--sources", str(KURSK / "sources"),
                                      "--store", str(tmp_path), "--output", "json", "--engine-only"])
    assert result.exit_code == 0, result.stderr
    assert schema_errors(json.loads(result.stdout)) == []


def _set(path: str, value):
    def change(report: dict) -> None:
        *parents, last = path.split("/")
        node = report
        for part in parents:
            node = node[int(part)] if part.isdigit() else node[part]
        if value is KeyError:
            del node[int(last) if last.isdigit() else last]
        else:
            node[int(last) if last.isdigit() else last] = value
    return change


BROKEN = [  # (what to change, the new value or KeyError to delete it, the path the error names)
    ("schema_version", 2, "schema_version"),
    ("run_id", "../escape", "run_id"),
    ("created_at", "yesterday", "created_at"),
    ("article/sha256", "abc", "article/sha256"),
    ("article/published", "14/08/2024", "article/published"),
    ("article/title", KeyError, "article"),
    ("sources/0/claims", -1, "sources/0/claims"),
    ("claims/0/start", -3, "claims/0/start"),
    ("claims/0/kind", "", "claims/0/kind"),
    ("claims/0/quantity", {"value": 1.0, "unit": None, "low": 1.0, "high": 1.0}, "claims/0/quantity"),
    ("claims/0/extra", "a key the contract does not have", "claims/0"),
    ("findings/0/verdict", "maybe", "findings/0/verdict"),
    ("findings/0/severity", "critical", "findings/0/severity"),
    ("findings/0/evidence/0/agrees", "yes", "findings/0/evidence/0/agrees"),
    ("expectations/success", None, "expectations/success"),
    ("summary/disputed", KeyError, "summary"),
]


@pytest.mark.parametrize(("change", "value", "where"), BROKEN, ids=[c for c, _, _ in BROKEN])
def test_each_break_of_the_contract_is_named_by_its_path(kursk, change, value, where):
    report = copy.deepcopy(kursk[0])
    _set(change, value)(report)
    errors = schema_errors(report)
    assert [line.split(": ", 1)[0] for line in errors] == [where], errors


def test_a_report_that_breaks_its_schema_is_refused_before_it_is_stored(kursk):
    report = copy.deepcopy(kursk[0])
    report["findings"][0]["verdict"] = "maybe"
    report["summary"]["maybe"] = 1
    with pytest.raises(ExpectationError) as caught:
        check_report(report)
    message = str(caught.value)
    assert "\n" not in message
    assert message.startswith("critical expectation failed: report: expect_column_values_to_be_null(schema_error)")
    assert 'findings/0/verdict: "maybe" is not one of' in message


def test_a_summary_that_miscounts_is_refused(kursk):
    report = copy.deepcopy(kursk[0])
    report["summary"]["supported"] += 1
    report["summary"]["disputed"] -= 1
    with pytest.raises(ExpectationError, match=r"report: expect_column_values_to_be_in_set\(summary_verdicts_match\)"):
        check_report(report)


# --------------------------------------------------------------------------- findings.csv and findings.parquet


def test_findings_parquet_holds_every_finding_typed(kursk):
    report, run = kursk
    frame = pd.read_parquet(run / "findings.parquet")
    assert len(frame) == len(report["findings"])
    assert list(frame.columns)[:3] == ["run_id", "article_id", "created_at"]
    assert set(FINDINGS_COLUMNS) <= set(frame.columns)
    assert str(frame["start"].dtype) == "Int64" and str(frame["value"].dtype) == "float64"
    row = frame[frame["claim_text"] == "74 towns"].iloc[0]
    assert (row["verdict"], row["value"], row["unit"], row["run_id"]) == ("disputed", 74.0, "town", report["run_id"])
    assert frame["agreeing"].sum() + frame["disagreeing"].sum() == frame["evidence_count"].sum()


def test_formula_like_cells_are_inert_in_csv_and_kept_as_they_are_in_parquet(kursk):
    report = copy.deepcopy(kursk[0])
    report["findings"][0]["explanation"] = "=HYPERLINK(\"http://evil.example\",\"click\")"
    report["claims"][0]["text"] = "+1 (555) 0100"
    report["findings"][1]["explanation"] = "@SUM(A1:A9)"
    rows = list(csv.reader(io.StringIO(findings_csv(report))))
    assert rows[0] == FINDINGS_COLUMNS
    cells = [cell for row in rows[1:] for cell in row]
    assert "'=HYPERLINK(\"http://evil.example\",\"click\")" in cells and "'+1 (555) 0100" in cells
    assert "'@SUM(A1:A9)" in cells
    assert not any(cell.startswith(("=", "+", "@")) for cell in cells)
    frame = pd.read_parquet(io.BytesIO(findings_parquet(report)))
    assert frame["explanation"].iloc[0].startswith("=HYPERLINK")

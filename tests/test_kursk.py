"""The worked example end to end on the engine: the verdicts a careful fact-checker would give."""

from __future__ import annotations

import json

import pytest

from checks.pipeline import CheckRequest, run_check
from tests.conftest import KURSK


@pytest.fixture(scope="module")
def kursk(tmp_path_factory):
    store = tmp_path_factory.mktemp("store")
    result = run_check(CheckRequest(article=str(KURSK / "article.md"),
                                    sources=[str(KURSK / "sources"), str(KURSK / "reference")], store=str(store)))
    return result.report, store


def finding_for(report: dict, text: str) -> dict:
    [claim] = [c for c in report["claims"] if c["text"] == text]
    [finding] = [f for f in report["findings"] if f["claim_id"] == claim["id"]]
    return finding


def test_the_area_claim_is_not_supported_and_names_the_lower_and_later_figures(kursk):
    report, _ = kursk
    finding = finding_for(report, "approximately 1,050 square kilometers")
    assert finding["verdict"] == "disputed"
    assert "about 800 square kilometres" in finding["explanation"]
    assert "Later: " in finding["explanation"]
    dates = {e["published"] for e in finding["evidence"] if not e["agrees"]}
    assert {"2024-08-12", "2024-08-13"} & dates and {"2024-08-20", "2024-08-27"} <= dates


def test_explanations_name_each_source_its_date_its_figure_and_which_way_it_differs(kursk):
    report, _ = kursk
    explanation = finding_for(report, "approximately 1,050 square kilometers")["explanation"]
    assert "\n" not in explanation
    assert explanation.startswith("Disputed. Article, 14 Aug: 'approximately 1,050 square kilometers'. Agree: ")
    assert "Ukrinform (via MENAFN), 12 Aug: 'nearly 1,000 square kilometres'" in explanation
    assert "Oleksandr Syrskyi (reference table), 20 Aug: '1263 km²', higher" in explanation
    assert "'at least 300 square miles' (= 777 km²)" in explanation
    assert " 13 Aug: 'about 800 square kilometres', lower" in explanation


def test_the_74_towns_match_syrskyis_74_settlements_disputed_by_the_governor_and_later_superseded(kursk):
    report, _ = kursk
    finding = finding_for(report, "74 towns")
    assert finding["verdict"] == "disputed"
    agreeing = [e["text"] for e in finding["evidence"] if e["agrees"]]
    disagreeing = [e["text"] for e in finding["evidence"] if not e["agrees"]]
    assert "74 settlements" in agreeing
    assert "28 settlements" in disagreeing
    assert "Later: " in finding["explanation"] and "100 settlements" in finding["explanation"]
    assert "'town' where sources count" in finding["explanation"]


def test_zelenskys_quote_and_putins_provocation_are_supported(kursk):
    report, _ = kursk
    zelensky = [c for c in report["claims"] if c["kind"] == "quote" and c["speaker"] == "Volodymyr Zelensky"]
    assert len(zelensky) == 1
    assert finding_for(report, zelensky[0]["text"])["verdict"] == "supported"
    assert finding_for(report, '"large-scale provocation"')["verdict"] == "supported"


def test_oleksander_sirski_is_recognised_as_oleksandr_syrskyi(kursk):
    report, _ = kursk
    [role] = [c for c in report["claims"] if c["text"] == "Army commander Oleksander Sirski"]
    assert role["kind"] == "attribution" and role["subject"] == "Oleksandr Syrskyi"
    [towns] = [c for c in report["claims"] if c["text"] == "74 towns"]
    assert towns["speaker"] == "Oleksandr Syrskyi"


def test_the_report_follows_the_contract(kursk):
    report, store = kursk
    text = (KURSK / "article.md").read_text(encoding="utf-8").split("---\n", 2)[2].strip("\n")
    assert list(report) == ["schema_version", "run_id", "created_at", "article", "sources", "claims", "findings",
                            "expectations", "summary"]
    assert report["schema_version"] == 1
    assert sorted(f["claim_id"] for f in report["findings"]) == sorted(c["id"] for c in report["claims"])
    for claim in report["claims"]:
        assert set(claim) == {"id", "kind", "text", "start", "end", "subject", "quantity", "speaker", "as_of"}
        assert text[claim["start"] : claim["end"]] == claim["text"]
    source_ids = {s["id"] for s in report["sources"]}
    for finding in report["findings"]:
        assert set(finding) == {"claim_id", "verdict", "severity", "explanation", "evidence"}
        assert all(e["source_id"] in source_ids for e in finding["evidence"])
    summary = report["summary"]
    assert summary["claims"] == len(report["claims"]) == sum(summary[v] for v in
                                                              ("supported", "contradicted", "outdated", "disputed", "unverified"))
    run = store / "ukraine-kursk-incursion-week-one" / report["run_id"]
    assert sorted(p.name for p in run.iterdir()) == ["expectations.json", "findings.csv", "findings.parquet", "inputs.json",
                                                     "report.html", "report.json", "report.md", "unavailable.json"]
    assert json.loads((run / "unavailable.json").read_text()) == []
    latest = json.loads((run.parent / "latest.json").read_text())
    assert latest["run_id"] == report["run_id"]

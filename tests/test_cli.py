"""The command line: output forms, exit codes, and bad input refused with one line and nothing stored."""

from __future__ import annotations

import json

import pytest
from typer.testing import CliRunner

from crosscheck.cli import app
from tests.conftest import KURSK

runner = CliRunner()
SOURCES = ["--sources", str(KURSK / "sources"), "--sources", str(KURSK / "reference")]


def run(*args: str, stdin: str | None = None):
    return runner.invoke(app, list(args), input=stdin)


def assert_refused(result, store, words: str):
    assert result.exit_code == 2, result.output
    lines = [line for line in result.stderr.splitlines() if line.strip()]
    assert len(lines) == 1 and words in lines[0], result.stderr
    assert not store.exists() or not any(store.iterdir())


def test_json_output_is_the_whole_report(tmp_path):
    result = run("check", str(KURSK / "article.md"), *SOURCES, "--store", str(tmp_path), "--output", "json", "--engine-only")
    assert result.exit_code == 0, result.stderr
    report = json.loads(result.stdout)
    assert report["schema_version"] == 1 and report["summary"]["claims"] == len(report["findings"])
    assert (tmp_path / "ukraine-kursk-incursion-week-one" / report["run_id"] / "report.json").is_file()


def test_summary_names_the_verdicts_and_the_report(tmp_path):
    result = run("check", str(KURSK / "article.md"), *SOURCES, "--store", str(tmp_path), "--engine-only")
    assert result.exit_code == 0, result.stderr
    assert "disputed" in result.stdout and "74 towns" in result.stdout
    assert f"report: {tmp_path}" in result.stdout and result.stdout.rstrip().endswith("report.html")


def test_article_text_reaches_the_terminal_inert(tmp_path):
    """Markup and escape sequences in an article's title and claims are printed as plain text."""
    article = tmp_path / "hostile.md"
    article.write_text("---\ntitle: \"[blink]Breaking[/blink] \\u001b[2J\\u001b]0;owned\\u0007 news\"\n"
                       "published: 2024-08-14\n---\nTroops took [bold]74 towns[/bold] in the Kursk region.\n",
                       encoding="utf-8")
    result = runner.invoke(app, ["check", str(article), *SOURCES, "--store", str(tmp_path / "store"), "--engine-only"],
                           env={"COLUMNS": "200"}, color=True)
    assert result.exit_code == 0, result.stderr
    assert "[blink]Breaking[/blink]" in result.stdout and "\x1b[2J" not in result.stdout and "\x07" not in result.stdout
    assert "owned" in result.stdout  # the words stay; only the control characters go


def test_markdown_output(tmp_path):
    result = run("check", str(KURSK / "article.md"), *SOURCES, "--store", str(tmp_path), "--output", "markdown",
                 "--engine-only")
    assert result.exit_code == 0 and result.stdout.lstrip().startswith("#")


def test_fail_on_a_verdict_found_exits_3_after_storing(tmp_path):
    result = run("check", str(KURSK / "article.md"), *SOURCES, "--store", str(tmp_path), "--fail-on", "disputed",
                 "--engine-only")
    assert result.exit_code == 3
    assert any(tmp_path.rglob("report.json"))


def test_article_from_standard_input(tmp_path):
    text = (KURSK / "article.md").read_text(encoding="utf-8")
    result = run("check", "-", *SOURCES, "--store", str(tmp_path), "--output", "json", "--engine-only", stdin=text)
    assert result.exit_code == 0, result.stderr
    assert json.loads(result.stdout)["article"]["uri"] == "-"


@pytest.mark.parametrize(
    ("make_article", "sources", "words"),
    [
        (lambda d: d / "missing.md", None, "no such file"),
        (lambda d: (d / "empty.md").write_text("") and d / "empty.md" or d / "empty.md", None, "holds no text"),
        (lambda d: (d / "blank.md").write_text("---\ntitle: x\n---\n \n\n") and d / "blank.md", None, "holds no text"),
        (lambda d: (d / "bin.md").write_bytes(b"\xff\xfe\x00\x01") and d / "bin.md", None, "not UTF-8"),
        (lambda d: (d / "bad.md").write_text("---\ntitle: [\n---\nText 12 towns.") and d / "bad.md", None,
         "front matter is not valid YAML"),
        (lambda d: KURSK / "article.md", "empty-folder", "no source documents found"),
        (lambda d: KURSK / "article.md", "bad-table", "lacks column(s) as_of"),
        (lambda d: KURSK / "article.md", "missing-source", "no such file or folder"),
    ],
)
def test_bad_input_is_refused_with_one_line_and_nothing_stored(tmp_path, make_article, sources, words):
    inputs = tmp_path / "inputs"
    inputs.mkdir()
    article = make_article(inputs)
    source_args = SOURCES
    if sources == "empty-folder":
        (inputs / "none").mkdir()
        source_args = ["--sources", str(inputs / "none")]
    elif sources == "bad-table":
        (inputs / "table.csv").write_text("subject,attribute,value,unit,source,url\nx,area,1,km2,y,z\n")
        source_args = ["--sources", str(inputs / "table.csv")]
    elif sources == "missing-source":
        source_args = ["--sources", str(inputs / "nowhere")]
    store = tmp_path / "store"
    result = run("check", str(article), *source_args, "--store", str(store), "--engine-only")
    assert_refused(result, store, words)


def test_no_sources_and_a_bad_date_are_usage_errors(tmp_path):
    store = tmp_path / "store"
    assert_refused(run("check", str(KURSK / "article.md"), "--store", str(store)), store, "no sources given")
    assert_refused(run("check", str(KURSK / "article.md"), *SOURCES, "--as-of", "14/08/2024", "--store", str(store)),
                   store, "is not a date")


def test_extract_prints_the_claims_of_a_file():
    result = run("extract", str(KURSK / "article.md"))
    assert result.exit_code == 0
    claims = json.loads(result.stdout)["claims"]
    assert {"approximately 1,050 square kilometers", "74 towns"} <= {c["text"] for c in claims}


def test_extract_jsonl_gives_one_line_per_input_line():
    lines = "\n".join(json.dumps({"id": i, "text": t}) for i, t in
                      [(1, "Kyiv took 74 towns."), (2, "Nothing to see here."), (3, "Prices rose 3%.")])
    result = run("extract", "-", "--jsonl", stdin=lines + "\n")
    assert result.exit_code == 0, result.stderr
    out = [json.loads(line) for line in result.stdout.splitlines()]
    assert [o["id"] for o in out] == [1, 2, 3]
    assert [len(o["claims"]) for o in out] == [1, 0, 1]
    assert out[0]["claims"][0]["quantity"]["unit"] == "town"


def test_extract_jsonl_refuses_a_line_that_is_not_json():
    result = run("extract", "-", "--jsonl", stdin='{"id": 1, "text": "a"}\nnot json\n')
    assert result.exit_code == 2 and "line 2: not JSON" in result.stderr

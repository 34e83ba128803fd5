"""The report renderers: the reviewer's HTML page and the Markdown artifact."""

from __future__ import annotations

import html
import json
import re
from html.parser import HTMLParser

import pytest

from checks.report_html import render_html
from checks.report_markdown import MAX_FLAGGED_ROWS, render_markdown

ARTICLE = (
    'Acme & Sons said "revenue rose 12% in 2023" <it was a record>.\n'
    "\n"
    "The chief executive, Jane O'Neil, said profits hit $5 million | a first.\n"
    "Shares fell 3% on Monday.\n"
    "\n\n"
    "  Over 400 people attended the <b>meeting</b> & left.\n"
)

CSP = "default-src 'none'; style-src 'unsafe-inline'; script-src 'unsafe-inline'"
EVIL = 'Officials said <script>alert(1)</script> "quotes" & more'


def _span(text: str, occurrence: int = 0) -> tuple[int, int]:
    start = -1
    for _ in range(occurrence + 1):
        start = ARTICLE.index(text, start + 1)
    return start, start + len(text)


def _claim(cid: str, kind: str, text: str) -> dict:
    start, end = _span(text)
    return {
        "id": cid,
        "kind": kind,
        "text": ARTICLE[start:end],
        "start": start,
        "end": end,
        "subject": None,
        "quantity": None,
        "speaker": None,
        "as_of": "2024-02-01",
    }


def _report() -> dict:
    claims = [
        # c1 holds c2 and c3 (nesting); c4 and c5 overlap partially.
        _claim("c1", "quote", '"revenue rose 12% in 2023"'),
        _claim("c2", "quantity", "12%"),
        _claim("c3", "date", "2023"),
        _claim("c4", "quantity", "profits hit $5 million"),
        _claim("c5", "attribution", "$5 million | a first"),
        _claim("c6", "quantity", "Over 400 people"),
    ]
    claims[1]["quantity"] = {"value": 12.0, "unit": "percent", "low": 11.5, "high": 12.5, "qualifier": "exact"}
    claims[5]["quantity"] = {"value": 400.0, "unit": "person", "low": 400.0, "high": None, "qualifier": "more_than"}
    findings = [
        {
            "claim_id": "c1",
            "verdict": "supported",
            "severity": "none",
            "explanation": "The quote matches the annual report.",
            "evidence": [
                {"source_id": "s1", "text": "revenue rose 12% in 2023", "start": 0, "end": 24,
                 "published": "2024-01-15", "agrees": True},
            ],
        },
        {
            "claim_id": "c2",
            "verdict": "contradicted",
            "severity": "high",
            "explanation": "Sources say 9% | not 12%.\nSee the filing & the <table>.",
            "evidence": [
                {"source_id": "s1", "text": "revenue rose 9%", "start": 5, "end": 20,
                 "published": "2024-01-15", "agrees": False},
                {"source_id": "s2", "text": EVIL, "start": 0, "end": len(EVIL),
                 "published": "2024-01-20", "agrees": False},
            ],
        },
        {"claim_id": "c3", "verdict": "outdated", "severity": "low",
         "explanation": "A newer year is reported.", "evidence": []},
        {"claim_id": "c4", "verdict": "disputed", "severity": "medium",
         "explanation": "Two sources disagree.", "evidence": [
             {"source_id": "s2", "text": "profits were $5m", "start": 0, "end": 16,
              "published": "2024-01-20", "agrees": True},
             {"source_id": "s-missing", "text": "profits were $4m", "start": 0, "end": 16,
              "published": None, "agrees": False},
         ]},
        {"claim_id": "c5", "verdict": "unverified", "severity": "low",
         "explanation": "No source covers it.", "evidence": []},
        {"claim_id": "c6", "verdict": "unverified", "severity": "low",
         "explanation": "No source counts the people.", "evidence": []},
    ]
    return {
        "schema_version": 1,
        "run_id": "run-<1>&\"x\"",
        "created_at": "2024-02-02T10:00:00+00:00",
        "article": {
            "id": "a1",
            "uri": "https://example.com/news?a=1&b=<2>",
            "title": 'Acme "results" <b>bold</b> & more',
            "publisher": "The Daily <Times>",
            "published": "2024-02-01",
            "sha256": "0" * 64,
        },
        "sources": [
            {"id": "s1", "uri": "https://example.org/filing.pdf", "title": "Annual filing",
             "publisher": "Acme", "published": "2024-01-15", "sha256": "1" * 64, "claims": 3},
            {"id": "s2", "uri": "http://evil.example/<script>alert(1)</script>",
             "title": "<script>alert(1)</script> Wire", "publisher": 'Wire "Co" & Partners',
             "published": "2024-01-20", "sha256": "2" * 64, "claims": 2},
        ],
        "claims": claims,
        "findings": findings,
        "expectations": {
            "success": False,
            "suites": [
                {"name": "claims_suite", "success": True, "results": [
                    {"expectation": "expect_column_values_to_not_be_null", "column": "text",
                     "success": True, "severity": "critical", "observed": {"unexpected_count": 0}},
                ]},
                {"name": "findings <suite>", "success": False, "results": [
                    {"expectation": "expect_column_values_to_be_in_set", "column": "verdict",
                     "success": False, "observed": ["<script>alert(1)</script>"]},
                    {"expectation": "expect_table_row_count_to_be_between"},
                ]},
                "not a suite",
            ],
        },
        "summary": {"claims": 6, "supported": 1, "contradicted": 1, "outdated": 1,
                    "disputed": 1, "unverified": 2},
    }


class _Page(HTMLParser):
    """Collects every tag, the text of the element id="article", and script bodies."""

    VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr"}

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: list[tuple[str, dict]] = []
        self.stack: list[str] = []
        self.article_depth: int | None = None
        self.article_text: list[str] = []
        self.marks: list[tuple[dict, str]] = []
        self._mark: dict | None = None
        self.scripts: list[tuple[dict, str]] = []
        self._script: dict | None = None

    def handle_starttag(self, tag, attrs):
        attributes = dict(attrs)
        self.tags.append((tag, attributes))
        if tag in self.VOID:
            return
        self.stack.append(tag)
        if attributes.get("id") == "article":
            self.article_depth = len(self.stack)
        if tag == "mark":
            self._mark = attributes
            self.marks.append((attributes, ""))
        if tag == "script":
            self._script = attributes
            self.scripts.append((attributes, ""))

    def handle_startendtag(self, tag, attrs):
        self.tags.append((tag, dict(attrs)))

    def handle_endtag(self, tag):
        if tag in self.VOID:
            return
        assert self.stack and self.stack[-1] == tag, f"unbalanced </{tag}> after {self.stack[-3:]}"
        if self.article_depth == len(self.stack):
            self.article_depth = -1
        self.stack.pop()
        if tag == "mark":
            self._mark = None
        if tag == "script":
            self._script = None

    def handle_data(self, data):
        if self.article_depth is not None and self.article_depth > 0:
            self.article_text.append(data)
        if self._mark is not None:
            attributes, text = self.marks[-1]
            self.marks[-1] = (attributes, text + data)
        if self._script is not None:
            attributes, text = self.scripts[-1]
            self.scripts[-1] = (attributes, text + data)


def _parse(page: str) -> _Page:
    parser = _Page()
    parser.feed(page)
    parser.close()
    assert parser.stack == [], f"unclosed tags: {parser.stack}"
    return parser


@pytest.fixture(scope="module")
def page() -> str:
    return render_html(_report(), ARTICLE)


@pytest.fixture(scope="module")
def parsed(page) -> _Page:
    return _parse(page)


def _article_section(page: str) -> str:
    match = re.search(r'<div id="article" class="article">(.*?)</div>', page, re.S)
    assert match, "no element with id=article"
    return match.group(1)


# --------------------------------------------------------------------------- HTML: safety


def test_html_has_no_unescaped_script_from_report(page, parsed):
    assert "<script>alert" not in page.lower()
    assert "alert(1)" in html.unescape(page)  # it is shown, escaped
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page
    assert "&quot;quotes&quot; &amp; more" in page
    # Two scripts only: the JSON data blob and the page's own script, neither with report text.
    assert [attrs.get("type") for attrs, _ in parsed.scripts] == ["application/json", None]
    for _, body in parsed.scripts:
        assert "alert" not in body
    assert "<" not in parsed.scripts[0][1]
    data = json.loads(parsed.scripts[0][1])
    assert len(data["items"]) == 6


def test_html_has_the_content_security_policy(parsed):
    metas = [attrs for tag, attrs in parsed.tags if tag == "meta" and "http-equiv" in attrs]
    assert any(
        attrs["http-equiv"].lower() == "content-security-policy" and attrs.get("content") == CSP for attrs in metas
    )


def test_html_requests_nothing_external(page, parsed):
    for tag, attrs in parsed.tags:
        assert tag not in {"img", "iframe", "link", "object", "embed", "video", "audio", "source", "base", "form"}
        for name in ("src", "href", "srcset", "action", "formaction", "poster", "data"):
            value = (attrs.get(name) or "").strip().lower()
            assert not value.startswith(("http://", "https://", "//")), (tag, name, value)
            assert "http://" not in value and "https://" not in value, (tag, name, value)
        if "href" in attrs:
            assert attrs["href"].startswith("#"), attrs
    assert "@import" not in page and "url(" not in page
    # The addresses are there, as text only.
    assert "https://example.com/news?a=1&amp;b=&lt;2&gt;" in page


def test_html_escapes_the_header(page):
    assert "Acme &quot;results&quot; &lt;b&gt;bold&lt;/b&gt; &amp; more" in page
    assert "The Daily &lt;Times&gt;" in page
    assert "run-&lt;1&gt;&amp;&quot;x&quot;" in page
    assert "<b>" not in page


# --------------------------------------------------------------------------- HTML: the article


def test_article_text_survives_highlighting_exactly(page, parsed):
    assert "".join(parsed.article_text) == ARTICLE
    stripped = html.unescape(re.sub(r"<[^>]*>", "", _article_section(page)))
    assert stripped == ARTICLE


def test_blank_lines_become_paragraphs(page):
    section = _article_section(page)
    assert section.count("<p>") == 3
    assert section.count("</p>") == 3
    assert section.startswith("<p>Acme")
    assert "</p>\n\n\n  <p><mark" in section  # the whitespace between paragraphs stays outside them
    assert section.endswith("&amp; left.</p>\n")


def test_every_claim_is_highlighted_and_has_a_finding(parsed):
    report = _report()
    ids = [claim["id"] for claim in report["claims"]]
    highlighted = set()
    for attrs, _ in parsed.marks:
        for index in attrs["data-claims"].split():
            highlighted.add(ids[int(index)])
    assert highlighted == set(ids)
    details = [attrs for tag, attrs in parsed.tags if tag == "details" and "finding" in attrs.get("class", "")]
    assert sorted(attrs["data-claim-id"] for attrs in details) == sorted(ids)
    for attrs in details:
        assert attrs["id"] == f"finding-{attrs['data-index']}"


def test_each_claims_highlights_cover_exactly_its_text(parsed):
    report = _report()
    for index, claim in enumerate(report["claims"]):
        pieces = [text for attrs, text in parsed.marks if str(index) in attrs["data-claims"].split()]
        assert "".join(pieces) == claim["text"], claim["id"]


def test_nested_highlight_takes_the_innermost_colour(parsed):
    by_text = {text: attrs for attrs, text in parsed.marks}
    assert "v-contradicted" in by_text["12%"]["class"]  # c2 inside the supported c1
    assert by_text["12%"]["data-claims"].split()[0] == "1"
    assert "multi" in by_text["12%"]["class"]
    assert "v-outdated" in by_text["2023"]["class"]


def test_findings_show_evidence_with_sources(page):
    assert "Annual filing" in page
    assert "&lt;script&gt;alert(1)&lt;/script&gt; Wire" in page
    assert 'href="#source-1"' in page
    assert "✓" in page and "✗" in page
    assert "s-missing" in page  # an unknown source is named by its id
    assert "Sources say 9% | not 12%." in page
    assert "400 person (more_than, 400 … ∞)" in page  # an open interval is shown with ∞


def test_sources_and_expectations_are_rendered(page):
    assert 'id="source-0"' in page and 'id="source-1"' in page
    assert "http://evil.example/&lt;script&gt;alert(1)&lt;/script&gt;" in page
    assert "expectations failed" in page
    assert "findings &lt;suite&gt;" in page
    assert "expect_column_values_to_be_in_set" in page
    assert "expect_table_row_count_to_be_between" in page
    assert "unexpected_count" in page


def test_filters_cover_every_verdict_and_severity(parsed):
    boxes = [attrs for tag, attrs in parsed.tags if tag == "input" and "data-filter" in attrs]
    verdicts = {a["value"] for a in boxes if a["data-filter"] == "verdict"}
    severities = {a["value"] for a in boxes if a["data-filter"] == "severity"}
    assert {"supported", "contradicted", "outdated", "disputed", "unverified"} <= verdicts
    assert {"none", "low", "medium", "high"} <= severities


# --------------------------------------------------------------------------- HTML: awkward input


def test_overlapping_and_broken_offsets_never_lose_text():
    text = "abcdefghij\n\nklmnop & <q>"
    claims = [
        {"id": "a", "text": "cdef", "start": 2, "end": 6},
        {"id": "b", "text": "efgh", "start": 4, "end": 8},
        {"id": "c", "text": "cdef", "start": 2, "end": 6},  # identical span
        {"id": "d", "text": "defghijklm", "start": 3, "end": 15},  # crosses the paragraph break
        {"id": "e", "text": "zzz", "start": 50, "end": 60},  # nowhere
        {"id": "f", "text": "& <q>", "start": 0, "end": 3},  # wrong offsets, text found
        {"id": "g", "text": None, "start": None, "end": None},
    ]
    findings = [{"claim_id": c["id"], "verdict": "contradicted", "severity": "high"} for c in claims]
    findings.append({"claim_id": "orphan", "verdict": "weird <v>", "severity": None, "explanation": "x"})
    page = render_html({"claims": claims, "findings": findings}, text)
    parsed = _parse(page)
    assert "".join(parsed.article_text) == text
    highlighted = {int(i) for attrs, _ in parsed.marks for i in attrs["data-claims"].split()}
    assert highlighted == {0, 1, 2, 3, 5}
    f_text = "".join(t for attrs, t in parsed.marks if "5" in attrs["data-claims"].split())
    assert f_text == "& <q>"
    assert "could not be located" in page
    assert 'data-claim-id="orphan"' in page
    assert "weird &lt;v&gt;" in page


@pytest.mark.parametrize("report", [{}, {"schema_version": 1}, {"claims": "x", "findings": None, "sources": [1]}])
def test_html_renders_a_sparse_report(report):
    page = render_html(report, "")
    parsed = _parse(page)
    assert parsed.article_text == []
    assert "No findings." in page


# --------------------------------------------------------------------------- Markdown


def test_markdown_has_counts_and_flagged_rows():
    md = render_markdown(_report())
    lines = md.splitlines()
    assert lines[0].startswith("# ")
    assert "&quot;" not in lines[0] and "&lt;b&gt;bold&lt;/b&gt;" in lines[0]
    assert "| ✅ supported | 1 |" in lines
    assert "| ❌ contradicted | 1 |" in lines
    assert "| ❔ unverified | 2 |" in lines
    assert "| **Claims** | **6** |" in lines
    assert "## Flagged findings (5)" in lines
    rows = [line for line in lines if re.match(r"^\| \d+ \|", line)]
    assert len(rows) == 5
    assert rows[0].startswith("| 1 | 12% | ❌ contradicted | high |")  # most severe first
    assert not any("The quote matches" in row for row in rows)  # supported is not flagged
    assert "**Expectations:** ❌ failed" in md
    assert "findings &lt;suite&gt;" in md


def test_markdown_escapes_pipes_and_newlines():
    md = render_markdown(_report())
    row = next(line for line in md.splitlines() if "Sources say" in line)
    assert "Sources say 9% \\| not 12%. See the filing &amp; the &lt;table&gt;." in row
    assert "\\$5 million" not in md  # "$" needs no escaping
    c5 = next(line for line in md.splitlines() if "a first" in line)
    assert "$5 million \\| a first" in c5
    # Every table row has exactly its columns: no unescaped pipe inside a cell.
    for line in md.splitlines():
        if line.startswith("| ") and re.match(r"^\| \d+ \|", line):
            assert len(re.findall(r"(?<!\\)\|", line)) == 6, line
    assert "<script>" not in md


def test_markdown_stays_short_for_large_reports():
    claims = [{"id": f"c{i}", "text": f"claim | {i}\nline", "start": i, "end": i + 1} for i in range(400)]
    findings = [
        {"claim_id": f"c{i}", "verdict": "supported" if i % 4 == 0 else "contradicted",
         "severity": "high", "explanation": "x\n" * 50}
        for i in range(400)
    ]
    md = render_markdown({"claims": claims, "findings": findings})
    lines = md.splitlines()
    assert len(lines) < 200
    rows = [line for line in lines if re.match(r"^\| \d+ \|", line)]
    assert len(rows) == MAX_FLAGGED_ROWS
    assert "and 200 more flagged findings not shown" in md
    assert "| **Claims** | **400** |" in lines
    assert "| ❌ contradicted | 300 |" in lines


def test_markdown_renders_a_sparse_report():
    md = render_markdown({})
    assert md.startswith("# Cross-check report: (untitled article)")
    assert "Nothing flagged" in md
    assert "no results recorded" in md

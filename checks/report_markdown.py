"""The report as GitHub-flavoured Markdown, for a Prefect artifact.

`render_markdown(report)` takes the report as the plain dict that report.json
holds (DESIGN.md section 3, schema_version 1). It gives a title line, the
article's title, publisher and date, a table of counts per verdict, a table of the
flagged findings (every verdict but "supported"; the most severe first, at most
100 rows), and one line on the data-quality expectations. The output stays short
(well under 200 lines) whatever the size of the report.

Text from the report is escaped for a table cell: newlines become spaces, pipes
and Markdown punctuation get a backslash, "<", ">" and "&" become entities, so a
claim or an explanation can neither break the table nor inject markup.
"""

from __future__ import annotations

import re
from collections import Counter
from typing import Any

__all__ = ["render_markdown", "MAX_FLAGGED_ROWS"]

#: The flagged findings listed at most; the rest are counted in one line.
MAX_FLAGGED_ROWS = 100

_VERDICTS = ("supported", "contradicted", "outdated", "disputed", "unverified")
_ICONS = {
    "supported": "✅",
    "contradicted": "❌",
    "outdated": "⏳",
    "disputed": "⚖️",
    "unverified": "❔",
}
_SEVERITY_RANK = {"high": 0, "medium": 1, "low": 2, "none": 3}

_CLAIM_CHARS = 160
_EXPLANATION_CHARS = 240

#: Markdown punctuation that could start emphasis, code, links, headings or tables.
_MD_SPECIAL = re.compile(r"([\\`*_\[\]{}#|~!])")


def _dict(value: Any) -> dict:
    return value if isinstance(value, dict) else {}


def _list(value: Any) -> list:
    return value if isinstance(value, list) else []


def _int(value: Any) -> int | None:
    if isinstance(value, bool) or not isinstance(value, int):
        return None
    return value


def _text(value: Any) -> str:
    if value is None:
        return ""
    return value if isinstance(value, str) else str(value)


def _one_line(value: Any, limit: int | None = None) -> str:
    text = " ".join(_text(value).split())
    if limit is not None and len(text) > limit:
        text = text[: limit - 1].rstrip() + "…"
    return text


def _md(value: Any, limit: int | None = None) -> str:
    """Escape text for inline Markdown and table cells: one line, no markup."""
    text = _one_line(value, limit)
    text = text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    return _MD_SPECIAL.sub(r"\\\1", text)


def _verdict(value: Any) -> str:
    text = _text(value)
    return text or "unknown"


def _counts(report: dict, findings: list[dict]) -> tuple[list[tuple[str, int]], int]:
    counted = Counter(_verdict(f.get("verdict")) for f in findings)
    summary = _dict(report.get("summary"))
    rows = []
    for verdict in _VERDICTS:
        stated = _int(summary.get(verdict))
        rows.append((verdict, stated if stated is not None else counted.get(verdict, 0)))
    for verdict in sorted(counted):
        if verdict not in _VERDICTS:
            rows.append((verdict, counted[verdict]))
    total = _int(summary.get("claims"))
    if total is None:
        total = sum(1 for c in _list(report.get("claims")) if isinstance(c, dict))
    return rows, total


def _policy(result: dict) -> str:
    """An expectation result's policy (reports before the `policy` key called it `severity`)."""
    value = result.get("policy", result.get("severity"))
    return value if isinstance(value, str) and value else "critical"


def _expectations_lines(report: dict) -> list[str]:
    """One line on the expectations, then one bullet per failed expectation (at most 10)."""
    expectations = _dict(report.get("expectations"))
    suites = [s for s in _list(expectations.get("suites")) if isinstance(s, dict)]
    success = expectations.get("success")
    results = [(s, r) for s in suites for r in _list(s.get("results")) if isinstance(r, dict)]
    failed = [(s, r) for s, r in results if r.get("success") is False]
    warnings = sum(1 for _, r in failed if _policy(r) == "warning")
    if success is True:
        head = "✅ passed"
    elif success is False:
        head = "⚠️ passed with warnings" if failed and warnings == len(failed) else "❌ failed"
    else:
        return ["**Expectations:** no results recorded."]
    detail = f"{len(suites)} suite{'s' if len(suites) != 1 else ''}, {len(results)} expectation{'s' if len(results) != 1 else ''}"
    if warnings:
        detail += f", {warnings} data-quality warning{'s' if warnings != 1 else ''}"
    if len(failed) > warnings:
        detail += f", {len(failed) - warnings} failed"
    line = f"**Expectations:** {head} ({detail})"
    failing = [_md(s.get("name") or "(unnamed)", 60) for s in suites if s.get("success") is False]
    if failing:
        shown = ", ".join(failing[:5]) + (f" and {len(failing) - 5} more" if len(failing) > 5 else "")
        line += f"; failing suites: {shown}"
    lines = [line + "."]
    if failed:
        lines.append("")
    for suite, result in failed[:10]:
        column = f" on {_md(result.get('column'), 60)}" if result.get("column") else ""
        why = f": {_md(result.get('why'), 160)}" if result.get("why") else ""
        lines.append(f"- {_md(_policy(result), 10)} · {_md(suite.get('name') or '(unnamed)', 40)} · "
                     f"{_md(result.get('expectation'), 80)}{column}{why}")
    if len(failed) > 10:
        lines.append(f"- … and {len(failed) - 10} more (see report.html)")
    return lines


def render_markdown(report: dict, unavailable: list[dict] = ()) -> str:
    """The report as GitHub-flavoured Markdown, short enough for a Prefect artifact.

    `unavailable`: the sources that could not be read ({"location", "reason"}, unavailable.json).
    """
    report = _dict(report)
    article = _dict(report.get("article"))
    claims = {
        _text(c.get("id")): c for c in _list(report.get("claims")) if isinstance(c, dict)
    }
    findings = [f for f in _list(report.get("findings")) if isinstance(f, dict)]
    rows, total = _counts(report, findings)

    lines = [f"# Cross-check report: {_md(article.get('title') or '(untitled article)', 200)}", ""]
    about = [
        ("Publisher", article.get("publisher")),
        ("Published", article.get("published")),
        ("Article", article.get("uri")),
        ("Run", report.get("run_id")),
        ("Created", report.get("created_at")),
    ]
    for label, value in about:
        if value is not None and value != "":
            lines.append(f"- **{label}:** {_md(value, 300)}")
    lines.append("")

    lines += ["| Verdict | Findings |", "| --- | ---: |"]
    for verdict, count in rows:
        lines.append(f"| {_ICONS.get(verdict, '•')} {_md(verdict, 40)} | {count} |")
    lines.append(f"| **Claims** | **{total}** |")
    lines.append("")

    flagged = [f for f in findings if _verdict(f.get("verdict")) != "supported"]

    def position(f: dict) -> tuple:
        claim = claims.get(_text(f.get("claim_id")), {})
        start = _int(claim.get("start"))
        return (
            _SEVERITY_RANK.get(_text(f.get("severity")), 4),
            start if start is not None else float("inf"),
        )

    flagged.sort(key=position)
    lines.append(f"## Flagged findings ({len(flagged)})")
    lines.append("")
    if not flagged:
        lines.append("Nothing flagged: every claim is supported.")
    else:
        lines += ["| # | Claim | Verdict | Severity | Explanation |", "| ---: | --- | --- | --- | --- |"]
        for number, finding in enumerate(flagged[:MAX_FLAGGED_ROWS], start=1):
            claim = claims.get(_text(finding.get("claim_id")), {})
            claim_text = claim.get("text") if claim else None
            if claim_text is None:
                claim_text = f"(claim {_text(finding.get('claim_id'))})"
            verdict = _verdict(finding.get("verdict"))
            lines.append(
                f"| {number} | {_md(claim_text, _CLAIM_CHARS)} | {_ICONS.get(verdict, '•')} {_md(verdict, 40)} "
                f"| {_md(finding.get('severity') or '', 20)} | {_md(finding.get('explanation'), _EXPLANATION_CHARS)} |"
            )
        more = len(flagged) - MAX_FLAGGED_ROWS
        if more > 0:
            lines.append("")
            lines.append(f"_… and {more} more flagged finding{'s' if more != 1 else ''} not shown (see report.html)._")
    lines.append("")
    missing = [u for u in _list(unavailable) if isinstance(u, dict)]
    if missing:
        lines.append(f"**Sources not read in this run ({len(missing)}):**")
        lines.append("")
        lines += [f"- {_md(u.get('reason') or u.get('location'), _EXPLANATION_CHARS)}" for u in missing[:10]]
        if len(missing) > 10:
            lines.append(f"- … and {len(missing) - 10} more (see unavailable.json)")
        lines.append("")
    lines += _expectations_lines(report)
    return "\n".join(lines) + "\n"

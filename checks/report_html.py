"""The reviewer's page: one self-contained HTML5 file for a report.

`render_html(report, article_text)` takes the report as the plain dict that
report.json holds (DESIGN.md section 3, schema_version 1) and the article's plain
text, and returns a page that needs nothing from the network: inline CSS, a small
inline script, and a Content-Security-Policy that forbids every fetch.

Every piece of text that comes from the report or the article is escaped with
`html.escape(..., quote=True)`. The script never sees report text except through
a JSON blob in a `<script type="application/json">` element, in which "<", ">"
and "&" are written as \\u escapes.

Claims are highlighted in the article by their start/end offsets. Claims may
overlap or nest: the text is cut at every claim boundary (and every paragraph
boundary) into elementary pieces, and each piece that some claim covers becomes
one `<mark>` listing all the claims that cover it, coloured by the innermost one.
So no text is ever duplicated or lost, and every located claim keeps a highlight.
"""

from __future__ import annotations

import html
import json
import re
from collections import Counter, defaultdict
from datetime import date as _date
from typing import Any

__all__ = ["render_html", "VERDICTS", "SEVERITIES"]

#: The verdicts in display order (DESIGN.md section 3).
VERDICTS = ("supported", "contradicted", "outdated", "disputed", "unverified")
#: The severities in display order.
SEVERITIES = ("high", "medium", "low", "none")

_CSP = "default-src 'none'; style-src 'unsafe-inline'; script-src 'unsafe-inline'"

#: A blank line (possibly holding spaces) and the whitespace around it separates paragraphs.
_PARAGRAPH_BREAK = re.compile(r"\r?\n[^\S\n]*\n\s*")

_UNSET = "unset"
_UNKNOWN = "unknown"


# --------------------------------------------------------------------------- helpers


def _e(value: Any) -> str:
    """Escape any value for HTML text or a quoted attribute; None is empty."""
    if value is None:
        return ""
    return html.escape(value if isinstance(value, str) else str(value), quote=True)


def _dict(value: Any) -> dict:
    return value if isinstance(value, dict) else {}


def _list(value: Any) -> list:
    return value if isinstance(value, list) else []


def _key(value: Any, missing: str) -> str:
    """A verdict or severity as a filter key: the string itself, or `missing`."""
    if value is None or value == "":
        return missing
    return value if isinstance(value, str) else str(value)


def _verdict_class(verdict: str) -> str:
    """A CSS class token for a verdict: one of the known verdicts or `other`."""
    return verdict if verdict in VERDICTS else "other"


def _severity_class(severity: str) -> str:
    return severity if severity in SEVERITIES else "other"


def _int(value: Any) -> int | None:
    if isinstance(value, bool) or not isinstance(value, int):
        return None
    return value


def _json_for_script(data: Any) -> str:
    """JSON safe inside a <script type="application/json"> element."""
    text = json.dumps(data, ensure_ascii=True, separators=(",", ":"))
    return text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")


def _short(text: str, limit: int) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def _format_number(value: Any) -> str:
    if isinstance(value, float) and value.is_integer() and abs(value) < 1e15:
        return str(int(value))
    return str(value)


def _quantity_text(quantity: Any) -> str:
    q = _dict(quantity)
    if not q:
        return ""
    value = q.get("value")
    unit = q.get("unit")
    parts = []
    if value is not None:
        parts.append(_format_number(value) + (f" {_unit_text(unit)}" if unit else ""))
    low, high = q.get("low"), q.get("high")
    qualifier = q.get("qualifier")
    extra = []
    if qualifier and qualifier != "exact":
        extra.append(str(qualifier))
    if "low" in q or "high" in q:
        lo = "−∞" if low is None else _format_number(low)
        hi = "∞" if high is None else _format_number(high)
        if lo != hi:
            extra.append(f"{lo} … {hi}")
    if extra:
        parts.append("(" + ", ".join(extra) + ")")
    return " ".join(parts)


def _unit_text(unit: Any) -> str:
    """A pint expression as a reader writes it: "kilometer ** 2" is "kilometer²"."""
    text = str(unit)
    return text.replace(" ** 2", "²").replace(" ** 3", "³").replace(" / ", "/").replace("_", " ")


def _locate(claim: dict, text: str) -> tuple[int, int] | None:
    """Where a claim sits in the article: its offsets, or where its text is found."""
    start, end = _int(claim.get("start")), _int(claim.get("end"))
    ctext = claim.get("text")
    valid = start is not None and end is not None and 0 <= start < end <= len(text)
    if valid and (not isinstance(ctext, str) or text[start:end] == ctext):
        return start, end
    if isinstance(ctext, str) and ctext:
        # The offsets disagree with the text: take the occurrence nearest the stated start.
        best = None
        index = text.find(ctext)
        hint = start if start is not None else 0
        tries = 0
        while index >= 0 and tries < 1000:
            if best is None or abs(index - hint) < abs(best - hint):
                best = index
            index = text.find(ctext, index + 1)
            tries += 1
        if best is not None:
            return best, best + len(ctext)
    if valid:
        return start, end
    return None


def _paragraphs(text: str) -> list[tuple[int, int]]:
    """The (start, end) of each paragraph, without its outer whitespace.

    What lies between (and around) paragraphs is whitespace only; it stays in the
    page as text between the <p> elements, so no character of the article is lost.
    """
    paragraphs = []
    pos = 0
    for match in _PARAGRAPH_BREAK.finditer(text):
        paragraphs.append((pos, match.start()))
        pos = match.end()
    paragraphs.append((pos, len(text)))
    trimmed = []
    for start, end in paragraphs:
        chunk = text[start:end]
        stripped = chunk.strip()
        if stripped:
            lead = len(chunk) - len(chunk.lstrip())
            trimmed.append((start + lead, start + lead + len(stripped)))
    return trimmed


# --------------------------------------------------------------------------- the model


class _Item:
    """One claim with its finding (or a finding whose claim is missing)."""

    __slots__ = ("index", "claim", "finding", "span", "verdict", "severity")

    def __init__(self, index: int, claim: dict, finding: dict | None, span: tuple[int, int] | None):
        self.index = index
        self.claim = claim
        self.finding = finding
        self.span = span
        f = finding or {}
        self.verdict = _key(f.get("verdict"), _UNKNOWN)
        self.severity = _key(f.get("severity"), _UNSET)


def _items(report: dict, article_text: str) -> list[_Item]:
    claims = [c for c in _list(report.get("claims")) if isinstance(c, dict)]
    findings = [f for f in _list(report.get("findings")) if isinstance(f, dict)]
    by_claim: dict[str, dict] = {}
    for finding in findings:
        by_claim.setdefault(_key(finding.get("claim_id"), ""), finding)
    items = []
    used: set[int] = set()
    for index, claim in enumerate(claims):
        finding = by_claim.get(_key(claim.get("id"), ""))
        if finding is not None:
            used.add(id(finding))
        items.append(_Item(index, claim, finding, _locate(claim, article_text)))
    for finding in findings:
        if id(finding) not in used:
            claim = {"id": finding.get("claim_id")}
            items.append(_Item(len(items), claim, finding, None))
            used.add(id(finding))
    return items


def _verdict_counts(report: dict, items: list[_Item]) -> tuple[list[tuple[str, int]], int]:
    counted = Counter(item.verdict for item in items if item.finding is not None)
    summary = _dict(report.get("summary"))
    rows = []
    for verdict in VERDICTS:
        stated = _int(summary.get(verdict))
        rows.append((verdict, stated if stated is not None else counted.get(verdict, 0)))
    for verdict in sorted(counted):
        if verdict not in VERDICTS:
            rows.append((verdict, counted[verdict]))
    total = _int(summary.get("claims"))
    if total is None:
        total = sum(1 for claim in _list(report.get("claims")) if isinstance(claim, dict))
    return rows, total


# --------------------------------------------------------------------------- sections


def _header(report: dict) -> str:
    article = _dict(report.get("article"))
    title = article.get("title") or "(untitled article)"
    rows = [
        ("Publisher", article.get("publisher")),
        ("Published", article.get("published")),
        ("Address", article.get("uri")),
        ("Run", report.get("run_id")),
        ("Created", report.get("created_at")),
        ("Schema", report.get("schema_version")),
    ]
    meta = []
    for label, value in rows:
        if value is None or value == "":
            continue
        cls = ' class="uri"' if label in ("Address", "Run") else ""
        meta.append(f"<div><dt>{_e(label)}</dt><dd{cls}>{_e(value)}</dd></div>")
    return (
        '<header class="page-head">\n'
        '<p class="eyebrow">crosscheck report</p>\n'
        f"<h1>{_e(title)}</h1>\n"
        f'<dl class="meta">{"".join(meta)}</dl>\n'
        "</header>\n"
    )


_SEVERITY_RANK = {"high": 0, "medium": 1, "low": 2, "none": 3}
#: Flagged findings listed in the summary at most; the rest are counted.
_MAX_FLAGGED = 12


def _flagged(items: list[_Item]) -> list[_Item]:
    """Findings a reviewer should look at: every verdict but supported, and supported with a note."""
    flagged = [
        item for item in items
        if item.finding is not None and (item.verdict != "supported" or item.severity not in ("none", _UNSET))
    ]
    return sorted(flagged, key=lambda it: (_SEVERITY_RANK.get(it.severity, 4),
                                           it.span[0] if it.span else 1 << 60, it.index))


def _expectation_counts(report: dict) -> tuple[int, int, int, bool | None]:
    """(expectations evaluated, failed warnings, failed criticals, overall success)."""
    expectations = _dict(report.get("expectations"))
    results = [
        r for s in _list(expectations.get("suites")) if isinstance(s, dict)
        for r in _list(s.get("results")) if isinstance(r, dict)
    ]
    failed = [r for r in results if r.get("success") is False]
    warnings = sum(1 for r in failed if _policy(r) == "warning")
    success = expectations.get("success")
    return len(results), warnings, len(failed) - warnings, success if isinstance(success, bool) else None


def _policy(result: dict) -> str:
    """An expectation result's policy (reports before the `policy` key called it `severity`)."""
    value = result.get("policy", result.get("severity"))
    return value if isinstance(value, str) and value else "critical"


def _expectations_chip(report: dict) -> str:
    evaluated, warnings, critical, success = _expectation_counts(report)
    if success is None and not evaluated:
        return '<a class="badge v-other" href="#expectations-h">no expectation results</a>'
    if critical:
        return f'<a class="badge fail" href="#warnings">{critical} critical expectation{"s" if critical != 1 else ""} failed</a>'
    if warnings:
        return f'<a class="badge warn" href="#warnings">{warnings} data-quality warning{"s" if warnings != 1 else ""}</a>'
    if success is False:
        return '<a class="badge fail" href="#expectations-h">expectations failed</a>'
    return f'<a class="badge pass" href="#expectations-h">all {evaluated} expectations passed</a>'


def _summary(rows: list[tuple[str, int]], total: int, items: list[_Item], report: dict) -> str:
    badges = "".join(
        f'<li class="count v-{_e(_verdict_class(verdict))}"><span class="n">{count}</span>'
        f'<span class="label">{_e(verdict)}</span></li>'
        for verdict, count in rows
    )
    flagged = _flagged(items)
    if flagged:
        entries = "".join(
            f'<li><a href="#finding-{item.index}" data-open="{item.index}">'
            f'<span class="badge v-{_e(_verdict_class(item.verdict))}">{_e(item.verdict)}</span> '
            f'<span class="badge sev sev-{_e(_severity_class(item.severity))}">{_e(item.severity)}</span> '
            f'<span class="claim-text">{_e(_short(_text(item.claim.get("text")) or "(claim " + _text(item.claim.get("id")) + ")", 90))}</span></a>'
            f'<span class="why muted"> {_e(_short(_text((item.finding or {}).get("explanation")), 160))}</span></li>'
            for item in flagged[:_MAX_FLAGGED]
        )
        more = len(flagged) - _MAX_FLAGGED
        more_html = f'<p class="muted small">… and {more} more below.</p>' if more > 0 else ""
        review = (
            f'<div class="review"><h2 id="review-h">Needs review ({len(flagged)})</h2>'
            f'<ol class="flagged">{entries}</ol>{more_html}</div>'
        )
    else:
        review = '<div class="review"><h2 id="review-h">Needs review</h2><p class="muted">Nothing flagged: every claim is supported.</p></div>'
    return (
        '<section class="summary" aria-label="Summary">\n'
        f'<p class="total"><strong>{total}</strong> claim{"s" if total != 1 else ""} checked '
        f'<span class="sep">·</span> {_expectations_chip(report)}</p>\n'
        f'<ul class="counts">{badges}</ul>\n'
        f"{review}\n"
        "</section>\n"
    )


def _text(value: Any) -> str:
    if value is None:
        return ""
    return value if isinstance(value, str) else str(value)


def _filters(items: list[_Item]) -> str:
    verdicts = Counter(item.verdict for item in items)
    severities = Counter(item.severity for item in items)
    verdict_keys = list(VERDICTS) + sorted(v for v in verdicts if v not in VERDICTS)
    severity_keys = list(SEVERITIES) + sorted(s for s in severities if s not in SEVERITIES)

    def boxes(kind: str, keys: list[str], counts: Counter, css) -> str:
        out = []
        for key in keys:
            out.append(
                f'<label class="chk"><input type="checkbox" data-filter="{kind}" value="{_e(key)}" checked> '
                f'<span class="badge {css(key)}">{_e(key)}</span> <span class="muted">{counts.get(key, 0)}</span></label>'
            )
        return "".join(out)

    return (
        '<section class="filters" aria-label="Filters">\n'
        '<fieldset><legend>Verdict</legend>'
        + boxes("verdict", verdict_keys, verdicts, lambda k: "v-" + _verdict_class(k))
        + "</fieldset>\n"
        '<fieldset><legend>Severity</legend>'
        + boxes("severity", severity_keys, severities, lambda k: "sev sev-" + _severity_class(k))
        + "</fieldset>\n"
        '<div class="actions"><button type="button" id="expand-all">Expand all</button>'
        '<button type="button" id="collapse-all">Collapse all</button></div>\n'
        "</section>\n"
    )


def _mark(chunk: str, covering: list[_Item]) -> str:
    primary = covering[0]
    indices = " ".join(str(item.index) for item in covering)
    label = "; ".join(f"{item.verdict} ({item.severity})" for item in covering)
    multi = " multi" if len(covering) > 1 else ""
    return (
        f'<mark class="hl v-{_e(_verdict_class(primary.verdict))}{multi}" data-claims="{indices}" '
        f'tabindex="0" role="button" title="{_e(label)}">{_e(chunk)}</mark>'
    )


def _article(article_text: str, items: list[_Item]) -> str:
    """The article, paragraph by paragraph, with every located claim highlighted."""
    text = article_text
    n = len(text)
    paragraphs = _paragraphs(text)
    starts: dict[int, list[_Item]] = defaultdict(list)
    ends: dict[int, list[_Item]] = defaultdict(list)
    bounds = {0, n}
    for start, end in paragraphs:
        bounds.update((start, end))
    for item in items:
        if item.span is None:
            continue
        start, end = item.span
        starts[start].append(item)
        ends[end].append(item)
        bounds.update(item.span)
    para_starts = {start for start, _ in paragraphs}
    para_ends = {end for _, end in paragraphs}
    points = sorted(bounds)

    out: list[str] = []
    active: dict[int, _Item] = {}
    in_para = False
    for a, b in zip(points, points[1:]):
        for item in ends.get(a, ()):
            active.pop(item.index, None)
        for item in starts.get(a, ()):
            active[item.index] = item
        if in_para and a in para_ends:
            out.append("</p>")
            in_para = False
        if a in para_starts:
            out.append("<p>")
            in_para = True
        chunk = text[a:b]
        if in_para and active:
            # Innermost first: the shortest claim covering this piece gives the colour.
            covering = sorted(active.values(), key=lambda it: (it.span[1] - it.span[0], it.index))
            out.append(_mark(chunk, covering))
        else:
            out.append(_e(chunk))
    if in_para:
        out.append("</p>")
    missing = sum(1 for item in items if item.span is None and item.claim.get("text") is not None)
    note = (
        f'<p class="note">{missing} claim{"s" if missing != 1 else ""} could not be located in the text.</p>\n'
        if missing
        else ""
    )
    body = "".join(out) if text else ""
    return (
        '<section class="article-section" aria-labelledby="article-h">\n'
        '<h2 id="article-h">Article</h2>\n'
        + note
        + f'<div id="article" class="article">{body}</div>\n'
        "</section>\n"
    )


def _source_index(report: dict) -> dict[str, tuple[int, dict]]:
    index: dict[str, tuple[int, dict]] = {}
    for position, source in enumerate(_list(report.get("sources"))):
        if isinstance(source, dict):
            index.setdefault(_key(source.get("id"), ""), (position, source))
    return index


def _day(value: Any):
    """A YYYY-MM-DD string as a date, or None."""
    if not isinstance(value, str):
        return None
    try:
        return _date.fromisoformat(value[:10])
    except ValueError:
        return None


def _relative(published: Any, reference: Any) -> str:
    """'3 days before', 'same day', '6 days after' the claim's date, or ''."""
    day, ref = _day(published), _day(reference)
    if day is None or ref is None:
        return ""
    delta = (day - ref).days
    if delta == 0:
        return "same day"
    unit = "day" if abs(delta) == 1 else "days"
    return f"{abs(delta)} {unit} {'before' if delta < 0 else 'after'}"


def _evidence(evidence: dict, sources: dict[str, tuple[int, dict]], claim_date: Any) -> str:
    """One evidence item: its date and timing beside the source's words, title and publisher."""
    source_id = _key(evidence.get("source_id"), "")
    position, source = sources.get(source_id, (None, {}))
    title = source.get("title") or source.get("uri") or source_id or "(unknown source)"
    publisher = source.get("publisher")
    published = evidence.get("published") or source.get("published")
    agrees = evidence.get("agrees")
    if agrees is True:
        cls, sign, word = "agree", "✓", "agrees"
    elif agrees is False:
        cls, sign, word = "disagree", "✗", "disagrees"
    else:
        cls, sign, word = "unknown", "?", "unclear"
    title_html = _e(title)
    if position is not None:
        title_html = f'<a href="#source-{position}">{title_html}</a>'
    relative = _relative(published, claim_date)
    when = (
        f'<time class="day">{_e(published)}</time>' if published else '<span class="day muted">undated</span>'
    ) + (f'<span class="rel muted">{_e(relative)}</span>' if relative else "")
    byline = f'<span class="src-title">{title_html}</span>'
    if publisher:
        byline += f' <span class="muted">· {_e(publisher)}</span>'
    uri = source.get("uri")
    uri_html = f'<div class="uri muted small">{_e(uri)}</div>' if uri else ""
    return (
        f'<li class="ev {cls}">'
        f'<div class="when">{when}</div>'
        f'<div class="said"><span class="agree-mark" title="{word}" aria-label="{word}">{sign}</span>'
        f'<blockquote>{_e(evidence.get("text"))}</blockquote>'
        f"<div class=\"byline\">{byline}</div>{uri_html}</div>"
        "</li>"
    )


def _evidence_list(evidence: list[dict], sources: dict[str, tuple[int, dict]], claim_date: Any) -> str:
    """The evidence in date order, with a rule where the claim's own date falls."""
    if not evidence:
        return '<p class="muted">No source covers this claim.</p>'
    ordered = sorted(
        enumerate(evidence),
        key=lambda pair: (_day(pair[1].get("published") or sources.get(_key(pair[1].get("source_id"), ""), (0, {}))[1].get("published")) or _date.max, pair[0]),
    )
    agreeing = sum(1 for ev in evidence if ev.get("agrees") is True)
    disagreeing = sum(1 for ev in evidence if ev.get("agrees") is False)
    ref = _day(claim_date)
    out, ruled = [], ref is None
    for _, ev in ordered:
        day = _day(ev.get("published") or sources.get(_key(ev.get("source_id"), ""), (0, {}))[1].get("published"))
        if not ruled and (day is None or day > ref):
            out.append(f'<li class="now"><span>the claim speaks for {_e(claim_date)}</span></li>')
            ruled = True
        out.append(_evidence(ev, sources, claim_date))
    if not ruled:
        out.append(f'<li class="now"><span>the claim speaks for {_e(claim_date)}</span></li>')
    return (
        f'<p class="tally"><span class="ok">✓ {agreeing} agree{"s" if agreeing == 1 else ""}</span> · '
        f'<span class="bad">✗ {disagreeing} disagree{"s" if disagreeing == 1 else ""}</span></p>'
        f'<ol class="evidence">{"".join(out)}</ol>'
    )


def _context(item: _Item, article_text: str) -> str:
    """The claim in its sentence of the article (at most ~240 characters each side), the claim marked."""
    if item.span is None:
        text = item.claim.get("text")
        return f'<blockquote class="context"><span class="ctx">{_e(text)}</span></blockquote>' if text else ""
    start, end = item.span
    dot = article_text.rfind(". ", 0, start)
    left = max(dot + 2 if dot >= 0 else 0, article_text.rfind("\n", 0, start) + 1)
    cut_left = start - left > 240
    if cut_left:  # a long sentence: start at a word some way before the claim
        space = article_text.find(" ", start - 240, start)
        left = space + 1 if space >= 0 else start - 240
    stops = [i + 1 for i in (article_text.find(". ", end),) if i >= 0] + [
        i for i in (article_text.find("\n", end),) if i >= 0
    ]
    right = min([*stops, len(article_text)])
    cut_right = right - end > 240
    if cut_right:
        space = article_text.rfind(" ", end, end + 240)
        right = space if space > end else end + 240
    before = ("…" if cut_left else "") + article_text[left:start]
    after = article_text[end:right] + ("…" if cut_right else "")
    return (
        f'<blockquote class="context">{_e(before.lstrip())}<span class="ctx">{_e(article_text[start:end])}</span>'
        f"{_e(after.rstrip())}</blockquote>"
    )


def _finding(item: _Item, sources: dict[str, tuple[int, dict]], article_text: str) -> str:
    claim, finding = item.claim, item.finding or {}
    vcls = _verdict_class(item.verdict)
    scls = _severity_class(item.severity)
    ctext = claim.get("text")
    summary = (
        f'<summary><span class="badge v-{_e(vcls)}">{_e(item.verdict)}</span> '
        f'<span class="badge sev sev-{_e(scls)}">{_e(item.severity)}</span> '
        f'<span class="kind">{_e(claim.get("kind") or "")}</span> '
        f'<q class="claim-text">{_e(_short(ctext, 160)) if isinstance(ctext, str) else "(claim not in report)"}</q>'
        "</summary>"
    )
    facts = [
        ("Kind", claim.get("kind")),
        ("Verdict", item.verdict if item.finding is not None else "(no finding)"),
        ("Severity", item.severity),
        ("Subject", claim.get("subject")),
        ("Speaker", claim.get("speaker")),
        ("Quantity", _quantity_text(claim.get("quantity"))),
        ("As of", claim.get("as_of")),
        ("Claim id", claim.get("id")),
    ]
    dl = "".join(
        f"<div><dt>{_e(label)}</dt><dd>{_e(value)}</dd></div>"
        for label, value in facts
        if value is not None and value != ""
    )
    explanation = finding.get("explanation")
    explanation_html = f'<p class="explanation">{_e(explanation)}</p>' if explanation else ""
    evidence = [ev for ev in _list(finding.get("evidence")) if isinstance(ev, dict)]
    jump = (
        f'<button type="button" class="jump" data-index="{item.index}">Show in article</button>'
        if item.span is not None
        else '<p class="muted">Not located in the article text.</p>'
    )
    return (
        f'<details class="finding v-{_e(vcls)}" id="finding-{item.index}" data-index="{item.index}" '
        f'data-claim-id="{_e(claim.get("id"))}">'
        f"{summary}"
        f'<div class="body">{explanation_html}'
        '<div class="sides">'
        f'<div class="side claim-side"><h4>The article says</h4>{_context(item, article_text)}'
        f'<dl class="facts">{dl}</dl>{jump}</div>'
        f'<div class="side source-side"><h4>The sources say</h4>'
        f"{_evidence_list(evidence, sources, claim.get('as_of'))}</div>"
        "</div></div>"
        "</details>\n"
    )


def _findings(items: list[_Item], sources: dict[str, tuple[int, dict]], article_text: str) -> str:
    ordered = sorted(items, key=lambda it: (it.span is None, it.span[0] if it.span else 0, it.index))
    body = "".join(_finding(item, sources, article_text) for item in ordered)
    if not body:
        body = '<p class="muted">No findings.</p>\n'
    return (
        '<section class="findings" aria-labelledby="findings-h">\n'
        '<h2 id="findings-h">Findings <span class="muted small" id="shown-count"></span></h2>\n' + body + "</section>\n"
    )


def _sources(report: dict, unavailable: list[dict] = ()) -> str:
    rows = []
    for position, source in enumerate(_list(report.get("sources"))):
        if not isinstance(source, dict):
            continue
        rows.append(
            f'<tr id="source-{position}"><td>{_e(source.get("title") or "(untitled)")}'
            f'<div class="muted small">{_e(source.get("id"))}</div></td>'
            f'<td>{_e(source.get("publisher"))}</td><td class="nowrap">{_e(source.get("published"))}</td>'
            f'<td class="num">{_e(source.get("claims"))}</td><td class="uri">{_e(source.get("uri"))}</td></tr>'
        )
    if not rows:
        table = '<p class="muted">No sources.</p>'
    else:
        table = (
            '<div class="table-wrap"><table><thead><tr><th>Title</th><th>Publisher</th><th>Published</th>'
            '<th class="num">Claims</th><th>Address</th></tr></thead><tbody>'
            + "".join(rows)
            + "</tbody></table></div>"
        )
    missing = [u for u in _list(unavailable) if isinstance(u, dict)]
    if missing:
        table += (
            f'\n<h3 id="unavailable-h">Not read in this run ({len(missing)})</h3>\n'
            '<div class="table-wrap"><table aria-labelledby="unavailable-h"><thead><tr><th>Source</th><th>Why</th>'
            "</tr></thead><tbody>"
            + "".join(f'<tr><td class="uri">{_e(u.get("location"))}</td><td>{_e(u.get("reason"))}</td></tr>'
                      for u in missing)
            + "</tbody></table></div>"
        )
    return (
        '<section class="sources" aria-labelledby="sources-h">\n'
        '<h2 id="sources-h">Sources</h2>\n' + table + "\n</section>\n"
    )


def _observed(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, str):
        text = value
    else:
        try:
            text = json.dumps(value, ensure_ascii=False, sort_keys=True, default=str)
        except (TypeError, ValueError):
            text = str(value)
    return _short(text, 300)


def _ok(success: Any) -> str:
    if success is True:
        return '<span class="ok" aria-label="passed">✓</span>'
    if success is False:
        return '<span class="bad" aria-label="failed">✗</span>'
    return '<span class="muted">?</span>'


def _expectations(report: dict) -> str:
    expectations = _dict(report.get("expectations"))
    evaluated, warnings, critical, success = _expectation_counts(report)
    if success is True:
        overall = f'<span class="badge pass">all {evaluated} expectations passed</span>'
    elif success is False and warnings and not critical:
        overall = (f'<span class="badge warn">{evaluated - warnings} of {evaluated} expectations passed, '
                   f'{warnings} warning{"s" if warnings != 1 else ""}</span>')
    elif success is False:
        overall = '<span class="badge fail">expectations failed</span>'
    else:
        overall = '<span class="badge v-other">no expectation results</span>'
    suites_list = [s for s in _list(expectations.get("suites")) if isinstance(s, dict)]
    failed_rows = [
        _failed_row(suite, r)
        for suite in suites_list
        for r in _list(suite.get("results"))
        if isinstance(r, dict) and r.get("success") is False
    ]
    callout = ""
    if failed_rows:
        word = "warning" if not critical else "failure"
        callout = (
            f'<div id="warnings" class="callout" role="note"><p><strong>{len(failed_rows)} data-quality '
            f'{word}{"s" if len(failed_rows) != 1 else ""}</strong>: the report was written, but check these first.</p>'
            f'<ul>{"".join(failed_rows)}</ul></div>\n'
        )
    suites = []
    for suite in _list(expectations.get("suites")):
        if not isinstance(suite, dict):
            continue
        results = [r for r in _list(suite.get("results")) if isinstance(r, dict)]
        failed = sum(1 for r in results if r.get("success") is False)
        rows = "".join(
            f'<tr class="{_row_class(r)}"><td>{_ok(r.get("success"))}</td>'
            f'<td><code>{_e(r.get("expectation"))}</code></td><td>{_e(r.get("column"))}</td>'
            f'<td>{_e(_policy(r))}</td><td>{_e(r.get("why"))}</td>'
            f'<td class="observed">{_e(_observed(r.get("observed")))}</td></tr>'
            for r in results
        )
        table = (
            '<div class="table-wrap"><table><thead><tr><th></th><th>Expectation</th><th>Column</th>'
            f"<th>Policy</th><th>Why</th><th>Observed</th></tr></thead><tbody>{rows}</tbody></table></div>"
            if rows
            else '<p class="muted">No results.</p>'
        )
        is_open = " open" if suite.get("success") is False else ""
        description = suite.get("description")
        about = f' <span class="muted small">— {_e(description)}</span>' if description else ""
        suites.append(
            f'<details class="suite"{is_open}><summary>{_ok(suite.get("success"))} '
            f'<strong>{_e(suite.get("name") or "(unnamed suite)")}</strong> '
            f'<span class="muted">{len(results)} result{"s" if len(results) != 1 else ""}'
            f'{f", {failed} failed" if failed else ""}</span>{about}'
            f"</summary>{table}</details>\n"
        )
    return (
        '<section class="expectations" aria-labelledby="expectations-h">\n'
        '<h2 id="expectations-h">Data-quality expectations</h2>\n'
        f"<p>{overall} <span class=\"muted small\">Great Expectations suites on every stage; a failed critical "
        "expectation stops the run, a failed warning is listed here.</span></p>\n"
        + callout + "".join(suites) + "</section>\n"
    )


def _row_class(result: dict) -> str:
    if result.get("success") is not False:
        return ""
    return "failed warn" if _policy(result) == "warning" else "failed"


def _failed_row(suite: dict, result: dict) -> str:
    """One failed expectation for the callout: policy, suite, expectation, column, why and what it saw."""
    policy = _policy(result)
    column = f' on <code>{_e(result.get("column"))}</code>' if result.get("column") else ""
    why = f' — {_e(result.get("why"))}' if result.get("why") else ""
    observed = result.get("observed")
    seen = f'<div class="observed">{_e(_observed(observed))}</div>' if observed is not None else ""
    return (
        f'<li><span class="badge {"warn" if policy == "warning" else "fail"}">{_e(policy)}</span> '
        f'<strong>{_e(suite.get("name") or "(unnamed suite)")}</strong>: '
        f'<code>{_e(result.get("expectation"))}</code>{column}{why}{seen}</li>'
    )


# --------------------------------------------------------------------------- page


_CSS = """
:root {
  --fg: #1f2328; --muted: #59636e; --bg: #ffffff; --panel: #f6f8fa; --line: #d1d9e0;
  --supported: #1a7f37; --supported-bg: #dafbe1;
  --contradicted: #cf222e; --contradicted-bg: #ffebe9;
  --outdated: #9a6700; --outdated-bg: #fff1c2;
  --disputed: #8250df; --disputed-bg: #f0e6ff;
  --unverified: #59636e; --unverified-bg: #eaeef2;
  --other: #59636e; --other-bg: #f6f8fa;
}
* { box-sizing: border-box; }
html { -webkit-text-size-adjust: 100%; }
body {
  margin: 0; color: var(--fg); background: var(--bg);
  font-family: system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial, "Noto Sans",
    "Liberation Sans", sans-serif;
  font-size: 16px; line-height: 1.55;
}
main { max-width: 1440px; margin: 0 auto; padding: 1.5rem 1.25rem 4rem; }
h1 { font-size: 1.75rem; line-height: 1.25; margin: 0.2rem 0 0.75rem; }
h2 { font-size: 1.25rem; margin: 2.25rem 0 0.75rem; padding-bottom: 0.3rem; border-bottom: 1px solid var(--line); }
h4 { margin: 1rem 0 0.5rem; font-size: 0.95rem; }
code, .uri { font-family: ui-monospace, SFMono-Regular, Menlo, Consolas, "Liberation Mono", monospace; font-size: 0.85em; }
.uri { word-break: break-all; }
.muted { color: var(--muted); }
.small { font-size: 0.8rem; }
.nowrap { white-space: nowrap; }
.eyebrow { margin: 0; text-transform: uppercase; letter-spacing: 0.08em; font-size: 0.75rem; color: var(--muted); }
.meta { display: flex; flex-wrap: wrap; gap: 0.4rem 1.5rem; margin: 0; }
.meta div { min-width: 0; }
.meta dt { font-size: 0.75rem; color: var(--muted); text-transform: uppercase; letter-spacing: 0.05em; }
.meta dd { margin: 0; }
.summary { margin-top: 1.5rem; }
.total { margin: 0 0 0.5rem; }
.counts { list-style: none; padding: 0; margin: 0; display: flex; flex-wrap: wrap; gap: 0.5rem; }
.count { display: flex; align-items: baseline; gap: 0.4rem; padding: 0.35rem 0.8rem; border-radius: 999px;
  border: 1px solid currentColor; }
.count .n { font-weight: 700; font-size: 1.15rem; }
.badge { display: inline-block; padding: 0.05rem 0.5rem; border-radius: 999px; font-size: 0.8rem;
  font-weight: 600; border: 1px solid currentColor; white-space: nowrap; }
.v-supported { color: var(--supported); background: var(--supported-bg); }
.v-contradicted { color: var(--contradicted); background: var(--contradicted-bg); }
.v-outdated { color: var(--outdated); background: var(--outdated-bg); }
.v-disputed { color: var(--disputed); background: var(--disputed-bg); }
.v-unverified { color: var(--unverified); background: var(--unverified-bg); }
.v-other { color: var(--other); background: var(--other-bg); }
.sev { background: #fff; }
.sev-high { color: #a40e26; border-width: 2px; }
.sev-medium { color: #9a6700; }
.sev-low { color: #0969da; }
.sev-none, .sev-other { color: var(--muted); }
.pass { color: var(--supported); background: var(--supported-bg); }
.fail { color: var(--contradicted); background: var(--contradicted-bg); }
.ok { color: var(--supported); font-weight: 700; }
.bad { color: var(--contradicted); font-weight: 700; }
.filters { margin-top: 1.25rem; padding: 0.6rem 0.8rem; background: var(--panel); border: 1px solid var(--line);
  border-radius: 8px; display: flex; flex-wrap: wrap; gap: 0.5rem 1.5rem; align-items: center; z-index: 5; }
.filters fieldset { border: 0; margin: 0; padding: 0; display: flex; flex-wrap: wrap; gap: 0.25rem 0.75rem; align-items: center; }
.filters legend { float: left; font-weight: 600; margin-right: 0.5rem; font-size: 0.85rem; }
.chk { cursor: pointer; font-size: 0.9rem; }
.actions { margin-left: auto; display: flex; gap: 0.5rem; }
button { font: inherit; font-size: 0.85rem; padding: 0.2rem 0.7rem; border: 1px solid var(--line); border-radius: 6px;
  background: #fff; color: var(--fg); cursor: pointer; }
button:hover { background: var(--panel); }
@media (min-width: 800px) { .filters { position: sticky; top: 0; } }
.note { color: var(--muted); font-style: italic; }
.article { font-size: 1.05rem; line-height: 1.7; max-width: 75ch; }
.article p { margin: 0 0 1em; white-space: pre-line; }
mark.hl { color: inherit; background: var(--hl-bg); border-bottom: 2px solid var(--hl-line); border-radius: 2px;
  padding: 0 1px; cursor: pointer; scroll-margin-top: 7rem; }
mark.hl.multi { border-bottom-style: double; border-bottom-width: 4px; }
mark.hl:focus-visible, mark.hl.flash { outline: 2px solid var(--hl-line); outline-offset: 1px; }
mark.hl.off { background: transparent; border-bottom-color: transparent; cursor: text; }
mark.v-supported { --hl-bg: var(--supported-bg); --hl-line: var(--supported); }
mark.v-contradicted { --hl-bg: var(--contradicted-bg); --hl-line: var(--contradicted); }
mark.v-outdated { --hl-bg: var(--outdated-bg); --hl-line: var(--outdated); }
mark.v-disputed { --hl-bg: var(--disputed-bg); --hl-line: var(--disputed); }
mark.v-unverified { --hl-bg: var(--unverified-bg); --hl-line: var(--unverified); }
mark.v-other { --hl-bg: var(--other-bg); --hl-line: var(--other); }
details.finding { border: 1px solid var(--line); border-left: 5px solid var(--other); border-radius: 8px;
  margin: 0 0 0.6rem; background: #fff; scroll-margin-top: 7rem; }
details.finding[class] { color: var(--fg); background: #fff; }
details.finding.v-supported { border-left-color: var(--supported); }
details.finding.v-contradicted { border-left-color: var(--contradicted); }
details.finding.v-outdated { border-left-color: var(--outdated); }
details.finding.v-disputed { border-left-color: var(--disputed); }
details.finding.v-unverified { border-left-color: var(--unverified); }
details.finding.flash { box-shadow: 0 0 0 3px #0969da55; }
details > summary { cursor: pointer; padding: 0.55rem 0.8rem; }
details.finding > summary { display: list-item; }
.kind { font-size: 0.8rem; color: var(--muted); text-transform: uppercase; letter-spacing: 0.04em; margin: 0 0.25rem; }
.claim-text { font-weight: 500; quotes: none; }
details .body { padding: 0 0.9rem 0.9rem; border-top: 1px solid var(--line); }
.explanation { margin: 0.75rem 0; }
.facts { display: grid; grid-template-columns: repeat(auto-fill, minmax(9.5rem, 1fr)); gap: 0.25rem 1rem; margin: 0.5rem 0; }
.facts dt { font-size: 0.72rem; color: var(--muted); text-transform: uppercase; letter-spacing: 0.05em; }
.facts dd { margin: 0; overflow-wrap: anywhere; }
.src-title { font-weight: 600; }
a { color: #0969da; }
.jump { margin-top: 0.75rem; }
.table-wrap { overflow-x: auto; }
table { border-collapse: collapse; width: 100%; font-size: 0.9rem; }
th, td { text-align: left; vertical-align: top; padding: 0.4rem 0.6rem; border-bottom: 1px solid var(--line); }
th { background: var(--panel); font-weight: 600; }
.num { text-align: right; }
tr:target { background: #fff8c5; }
tr.failed td { background: var(--contradicted-bg); }
tr.failed.warn td { background: #fff8c5; }
.observed { font-family: ui-monospace, SFMono-Regular, Menlo, Consolas, monospace; font-size: 0.8rem; overflow-wrap: anywhere; }
details.suite { border: 1px solid var(--line); border-radius: 8px; margin: 0 0 0.6rem; }
.badge.warn, a.badge.warn { color: #7d4e00; background: #fff1c2; }
a.badge { text-decoration: none; }
.sep { color: var(--muted); margin: 0 0.3rem; }
.review { margin-top: 1rem; }
.review h2 { margin: 0.5rem 0 0.4rem; font-size: 1.05rem; border: 0; padding: 0; }
ol.flagged { margin: 0; padding-left: 1.4rem; columns: 2 34rem; column-gap: 2rem; }
ol.flagged li { margin: 0 0 0.35rem; break-inside: avoid; }
ol.flagged a { color: inherit; text-decoration: none; }
ol.flagged a:hover .claim-text { text-decoration: underline; }
.why { font-size: 0.85rem; }
.callout { border: 1px solid #d4a72c; background: #fff8c5; border-radius: 8px; padding: 0.5rem 1rem; margin: 0 0 1rem; }
.callout p { margin: 0.25rem 0 0.5rem; }
.callout ul { margin: 0; padding-left: 1.2rem; }
.callout li { margin: 0 0 0.4rem; }
.workspace { display: block; }
@media (min-width: 1100px) {
  .workspace { display: grid; grid-template-columns: minmax(0, 5fr) minmax(0, 6fr); gap: 2.25rem; align-items: start; }
  .article-section { position: sticky; top: 3.75rem; max-height: calc(100vh - 4.5rem); overflow: auto; padding-right: 0.5rem; }
}
.findings { container-type: inline-size; }
.sides { display: grid; grid-template-columns: minmax(0, 1fr); gap: 0.5rem 1.25rem; }
@container (min-width: 620px) { .sides { grid-template-columns: minmax(0, 2fr) minmax(0, 3fr); } }
.side h4 { margin: 0.75rem 0 0.4rem; color: var(--muted); font-size: 0.75rem; text-transform: uppercase; letter-spacing: 0.06em; }
blockquote.context { margin: 0 0 0.5rem; padding: 0.45rem 0.7rem; background: var(--panel); border-left: 3px solid var(--line);
  border-radius: 0 6px 6px 0; overflow-wrap: anywhere; }
.ctx { background: #fff8c5; color: inherit; font-weight: 600; padding: 0 1px; }
.tally { margin: 0 0 0.4rem; font-size: 0.85rem; }
ol.evidence { list-style: none; margin: 0; padding: 0; display: flex; flex-direction: column; gap: 0.45rem; }
.ev { display: grid; grid-template-columns: 6.6rem minmax(0, 1fr); gap: 0.6rem; padding: 0.45rem 0.6rem;
  border: 1px solid var(--line); border-left: 4px solid var(--other); border-radius: 6px; background: #fff; }
.ev.agree { border-left-color: var(--supported); background: #f6fef8; }
.ev.disagree { border-left-color: var(--contradicted); background: #fff8f7; }
.when .day { display: block; font-weight: 600; font-variant-numeric: tabular-nums; font-size: 0.9rem; }
.when .rel { display: block; font-size: 0.75rem; }
.said { min-width: 0; }
.said blockquote { display: inline; margin: 0; overflow-wrap: anywhere; }
.byline { font-size: 0.85rem; margin-top: 0.2rem; }
.agree-mark { font-weight: 700; margin-right: 0.35rem; }
.ev.agree .agree-mark { color: var(--supported); }
.ev.disagree .agree-mark { color: var(--contradicted); }
li.now { display: flex; align-items: center; gap: 0.5rem; color: var(--muted); font-size: 0.75rem; }
li.now::before, li.now::after { content: ""; flex: 1; border-top: 1px dashed var(--muted); }
footer { margin-top: 3rem; color: var(--muted); font-size: 0.8rem; }
[hidden] { display: none !important; }
@media print {
  body { font-size: 11pt; }
  main { max-width: none; padding: 0; }
  .filters, .jump, #shown-count { display: none !important; }
  .workspace { display: block; }
  .article-section { position: static; max-height: none; overflow: visible; }
  ol.flagged { columns: 1; }
  .ev { background: #fff; }
  h2 { break-after: avoid; }
  details.finding[hidden] { display: block !important; }
  details > summary { list-style: none; }
  details > summary::-webkit-details-marker { display: none; }
  details::details-content { content-visibility: visible; display: block; }
  details.finding, .ev, tr { break-inside: avoid; }
  mark.hl.off { background: var(--hl-bg); border-bottom-color: var(--hl-line); }
  a { color: inherit; text-decoration: none; }
}
"""

_SCRIPT = """
(function () {
  "use strict";
  var data = [];
  try { data = JSON.parse(document.getElementById("report-data").textContent).items || []; } catch (e) { data = []; }
  var marks = Array.prototype.slice.call(document.querySelectorAll("mark.hl"));
  var findings = Array.prototype.slice.call(document.querySelectorAll("details.finding"));
  var boxes = Array.prototype.slice.call(document.querySelectorAll("input[data-filter]"));
  function indicesOf(el) {
    return (el.getAttribute("data-claims") || "").split(" ").filter(Boolean).map(Number);
  }
  function selected(kind) {
    var set = {};
    boxes.forEach(function (b) { if (b.getAttribute("data-filter") === kind && b.checked) { set[b.value] = true; } });
    return set;
  }
  var verdicts = {}, severities = {};
  function shown(k) {
    var it = data[k];
    return !!it && verdicts[it.verdict] === true && severities[it.severity] === true;
  }
  var counter = document.getElementById("shown-count");
  function apply() {
    verdicts = selected("verdict");
    severities = selected("severity");
    var visibleCount = 0;
    findings.forEach(function (d) {
      d.hidden = !shown(Number(d.getAttribute("data-index")));
      if (!d.hidden) { visibleCount += 1; }
    });
    if (counter) {
      counter.textContent = visibleCount === findings.length ? "" : "showing " + visibleCount + " of " + findings.length;
    }
    marks.forEach(function (m) {
      var visible = indicesOf(m).filter(shown);
      var cls = visible.length ? data[visible[0]].cls : (data[indicesOf(m)[0]] || {}).cls || "other";
      m.className = "hl v-" + cls + (indicesOf(m).length > 1 ? " multi" : "") + (visible.length ? "" : " off");
    });
  }
  function flash(el) {
    el.classList.add("flash");
    setTimeout(function () { el.classList.remove("flash"); }, 1600);
  }
  function openFindings(m) {
    var ks = indicesOf(m).filter(shown);
    var first = null;
    ks.forEach(function (k) {
      var d = document.getElementById("finding-" + k);
      if (d) { d.open = true; if (!first) { first = d; } }
    });
    if (first) { first.scrollIntoView({ behavior: "smooth", block: "start" }); flash(first); }
  }
  marks.forEach(function (m) {
    m.addEventListener("click", function () { openFindings(m); });
    m.addEventListener("keydown", function (ev) {
      if (ev.key === "Enter" || ev.key === " ") { ev.preventDefault(); openFindings(m); }
    });
  });
  Array.prototype.forEach.call(document.querySelectorAll("button.jump"), function (b) {
    b.addEventListener("click", function () {
      var k = Number(b.getAttribute("data-index"));
      var hits = marks.filter(function (m) { return indicesOf(m).indexOf(k) >= 0; });
      if (hits.length) { hits[0].scrollIntoView({ behavior: "smooth", block: "center" }); hits.forEach(flash); }
    });
  });
  function openOne(k) {
    var d = document.getElementById("finding-" + k);
    if (!d) { return; }
    if (d.hidden) { boxes.forEach(function (b) { b.checked = true; }); apply(); }
    d.open = true;
    d.scrollIntoView({ behavior: "smooth", block: "start" });
    flash(d);
  }
  Array.prototype.forEach.call(document.querySelectorAll("a[data-open]"), function (a) {
    a.addEventListener("click", function (ev) { ev.preventDefault(); openOne(Number(a.getAttribute("data-open"))); });
  });
  boxes.forEach(function (b) { b.addEventListener("change", apply); });
  function setAll(open) { findings.forEach(function (d) { if (!d.hidden) { d.open = open; } }); }
  var ex = document.getElementById("expand-all"), co = document.getElementById("collapse-all");
  if (ex) { ex.addEventListener("click", function () { setAll(true); }); }
  if (co) { co.addEventListener("click", function () { setAll(false); }); }
  var before = null;
  window.addEventListener("beforeprint", function () {
    var all = Array.prototype.slice.call(document.querySelectorAll("details"));
    before = all.map(function (d) { return d.open; });
    all.forEach(function (d) { d.open = true; });
  });
  window.addEventListener("afterprint", function () {
    if (!before) { return; }
    Array.prototype.slice.call(document.querySelectorAll("details")).forEach(function (d, i) { d.open = !!before[i]; });
    before = null;
  });
  apply();
  var target = /^#finding-([0-9]+)$/.exec(window.location.hash || "");
  if (target) { openOne(Number(target[1])); }
})();
"""


def render_html(report: dict, article_text: str, unavailable: list[dict] = ()) -> str:
    """The report as one self-contained HTML5 page for a reviewer.

    `report` is the plain dict report.json holds (schema_version 1); `article_text`
    is the article's plain text, into which the claims' start/end offsets point;
    `unavailable` the sources that could not be read ({"location", "reason"}, unavailable.json).
    Missing or malformed parts of the report are rendered as empty, never raised on.
    """
    report = _dict(report)
    article_text = article_text if isinstance(article_text, str) else ""
    items = _items(report, article_text)
    sources = _source_index(report)
    rows, total = _verdict_counts(report, items)
    article = _dict(report.get("article"))
    title = article.get("title") or "(untitled article)"
    data = {
        "items": [
            {"verdict": item.verdict, "severity": item.severity, "cls": _verdict_class(item.verdict)}
            for item in items
        ]
    }
    return (
        "<!DOCTYPE html>\n"
        '<html lang="en">\n<head>\n<meta charset="utf-8">\n'
        f'<meta http-equiv="Content-Security-Policy" content="{_CSP}">\n'
        '<meta name="referrer" content="no-referrer">\n'
        '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
        f"<title>crosscheck: {_e(title)}</title>\n"
        f"<style>{_CSS}</style>\n"
        "</head>\n<body>\n<main>\n"
        + _header(report)
        + _summary(rows, total, items, report)
        + _filters(items)
        + '<div class="workspace">\n'
        + _article(article_text, items)
        + _findings(items, sources, article_text)
        + "</div>\n"
        + _sources(report, unavailable)
        + _expectations(report)
        + f'<footer>crosscheck · report schema {_e(report.get("schema_version"))} · run {_e(report.get("run_id"))}</footer>\n'
        "</main>\n"
        f'<script type="application/json" id="report-data">{_json_for_script(data)}</script>\n'
        f"<script>{_SCRIPT}</script>\n"
        "</body>\n</html>\n"
    )

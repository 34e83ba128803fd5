"""`crosscheck reports ...`: read what a report store holds (a folder or s3://bucket/prefix).

    crosscheck reports list [--store URI] [--article ID] [--since DATE] [--json]
    crosscheck reports show RUN [--article ID] [--store URI] [--json]
    crosscheck reports diff RUN_A RUN_B [--article ID] [--store URI] [--json]
    crosscheck reports open RUN [--article ID] [--store URI] [--to DIR]

RUN is a run id, a unique beginning of one, `ARTICLE/RUN`, or `latest` with --article.
Exit status: 0 done; 2 bad input (a malformed store address, id or date, a run that is not there),
one line on standard error; 1 the store could not be read.
"""

from __future__ import annotations

import json
import sys
import tempfile
from collections import Counter, defaultdict
from datetime import UTC, date, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any, Optional

import typer
from rich.console import Console
from rich.table import Table

from checks.errors import CrosscheckError, InputError, StoreError
from crosscheck.settings import CrosscheckSettings
from crosscheck.terminal import plain

if TYPE_CHECKING:
    from checks.stores import ReportStore, RunRef

#: Every run holds it (checks.stores.REPORT_NAME; that module loads botocore, so it is imported when used).
REPORT_NAME = "report.json"

__all__ = ["app", "diff_reports"]

app = typer.Typer(
    add_completion=False,
    no_args_is_help=True,
    help="Read what the report store holds: list runs, show one, compare two, open its page.",
)
_out = Console(soft_wrap=False, highlight=False)
_err = Console(stderr=True, soft_wrap=True, highlight=False)


@app.callback()
def _consoles() -> None:
    """Read what the report store holds: list runs, show one, compare two, open its page."""
    global _out, _err  # new ones per command: each takes the terminal (and COLUMNS) it runs with
    _out = Console(soft_wrap=False, highlight=False)
    _err = Console(stderr=True, soft_wrap=True, highlight=False)

_VERDICTS = ("supported", "contradicted", "outdated", "disputed", "unverified")
_STYLE = {"supported": "green", "contradicted": "red", "outdated": "yellow", "disputed": "magenta",
          "unverified": "bright_black"}
_SEVERITY_RANK = {"high": 0, "medium": 1, "low": 2, "none": 3}

StoreOption = Annotated[
    Optional[str], typer.Option("--store", help="The store: a folder, file://... or s3://bucket/prefix (default CROSSCHECK_STORE or ./reports).")
]
ArticleOption = Annotated[Optional[str], typer.Option("--article", "-a", help="The article id (its folder in the store).")]
JsonOption = Annotated[bool, typer.Option("--json", help="Print JSON instead of tables.")]


# --------------------------------------------------------------------------- commands


@app.command("list")
def list_runs(
    store: StoreOption = None,
    article: ArticleOption = None,
    since: Annotated[Optional[str], typer.Option("--since", help="Only runs made on or after this day (YYYY-MM-DD) or time (ISO-8601).")] = None,
    as_json: JsonOption = False,
) -> None:
    """List the stored runs, newest first."""
    try:
        opened = _open(store)
        after = _parse_since(since)
        refs = opened.runs(article)
        if after is not None:
            refs = [ref for ref in refs if (_parse_time(ref.created_at) or datetime.min.replace(tzinfo=UTC)) >= after]
        latest = _latest_ids(opened, refs)
    except CrosscheckError as exc:
        raise _fail(exc) from None
    if as_json:
        rows = [{"article_id": r.article_id, "run_id": r.run_id, "created_at": r.created_at, "uri": r.uri,
                 "latest": (r.article_id, r.run_id) in latest} for r in refs]
        sys.stdout.write(json.dumps(rows, indent=2) + "\n")
        return
    if not refs:
        _out.print(f"no runs in {plain(opened.uri)}" + (f" for article {plain(article)}" if article else "")
                   + (f" since {plain(since)}" if since else ""))
        return
    table = Table(title=f"{len(refs)} run{'s' if len(refs) != 1 else ''} in {plain(opened.uri)}", title_justify="left")
    table.add_column("article", overflow="fold", min_width=24)
    table.add_column("run", no_wrap=True)
    table.add_column("created", no_wrap=True)
    table.add_column("", no_wrap=True)
    for ref in refs:
        table.add_row(plain(ref.article_id), plain(ref.run_id), plain(ref.created_at),
                      "latest" if (ref.article_id, ref.run_id) in latest else "")
    _out.print(table)


@app.command()
def show(
    run: Annotated[str, typer.Argument(help="A run id (or its unique beginning), ARTICLE/RUN, or 'latest' with --article.")],
    store: StoreOption = None,
    article: ArticleOption = None,
    as_json: JsonOption = False,
) -> None:
    """Show one run's summary: the counts, every finding, the expectations."""
    try:
        opened = _open(store)
        ref = _find(opened, run, article)
        report = _load(opened, ref)
        reviewed = _load_beside(opened, ref, "reviewed.json") if not as_json else None
        unavailable = _load_beside(opened, ref, "unavailable.json") if not as_json else None
    except CrosscheckError as exc:
        raise _fail(exc) from None
    if as_json:
        sys.stdout.write(json.dumps(report, ensure_ascii=False, indent=2) + "\n")
        return
    _print_report(report, ref, reviewed if isinstance(reviewed, dict) else None,
                  unavailable if isinstance(unavailable, list) else [])


@app.command()
def diff(
    run_a: Annotated[str, typer.Argument(help="The earlier run.")],
    run_b: Annotated[str, typer.Argument(help="The later run.")],
    store: StoreOption = None,
    article: ArticleOption = None,
    as_json: JsonOption = False,
) -> None:
    """Compare two runs: claims added and removed, verdicts changed, figures moved."""
    try:
        opened = _open(store)
        ref_a, ref_b = _find(opened, run_a, article), _find(opened, run_b, article)
        changes = diff_reports(_load(opened, ref_a), _load(opened, ref_b))
    except CrosscheckError as exc:
        raise _fail(exc) from None
    if as_json:
        sys.stdout.write(json.dumps(changes, ensure_ascii=False, indent=2) + "\n")
        return
    _print_diff(changes, ref_a, ref_b)


@app.command("open")
def open_run(
    run: Annotated[str, typer.Argument(help="A run id (or its unique beginning), ARTICLE/RUN, or 'latest' with --article.")],
    store: StoreOption = None,
    article: ArticleOption = None,
    to: Annotated[Optional[Path], typer.Option("--to", help="The folder to write into (default: a crosscheck folder in the temporary folder).")] = None,
) -> None:
    """Write the run's report.html to a local file and print its path."""
    try:
        opened = _open(store)
        ref = _find(opened, run, article)
        body = opened.read(ref.article_id, ref.run_id, "report.html")
        folder = (to or Path(tempfile.gettempdir()) / "crosscheck-reports").expanduser() / ref.article_id / ref.run_id
        try:
            folder.mkdir(parents=True, exist_ok=True)
            path = folder / "report.html"
            path.write_bytes(body)
        except OSError as exc:
            raise InputError(f"cannot write {folder / 'report.html'}: {exc.strerror or exc}") from exc
    except CrosscheckError as exc:
        raise _fail(exc) from None
    sys.stdout.write(f"{path.resolve()}\n")


# --------------------------------------------------------------------------- finding runs


def _fail(exc: CrosscheckError) -> typer.Exit:
    _err.print(f"[bold red]error:[/] {plain(exc)}")
    return typer.Exit(exc.exit_code)


def _open(uri: str | None) -> ReportStore:
    from checks.stores import open_store

    return open_store(uri if uri is not None else CrosscheckSettings().store)


def _parse_time(value: Any) -> datetime | None:
    if not isinstance(value, str):
        return None
    try:
        parsed = datetime.fromisoformat(value)
    except ValueError:
        return None
    return parsed if parsed.tzinfo else parsed.replace(tzinfo=UTC)


def _parse_since(value: str | None) -> datetime | None:
    if value is None:
        return None
    try:
        if len(value.strip()) == 10:
            return datetime.combine(date.fromisoformat(value.strip()), datetime.min.time(), UTC)
    except ValueError:
        pass
    parsed = _parse_time(value.strip())
    if parsed is None:
        raise InputError(f"--since {value!r} is not a date (YYYY-MM-DD) or an ISO-8601 time")
    return parsed


def _latest_ids(store: ReportStore, refs: list[RunRef]) -> set[tuple[str, str]]:
    found = set()
    for article_id in {ref.article_id for ref in refs}:
        try:
            latest = store.latest(article_id)
        except StoreError:
            latest = None  # a damaged pointer: the runs are still listed
        if latest is not None:
            found.add((latest.article_id, latest.run_id))
    return found


def _find(store: ReportStore, run: str, article: str | None) -> RunRef:
    """The run RUN names: an id, a unique beginning of one, ARTICLE/RUN, or 'latest' with --article."""
    text = (run or "").strip()
    if text.count("/") == 1:
        article_part, text = text.split("/")
        if article is not None and article != article_part:
            raise InputError(f"run '{run}' names article '{article_part}', but --article is '{article}'")
        article = article_part
    if not text:
        raise InputError(f"run '{run}' is not a run id")
    if text == "latest":
        if article is None:
            raise InputError("'latest' needs --article ID (or ARTICLE/latest)")
        ref = store.latest(article)
        if ref is None:
            raise InputError(f"article '{article}' has no runs in {store.uri}")
        return ref
    refs = store.runs(article)
    exact = [ref for ref in refs if ref.run_id == text]
    found = exact or [ref for ref in refs if ref.run_id.startswith(text)]
    where = f"{store.uri}" + (f" for article '{article}'" if article else "")
    if not found:
        raise InputError(f"run '{text}' not found in {where} (see: crosscheck reports list)")
    if len(found) > 1:
        names = ", ".join(f"{ref.article_id}/{ref.run_id}" for ref in found[:4])
        more = f" and {len(found) - 4} more" if len(found) > 4 else ""
        raise InputError(f"run '{text}' matches {len(found)} runs in {where}: {names}{more}; give ARTICLE/RUN or more of the id")
    return found[0]


def _load(store: ReportStore, ref: RunRef) -> dict:
    body = store.read(ref.article_id, ref.run_id, REPORT_NAME)
    try:
        report = json.loads(body)
    except (ValueError, UnicodeDecodeError) as exc:
        raise StoreError(f"{ref.uri}/{REPORT_NAME} is not valid JSON") from exc
    if not isinstance(report, dict) or report.get("schema_version") != 1:
        raise StoreError(f"{ref.uri}/{REPORT_NAME} is not a schema_version 1 report")
    return report


def _load_beside(store: ReportStore, ref: RunRef, name: str) -> dict | list | None:
    """An optional JSON object of the run (reviewed.json, unavailable.json); None when it is absent."""
    from checks.stores import MissingObject

    try:
        body = store.read(ref.article_id, ref.run_id, name)
    except MissingObject:
        return None
    try:
        return json.loads(body)
    except (ValueError, UnicodeDecodeError) as exc:
        raise StoreError(f"{ref.uri}/{name} is not valid JSON") from exc


# --------------------------------------------------------------------------- show


def _print_report(report: dict, ref: RunRef, reviewed: dict | None = None, unavailable: list | None = None) -> None:
    article = report.get("article") or {}
    summary = report.get("summary") or {}
    _out.print(f"[bold]{plain(article.get('title') or article.get('uri') or ref.article_id)}[/]")
    about = [article.get("publisher") or "unknown publisher", article.get("published") or "undated"]
    _out.print(plain(" · ".join(str(a) for a in about)))
    _out.print(f"run {plain(ref.run_id)} · created {plain(report.get('created_at') or ref.created_at)} · "
               f"{len(report.get('sources') or [])} sources · {plain(ref.uri)}")
    counts = "  ".join(f"[{_STYLE[v]}]{v} {summary.get(v, 0)}[/]" for v in _VERDICTS)
    _out.print(f"{summary.get('claims', 0)} claims: {counts}")
    for missing in unavailable or []:
        if isinstance(missing, dict):
            _out.print(f"[yellow]not read:[/] {plain(missing.get('reason') or missing.get('location'))}")
    decisions = _decisions(reviewed)
    if reviewed is not None:
        done = reviewed.get("summary") or {}
        _out.print(f"reviewed by {plain(reviewed.get('reviewer'))} on "
                   f"{plain(reviewed.get('reviewed_at'))}: " + ", ".join(
                       f"{done.get(k, 0)} {k}" for k in ("confirmed", "dismissed", "corrected"))
                   + (f" · {plain(reviewed.get('note'))}" if reviewed.get("note") else ""))
    claims = {c.get("id"): c for c in report.get("claims") or []}
    table = Table(show_lines=False, expand=True)
    table.add_column("claim", ratio=3, overflow="fold")
    table.add_column("kind", no_wrap=True)
    table.add_column("verdict", no_wrap=True)
    table.add_column("severity", no_wrap=True)
    table.add_column("evidence", no_wrap=True, justify="right")
    table.add_column("why", ratio=5, overflow="fold")
    if decisions:
        table.add_column("review", ratio=2, overflow="fold")
    findings = sorted(report.get("findings") or [],
                      key=lambda f: (claims.get(f.get("claim_id"), {}).get("start") or 0))
    for finding in findings:
        claim = claims.get(finding.get("claim_id"), {})
        verdict = str(finding.get("verdict"))
        evidence = finding.get("evidence") or []
        agree = sum(1 for e in evidence if e.get("agrees"))
        cells = [
            plain(claim.get("text") or finding.get("claim_id")), plain(claim.get("kind") or ""),
            f"[{_STYLE.get(verdict, 'white')}]{plain(verdict)}[/]", plain(finding.get("severity") or ""),
            f"{agree}✓ {len(evidence) - agree}✗", plain(finding.get("explanation") or ""),
        ]
        if decisions:
            cells.append(plain(decisions.get(finding.get("claim_id"), "")))
        table.add_row(*cells)
    _out.print(table)
    expectations = report.get("expectations") or {}
    results = [(s.get("name"), r) for s in expectations.get("suites") or [] for r in s.get("results") or []]
    failed = [(name, r) for name, r in results if r.get("success") is False]
    if not failed:
        _out.print(f"expectations: [green]all {len(results)} passed[/]")
    else:
        _out.print(f"expectations: [yellow]{len(failed)} of {len(results)} failed[/]")
        for name, result in failed:
            policy = result.get("policy", result.get("severity", "critical"))
            _out.print(f"  [yellow]{plain(policy)}[/] {plain(name)}: {plain(result.get('expectation'))}"
                       f"({plain(result.get('column') or '')}) {plain(result.get('why') or '')}")


def _decisions(reviewed: dict | None) -> dict[str, str]:
    """claim id -> the reviewer's decision in a few words ("confirmed", "corrected to supported: note")."""
    shown: dict[str, str] = {}
    for decision in (reviewed or {}).get("decisions") or []:
        if not isinstance(decision, dict):
            continue
        word = {"confirm": "confirmed", "dismiss": "dismissed", "correct": "corrected"}.get(
            decision.get("decision"), str(decision.get("decision")))
        if decision.get("corrected_verdict"):
            word += f" to {decision['corrected_verdict']}"
        if decision.get("note"):
            word += f": {decision['note']}"
        shown[str(decision.get("claim_id"))] = word
    return shown


# --------------------------------------------------------------------------- diff


def _claim_key(claim: dict) -> tuple[str, str]:
    return str(claim.get("kind")), str(claim.get("text"))


def _keyed(report: dict) -> dict[tuple[str, str, int], dict]:
    """Each claim with its finding, keyed by (kind, text, n-th occurrence of that text)."""
    findings = {f.get("claim_id"): f for f in report.get("findings") or []}
    seen: Counter = Counter()
    keyed = {}
    for claim in sorted(report.get("claims") or [], key=lambda c: c.get("start") or 0):
        base = _claim_key(claim)
        keyed[(*base, seen[base])] = {"claim": claim, "finding": findings.get(claim.get("id")) or {}}
        seen[base] += 1
    return keyed


def _figure(claim: dict) -> dict | None:
    quantity = claim.get("quantity")
    if not isinstance(quantity, dict):
        return None
    return {k: quantity.get(k) for k in ("value", "unit", "low", "high", "qualifier")}


def _entry(item: dict) -> dict:
    claim, finding = item["claim"], item["finding"]
    return {"claim_id": claim.get("id"), "kind": claim.get("kind"), "text": claim.get("text"),
            "verdict": finding.get("verdict"), "severity": finding.get("severity"), "figure": _figure(claim)}


def diff_reports(old: dict, new: dict) -> dict:
    """What changed from report `old` to report `new`.

    Claims are paired by kind and text (the n-th "74 towns" with the n-th); a figure whose text
    changed ("1,050 km²" to "1,100 km²") is paired with the unpaired figure of the same unit nearest
    to where it stood, and counted as moved rather than removed and added.
    """
    a, b = _keyed(old), _keyed(new)
    paired = [(a[k], b[k]) for k in a if k in b]
    removed = [a[k] for k in a if k not in b]
    added = [b[k] for k in b if k not in a]
    moved = []
    for old_item, new_item in paired:
        if _figure(old_item["claim"]) != _figure(new_item["claim"]):
            moved.append((old_item, new_item))
    # Figures whose text changed: same kind and unit, nearest position.
    by_unit: dict[tuple, list[dict]] = defaultdict(list)
    for item in added:
        figure = _figure(item["claim"])
        if figure is not None:
            by_unit[(item["claim"].get("kind"), figure.get("unit"))].append(item)
    for item in list(removed):
        figure = _figure(item["claim"])
        if figure is None:
            continue
        candidates = by_unit.get((item["claim"].get("kind"), figure.get("unit"))) or []
        if not candidates:
            continue
        start = item["claim"].get("start") or 0
        best = min(candidates, key=lambda c: abs((c["claim"].get("start") or 0) - start))
        candidates.remove(best)
        removed.remove(item)
        added.remove(best)
        moved.append((item, best))
        paired.append((item, best))
    changed = [
        (o, n) for o, n in paired
        if (o["finding"].get("verdict"), o["finding"].get("severity")) != (n["finding"].get("verdict"), n["finding"].get("severity"))
    ]
    summary_a, summary_b = old.get("summary") or {}, new.get("summary") or {}
    return {
        "from": {"run_id": old.get("run_id"), "created_at": old.get("created_at"), "article_id": (old.get("article") or {}).get("id")},
        "to": {"run_id": new.get("run_id"), "created_at": new.get("created_at"), "article_id": (new.get("article") or {}).get("id")},
        "summary": {key: {"from": summary_a.get(key, 0), "to": summary_b.get(key, 0)}
                    for key in ("claims", *_VERDICTS) if summary_a.get(key, 0) != summary_b.get(key, 0)},
        "added": [_entry(i) for i in added],
        "removed": [_entry(i) for i in removed],
        "verdicts_changed": [{"from": _entry(o), "to": _entry(n)} for o, n in changed],
        "figures_moved": [{"from": _entry(o), "to": _entry(n)} for o, n in moved],
    }


def _figure_text(entry: dict) -> str:
    figure = entry.get("figure") or {}
    if not figure:
        return str(entry.get("text"))
    low, high = figure.get("low"), figure.get("high")
    span = "" if low == high else f" [{'−∞' if low is None else _num(low)}, {'∞' if high is None else _num(high)}]"
    return f"{_num(figure.get('value'))} {figure.get('unit') or ''}".rstrip() + span


def _num(value: Any) -> str:
    if isinstance(value, float) and value.is_integer():
        return f"{int(value):,}"
    return f"{value:,}" if isinstance(value, int | float) else str(value)


def _print_diff(changes: dict, ref_a: RunRef, ref_b: RunRef) -> None:
    _out.print(f"[bold]{plain(ref_a.article_id)}/{plain(ref_a.run_id)}[/] → [bold]{plain(ref_b.article_id)}/{plain(ref_b.run_id)}[/]")
    if changes["summary"]:
        _out.print("summary: " + ", ".join(f"{k} {v['from']} → {v['to']}" for k, v in changes["summary"].items()))
    sections = [("added", "claims added", "green"), ("removed", "claims removed", "red")]
    nothing = True
    for key, title, style in sections:
        if changes[key]:
            nothing = False
            _out.print(f"[{style}]{title} ({len(changes[key])})[/]")
            for entry in changes[key]:
                _out.print(f"  {'+' if key == 'added' else '-'} {plain(entry['text'])} "
                           f"[dim]({plain(entry['kind'])}, {plain(entry['verdict'])})[/]")
    if changes["verdicts_changed"]:
        nothing = False
        _out.print(f"[yellow]verdicts changed ({len(changes['verdicts_changed'])})[/]")
        for change in changes["verdicts_changed"]:
            old, new = change["from"], change["to"]
            _out.print(f"  {plain(new['text'])}: [{_STYLE.get(str(old['verdict']), 'white')}]{plain(old['verdict'])}[/]"
                       f" ({plain(old['severity'])}) → [{_STYLE.get(str(new['verdict']), 'white')}]"
                       f"{plain(new['verdict'])}[/] ({plain(new['severity'])})")
    if changes["figures_moved"]:
        nothing = False
        _out.print(f"[cyan]figures moved ({len(changes['figures_moved'])})[/]")
        for change in changes["figures_moved"]:
            _out.print(f"  {plain(_figure_text(change['from']))} → {plain(_figure_text(change['to']))} "
                       f"[dim]({plain(change['to']['text'])})[/]")
    if nothing:
        _out.print("no claim was added or removed, and no verdict or figure changed")

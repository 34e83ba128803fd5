"""The `crosscheck` command: a thin layer over the engine (`checks`) and the flows.

Exit status: 0 the check ran; 2 bad input or usage (one line on standard error, nothing stored);
1 an internal failure; 3 with --fail-on V when a finding has verdict V.
"""

from __future__ import annotations

import contextlib
import dataclasses
import enum
import io
import json
import logging
import os
import sys
from datetime import date
from collections.abc import Iterator
from pathlib import Path
from typing import Annotated, Optional

import typer
from rich.console import Console
from rich.table import Table

from checks.errors import CrosscheckError, InputError
from checks.verdicts import Verdict
from crosscheck.reports_cli import app as reports_app
from crosscheck.settings import CrosscheckSettings
from crosscheck.terminal import plain

app = typer.Typer(add_completion=False, no_args_is_help=True, help="Cross-check a news article's claims against other sources.")
app.add_typer(reports_app, name="reports")
_out = Console(soft_wrap=False)
_err = Console(stderr=True, soft_wrap=True)

_VERDICT_STYLE = {"supported": "green", "contradicted": "red", "outdated": "yellow", "disputed": "magenta",
                  "unverified": "bright_black"}


class Output(str, enum.Enum):
    """What `check` prints."""

    summary = "summary"
    json = "json"
    markdown = "markdown"


def _fail(exc: CrosscheckError) -> typer.Exit:
    # The message is escaped: addresses such as "[::1]" must not be read as rich markup.
    _err.print(f"[bold red]error:[/] {plain(exc)}", markup=True, highlight=False)
    return typer.Exit(exc.exit_code)


def _parse_date(value: str | None) -> date | None:
    if value is None:
        return None
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise InputError(f"--as-of {value!r} is not a date (YYYY-MM-DD)") from None


def _read_stdin() -> str:
    data = sys.stdin.buffer.read()
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise InputError(f"standard input is not UTF-8 text (byte {exc.start})") from exc


@app.command()
def check(
    article: Annotated[str, typer.Argument(help="The article: a .txt, .md or .html file, - for standard input, "
                                                "an s3://bucket/key or an http(s) address.")],
    sources: Annotated[list[str], typer.Option("--sources", "-s", help="A source: a file, a folder, a manifest "
                                               "(.yaml), s3://bucket/prefix, or an http(s) page, table or feed "
                                               "(repeatable).")] = [],
    store: Annotated[Optional[str], typer.Option(help="Report store: a folder, file://... or s3://bucket/prefix.")] = None,
    as_of: Annotated[Optional[str], typer.Option("--as-of", help="Judge the article as of this date (YYYY-MM-DD).")] = None,
    output: Annotated[Output, typer.Option(help="What to print: a summary table, the whole report as JSON, or Markdown.")] = Output.summary,
    fail_on: Annotated[Optional[Verdict], typer.Option("--fail-on", help="Exit 3 when any finding has this verdict.")] = None,
    engine_only: Annotated[bool, typer.Option("--engine-only", help="Run the stages without Prefect.")] = False,
) -> None:
    """Check ARTICLE against its sources and store a discrepancy report."""
    warnings: list[str] = []
    try:
        settings = _settings()
        options = settings.input_options(on_warning=warnings.append)
        when = _parse_date(as_of)
        if not sources:
            raise InputError("no sources given: use --sources PATH (a file, a folder, a manifest, s3://... or an address)")
        store_uri = store or settings.store
        _check_store(store_uri)
        text = _read_article_stdin(options.limits.max_document_bytes) if article == "-" else None
        runner = "engine" if engine_only else settings.runner
        if runner == "prefect" and (silent := _unanswering_prefect_api()) is not None:
            warnings.append(f"the Prefect API at {silent} does not answer; checked on the engine alone, "
                            "so this check is not recorded as a flow run")
            runner = "engine"
        result = _run(article, text, sources, store_uri, when, runner, options)
    except CrosscheckError as exc:
        raise _fail(exc) from None
    for warning in warnings:  # only once the check went on: a refused run prints its one error line
        _err.print(f"[yellow]warning:[/] {plain(warning)}", markup=True, highlight=False)
    report, location = result
    if output is Output.json:
        sys.stdout.write(json.dumps(report, ensure_ascii=False, indent=2) + "\n")
    elif output is Output.markdown:
        from checks.report_markdown import render_markdown

        sys.stdout.write(render_markdown(report) + "\n")
    else:
        _print_summary(report, location)
    if fail_on and any(f["verdict"] == fail_on.value for f in report["findings"]):
        raise typer.Exit(3)


def _settings() -> CrosscheckSettings:
    """The CROSSCHECK_* settings; a malformed one is a usage error naming the variable."""
    from pydantic import ValidationError

    try:
        return CrosscheckSettings()
    except ValidationError as exc:
        first = exc.errors()[0]
        name = "CROSSCHECK_" + str(first["loc"][0]).upper() if first.get("loc") else "a CROSSCHECK_ setting"
        raise InputError(f"setting {name} is not valid: {first.get('msg', 'invalid value')}") from None


def _check_store(uri: str) -> None:
    """A malformed store address is refused before any work is done (StoreUriError, exit 2)."""
    from checks.stores import open_store

    open_store(uri)


def _read_article_stdin(limit: int) -> str:
    """The article from standard input: at most `limit` bytes, UTF-8, checked like a file's."""
    from checks.documents import decode_text
    from checks.errors import ArticleError

    data = sys.stdin.buffer.read(limit + 1)
    if len(data) > limit:
        raise ArticleError(
            f"standard input is over the {limit:,}-byte limit for a document (CROSSCHECK_MAX_DOCUMENT_BYTES)"
        )
    return decode_text(data, uri="standard input", error=ArticleError)


def _unanswering_prefect_api() -> str | None:
    """The configured Prefect API's address when it does not answer; None when it does, or when none
    is configured (the flow then starts Prefect's embedded server)."""
    from prefect.settings import get_current_settings

    api_url = get_current_settings().api.url
    if not api_url:
        return None
    import httpx

    try:
        httpx.get(f"{api_url.rstrip('/')}/health", timeout=3.0).raise_for_status()
    except httpx.HTTPError:
        return api_url
    return None


def _run(article: str, text: str | None, sources: list[str], store: str, as_of: date | None, runner: str,
         options=None):
    if runner == "engine":
        from checks.pipeline import CheckRequest, run_check

        request = CheckRequest(article=article, sources=sources, store=store, as_of=as_of, article_text=text)
        if options is not None:
            request = dataclasses.replace(request, inputs=options)
        result = run_check(request)
        return result.report, result.location.uri
    os.environ.setdefault("PREFECT_SERVER_ANALYTICS_ENABLED", "false")
    # the embedded server can take longer than Prefect's 20 s default to start on a busy machine
    os.environ.setdefault("PREFECT_SERVER_EPHEMERAL_STARTUP_TIMEOUT_SECONDS", "90")
    os.environ.setdefault("PREFECT_LOGGING_LEVEL", "WARNING")
    _quiet_libraries()
    from flows.check_article import CheckArticleParameters, check_article

    outcome = check_article(
        CheckArticleParameters(article=article, sources=sources, store=store, as_of=as_of, article_text=text)
    )
    return outcome["report"], outcome["location"]


def _quiet_libraries() -> None:
    """Our own errors already get one clear line; Prefect need not print their tracebacks too."""

    class _DropOwnErrors(logging.Filter):
        def filter(self, record: logging.LogRecord) -> bool:
            error = record.exc_info[1] if record.exc_info else None
            return not isinstance(error, CrosscheckError) and "CrosscheckError" not in record.getMessage() \
                and not _is_own_failure(record.getMessage())

    for name in ("prefect", "prefect.flow_runs", "prefect.task_runs"):
        logging.getLogger(name).addFilter(_DropOwnErrors())
    logging.getLogger("great_expectations").setLevel(logging.ERROR)


def _is_own_failure(message: str) -> bool:
    from checks import errors

    return any(f"{name}(" in message or f"{name}:" in message for name in errors.__all__)


def _print_summary(report: dict, location: str) -> None:
    article = report["article"]
    summary = report["summary"]
    _out.print(f"[bold]{plain(article.get('title') or article['uri'])}[/] "
               f"({plain(article.get('publisher') or 'unknown publisher')}, {plain(article.get('published') or 'undated')})",
               highlight=False)
    counts = "  ".join(f"[{_VERDICT_STYLE[v]}]{v} {summary[v]}[/]" for v in _VERDICT_STYLE)
    _out.print(f"{summary['claims']} claims: {counts}", highlight=False)
    claims = {c["id"]: c for c in report["claims"]}
    table = Table(show_lines=False, expand=True)
    table.add_column("claim", ratio=3, overflow="fold")
    table.add_column("kind", no_wrap=True)
    table.add_column("verdict", no_wrap=True)
    table.add_column("severity", no_wrap=True)
    table.add_column("why", ratio=5, overflow="fold")
    for finding in report["findings"]:
        verdict = finding["verdict"]
        claim = claims[finding["claim_id"]]
        table.add_row(plain(claim["text"]), claim["kind"], f"[{_VERDICT_STYLE[verdict]}]{verdict}[/]",
                      finding["severity"], plain(finding["explanation"]))
    _out.print(table)
    expectations = report["expectations"]
    _out.print(f"expectations: {'all passed' if expectations['success'] else 'some warnings failed (see report)'}")
    sys.stdout.write(f"report: {location}/report.html\n")  # a path or URI the store made: safe as it is


@app.command()
def extract(
    file: Annotated[str, typer.Argument(help="A text, Markdown or HTML file, or - for standard input.")] = "-",
    jsonl: Annotated[bool, typer.Option("--jsonl", help='Each input line is {"id","text"}; one {"id","claims"} line out per line.')] = False,
) -> None:
    """Print the claims of a document as JSON (no sources, nothing stored)."""
    from checks.documents import Document, document_from_text, load_document
    from checks.extraction import extract_claims

    try:
        if jsonl:
            with _lines(file) as lines:
                for number, line in enumerate(lines, start=1):
                    if not line.strip():
                        continue
                    item = _jsonl_item(line, number)
                    document = Document(id=str(item["id"]), uri=f"line {number}", text=item["text"], sha256="")
                    claims = [c.to_report() for c in extract_claims(document, id_prefix="")]
                    sys.stdout.write(json.dumps({"id": item["id"], "claims": claims}, ensure_ascii=False) + "\n")
                    sys.stdout.flush()  # one line out per line in, as it comes
            return
        document = (
            document_from_text(_read_stdin(), uri="-", stem="stdin") if file == "-" else load_document(Path(file))
        )
        claims = [c.to_report() for c in extract_claims(document, id_prefix="")]
        sys.stdout.write(json.dumps({"document": document.to_report(), "claims": claims}, ensure_ascii=False, indent=2) + "\n")
    except CrosscheckError as exc:
        raise _fail(exc) from None


@contextlib.contextmanager
def _lines(file: str) -> Iterator[Iterator[str]]:
    """The lines of a file or of standard input, read one at a time (constant memory)."""
    try:
        stream = io.TextIOWrapper(sys.stdin.buffer, encoding="utf-8-sig") if file == "-" \
            else open(file, encoding="utf-8-sig")  # noqa: SIM115 - closed below
    except OSError as exc:
        raise InputError(f"{file}: cannot be read ({exc.strerror})") from exc
    try:
        yield _decoded(stream, file)
    finally:
        if file != "-":
            stream.close()


def _decoded(stream, file: str) -> Iterator[str]:
    try:
        yield from stream
    except UnicodeDecodeError as exc:
        raise InputError(f"{'standard input' if file == '-' else file} is not UTF-8 text") from exc


def _jsonl_item(line: str, number: int) -> dict:
    try:
        item = json.loads(line)
    except json.JSONDecodeError as exc:
        raise InputError(f"line {number}: not JSON ({exc.msg})") from exc
    if not isinstance(item, dict) or "id" not in item or not isinstance(item.get("text"), str):
        raise InputError(f'line {number}: expected an object with "id" and "text"')
    return item


from crosscheck.service_cli import app as service_app  # noqa: E402 - `crosscheck serve`
app.add_typer(service_app)


def main() -> None:  # pragma: no cover - console entry point
    app()

"""The `verify-watchlist` flow: every article of a watch list checked again, compared with its last report.

Per article, two tasks fan out on the flow's task runner (a bounded ThreadPoolTaskRunner by
default, a DaskTaskRunner with CROSSCHECK_TASK_RUNNER=dask; flows/runners.py):

    check-<n>-<article>    reads the article's latest run, then the whole check on the engine (load,
                           extract, match, judge, validate, report) unless its inputs are unchanged
    store-report           the new run, then latest.json (both retried when the store fails)

Articles are checked side by side in threads (the engine keeps no shared state, and the one Great
Expectations context is locked by expectations/runner.py), or fully in parallel in Dask's worker
processes. A re-run costs little: an article whose content, sources (by content hash), settings
and engine version are those of its latest run (inputs.json) reuses that run, and a changed
article's unchanged sources come from the claims cache.

The flow then compares each new report with the previous one (checks/watchlist.py: new
discrepancies, resolved ones, other verdict changes, figures that moved, or "no change") and
publishes one Markdown summary for the run. An article that fails does not stop the others; the
run fails at the end, after the summary names it.
"""

# No `from __future__ import annotations` here (see flows/check_article.py).

from datetime import datetime, timezone
from typing import NamedTuple

from prefect import flow, get_run_logger, task
from prefect.artifacts import create_markdown_artifact

from checks import pipeline
from checks.cache import ClaimCache
from checks.documents import Document
from checks.errors import CrosscheckError
from checks.sources import Unavailable, load_source_set
from checks.stores import RunRef
from checks.verdicts import VerdictSettings
from checks.watchlist import WatchedArticle, WatchList, compare_reports, load_watchlist
from flows.common import STORE_RETRY, input_options, report_link
from flows.runners import make_task_runner

__all__ = ["WatchlistFailed", "check_watched_article", "summary_markdown", "verify_watchlist"]


class WatchlistFailed(CrosscheckError):
    """Some articles of the watch list could not be checked (the others were)."""


class Checked(NamedTuple):
    """One watched article checked: its report, the sources not read, what the report was made from,
    the article's report before this run, and the run reused when the inputs had not changed."""

    article: Document
    report: dict
    unavailable: list[Unavailable]
    inputs: dict
    previous: dict | None
    reused: RunRef | None = None


@task(name="read-watchlist", **STORE_RETRY)
def read_watchlist(location: str) -> WatchList:
    """Parse the watch list (a path, file://... or s3://bucket/key)."""
    return load_watchlist(location)


@task(name="check-article-report", task_run_name="check-{label}", **STORE_RETRY)
def check_watched_article(entry: WatchedArticle, label: str, store: str) -> Checked:
    """The whole check of one watched article on the engine; its report, not stored yet.

    When the article, its sources, the settings and the engine are those of the article's latest
    run (its inputs.json), that run is reused: nothing is extracted, judged or stored again.
    """
    options = input_options()
    article = pipeline.load_article(entry.article, options=options)
    loaded = load_source_set(list(entry.sources), options)
    settings = VerdictSettings()
    inputs = pipeline.check_inputs(article, loaded.sources, entry.as_of, settings)
    before = pipeline.previous_run(store, article)
    previous = before.report if before else None
    if before is not None and before.inputs == inputs:
        return Checked(article, before.report, loaded.unavailable, inputs, previous, reused=before.location)
    report = pipeline.check_loaded(article, loaded.sources, entry.as_of, settings, ClaimCache.at(options))
    return Checked(article, report, loaded.unavailable, inputs, previous)


@task(name="store-report", **STORE_RETRY)
def store_checked_report(store: str, checked: Checked) -> RunRef:
    """Write the run's files, then move latest.json (a reused run is already there)."""
    if checked.reused is not None:
        return checked.reused
    return pipeline.store_report(store, checked.article, checked.report, checked.unavailable, checked.inputs)


@flow(name="verify-watchlist", task_runner=make_task_runner(), log_prints=True)
def verify_watchlist(watchlist: str = "examples/watchlist.yaml", store: str = "./reports") -> dict:
    """Check every article of a watch list again and tell what changed since its last report.

    Args:
        watchlist: the watch list YAML: a path, file://... or s3://bucket/key (paths in it are relative to it).
        store: where the reports go and where the previous ones are: a folder, file://... or s3://bucket/prefix.
    """
    logger = get_run_logger()
    plan = read_watchlist(watchlist)
    submitted = []
    for number, entry in enumerate(plan.articles, 1):
        label = f"{number}-{_stem(entry.article)}"
        checked = check_watched_article.submit(entry, label, store)
        stored = store_checked_report.submit(store, checked)
        submitted.append((entry, checked, stored))
    outcomes = []
    for entry, checked, stored in submitted:
        stored.wait()
        state = stored.state
        if not state.is_completed():
            error = _error_of(checked) or _error_of(stored) or state.message
            logger.error("%s: not checked: %s", entry.article, error)
            outcomes.append({"article": entry.article, "error": str(error)})
            continue
        done: Checked = checked.result()
        report = done.report
        location: RunRef = stored.result()
        changes = compare_reports(done.previous, report)
        outcomes.append({
            "article": entry.article,
            "article_id": location.article_id,
            "title": report["article"].get("title") or entry.article,
            "run_id": location.run_id,
            "location": location.uri,
            "link": report_link(location),
            "summary": report["summary"],
            "verdicts": {f["claim_id"]: f["verdict"] for f in report["findings"]},
            "changes": changes.to_dict(),
            "lines": changes.lines(),
            "reused": done.reused is not None,
        })
        logger.info("%s: %s", location.article_id, changes.headline)
    markdown = summary_markdown(plan, store, outcomes)
    create_markdown_artifact(key=f"{plan.name}-watchlist", markdown=markdown,
                             description=f"verify-watchlist: {len(plan.articles)} articles of {plan.uri}")
    failed = [o for o in outcomes if "error" in o]
    if failed:
        raise WatchlistFailed(f"{len(failed)} of {len(outcomes)} articles could not be checked: "
                              + "; ".join(f"{o['article']}: {o['error']}" for o in failed))
    return {"watchlist": plan.name, "store": store, "articles": outcomes}


def summary_markdown(plan: WatchList, store: str, outcomes: list[dict]) -> str:
    """The run's one summary: a table of the articles, then what changed in each."""
    when = datetime.now(timezone.utc).strftime("%Y-%m-%d %H:%M UTC")
    lines = [
        f"# Watch list `{plan.name}`",
        "",
        f"{len(outcomes)} articles checked {when}; reports in `{store}`.",
        "",
        "| article | claims | discrepancies | since the last check | report |",
        "| --- | --- | --- | --- | --- |",
    ]
    for o in outcomes:
        if "error" in o:
            lines.append(f"| {_cell(o['article'])} | - | - | **not checked**: {_cell(o['error'])} | - |")
            continue
        s, changes = o["summary"], o["changes"]
        lines.append(
            f"| {_cell(o['title'])} | {s['claims']} | {changes['discrepancies']} "
            f"(contradicted {s['contradicted']}, disputed {s['disputed']}, outdated {s['outdated']}) "
            f"| {_cell(changes['headline'])}{' (inputs unchanged)' if o.get('reused') else ''} "
            f"| [report.html]({o['link']}) |"
        )
    for o in outcomes:
        if "error" in o:
            continue
        lines += ["", f"## {o['title']}", "", f"`{o['article_id']}` run `{o['run_id']}`: {o['changes']['headline']}"]
        if o["lines"]:
            lines.append("")
            lines += [f"- {_escape(line)}" for line in o["lines"]]
    return "\n".join(lines) + "\n"


def _error_of(future) -> str | None:
    state = future.state
    if state.is_completed():
        return None
    try:
        future.result()
    except Exception as exc:  # noqa: BLE001 - reported, not raised
        return f"{type(exc).__name__}: {exc}"
    return state.message


def _stem(location: str) -> str:
    parts = [p for p in location.replace("\\", "/").split("/") if p]
    name = parts[-2] if len(parts) >= 2 and parts[-1].startswith("article.") else (parts[-1] if parts else "article")
    return "".join(ch if ch.isalnum() else "-" for ch in name.lower()).strip("-")[:40] or "article"


def _cell(text: str) -> str:
    return _escape(str(text)).replace("|", "\\|").replace("\n", " ")


def _escape(text: str) -> str:
    return text.replace("<", "&lt;").replace(">", "&gt;")

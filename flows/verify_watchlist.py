"""The `verify-watchlist` flow: every article of a watch list checked again, compared with its last report.

The articles are checked in groups of up to CROSSCHECK_GROUP_SIZE (50), fewer when that keeps
every worker busy. Per group, two tasks fan out on the flow's task runner (a bounded
ThreadPoolTaskRunner by default, a DaskTaskRunner with CROSSCHECK_TASK_RUNNER=dask; flows/runners.py):

    check-<first>-<last>    per article: read its latest run, then the whole check on the engine
                            (load, extract, match, judge) unless its inputs are unchanged; then the
                            expectation suites once for the group, and the reports (checks/rechecks.py)
    store-<first>-<last>    each new run, then its latest.json (retried when the store fails)

Why groups: Great Expectations takes about as long to validate fifty articles as one, and it was
most of a check's time; and a task run costs a few API calls, which add up over a thousand articles.
A re-run costs little: an article whose content, sources (by content hash), settings and engine
version are those of its latest run (inputs.json) reuses that run, and a changed article's
unchanged sources come from the claims cache.

The flow then compares each new report with the previous one (checks/watchlist.py: new
discrepancies, resolved ones, other verdict changes, figures that moved, or "no change") and
publishes one Markdown summary for the run. An article that fails does not stop the others; the
run fails at the end, after the summary names it.
"""

# No `from __future__ import annotations` here (see flows/check_article.py).

from datetime import datetime, timezone

from prefect import flow, get_run_logger, task
from prefect.artifacts import create_markdown_artifact

from checks.errors import CrosscheckError
from checks.rechecks import Checked, NotChecked, recheck, store_checked
from checks.stores import RunRef
from checks.watchlist import WatchedArticle, WatchList, compare_reports, load_watchlist
from flows.common import STORE_RETRY, input_options, report_link
from flows.runners import make_task_runner
from flows.settings import ServiceSettings

__all__ = ["WatchlistFailed", "check_group", "summary_markdown", "verify_watchlist"]


class WatchlistFailed(CrosscheckError):
    """Some articles of the watch list could not be checked (the others were)."""


@task(name="read-watchlist", **STORE_RETRY)
def read_watchlist(location: str) -> WatchList:
    """Parse the watch list (a path, file://... or s3://bucket/key)."""
    return load_watchlist(location)


@task(name="check-articles", task_run_name="check-{label}", **STORE_RETRY)
def check_group(entries: list[WatchedArticle], label: str, store: str) -> list[Checked | NotChecked]:
    """A group of watched articles checked on the engine: each one's report (not stored yet) or why not."""
    return recheck(entries, store, input_options())


@task(name="store-reports", task_run_name="store-{label}", **STORE_RETRY)
def store_group(store: str, label: str, outcomes: list[Checked | NotChecked]) -> list[RunRef | None]:
    """Each checked article's run, then its latest.json (None for an article not checked)."""
    return [store_checked(store, o) if isinstance(o, Checked) else None for o in outcomes]


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
    for start, end in ServiceSettings().group_bounds(len(plan.articles)):
        entries = list(plan.articles[start:end])
        label = f"{start + 1}-{end}"
        checked = check_group.submit(entries, label, store)
        stored = store_group.submit(store, label, checked)
        submitted.append((entries, checked, stored))
    outcomes = []
    for entries, checked, stored in submitted:
        stored.wait()
        if not stored.state.is_completed():
            error = _error_of(checked) or _error_of(stored) or stored.state.message
            for entry in entries:
                logger.error("%s: not checked: %s", entry.article, error)
                outcomes.append({"article": entry.article, "error": str(error)})
            continue
        for entry, done, location in zip(entries, checked.result(), stored.result(), strict=True):
            if isinstance(done, NotChecked):
                logger.error("%s: not checked: %s", entry.article, done.error)
                outcomes.append({"article": entry.article, "error": done.error})
                continue
            outcomes.append(_outcome(entry, done, location))
            logger.info("%s: %s", location.article_id, outcomes[-1]["changes"]["headline"])
    markdown = summary_markdown(plan, store, outcomes)
    create_markdown_artifact(key=f"{plan.name}-watchlist", markdown=markdown,
                             description=f"verify-watchlist: {len(plan.articles)} articles of {plan.uri}")
    failed = [o for o in outcomes if "error" in o]
    if failed:
        raise WatchlistFailed(f"{len(failed)} of {len(outcomes)} articles could not be checked: "
                              + "; ".join(f"{o['article']}: {o['error']}" for o in failed))
    return {"watchlist": plan.name, "store": store, "articles": outcomes}


def _outcome(entry: WatchedArticle, done: Checked, location: RunRef) -> dict:
    """One checked article's line of the run's result: where its run is and what changed."""
    report = done.report
    changes = compare_reports(done.previous, report)
    return {
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
    }


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


def _cell(text: str) -> str:
    return _escape(str(text)).replace("|", "\\|").replace("\n", " ")


def _escape(text: str) -> str:
    return text.replace("<", "&lt;").replace(">", "&gt;")

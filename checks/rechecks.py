"""Checking a group of watched articles again, together: what one task of verify-watchlist does.

    recheck(entries, store, options)    one outcome per entry: Checked (its report, not stored
                                        yet) or NotChecked (why not)
    store_checked(store, checked)       writes a Checked run, then moves latest.json

For each article: load it, and when its files and its sources' files are those of its latest run
by size and modification time (checks/fingerprints.py), reuse that run without reading a source.
Otherwise load its sources and compare what the report would be made from (`pipeline.check_inputs`,
by content) with the inputs of the latest run: the same, and that run is reused. Either way a reused
run is not extracted, judged or stored again. The others are judged one by one and
then validated together (`pipeline.report_many`): the expectation suites cost about the same for
one article as for fifty, so a group shares them.

Groups may run side by side in threads (verify-watchlist's default task runner): loading, which
waits on files, the store and the network, overlaps; the engine's work, which only computes, is
done by one thread at a time (`_COMPUTING`). Python threads cannot compute in parallel, and four
computing at once took 50% longer than one after another (300 articles: 48 s against 32 s).

An article that cannot be checked does not stop the others: it becomes NotChecked with its
error. A failing store is the exception (StoreError): it stops the group, so that the task that
called this can retry it.
"""

from __future__ import annotations

import threading
from typing import NamedTuple

from checks import pipeline
from checks.cache import ClaimCache
from checks.documents import Document
from checks.errors import StoreError
from checks.fingerprints import files_fingerprint
from checks.inputs import InputOptions
from checks.sources import Unavailable, load_source_set
from checks.stores import RunRef
from checks.verdicts import VerdictSettings
from checks.watchlist import WatchedArticle

__all__ = ["Checked", "NotChecked", "recheck", "store_checked"]

_COMPUTING = threading.Lock()
#: The key of inputs.json that holds the files' fingerprint (checks/fingerprints.py).
_FILES = "files"


class Checked:
    """One watched article checked: its report, the sources not read, what the report was made from,
    the article's report before this run, and the run reused when the inputs had not changed.

    A plain class on purpose, not a NamedTuple or a dataclass: Prefect walks every tuple, list,
    dict and dataclass handed from one task to another, looking for futures, and a group's reports
    hold hundreds of thousands of values (that walk took 10 s of a 15 s re-run of 1,000 articles).
    """

    __slots__ = ("article", "report", "unavailable", "inputs", "previous", "reused")

    def __init__(self, article: Document, report: dict, unavailable: list[Unavailable], inputs: dict,
                 previous: dict | None, reused: RunRef | None = None) -> None:
        self.article = article
        self.report = report
        self.unavailable = unavailable
        self.inputs = inputs
        self.previous = previous
        self.reused = reused


class NotChecked(NamedTuple):
    """A watched article that could not be checked, and why (`Type: message`)."""

    location: str
    error: str


def recheck(entries: list[WatchedArticle], store: str, options: InputOptions,
            settings: VerdictSettings | None = None) -> list[Checked | NotChecked]:
    """Every entry checked again (or its unchanged run reused), in order; see the module's text."""
    settings = settings or VerdictSettings()
    cache = ClaimCache.at(options)
    outcomes: list[Checked | NotChecked | None] = [None] * len(entries)
    judged: list[tuple[int, pipeline.Judged, Checked]] = []
    for number, entry in enumerate(entries):
        try:
            article = pipeline.load_article(entry.article, options=options)
            before = pipeline.previous_run(store, article)
            previous = before.report if before else None
            files = files_fingerprint([entry.article, *entry.sources])
            if before is not None and _same_files(before.inputs, files, article, entry, settings):
                outcomes[number] = Checked(article, before.report, [], before.inputs, previous, reused=before.location)
                continue
            loaded = load_source_set(list(entry.sources), options)
            inputs = {**pipeline.check_inputs(article, loaded.sources, entry.as_of, settings), _FILES: files}
            if before is not None and _without_files(before.inputs) == _without_files(inputs):
                outcomes[number] = Checked(article, before.report, loaded.unavailable, inputs, previous,
                                           reused=before.location)
                continue
            with _COMPUTING:
                item = pipeline.judge_loaded(article, loaded.sources, entry.as_of, settings, cache)
            judged.append((number, item, Checked(article, {}, loaded.unavailable, inputs, previous)))
        except StoreError:
            raise
        except Exception as exc:  # noqa: BLE001 - one article's failure is reported, the others go on
            outcomes[number] = NotChecked(entry.article, _error_line(exc))
    with _COMPUTING:
        reports = pipeline.report_many([item for _, item, _ in judged])
    for (number, _, checked), report in zip(judged, reports, strict=True):
        if isinstance(report, Exception):
            outcomes[number] = NotChecked(entries[number].article, _error_line(report))
        else:
            checked.report = report
            outcomes[number] = checked
    return outcomes


def _same_files(previous: dict | None, files: list | None, article: Document, entry: WatchedArticle,
                settings: VerdictSettings) -> bool:
    """The previous run was made from these very files (by their metadata), settings and engine."""
    if not previous or files is None or previous.get(_FILES) != files:
        return False
    now = pipeline.check_inputs(article, [], entry.as_of, settings)
    return all(previous.get(key) == now[key] for key in ("article", "as_of", "settings", "engine"))


def _without_files(inputs: dict | None) -> dict | None:
    return None if inputs is None else {k: v for k, v in inputs.items() if k != _FILES}


def store_checked(store: str, checked: Checked) -> RunRef:
    """Write the run's files, then move latest.json (a reused run is already there)."""
    if checked.reused is not None:
        return checked.reused
    return pipeline.store_report(store, checked.article, checked.report, checked.unavailable, checked.inputs)


def _error_line(error: Exception) -> str:
    return f"{type(error).__name__}: {error}"

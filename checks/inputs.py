"""How much input the loaders accept, and the options every loader is handed.

The command line and the flows build these from `crosscheck.settings.CrosscheckSettings`
(`CROSSCHECK_*`); the engine itself never reads the environment. Every limit is checked before the
input is read whole: a file's size from the file system, an object's from its listing, a
response's while it streams in.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, timedelta
from pathlib import Path

from checks.fetch import FetchPolicy

__all__ = ["InputLimits", "InputOptions"]

_log = logging.getLogger("checks.inputs")


@dataclass(frozen=True)
class InputLimits:
    """Sizes and counts past which an input is refused with a clear error."""

    #: Bytes of one article or source document: a file, standard input, an S3 object, a response.
    max_document_bytes: int = 10 * 1024 * 1024
    #: Bytes of one reference table (CSV, Parquet, JSON, JSON Lines).
    max_table_bytes: int = 100 * 1024 * 1024
    #: Characters of one paragraph (text between blank lines) of a document's plain text. Sentence
    #: splitting takes time that grows with the square of a paragraph's length: one 100,000-character
    #: paragraph takes about 6 s, one of 10 MB would take hours.
    max_paragraph_chars: int = 100_000
    #: Entries read from one feed (the newest first, as the feed lists them).
    max_feed_entries: int = 50
    #: Source documents in all (files of folders, objects under S3 prefixes, feed entries).
    max_sources: int = 5_000
    #: A publication date more than this many days after today is refused as impossible.
    future_days: int = 1
    #: Today, for the future-date check; None is the machine's date when the check runs.
    today: date | None = None

    def latest_date(self) -> date:
        """The latest publication date accepted."""
        return (self.today or date.today()) + timedelta(days=self.future_days)


@dataclass(frozen=True)
class InputOptions:
    """Everything the article and source loaders are told: limits, the fetch policy, the cache."""

    limits: InputLimits = field(default_factory=InputLimits)
    fetch: FetchPolicy = field(default_factory=FetchPolicy)
    #: The claims cache's folder (see checks.cache); None: no cache.
    cache_dir: Path | None = None
    #: Called with one line for every input skipped or doubtful while the check goes on; None logs it.
    on_warning: Callable[[str], None] | None = field(default=None, compare=False, repr=False)

    def warn(self, message: str) -> None:
        """Report something skipped or doubtful; the check goes on."""
        if self.on_warning is not None:
            self.on_warning(message)
        else:
            _log.warning("%s", message)

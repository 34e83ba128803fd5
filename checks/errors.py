"""Every error crosscheck raises on purpose, in one tree.

    CrosscheckError
     ├── InputError              bad input or usage: the command exits 2, nothing is stored
     │    ├── ArticleError        the article cannot be read or holds nothing to check
     │    ├── SourceError         a source path, folder or document is unusable
     │    ├── ReferenceTableError a reference table is malformed
     │    └── StoreUriError       a store address or an id that would escape it
     ├── ExpectationError        a critical data-quality expectation failed: no report
     └── StoreError              the report store could not be read or written

Foreign errors (boto3, pandas, YAML) are translated at the boundary with `raise ... from exc`.
"""

from __future__ import annotations

__all__ = [
    "ArticleError",
    "CrosscheckError",
    "ExpectationError",
    "InputError",
    "ReferenceTableError",
    "SourceError",
    "StoreError",
    "StoreUriError",
    "unreachable",
]


class CrosscheckError(Exception):
    """Base of every error crosscheck raises on purpose."""

    exit_code = 1
    #: True when the input is not wrong but could not be reached just now (a timeout, a refused
    #: connection, a server's error answer): a named source that is unreachable is recorded as
    #: unavailable and the check goes on with the rest. Set with `unreachable(...)`.
    unreachable = False


class InputError(CrosscheckError):
    """The input or the usage is wrong; the user can fix it."""

    exit_code = 2


class ArticleError(InputError):
    """The article cannot be read or holds nothing to check."""


class SourceError(InputError):
    """A source path, folder or document is unusable."""


class ReferenceTableError(InputError):
    """A reference table is malformed: missing columns, bad values, unreadable."""


class StoreUriError(InputError):
    """A store address is malformed, or an id would escape the store's prefix."""


class ExpectationError(CrosscheckError):
    """A critical data-quality expectation failed, so no report is written."""


class StoreError(CrosscheckError):
    """The report store could not be read or written."""


def unreachable(error: CrosscheckError) -> CrosscheckError:
    """The error, marked as an input that could not be reached just now (see `unreachable` above)."""
    error.unreachable = True
    return error

"""How many fetches run at once, across every run that talks to the same Prefect server.

Two limits, both created on first use with the worker's settings and never overwritten, so an
operator can change them later in the UI (Concurrency) or with `prefect concurrency-limit` and
`prefect gcl`:

- per host: the global concurrency limit `fetch-<host>` (CROSSCHECK_FETCH_PER_HOST slots, 2 by
  default). The engine takes a slot around every request to that host (checks.fetch's
  `host_gate`), so fifty checks at once that all cite the same site ask it two pages at a time.
- per task: the tag `crosscheck-fetch` (CROSSCHECK_FETCH_TASKS slots, 8 by default) on the tasks
  that load sources, so a large watch list does not read every source set at once.
"""

import re
import threading
from contextlib import AbstractContextManager

from prefect import get_client
from prefect.client.schemas.actions import GlobalConcurrencyLimitCreate
from prefect.concurrency.sync import concurrency
from prefect.exceptions import ObjectAlreadyExists, ObjectNotFound

from flows.settings import ServiceSettings

__all__ = ["FETCH_TAG", "ensure_fetch_tag_limit", "host_limit_name", "host_slot"]

#: The tag of every task that loads sources.
FETCH_TAG = "crosscheck-fetch"

_known: set[str] = set()
_known_lock = threading.Lock()


def host_limit_name(host: str) -> str:
    """The global concurrency limit of one host: fetch-<host>, in the characters a limit's name allows."""
    return "fetch-" + (re.sub(r"[^a-z0-9.:_-]+", "-", host.lower()).strip("-") or "unnamed")


def host_slot(host: str) -> AbstractContextManager[None]:
    """A slot of the host's limit, held while one request to it runs (created on first use)."""
    name = host_limit_name(host)
    settings = ServiceSettings()
    _ensure_global_limit(name, settings.fetch_per_host)
    return concurrency(name, occupy=1, timeout_seconds=settings.fetch_slot_timeout_seconds)


def ensure_fetch_tag_limit(slots: int | None = None) -> None:
    """The `crosscheck-fetch` tag limit, created with `slots` (default: the setting) when missing."""
    slots = slots or ServiceSettings().fetch_tasks
    with get_client(sync_client=True) as client:
        try:
            client.read_concurrency_limit_by_tag(FETCH_TAG)
        except ObjectNotFound:
            client.create_concurrency_limit(tag=FETCH_TAG, concurrency_limit=slots)


def _ensure_global_limit(name: str, slots: int) -> None:
    with _known_lock:
        if name in _known:
            return
        with get_client(sync_client=True) as client:
            try:
                client.create_global_concurrency_limit(GlobalConcurrencyLimitCreate(name=name, limit=slots))
            except ObjectAlreadyExists:
                pass  # another run made it, or an operator set it: keep theirs
        _known.add(name)

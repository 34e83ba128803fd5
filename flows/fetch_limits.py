"""How many requests to one host run at once, across every run that talks to the same Prefect server.

Each host gets a global concurrency limit named `fetch-<host>`, created on first use with
CROSSCHECK_FETCH_PER_HOST slots (2 by default) and never overwritten, so an operator can change
it later in the UI (Concurrency) or with `prefect gcl update`. The engine takes a slot around
every request to that host (checks.fetch's `host_gate`), so fifty checks at once that all cite
the same site ask it two pages at a time. Local files and S3 objects take no slot.

If the Prefect API cannot hand out a slot (it answers 503 when its SQLite database is busy), the
request goes ahead without one and a warning says so: a limit meant to spare other sites must
not fail our own check. Waiting longer than CROSSCHECK_FETCH_SLOT_TIMEOUT_SECONDS for a slot does
fail the request (the source is then recorded as unavailable).

Why not a tag limit on the loading tasks: Prefect asks the API for a slot of every tag of every
task run, limit or not, and gives up on the first 503. With seven checks at once against a
SQLite-backed server, one run in two failed that way (tests/test_service_load.py); a global limit
is only asked for when a request to a host is actually made, and a refusal is survivable here.
"""

import re
import threading
from collections.abc import Iterator
from contextlib import ExitStack, contextmanager

from prefect import get_client, get_run_logger
from prefect.client.schemas.actions import GlobalConcurrencyLimitCreate
from prefect.concurrency.asyncio import ConcurrencySlotAcquisitionError  # re-exported there
from prefect.concurrency.sync import concurrency
from prefect.exceptions import ObjectAlreadyExists, PrefectHTTPStatusError

from flows.settings import ServiceSettings

__all__ = ["host_limit_name", "host_slot"]

_known: set[str] = set()
_known_lock = threading.Lock()


def host_limit_name(host: str) -> str:
    """The global concurrency limit of one host: fetch-<host>, in the characters a limit's name allows."""
    return "fetch-" + (re.sub(r"[^a-z0-9.:_-]+", "-", host.lower()).strip("-") or "unnamed")


@contextmanager
def host_slot(host: str) -> Iterator[None]:
    """Hold a slot of the host's limit (created on first use) while one request to it runs."""
    name = host_limit_name(host)
    settings = ServiceSettings()
    with ExitStack() as slot:
        try:
            _ensure_global_limit(name, settings.fetch_per_host)
            slot.enter_context(concurrency(name, occupy=1, timeout_seconds=settings.fetch_slot_timeout_seconds))
        except (ConcurrencySlotAcquisitionError, PrefectHTTPStatusError) as exc:
            get_run_logger().warning("no slot of the fetch limit %s (%s): fetching without one", name, exc)
        yield


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

"""How the flows run, from `CROSSCHECK_*` environment variables (read when a flow run starts).

These describe the infrastructure, not a check, so they are settings of the worker (or of the
`crosscheck serve` process) rather than flow parameters:

    CROSSCHECK_TASK_RUNNER=threads|dask   how verify-watchlist fans out over its articles
    CROSSCHECK_MAX_WORKERS=4              threads of the default ThreadPoolTaskRunner
    CROSSCHECK_GROUP_SIZE=50              articles verify-watchlist checks and validates in one task
    CROSSCHECK_DASK_ADDRESS=tcp://...     a running Dask scheduler; unset: a temporary local cluster
    CROSSCHECK_DASK_WORKERS=2             workers of that temporary local cluster
    CROSSCHECK_REVIEW_POLL_SECONDS=10     how often a paused review looks for the reviewer's input
    CROSSCHECK_LINK_EXPIRY_SECONDS=604800 how long a presigned report link stays valid (S3 stores)
    CROSSCHECK_FETCH_PER_HOST=2           requests at once to one host, across runs (flows/fetch_limits.py)
    CROSSCHECK_FETCH_SLOT_TIMEOUT_SECONDS=300  how long a request waits for its host's slot
"""

import math
from typing import Literal

from pydantic import Field
from pydantic_settings import BaseSettings, SettingsConfigDict

__all__ = ["ServiceSettings"]


class ServiceSettings(BaseSettings):
    """The flows' settings, from `CROSSCHECK_*` environment variables."""

    model_config = SettingsConfigDict(env_prefix="CROSSCHECK_", extra="ignore")

    task_runner: Literal["threads", "dask"] = Field(
        default="threads",
        description="'threads': a ThreadPoolTaskRunner of max_workers threads; 'dask': a DaskTaskRunner "
        "on dask_address, or on a temporary local cluster of dask_workers processes.",
    )
    max_workers: int = Field(default=4, ge=1, le=64, description="Threads of the default task runner.")
    group_size: int = Field(
        default=50, ge=1, le=1000,
        description="Articles of a watch list checked in one task, their expectation suites run once for all.",
    )
    dask_address: str | None = Field(default=None, description="A Dask scheduler, e.g. tcp://dask-scheduler:8786.")
    dask_workers: int = Field(default=2, ge=1, le=64, description="Workers of a temporary local Dask cluster.")
    review_poll_seconds: int = Field(
        default=10, ge=1, le=600, description="How often a paused review-report run looks for its input."
    )
    fetch_per_host: int = Field(
        default=2, ge=1, le=100, description="Slots of a new per-host fetch limit (fetch-<host>), across runs."
    )
    fetch_slot_timeout_seconds: float = Field(
        default=300.0, gt=0, description="How long a fetch waits for a slot of its host's limit before failing."
    )
    link_expiry_seconds: int = Field(
        default=7 * 24 * 3600, ge=60, le=7 * 24 * 3600,
        description="How long the presigned link to report.html stays valid (at most 7 days for SigV4).",
    )

    def group_bounds(self, articles: int) -> list[tuple[int, int]]:
        """[start, end) of each group of a watch list: at most group_size articles, and enough groups
        for every worker (plain arithmetic, so the batch harness's engine phase needs no Prefect)."""
        workers = self.dask_workers if self.task_runner == "dask" else self.max_workers
        size = max(1, min(self.group_size, math.ceil(articles / workers)))
        return [(start, min(start + size, articles)) for start in range(0, articles, size)]

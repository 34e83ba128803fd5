"""The task runner verify-watchlist fans out with, chosen by a setting (flows/settings.py).

    CROSSCHECK_TASK_RUNNER=threads   ThreadPoolTaskRunner(max_workers=CROSSCHECK_MAX_WORKERS)  (default)
    CROSSCHECK_TASK_RUNNER=dask      DaskTaskRunner on CROSSCHECK_DASK_ADDRESS, or on a temporary
                                     LocalCluster of CROSSCHECK_DASK_WORKERS worker processes
"""

from prefect.task_runners import TaskRunner, ThreadPoolTaskRunner

from flows.settings import ServiceSettings

__all__ = ["make_task_runner"]


def make_task_runner(settings: ServiceSettings | None = None) -> TaskRunner:
    """A fresh task runner for the settings (from the environment when none are given)."""
    settings = settings or ServiceSettings()
    if settings.task_runner == "threads":
        return ThreadPoolTaskRunner(max_workers=settings.max_workers)
    from prefect_dask import DaskTaskRunner  # distributed is imported only when it is used

    if settings.dask_address:
        return DaskTaskRunner(address=settings.dask_address)
    return DaskTaskRunner(
        cluster_kwargs={
            "n_workers": settings.dask_workers,
            "threads_per_worker": 1,
            "processes": True,
            "dashboard_address": None,  # no web dashboard on a fixed port
        }
    )

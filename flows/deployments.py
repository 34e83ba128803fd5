"""The deployments of prefect.yaml, served without a work pool (`crosscheck serve`, `python -m flows.deployments`).

prefect.yaml is the one description of the deployments: `prefect deploy --all` reads it for the
work pools, and this module reads the same entries (name, entrypoint, description, tags, default
parameters, schedules, concurrency limit) to build RunnerDeployments that `prefect.serve` runs on
this machine. Served runs execute in subprocesses of the serving process and inherit its
environment (AWS_* for an S3 store, CROSSCHECK_* settings).
"""

import importlib
import sys
from pathlib import Path
from typing import Any

import yaml
from prefect import Flow
from prefect.client.schemas.objects import ConcurrencyLimitConfig
from prefect.deployments.runner import EntrypointType, RunnerDeployment
from prefect.schedules import Cron, Interval, RRule, Schedule

__all__ = ["PROJECT_FILE", "load_project", "runner_deployments", "serve"]

#: prefect.yaml at the root of the project (beside flows/).
PROJECT_FILE = Path(__file__).resolve().parent.parent / "prefect.yaml"


def load_project(path: Path | str = PROJECT_FILE) -> dict[str, Any]:
    """prefect.yaml as a dict (YAML anchors resolved)."""
    with open(path, encoding="utf-8") as handle:
        return yaml.safe_load(handle)


def load_flow(entrypoint: str) -> Flow:
    """The flow of an entrypoint 'flows/x.py:function', imported as the module flows.x."""
    path, _, name = entrypoint.partition(":")
    module = ".".join(Path(path).with_suffix("").parts)
    flow = getattr(importlib.import_module(module), name)
    if not isinstance(flow, Flow):
        raise TypeError(f"{entrypoint} is not a Prefect flow")
    return flow


def schedule_of(spec: dict[str, Any]) -> Schedule:
    """A schedule entry of prefect.yaml (cron, interval or rrule, with its time zone)."""
    common = {
        "timezone": spec.get("timezone"),
        "active": spec.get("active", True),
        "parameters": spec.get("parameters") or {},
        "slug": spec.get("slug"),
    }
    if "cron" in spec:
        return Cron(spec["cron"], day_or=spec.get("day_or", True), **common)
    if "interval" in spec:
        return Interval(spec["interval"], anchor_date=spec.get("anchor_date"), **common)
    if "rrule" in spec:
        return RRule(spec["rrule"], **common)
    raise ValueError(f"prefect.yaml: unknown schedule {spec!r} (expected cron, interval or rrule)")


def runner_deployments(project: dict[str, Any] | None = None, names: list[str] | None = None) -> list[RunnerDeployment]:
    """A RunnerDeployment for each deployment of prefect.yaml (or only those named)."""
    project = project if project is not None else load_project()
    deployments = []
    for spec in project.get("deployments") or []:
        if names and spec["name"] not in names:
            continue
        flow = load_flow(spec["entrypoint"])
        limit = spec.get("concurrency_limit")
        if isinstance(limit, dict):
            limit = ConcurrencyLimitConfig(**limit)
        deployments.append(
            flow.to_deployment(
                name=spec["name"],
                description=spec.get("description"),
                tags=spec.get("tags"),
                parameters=spec.get("parameters"),
                schedules=[schedule_of(s) for s in spec.get("schedules") or []],
                concurrency_limit=limit,
                enforce_parameter_schema=spec.get("enforce_parameter_schema", True),
                version=spec.get("version"),
                # Imported by module name: served runs need the installed package, not a working folder.
                entrypoint_type=EntrypointType.MODULE_PATH,
            )
        )
    return deployments


def serve(limit: int | None = None, names: list[str] | None = None) -> None:
    """Serve the deployments until interrupted (runs execute on this machine)."""
    from prefect import serve as prefect_serve

    prefect_serve(*runner_deployments(names=names), limit=limit)


if __name__ == "__main__":  # pragma: no cover - python -m flows.deployments [name ...]
    serve(names=sys.argv[1:] or None)

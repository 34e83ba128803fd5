"""Settings read at the edge (command line, flows) and passed down; `checks/` never reads the environment."""

from __future__ import annotations

from typing import Literal

from pydantic import Field
from pydantic_settings import BaseSettings, SettingsConfigDict

__all__ = ["CrosscheckSettings"]


class CrosscheckSettings(BaseSettings):
    """crosscheck's settings, from `CROSSCHECK_*` environment variables."""

    model_config = SettingsConfigDict(env_prefix="CROSSCHECK_", extra="ignore")

    store: str = Field(default="./reports", description="Where reports go when --store is not given.")
    runner: Literal["prefect", "engine"] = Field(
        default="prefect",
        description="'prefect' runs the check-article flow (Prefect's embedded API when no PREFECT_API_URL "
        "is set); 'engine' runs the same stages without Prefect.",
    )

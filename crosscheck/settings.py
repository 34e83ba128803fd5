"""Settings read at the edge (command line, flows) and passed down; `checks/` never reads the environment."""

from __future__ import annotations

import os
from collections.abc import Callable
from pathlib import Path
from typing import Annotated, Literal

from pydantic import Field, field_validator
from pydantic_settings import BaseSettings, NoDecode, SettingsConfigDict

from checks.inputs import InputLimits, InputOptions

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

    # -- input safety and sources (checks.inputs, checks.fetch, checks.cache) ------------------

    allow_hosts: Annotated[list[str], NoDecode] = Field(
        default_factory=list,
        description="Comma-separated hosts, addresses or networks (CIDR) that addresses may reach although "
        "they are loopback, private, link-local or otherwise not public, e.g. '127.0.0.1' for a local test "
        "server or '10.0.0.0/8' for an intranet. Everything else non-public (and the cloud metadata "
        "addresses) is refused, for the address given, the names it resolves to and every redirect.",
    )
    fetch_timeout: float = Field(
        default=10.0, gt=0, description="Seconds to connect to an address, and to wait for each next part of its answer."
    )
    fetch_total_timeout: float = Field(
        default=60.0, gt=0, description="Seconds for a whole answer, redirects included: a server trickling bytes is cut off."
    )
    max_redirects: int = Field(default=5, ge=0, description="Redirects followed per address; each hop is checked.")
    max_document_bytes: int = Field(
        default=10 * 1024 * 1024, gt=0,
        description="Bytes of one article or source document (a file, standard input, an S3 object, an answer); "
        "larger ones are refused before they are read (files, objects) or cut off while streaming (answers).",
    )
    max_table_bytes: int = Field(
        default=100 * 1024 * 1024, gt=0, description="Bytes of one reference table (CSV, Parquet, JSON, JSON Lines)."
    )
    max_paragraph_chars: int = Field(
        default=100_000, gt=0,
        description="Characters of one paragraph (text between blank lines); sentence splitting time grows with "
        "the square of a paragraph's length, so a longer one is refused.",
    )
    max_feed_entries: int = Field(default=50, gt=0, description="Entries read from one RSS or Atom feed.")
    max_sources: int = Field(
        default=5_000, gt=0, description="Source documents in all: files of folders, objects of S3 prefixes, feed entries."
    )
    cache: bool = Field(
        default=True, description="Keep source claims in the claims cache, so unchanged sources are not extracted again."
    )
    cache_dir: Path | None = Field(
        default=None,
        description="The claims cache's folder; default $XDG_CACHE_HOME/crosscheck or ~/.cache/crosscheck.",
    )

    @field_validator("allow_hosts", mode="before")
    @classmethod
    def _split_hosts(cls, value: object) -> object:
        if isinstance(value, str):
            return [part.strip() for part in value.split(",") if part.strip()]
        return value

    def claims_cache_dir(self) -> Path | None:
        """The claims cache's folder, or None when the cache is off."""
        if not self.cache:
            return None
        if self.cache_dir is not None:
            return self.cache_dir.expanduser()
        xdg = os.environ.get("XDG_CACHE_HOME")
        return (Path(xdg).expanduser() if xdg else Path.home() / ".cache") / "crosscheck"

    def input_options(self, on_warning: Callable[[str], None] | None = None) -> InputOptions:
        """The engine's input options (limits, fetch policy, cache folder) from these settings."""
        from checks.fetch import FetchPolicy

        limits = InputLimits(
            max_document_bytes=self.max_document_bytes,
            max_table_bytes=self.max_table_bytes,
            max_paragraph_chars=self.max_paragraph_chars,
            max_feed_entries=self.max_feed_entries,
            max_sources=self.max_sources,
        )
        policy = FetchPolicy(
            allow_hosts=tuple(self.allow_hosts),
            timeout=self.fetch_timeout,
            total_timeout=self.fetch_total_timeout,
            max_bytes=self.max_document_bytes,
            max_redirects=self.max_redirects,
        )
        return InputOptions(limits=limits, fetch=policy, cache_dir=self.claims_cache_dir(), on_warning=on_warning)

"""Local paths as users write them."""

from __future__ import annotations

from pathlib import Path

__all__ = ["local_path"]


def local_path(text: str | Path) -> Path:
    """`text` with a leading "~" or "~user" expanded; an unknown user ("~nobody/x") stays as written,
    so the path is reported as missing like any other instead of failing inside pathlib."""
    path = Path(text)
    try:
        return path.expanduser()
    except RuntimeError:  # "Could not determine home directory."
        return path

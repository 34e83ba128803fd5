"""Text from articles, sources and stores, made safe to print on a terminal with rich."""

from __future__ import annotations

from rich.markup import escape

__all__ = ["plain"]


def plain(value: object) -> str:
    """One line for a rich console: control characters (escape sequences among them) become spaces,
    runs of spaces one, and rich's markup brackets are escaped, whoever wrote the text."""
    text = "".join(ch if ch.isprintable() else " " for ch in str("" if value is None else value))
    return escape(" ".join(text.split()))

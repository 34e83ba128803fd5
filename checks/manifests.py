"""Sources manifests: named source sets in YAML, with who published each and how far to trust it.

A manifest is a `.yaml` or `.yml` file given where a source is (`--sources kursk.yaml`), so a
watch list can name a source set instead of repeating its paths. One set:

    name: kursk-2024-08              # optional; the file's stem otherwise
    credibility: 0.8                 # optional default for its entries, 0-1 (1 when not given)
    sources:
      - location: sources/           # a path (relative to this file), s3://bucket/prefix, http(s)://...
        publisher: Ukrainska Pravda  # optional: fills in what a document does not say of itself
        published: 2024-08-12        # optional, likewise
        credibility: 0.9             # optional, 0-1
        kind: feed                   # optional: auto (the default), document, table or feed
      - reference/kursk-figures.csv  # a bare location takes the set's defaults

or several sets, picked by name with `kursk.yaml#official` (all of them without a name):

    sets:
      official: {credibility: 1.0, sources: [...]}
      press: [...]                   # a bare list of entries is a set too

Unknown keys, a credibility outside 0-1, an impossible date and a manifest naming a manifest are
refused with the entry named. Credibility is carried on every `Source` for severity weighting.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from datetime import date
from pathlib import Path

import yaml

from checks.documents import as_day, clean_text, decode_text, read_file_bytes
from checks.errors import InputError, SourceError
from checks.inputs import InputLimits
from checks.paths import local_path

__all__ = ["MANIFEST_SUFFIXES", "SOURCE_KINDS", "ManifestEntry", "SourceSet", "is_manifest", "load_manifest"]

MANIFEST_SUFFIXES = {".yaml", ".yml"}
SOURCE_KINDS = ("auto", "document", "table", "feed")
_SET_KEYS = {"name", "credibility", "publisher", "sources", "description"}
_ENTRY_KEYS = {"location", "publisher", "published", "credibility", "kind", "title", "note"}


@dataclass(frozen=True)
class ManifestEntry:
    """One location of a source set, with what the manifest says of the sources found there."""

    location: str
    publisher: str | None = None
    published: date | None = None
    #: How far the sources are trusted, 0 (not at all) to 1 (fully).
    credibility: float = 1.0
    kind: str = "auto"


@dataclass(frozen=True)
class SourceSet:
    """A named set of source locations from a manifest."""

    name: str
    uri: str
    entries: tuple[ManifestEntry, ...]


def is_manifest(location: str) -> bool:
    """Whether a source location names a manifest (a local .yaml/.yml file, maybe with #set)."""
    if "://" in location:
        return False
    return Path(_split_set(location)[0]).suffix.lower() in MANIFEST_SUFFIXES


def _split_set(location: str) -> tuple[str, str]:
    """("file.yaml", "set") for "file.yaml#set"; (location, "") when it names no set."""
    head, mark, tail = location.rpartition("#")
    if mark and Path(head).suffix.lower() in MANIFEST_SUFFIXES:
        return head, tail
    return location, ""


def load_manifest(location: str, *, limits: InputLimits | None = None,
                  error: type[InputError] = SourceError) -> list[SourceSet]:
    """The source sets a manifest location names (`file.yaml` or `file.yaml#set`)."""
    limits = limits or InputLimits()
    path_text, wanted = _split_set(location)
    path = local_path(path_text)
    raw = read_file_bytes(path, limit=limits.max_document_bytes, setting="CROSSCHECK_MAX_DOCUMENT_BYTES",
                          error=error, what="manifest")
    text = decode_text(raw, uri=str(path), error=error)
    try:
        document = yaml.safe_load(text)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f" (line {mark.line + 1})" if mark is not None else ""
        raise error(f"{path}: the sources manifest is not valid YAML{where}") from exc
    except (ValueError, OverflowError) as exc:
        raise error(f"{path}: the sources manifest holds an impossible value ({' '.join(str(exc).split())})") from exc
    except RecursionError:
        raise error(f"{path}: the sources manifest is nested too deeply") from None
    base = path.parent
    if isinstance(document, dict) and "sets" in document:
        extra = set(document) - {"sets", "description"}
        if extra:
            raise error(f"{path}: a manifest with 'sets' holds unknown key(s) {', '.join(sorted(map(str, extra)))}")
        sets_map = document["sets"]
        if not isinstance(sets_map, dict) or not sets_map:
            raise error(f"{path}: 'sets' must map set names to their sources")
        sets = [_set(str(name), body, path, base, limits, error) for name, body in sets_map.items()]
    else:
        sets = [_set(None, document, path, base, limits, error)]
    if wanted:
        chosen = [s for s in sets if s.name == wanted]
        if not chosen:
            names = ", ".join(s.name for s in sets)
            raise error(f"{path}: has no source set '{wanted}' (it has: {names})")
        sets = chosen
    total = sum(len(s.entries) for s in sets)
    if total > limits.max_sources:
        raise error(f"{path}: lists {total:,} sources, over the {limits.max_sources:,} limit (CROSSCHECK_MAX_SOURCES)")
    return sets


def _set(name: str | None, body: object, path: Path, base: Path, limits: InputLimits,
         error: type[InputError]) -> SourceSet:
    label = f"set '{name}'" if name else "the manifest"
    defaults: dict = {}
    if isinstance(body, list):
        items = body
    elif isinstance(body, dict):
        unknown = set(body) - _SET_KEYS
        if unknown:
            raise error(f"{path}: {label} has unknown key(s) {', '.join(sorted(map(str, unknown)))}")
        items = body.get("sources")
        name = name or _plain(body.get("name"), f"{label} 'name'", path, error)
        defaults = {
            "credibility": _credibility(body.get("credibility", 1.0), f"{label}", path, error),
            "publisher": _plain(body.get("publisher"), f"{label} 'publisher'", path, error),
        }
    else:
        raise error(f"{path}: {label} must be a mapping with 'sources', or a list of sources")
    if not isinstance(items, list) or not items:
        raise error(f"{path}: {label} lists no sources (give 'sources' as a list)")
    if len(items) > limits.max_sources:
        raise error(f"{path}: {label} lists {len(items):,} sources, over the {limits.max_sources:,} limit "
                    "(CROSSCHECK_MAX_SOURCES)")
    entries = tuple(_entry(item, number, label, path, base, defaults, limits, error)
                    for number, item in enumerate(items, 1))
    return SourceSet(name=name or path.stem, uri=str(path), entries=entries)


def _entry(item: object, number: int, label: str, path: Path, base: Path, defaults: dict,
           limits: InputLimits, error: type[InputError]) -> ManifestEntry:
    where = f"{label}, source {number}"
    if isinstance(item, str):
        item = {"location": item}
    if not isinstance(item, dict):
        raise error(f"{path}: {where} must be a location or a mapping with 'location'")
    unknown = set(item) - _ENTRY_KEYS
    if unknown:
        raise error(f"{path}: {where} has unknown key(s) {', '.join(sorted(map(str, unknown)))}")
    location = _plain(item.get("location"), f"{where} 'location'", path, error)
    if not location:
        raise error(f"{path}: {where} has no 'location'")
    if is_manifest(location):
        raise error(f"{path}: {where} names another manifest ({location}); manifests do not include manifests")
    if "://" not in location:
        local = local_path(location)
        location = str(local if local.is_absolute() else base / local)
    kind = _plain(item.get("kind"), f"{where} 'kind'", path, error) or "auto"
    if kind not in SOURCE_KINDS:
        raise error(f"{path}: {where} has kind '{kind}'; use one of {', '.join(SOURCE_KINDS)}")
    return ManifestEntry(
        location=location,
        publisher=_plain(item.get("publisher"), f"{where} 'publisher'", path, error) or defaults.get("publisher"),
        published=_date(item.get("published"), where, path, limits, error),
        credibility=_credibility(item.get("credibility", defaults.get("credibility", 1.0)), where, path, error),
        kind=kind,
    )


def _plain(value: object, where: str, path: Path, error: type[InputError]) -> str | None:
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, str | int | float):
        raise error(f"{path}: {where} must be plain text")
    return " ".join(clean_text(str(value)).split())[:1000] or None


def _credibility(value: object, where: str, path: Path, error: type[InputError]) -> float:
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise error(f"{path}: {where} has credibility {str(value)[:40]!r}; give a number from 0 to 1")
    number = float(value)
    if not math.isfinite(number) or not 0.0 <= number <= 1.0:
        raise error(f"{path}: {where} has credibility {value!r}; give a number from 0 to 1")
    return number


def _date(value: object, where: str, path: Path, limits: InputLimits, error: type[InputError]) -> date | None:
    try:
        day = as_day(value)
    except ValueError:
        raise error(f"{path}: {where} has published {str(value)[:40]!r}, not a real YYYY-MM-DD date") from None
    if day is not None and day > limits.latest_date():
        raise error(f"{path}: {where} has published {day.isoformat()}, a date in the future")
    return day

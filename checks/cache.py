"""The claims cache: a source document's claims are extracted once per content and extractor.

    <folder>/claims/<version>/<key[:2]>/<key>.json     one JSON list of claims per document

`key` is the sha256 of what the claims depend on: the document's content hash, its id (claim ids
carry it), its text and its publication date (relative dates resolve against it). `version` is
`EXTRACTOR_VERSION` plus a fingerprint of the engine's code and data tables (`checks/*.py`,
`checks/data/*.csv`), so a changed extractor or an extended alias table never reads stale claims.

The entries are JSON, not pickle: a cache folder another user can write to must not be able to run
code. An entry that cannot be read, or that does not hold claims, is a miss and is written again;
a folder that cannot be written is warned about once and the check goes on without it. Writes go to
a temporary file renamed into place, so two checks at once never see half an entry.
"""

from __future__ import annotations

import contextlib
import functools
import hashlib
import json
import os
import tempfile
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from checks.claims import Claim, ClaimKind, Qualifier, Quantity
from checks.documents import Document
from checks.inputs import InputOptions
from checks.paths import local_path

__all__ = ["EXTRACTOR_VERSION", "ClaimCache", "cached_claims", "claims_from_json", "claims_to_json", "extractor_version"]

#: Raise when extraction changes in a way the code fingerprint would not show.
EXTRACTOR_VERSION = "1"
_ENGINE = Path(__file__).resolve().parent


@dataclass
class ClaimCache:
    """Claims on disk, keyed by document content and extractor version; counts its hits and misses."""

    folder: Path
    version: str = ""
    hits: int = 0
    misses: int = 0
    on_warning: Callable[[str], None] | None = field(default=None, repr=False)
    _disabled: bool = field(default=False, repr=False)

    def __post_init__(self) -> None:
        self.folder = local_path(self.folder)
        self.version = self.version or extractor_version()

    @classmethod
    def at(cls, options: InputOptions) -> ClaimCache | None:
        """The cache the input options name (their cache_dir), or None when they name none."""
        if options.cache_dir is None:
            return None
        return cls(Path(options.cache_dir), on_warning=options.warn)

    def key(self, document: Document) -> str:
        """What a document's claims depend on, hashed."""
        parts = {
            "sha256": document.sha256,
            "id": document.id,
            "published": document.published.isoformat() if document.published else None,
            "text": hashlib.sha256(document.text.encode("utf-8", "surrogatepass")).hexdigest(),
        }
        return hashlib.sha256(json.dumps(parts, sort_keys=True).encode()).hexdigest()

    def path(self, document: Document) -> Path:
        key = self.key(document)
        return self.folder / "claims" / self.version / key[:2] / f"{key}.json"

    def get(self, document: Document) -> list[Claim] | None:
        """The cached claims of a document, or None (a miss) when there are none or they are unreadable."""
        if self._disabled:
            return None
        try:
            body = self.path(document).read_bytes()
            claims = claims_from_json(body)
        except (OSError, ValueError, KeyError, TypeError, IndexError, AttributeError, RecursionError):
            return None  # missing, damaged or written by another version: a miss
        if any(c.document_id != document.id for c in claims):
            return None
        return claims

    def put(self, document: Document, claims: list[Claim]) -> None:
        """Store a document's claims; a folder that cannot be written turns the cache off, with a warning."""
        if self._disabled:
            return
        target = self.path(document)
        try:
            target.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
            fd, tmp = tempfile.mkstemp(dir=target.parent, prefix=".claims-", suffix=".tmp")
            try:
                with os.fdopen(fd, "wb") as handle:
                    handle.write(claims_to_json(claims))
                os.replace(tmp, target)
            except BaseException:
                with contextlib.suppress(OSError):
                    os.unlink(tmp)
                raise
        except OSError as exc:
            self._disabled = True
            message = f"the claims cache at {self.folder} cannot be written ({exc.strerror or exc}); going on without it"
            if self.on_warning is not None:
                self.on_warning(message)


def cached_claims(document: Document, cache: ClaimCache | None, extract: Callable[[Document], list[Claim]]) -> list[Claim]:
    """A document's claims: from the cache when it holds them, else extracted (and cached)."""
    if cache is None:
        return extract(document)
    found = cache.get(document)
    if found is not None:
        cache.hits += 1
        return found
    cache.misses += 1
    claims = extract(document)
    cache.put(document, claims)
    return claims


@functools.lru_cache(maxsize=1)
def extractor_version() -> str:
    """EXTRACTOR_VERSION and a fingerprint of the engine's code and data tables."""
    digest = hashlib.sha256()
    for path in sorted([*_ENGINE.glob("*.py"), *(_ENGINE / "data").glob("*.csv")]):
        digest.update(path.name.encode())
        with contextlib.suppress(OSError):
            digest.update(path.read_bytes())
    return f"v{EXTRACTOR_VERSION}-{digest.hexdigest()[:16]}"


# -- JSON -------------------------------------------------------------------------------


def claims_to_json(claims: list[Claim]) -> bytes:
    """Claims as JSON bytes (every field, infinity included as JSON's Infinity)."""
    return json.dumps([_claim_json(c) for c in claims], ensure_ascii=False, separators=(",", ":")).encode("utf-8")


def claims_from_json(body: bytes) -> list[Claim]:
    """Claims back from `claims_to_json`; ValueError, KeyError or TypeError when they are not that."""
    items = json.loads(body)
    if not isinstance(items, list):
        raise ValueError("not a list of claims")
    return [_claim(item) for item in items]


def _claim_json(claim: Claim) -> dict:
    quantity = claim.quantity
    return {
        "id": claim.id,
        "document_id": claim.document_id,
        "kind": claim.kind.value,
        "text": claim.text,
        "start": claim.start,
        "end": claim.end,
        "subject": claim.subject,
        "as_of": claim.as_of.isoformat() if claim.as_of else None,
        "quantity": None if quantity is None else {
            "value": quantity.value, "unit": quantity.unit, "low": quantity.low, "high": quantity.high,
            "qualifier": quantity.qualifier.value, "measure": quantity.measure, "change": quantity.change,
            "exchanged": quantity.exchanged,
        },
        "speaker": claim.speaker,
        "date_range": [d.isoformat() for d in claim.date_range] if claim.date_range else None,
        "detail": claim.detail,
        "context": claim.context,
        "entities": sorted(claim.entities),
        "denies": claim.denies,
        "elsewhere": sorted(claim.elsewhere),
    }


def _claim(item: dict) -> Claim:
    quantity = item["quantity"]
    date_range = item["date_range"]
    return Claim(
        id=_str(item["id"]),
        document_id=_str(item["document_id"]),
        kind=ClaimKind(item["kind"]),
        text=_str(item["text"]),
        start=_int(item["start"]),
        end=_int(item["end"]),
        subject=_opt_str(item["subject"]),
        as_of=date.fromisoformat(item["as_of"]) if item["as_of"] else None,
        quantity=None if quantity is None else Quantity(
            value=float(quantity["value"]), unit=_opt_str(quantity["unit"]), low=float(quantity["low"]),
            high=float(quantity["high"]), qualifier=Qualifier(quantity["qualifier"]),
            measure=_str(quantity["measure"]), change=_opt_str(quantity["change"]),
            exchanged=_opt_str(quantity["exchanged"]),
        ),
        speaker=_opt_str(item["speaker"]),
        date_range=(date.fromisoformat(date_range[0]), date.fromisoformat(date_range[1])) if date_range else None,
        detail=_opt_str(item["detail"]),
        context=_str(item["context"]),
        entities=frozenset(_str(e) for e in item["entities"]),
        denies=None if item["denies"] is None else float(item["denies"]),
        elsewhere=frozenset(_str(e) for e in item["elsewhere"]),
    )


def _str(value: object) -> str:
    if not isinstance(value, str):
        raise TypeError(f"expected text, found {type(value).__name__}")
    return value


def _opt_str(value: object) -> str | None:
    return None if value is None else _str(value)


def _int(value: object) -> int:
    if isinstance(value, bool) or not isinstance(value, int):
        raise TypeError(f"expected an integer, found {type(value).__name__}")
    return value

"""People and institutions across transliterations and spellings.

A name is reduced to a spelling key: anyascii transliteration, lower case, then rules that fold the
usual Slavic romanisation variants (y/i/j, kh/h, ks/x, doubled letters, -iy/-yi/-ii endings). Keys
are compared with Jaro-Winkler so small differences still meet. A table of known aliases
(`checks/data/name_aliases.csv`, extendable by users) gives the canonical spelling and what a
person speaks for ("the Kremlin" for Putin), so a quote given to an institution can meet its speaker.
"""

from __future__ import annotations

import csv
import re
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from pathlib import Path

import jellyfish
from anyascii import anyascii

__all__ = ["ROLE_HEADS", "ROLE_LOGIST", "ROLE_VERBS", "TOP_POSTS", "NameBook", "default_name_book", "name_key",
           "strip_titles"]

_SPELLING_RULES: tuple[tuple[str, str], ...] = (
    (r"[^a-z ]", ""),
    # particles join the surname: "van der Sloot" is "Vandersloot", "de la Cruz" "Delacruz"
    (r"\b(van|von|de|der|den|da|di|del|della|du|des|la|le|ten|ter)\s+(?=[a-z])", r"\1"),
    (r"x", "ks"),
    (r"kh", "h"),
    (r"ck", "k"),
    (r"t?z\b", "c"),  # a final z (ts) is c in Czech and Polish spelling: Lenz/Lenc, Kuntz/Kunc
    (r"w", "v"),
    (r"ph", "f"),
    (r"(?<=[a-z])[bm]h", "v"),  # Irish spelling inside a name: Dearbhla/Dervla, Niamh/Neave
    (r"[yj]", "i"),
    (r"ie\b", "i"),
    (r"([a-z])\1+", r"\1"),
    (r"ei\b", "i"),
)
_TITLES = {
    "president", "prime", "minister", "gen", "general", "col", "colonel", "maj", "major",
    "lt", "lieutenant", "sergeant", "admiral", "commander", "chief", "in", "army", "acting", "governor", "deputy",
    "spokesman", "spokeswoman", "spokesperson", "mr", "mrs", "ms", "dr", "sen", "senator", "rep", "foreign",
    "defence", "defense", "interior", "secretary", "press", "adviser", "advisor", "aide",
    "analyst", "the", "us", "u.s.", "ukrainian", "russian", "top", "regional", "head", "professor", "prof",
    "sir", "dame", "cllr", "councillor",
}

#: Words that end a role ("Fire Chief", "chief glaciologist"); extraction finds roles with them too.
ROLE_HEADS = frozenset({
    "president", "commander", "governor", "minister", "spokesman", "spokeswoman", "spokesperson", "general",
    "secretary", "coordinator", "aide", "adviser", "advisor", "mayor", "prosecutor", "executive", "chief", "head",
    "judge", "manager", "director", "chairman", "chairwoman", "chair", "ceo", "leader", "inspector",
    "superintendent", "commissioner", "ambassador", "sheriff", "coach", "officer", "envoy", "senator", "captain",
    "chancellor", "rector", "dean", "provost", "treasurer", "registrar", "curator", "warden", "administrator",
    "premier", "councillor", "councilor", "founder", "editor", "auditor", "ombudsman", "economist", "alderman",
    "alderwoman", "scientist", "engineer", "ranger", "forecaster", "investigator", "keeper", "zookeeper", "master",
    "lieutenant", "colonel", "sergeant", "admiral", "brigadier", "constable", "detective", "member",
    "statistician", "historian", "researcher", "lecturer", "physicist", "chemist", "forester", "surveyor",
    "architect", "planner", "organiser", "organizer", "conservator", "convenor", "convener", "steward", "botanist",
    "astronomer", "astrophysicist", "teacher", "headteacher", "headmaster", "headmistress", "principal",
    "analyst", "arborist", "clerk", "archivist", "librarian", "veterinarian", "representative",
    "farmer", "grower", "winegrower", "winemaker", "nurse", "matron", "midwife", "paramedic", "pharmacist",
    "physician", "clockmaker", "watchmaker", "mp", "mep", "lawmaker", "legislator", "coxswain",
})
#: Verbs that tell a role ("Marc Delbosc, who leads the growers' federation"), with the role each tells.
ROLE_VERBS = {"chairs": "chair", "heads": "head", "leads": "leader", "directs": "director", "manages": "manager",
              "governs": "governor", "coaches": "coach", "edits": "editor", "commands": "commander",
              "founded": "founder", "co-founded": "co-founder", "runs": "head"}
#: The top posts of a body: one who leads, heads or runs it holds whichever of them it has.
TOP_POSTS = frozenset({"president", "chair", "chief", "head", "leader", "director", "executive", "governor"})
#: Specialists whose title ends in -logist ("glaciologist", "vulcanologist").
ROLE_LOGIST = r"(?:glacio|seismo|meteoro|volcano|vulcano|climato|hydro|geo|bio|viro|crimino|socio|psycho|patho|" \
              r"toxico|cardio|onco|radio|eco|epidemio|ornitho|zoo|archaeo|entomo)logist|(?:demo|oceano|carto)grapher"


def _is_role_head(word: str) -> bool:
    word = word.lower().rstrip(".,")
    return word in ROLE_HEADS or re.fullmatch(ROLE_LOGIST, word) is not None


@lru_cache(maxsize=65536)
def name_key(name: str) -> str:
    """The spelling key of a name: 'Oleksander Sirski' and 'Oleksandr Syrskyi' meet."""
    key = anyascii(name).lower()
    for pattern, replacement in _SPELLING_RULES:
        key = re.sub(pattern, replacement, key)
    return " ".join(key.split())


def strip_titles(name: str) -> str:
    """Drop leading titles and roles: 'Army commander Oleksander Sirski' -> 'Oleksander Sirski'."""
    words = name.replace("’", "'").split()
    # "Transport Minister Aleksandr Vostrikov", "Central Bank Governor Marek Halloran": the name
    # follows the last role word
    heads = [i for i, word in enumerate(words[:-1]) if _is_role_head(word.split("-")[-1])]
    if heads:
        words = words[heads[-1] + 1:]
    while len(words) > 1 and words[0].lower().rstrip(".,") in _TITLES:
        words.pop(0)
    return " ".join(words)


@dataclass(frozen=True)
class Person:
    canonical: str
    keys: frozenset[str]
    speaks_for: frozenset[str]


class NameBook:
    """Known people with their spellings; resolves any written name to a canonical one."""

    def __init__(self, people: list[Person]):
        self._people = people
        self._by_key = {key: person for person in people for key in person.keys}
        self._found: dict[str, Person | None] = {}  # written name -> person, memoised: names repeat

    @classmethod
    def from_csv(cls, path: Path | None = None) -> "NameBook":
        text = (
            path.read_text(encoding="utf-8")
            if path
            else resources.files("checks.data").joinpath("name_aliases.csv").read_text(encoding="utf-8")
        )
        people = []
        for row in csv.DictReader(text.splitlines()):
            spellings = [row["canonical"], *filter(None, row["alias"].split(";"))]
            keys = frozenset(name_key(s) for s in spellings)
            speaks_for = frozenset(name_key(s) for s in (row.get("speaks_for") or "").split(";") if s)
            people.append(Person(row["canonical"], keys, speaks_for))
        return cls(people)

    def canonical(self, written: str) -> str:
        """The canonical spelling of a name, or the written name without its titles."""
        person = self._find(strip_titles(written))
        return person.canonical if person else strip_titles(written)

    def is_known(self, written: str) -> bool:
        """True when a written name is one of the book's people."""
        return self._find(strip_titles(written)) is not None

    def token(self, word: str) -> str:
        """A single word that spells a known person's name becomes their canonical surname."""
        if not word[:1].isupper() or len(word) < 4:
            return word
        person = self._by_key.get(name_key(word))
        return person.canonical.split()[-1] if person else word

    def same_speaker(self, a: str | None, b: str | None) -> bool:
        """True when two written names (or institutions) can be the same speaker."""
        if not a or not b:
            return False
        pa, pb = self._find(strip_titles(a)), self._find(strip_titles(b))
        if pa and pb:
            return pa is pb
        if pa or pb:
            person, other = (pa, b) if pa else (pb, a)
            other_key = name_key(strip_titles(other))
            if other_key in person.speaks_for:
                return True
            return any(_close(other_key, key) for key in person.keys)
        return _close(name_key(strip_titles(a)), name_key(strip_titles(b)))

    def _find(self, name: str) -> Person | None:
        if name not in self._found:
            self._found[name] = self._look_up(name)
        return self._found[name]

    def _look_up(self, name: str) -> Person | None:
        key = name_key(name)
        if not key:
            return None
        if key in self._by_key:
            return self._by_key[key]
        surname = key.split()[-1]
        if surname in self._by_key:
            return self._by_key[surname]
        for known, person in self._by_key.items():
            if _close(key, known) or _close(surname, known.split()[-1]) and " " not in known:
                return person
        return None


def _close(a: str, b: str) -> bool:
    """Spelling keys this alike name the same person."""
    if not a or not b:
        return False
    if a == b:
        return True
    if (" " in a) != (" " in b):  # "osadchy" and "mykhailo osadchyi": a surname alone
        single, full = (a, b) if " " not in a else (b, a)
        return _close(single, full.split()[-1])
    if min(len(a), len(b)) < 5:
        return False
    return jellyfish.jaro_winkler_similarity(a, b) >= 0.93 or _same_surname_given_variant(a, b)


def _same_surname_given_variant(a: str, b: str) -> bool:
    """'aleksandr vostrikov' and 'oleksandr vostrikov': the same surname, and given names that are one
    name in two languages' spellings (their first letters may differ, which Jaro-Winkler weighs
    heavily), two spellings that sound alike, or an initial and its name."""
    if " " not in a or " " not in b:
        return False
    first_a, *_, surname_a = a.split()
    first_b, *_, surname_b = b.split()
    if jellyfish.jaro_winkler_similarity(surname_a, surname_b) < 0.93:
        return False
    if len(first_a) == 1 or len(first_b) == 1:
        return first_a[0] == first_b[0]
    # "alasdair" and "alistair" sound alike though their letters differ
    return jellyfish.jaro_similarity(first_a, first_b) >= 0.8 or \
        jellyfish.metaphone(first_a) == jellyfish.metaphone(first_b)


@lru_cache(maxsize=1)
def default_name_book() -> NameBook:
    """The name book shipped with crosscheck."""
    return NameBook.from_csv()

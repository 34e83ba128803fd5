"""A seeded corpus of news articles and sources, for measuring crosscheck at scale.

    python -m benchmarks.corpus OUT --articles 100 --sources 1000 [--seed 7]

Each story happens in a made-up place and has measures (area burned or held, settlements, people
evacuated, money, a percentage) whose true values grow over the days. Articles state them (some
right, some wrong, some already out of date); sources report them on their own dates, some with a
conflicting figure, some later. Texts are written from templates, so extraction does real work and
the figures meet, clash and move as in real coverage.
"""

from __future__ import annotations

import argparse
import random
from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path

SYLLABLES = ["kal", "mor", "ven", "dra", "sel", "tur", "bri", "hol", "nes", "vik", "ost", "lun", "gar", "pel", "zor"]
PEOPLE = ["Anna Kowal", "Piotr Lind", "Marta Olsen", "Jonas Petrak", "Irena Dvorak", "Tomas Brandt", "Ilse Varga",
          "Karel Hanak", "Ruth Okafor", "Dario Kessel"]
ROLES = ["regional governor", "fire chief", "mayor", "health minister", "police spokesman"]
HEDGES = ["", "about ", "nearly ", "more than ", "some ", "at least ", "roughly "]


@dataclass(frozen=True)
class Measure:
    """A thing a story counts: how to write it and how fast it grows."""

    noun: str
    unit: str
    start: int
    growth: float
    sentence: str


MEASURES = [
    Measure("area", "square kilometres", 300, 0.12, "{who} said {figure} of the {place} district had burned"),
    Measure("settlements", "villages", 20, 0.10, "{who} said {figure} around {place} had been evacuated"),
    Measure("people", "residents", 8000, 0.15, "{who} said {figure} had left their homes in {place}"),
    Measure("money", "euros", 2_000_000, 0.05, "{who} said the damage in {place} would cost {figure}"),
    Measure("share", "%", 20, 0.03, "{who} said {figure} of households in {place} had lost power"),
]


def place_name(rng: random.Random) -> str:
    return "".join(rng.choice(SYLLABLES) for _ in range(rng.randint(2, 3))).capitalize()


def figure(rng: random.Random, measure: Measure, value: float) -> str:
    hedge = rng.choice(HEDGES)
    if measure.unit == "euros":
        return f"{hedge}€{value / 1e6:.1f} million"
    if measure.unit == "%":
        return f"{hedge}{value:.0f}%"
    return f"{hedge}{value:,.0f} {measure.unit}"


def true_value(measure: Measure, day: int) -> float:
    return measure.start * (1 + measure.growth) ** day


def write_document(folder: Path, name: str, title: str, publisher: str, published: date, body: list[str]) -> Path:
    path = folder / f"{name}.md"
    text = (f"---\ntitle: \"{title}\"\npublisher: {publisher}\npublished: {published.isoformat()}\n"
            f"url: https://example.org/{name}\n---\n" + "\n\n".join(body) + "\n")
    path.write_text(text, encoding="utf-8")
    return path


def sentence_for(rng: random.Random, measure: Measure, place: str, day: int, wrong: bool) -> str:
    value = true_value(measure, day) * (rng.uniform(0.4, 0.6) if wrong else rng.uniform(0.97, 1.03))
    who = f"{rng.choice(ROLES).capitalize()} {rng.choice(PEOPLE)}"
    return measure.sentence.format(who=who, figure=figure(rng, measure, value), place=place).rstrip(".") + "."


def generate(out: Path, articles: int, sources: int, seed: int = 7) -> tuple[list[Path], list[Path]]:
    """Write `articles` articles and `sources` sources under out/articles and out/sources."""
    rng = random.Random(seed)
    (out / "articles").mkdir(parents=True, exist_ok=True)
    (out / "sources").mkdir(parents=True, exist_ok=True)
    stories = max(1, articles)
    places = [place_name(rng) for _ in range(stories)]
    start = date(2024, 6, 1)
    article_paths, source_paths = [], []
    for index in range(articles):
        place = places[index % stories]
        day = rng.randint(3, 20)
        body = [sentence_for(rng, m, place, day, wrong=rng.random() < 0.15)
                for m in rng.sample(MEASURES, k=rng.randint(3, len(MEASURES)))]
        body.append(f'"We are doing everything we can for {place}," {rng.choice(PEOPLE)} said on the day.')
        article_paths.append(write_document(out / "articles", f"article-{index:05d}",
                                            f"Disaster in {place}, day {day}", "Corpus Daily", start + timedelta(day), body))
    for index in range(sources):
        place = places[index % stories]
        day = rng.randint(1, 28)
        body = [sentence_for(rng, m, place, day, wrong=rng.random() < 0.1)
                for m in rng.sample(MEASURES, k=rng.randint(2, 4))]
        folder = out / "sources" / story_folder(index % stories)
        folder.mkdir(exist_ok=True)
        source_paths.append(write_document(folder, f"source-{index:06d}",
                                           f"{place} update, day {day}", "Corpus Wire", start + timedelta(day), body))
    return article_paths, source_paths


def story_folder(story: int) -> str:
    """The folder under sources/ of one story's sources (article n belongs to story n)."""
    return f"story-{story:05d}"


def write_watchlist(out: Path, articles: int) -> Path:
    """A watch list of the corpus: each article with its own story's sources."""
    lines = ["name: corpus", "articles:"]
    for index in range(articles):
        lines.append(f"  - article: articles/article-{index:05d}.md")
        lines.append(f"    sources: [sources/{story_folder(index)}]")
    path = out / "watchlist.yaml"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("out", type=Path)
    parser.add_argument("--articles", type=int, default=100)
    parser.add_argument("--sources", type=int, default=1000)
    parser.add_argument("--seed", type=int, default=7)
    args = parser.parse_args()
    generate(args.out, args.articles, args.sources, args.seed)
    write_watchlist(args.out, args.articles)


if __name__ == "__main__":
    main()

"""A watch-list re-run reuses the runs of articles whose inputs did not change, and checks the others."""

from __future__ import annotations

import shutil
from pathlib import Path

from flows.verify_watchlist import verify_watchlist

EXAMPLES = Path(__file__).resolve().parent.parent / "examples"


def runs_of(store: Path) -> dict[str, int]:
    return {article.name: sum(p.is_dir() for p in article.iterdir()) for article in store.iterdir()}


def test_only_articles_with_changed_inputs_are_checked_again(prefect_api, tmp_path):
    shutil.copytree(EXAMPLES, tmp_path / "examples")
    watchlist = tmp_path / "examples" / "watchlist.yaml"
    store = tmp_path / "reports"
    first = verify_watchlist(str(watchlist), str(store))
    assert all(o["changes"]["first"] for o in first["articles"])
    counts = runs_of(store)
    assert set(counts.values()) == {1}

    source = next((tmp_path / "examples" / "harbour-ferry" / "sources").glob("*.md"))
    source.write_text(source.read_text(encoding="utf-8") + "\nA later note adds nothing to check.\n", encoding="utf-8")
    second = verify_watchlist(str(watchlist), str(store))
    reused = {o["article_id"]: o["reused"] for o in second["articles"]}
    assert reused == {"ukraine-kursk-incursion-week-one": True, **{k: False for k in reused if "kursk" not in k}}
    after = runs_of(store)
    assert after["ukraine-kursk-incursion-week-one"] == 1
    assert [after[k] for k in after if "kursk" not in k] == [2]

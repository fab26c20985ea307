"""Many distinct, realistic articles for tests that need volume (concurrency, kill -9, Dask).

Each article is a random choice of paragraphs from the five seed articles with a numbered
headline, so articles differ, cluster like real reposts now and then, and go through the
whole processing pipeline (repairs, boilerplate removal, flags).
"""

from __future__ import annotations

import json
import random
import re
from pathlib import Path

SEEDS = Path(__file__).resolve().parents[1].parent / "shared" / "corpus" / "seeds"


def _paragraphs() -> list[str]:
    found: list[str] = []
    for path in sorted(SEEDS.glob("*.txt")):
        text = path.read_text(encoding="utf-8")
        found += [p.strip() for p in re.split(r"\n\s*\n|\n", text) if len(p.split()) >= 12]
    return found


def article(i: int, rng: random.Random, paragraphs: list[str], n_paragraphs: int = 2) -> str:
    """Article number ``i``: a headline and ``n_paragraphs`` seed paragraphs."""
    picked = rng.sample(paragraphs, n_paragraphs)
    return f"Report {i}: talks update number {i}\n\n" + "\n\n".join(picked) + "\n"


def write_texts(
    folder: Path, start: int, stop: int, seed: int = 7, n_paragraphs: int = 2
) -> list[Path]:
    """Articles ``start..stop-1`` as ``folder/NNNNNN.txt``; the paths written."""
    folder.mkdir(parents=True, exist_ok=True)
    paragraphs = _paragraphs()
    paths = []
    for i in range(start, stop):
        rng = random.Random(seed * 1_000_003 + i)
        path = folder / f"{i:06d}.txt"
        path.write_text(article(i, rng, paragraphs, n_paragraphs), encoding="utf-8")
        paths.append(path)
    return paths


def write_jsonl(
    path: Path, start: int, stop: int, seed: int = 11, n_paragraphs: int = 2
) -> Path:
    """Articles ``start..stop-1`` as one JSONL file with ``id`` fields."""
    path.parent.mkdir(parents=True, exist_ok=True)
    paragraphs = _paragraphs()
    with path.open("w", encoding="utf-8") as out:
        for i in range(start, stop):
            rng = random.Random(seed * 1_000_003 + i)
            body = article(i, rng, paragraphs, n_paragraphs)
            record = {"id": f"r{i}", "title": f"Record {i}", "text": body}
            out.write(json.dumps(record) + "\n")
    return path

"""Scoring of extraction against the talks articles (tests/data/talks).

The articles were gathered from public news pages (each file's front matter gives its URL) and
annotated in tests/data/talks/gold.yaml before rules were tuned on them. Rules are tuned on the
``dev`` split only (which now includes the first test split, scored once before it was moved
there); the ``test2`` split (sources and retrieval in ``test2/manifest.yaml``) is scored once
and reported in README.

Run ``python tests/extract/talks_gold.py dev`` to print the scores and every miss.
"""

from __future__ import annotations

import functools
import sys
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from accord.corpus.process import process_bytes
from accord.corpus.readers import SourceFile
from accord.extract.nlp import load_pipeline
from accord.extract.pipeline import ArticleExtraction, Extractor
from accord.extract.registry import ActorRegistry

DATA = Path(__file__).resolve().parents[1] / "data" / "talks"
GOLD = DATA / "gold.yaml"


@dataclass
class Score:
    """Counts of one split, with the misses and false statements for reading."""

    predicted: int = 0
    gold: int = 0
    matched: int = 0
    inverted: int = 0
    strength_right: int = 0
    target_right: int = 0
    misses: list[str] = field(default_factory=list)
    false: list[str] = field(default_factory=list)

    @property
    def precision(self) -> float:
        return self.matched / self.predicted if self.predicted else 1.0

    @property
    def recall(self) -> float:
        return self.matched / self.gold if self.gold else 1.0


def gold(split: str) -> dict[str, Any]:
    data: dict[str, Any] = yaml.safe_load(GOLD.read_text(encoding="utf-8"))[split]
    return data


@functools.lru_cache(maxsize=64)
def extracted(split: str, name: str) -> tuple[str, ArticleExtraction]:
    raw = next(SourceFile(str(DATA / split / f"{name}.txt"), "text").read())
    assert not hasattr(raw, "error")
    text = process_bytes(raw.raw, kind="text").text  # type: ignore[union-attr]
    ex = _extractor()
    art = next(iter(ex.extract([(text, raw.published)])))  # type: ignore[union-attr]
    return text, art


@functools.lru_cache(maxsize=1)
def _extractor() -> Extractor:
    return Extractor(load_pipeline(), ActorRegistry.default())


def _same_direction(pred: str, want: str) -> bool:
    return pred == want or {pred, want} == {"wants", "demands"}


def score_positions(split: str) -> Score:
    """One-to-one matching: holder (or an accepted alternative), issue, direction, sentence."""
    sc = Score()
    for name, items in gold(split).items():
        text, art = extracted(split, name)
        preds = list(art.positions)
        sc.predicted += len(preds)
        wanted = (items or {}).get("positions", [])
        sc.gold += len(wanted)
        used: set[int] = set()
        for item in wanted:
            assert item["text"] in text, (name, item["text"])
            holders = {item["holder"], *item.get("alt", [])}
            hit = None
            for i, p in enumerate(preds):
                if i in used or item["text"] not in p.text:
                    continue
                if p.actor_id in holders and p.issue == item["issue"]:
                    if _same_direction(p.direction, item["direction"]):
                        hit = i
                        break
                    if "refuses" in {p.direction, item["direction"]}:
                        sc.inverted += 1
            if hit is None:
                sc.misses.append(f"{name}: {item}")
                continue
            used.add(hit)
            sc.matched += 1
            p = preds[hit]
            sc.strength_right += getattr(p, "strength", None) == item.get("strength")
            sc.target_right += getattr(p, "target", None) == item.get("target")
        for i, p in enumerate(preds):
            if i not in used:
                sc.false.append(f"{name}: {p.actor_id} {p.direction} {p.issue} | {p.text[:150]}")
    return sc


def main(split: str) -> None:
    sc = score_positions(split)
    n = len(gold(split))
    print(f"{split}: {n} articles, {sc.gold} gold positions, {sc.predicted} predicted, "
          f"{sc.matched} matched: P={sc.precision:.2f} R={sc.recall:.2f} "
          f"inverted={sc.inverted} strength {sc.strength_right}/{sc.matched} "
          f"target {sc.target_right}/{sc.matched}")
    for m in sc.misses:
        print("MISS", m)
    for f in sc.false:
        print("FALSE", f)


if __name__ == "__main__":
    main(sys.argv[1] if len(sys.argv) > 1 else "dev")

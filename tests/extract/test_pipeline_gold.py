"""Precision and recall of figures, dates and events against hand annotations
(tests/gold/seeds.yaml) on the five seed articles, run through the real pipeline: the seeds'
bytes are cleaned by ``accord.corpus.process.process_bytes`` (what ``accord ingest`` stores),
parsed by the real spaCy model, actors resolved by the real registry.

Matching (one-to-one, in text order):

* figure / date: the predicted span overlaps the gold span; the *value* score then counts
  matched items whose normalised value (and unit / precision) equals the gold value;
* event: the predicted trigger word lies inside the gold trigger; the type, participant,
  place and date scores are then measured over matched events.

Floors sit a little under the scores measured when the gold file was written (printed by
``pytest -s`` and recorded in docs/extract-pipeline.md) so that a regression fails while
parse noise does not.
"""

from __future__ import annotations

import datetime as dt
import functools
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest
import yaml

from accord.corpus.process import process_bytes
from accord.extract.nlp import load_pipeline
from accord.extract.pipeline import ArticleExtraction, Extractor
from accord.extract.registry import ActorRegistry

GOLD = Path(__file__).resolve().parents[1] / "gold" / "seeds.yaml"

# Measured when the gold file was written (see docs/extract-pipeline.md):
#   figures P=1.00 R=1.00 value=1.00 (11 gold); dates P=1.00 R=0.96 value=0.96 (24 gold);
#   events P=0.82 R=0.98 type=0.97 participants=0.83 place=0.86 date=0.83 (42 gold).
# Floors leave room for one or two items of parse noise per score on this small sample.
FLOORS = {
    "figures_precision": 0.90,
    "figures_recall": 0.90,
    "figures_value": 0.90,
    "dates_precision": 0.90,
    "dates_recall": 0.88,
    "dates_value": 0.88,
    "events_precision": 0.72,
    "events_recall": 0.85,
    "events_type": 0.90,
    "events_participants": 0.72,
    "events_place": 0.70,
    "events_date": 0.65,
}


def locate(text: str, needle: str, context: str | None = None) -> tuple[int, int]:
    """Span of the first ``needle`` in ``text`` at or after the start of ``context``."""
    base = 0
    if context is not None:
        base = text.find(context)
        assert base >= 0, f"gold context {context!r} not found in the cleaned text"
    start = text.find(needle, base)
    assert start >= 0, f"gold text {needle!r} not found in the cleaned text"
    return start, start + len(needle)


@functools.lru_cache(maxsize=1)
def gold() -> dict[str, Any]:
    return dict(yaml.safe_load(GOLD.read_text(encoding="utf-8"))["seeds"])


@dataclass
class Score:
    predicted: int = 0
    gold: int = 0
    matched_pred: int = 0
    matched_gold: int = 0
    attr_ok: dict[str, int] = field(default_factory=dict)
    attr_n: dict[str, int] = field(default_factory=dict)

    def precision(self) -> float:
        return self.matched_pred / self.predicted if self.predicted else 1.0

    def recall(self) -> float:
        return self.matched_gold / self.gold if self.gold else 1.0

    def attr(self, name: str) -> float:
        n = self.attr_n.get(name, 0)
        return self.attr_ok.get(name, 0) / n if n else 1.0

    def count(self, name: str, ok: bool) -> None:
        self.attr_n[name] = self.attr_n.get(name, 0) + 1
        self.attr_ok[name] = self.attr_ok.get(name, 0) + int(ok)


def _overlaps(a: tuple[int, int], b: tuple[int, int]) -> bool:
    return a[0] < b[1] and b[0] < a[1]


def _close(a: float | None, b: float | None) -> bool:
    if a is None or b is None:
        return a is None and b is None
    return abs(a - b) <= 1e-9 * max(1.0, abs(b))


def _float(value: Any) -> float | None:
    return None if value is None else float(value)


def _first_overlap(span: tuple[int, int], preds: list[Any], used: set[int]) -> int | None:
    return next(
        (i for i, p in enumerate(preds) if i not in used and _overlaps(span, (p.start, p.end))),
        None,
    )


def _date(value: Any) -> dt.date | None:
    return value if isinstance(value, dt.date) or value is None else dt.date.fromisoformat(value)


@pytest.fixture(scope="module")
def extractions(seeds_dir: Path) -> dict[str, ArticleExtraction]:
    names = sorted(gold())
    texts = [process_bytes((seeds_dir / n).read_bytes(), kind="text").text for n in names]
    published = [_date(gold()[n]["published"]) for n in names]
    extractor = Extractor(load_pipeline())
    results = extractor.extract(zip(texts, published, names, strict=True))
    return {str(r.key): r for r in results}


@pytest.fixture(scope="module")
def registry() -> ActorRegistry:
    return ActorRegistry.default()


def _score_spans(
    extractions: dict[str, ArticleExtraction],
    kind: str,
    correct: Callable[[Any, dict[str, Any]], bool],
) -> Score:
    """Match gold items of ``kind`` to predictions by span overlap; count ``correct`` ones."""
    s = Score()
    for name, ann in gold().items():
        result = extractions[name]
        preds = list(getattr(result, kind))
        s.predicted += len(preds)
        s.gold += len(ann[kind])
        used: set[int] = set()
        for g in ann[kind]:
            span = locate(result.text, g["text"], g.get("context"))
            hit = _first_overlap(span, preds, used)
            if hit is None:
                continue
            used.add(hit)
            s.matched_gold += 1
            s.count("value", correct(preds[hit], g))
        s.matched_pred += len(used)
    return s


def score_figures(extractions: dict[str, ArticleExtraction]) -> Score:
    return _score_spans(
        extractions,
        "figures",
        lambda p, g: p.kind == g["kind"]
        and _close(p.value, float(g["value"]))
        and _close(p.value_high, _float(g.get("value_high")))
        and p.unit == g.get("unit"),
    )


def score_dates(extractions: dict[str, ArticleExtraction]) -> Score:
    return _score_spans(
        extractions,
        "dates",
        lambda p, g: p.value == _date(g["value"]) and p.precision == g["precision"],
    )


def _participant_found(name: str, event: Any, registry: ActorRegistry) -> bool:
    actor = registry.find(name)
    if actor is not None and actor.id in event.participants:
        return True
    return any(name.lower() in t.lower() for t in event.participant_texts)


def score_events(
    extractions: dict[str, ArticleExtraction], registry: ActorRegistry
) -> tuple[Score, list[str]]:
    s = Score()
    misses: list[str] = []
    for name, ann in gold().items():
        result = extractions[name]
        preds = list(result.events)
        s.predicted += len(preds)
        s.gold += len(ann["events"])
        used: set[int] = set()
        for g in ann["events"]:
            span = locate(result.text, g["trigger"], g.get("context"))
            hit = next(
                (
                    i
                    for i, p in enumerate(preds)
                    if i not in used and p.trigger_start is not None
                    and span[0] <= p.trigger_start < span[1]
                ),
                None,
            )
            if hit is None:
                misses.append(f"{name}: missed {g['type']} {g['trigger']!r} ({g.get('context')})")
                continue
            used.add(hit)
            s.matched_gold += 1
            p = preds[hit]
            s.count("type", p.plover == g["type"])
            for who in g.get("participants") or []:
                s.count("participants", _participant_found(who, p, registry))
            if g.get("place"):
                s.count("place", p.place is not None and g["place"] in p.place)
            if g.get("date"):
                s.count("date", p.date == _date(g["date"]))
        s.matched_pred += len(used)
        misses += [
            f"{name}: extra {p.plover} {p.trigger!r} {p.participants}"
            for i, p in enumerate(preds)
            if i not in used
        ]
    return s, misses


def test_gold_file_locates_every_item(extractions: dict[str, ArticleExtraction]) -> None:
    """Every gold item is found in the cleaned text (the annotations survive cleaning)."""
    for name, ann in gold().items():
        text = extractions[name].text
        for g in ann["figures"] + ann["dates"]:
            locate(text, g["text"], g.get("context"))
        for g in ann["events"]:
            locate(text, g["trigger"], g.get("context"))


def test_figures_against_gold(extractions: dict[str, ArticleExtraction]) -> None:
    s = score_figures(extractions)
    print(f"\nfigures: P={s.precision():.2f} R={s.recall():.2f} value={s.attr('value'):.2f}")
    assert s.precision() >= FLOORS["figures_precision"]
    assert s.recall() >= FLOORS["figures_recall"]
    assert s.attr("value") >= FLOORS["figures_value"]


def test_dates_against_gold(extractions: dict[str, ArticleExtraction]) -> None:
    s = score_dates(extractions)
    print(f"\ndates: P={s.precision():.2f} R={s.recall():.2f} value={s.attr('value'):.2f}")
    assert s.precision() >= FLOORS["dates_precision"]
    assert s.recall() >= FLOORS["dates_recall"]
    assert s.attr("value") >= FLOORS["dates_value"]


def test_events_against_gold(
    extractions: dict[str, ArticleExtraction], registry: ActorRegistry
) -> None:
    s, misses = score_events(extractions, registry)
    print(
        f"\nevents: P={s.precision():.2f} R={s.recall():.2f} type={s.attr('type'):.2f} "
        f"participants={s.attr('participants'):.2f} place={s.attr('place'):.2f} "
        f"date={s.attr('date'):.2f}\n" + "\n".join(misses)
    )
    assert s.precision() >= FLOORS["events_precision"]
    assert s.recall() >= FLOORS["events_recall"]
    assert s.attr("type") >= FLOORS["events_type"]
    assert s.attr("participants") >= FLOORS["events_participants"]
    assert s.attr("place") >= FLOORS["events_place"]
    assert s.attr("date") >= FLOORS["events_date"]


def test_relative_dates_without_publication_date_are_not_guessed(
    extractions: dict[str, ArticleExtraction],
) -> None:
    """Seeds without a stated date: every relative date has value None."""
    for name, ann in gold().items():
        if ann["published"] is not None:
            continue
        for d in extractions[name].dates:
            if d.relative:
                assert d.value is None, (name, d)

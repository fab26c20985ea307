"""Scoring of extraction against the talks articles (tests/data/talks).

The articles were gathered from public news pages and annotated in tests/data/talks/gold.yaml
from their texts only, before any extraction was run on them; each split's sources, retrieval and
overlap checks are in its ``manifest.yaml`` (dev keeps its older layout: front matter, and
``dev/test2-manifest.yaml`` for the test2 split moved into it), and gold.yaml's header and README
("Accuracy on outside articles") record how and when each was built, reviewed and scored.

Three kinds of split:

* ``dev``: where the first rules were tuned (it holds the first test split and test2, each
  scored once before it was moved in);
* blind test splits ``test3`` … ``test28``: each built with no URL, site, outlet or sentence of
  the splits before it (test8 on; checked by ``test_talks_splits.py``), fixed before the rules
  it scores were written (from test12 on, merged before the round's rules were committed), and
  scored exactly once on that round's code. A scored split is
  spent and joins :data:`SPENT_SPLITS` when the next round starts; the splits not yet in it are
  the newest round's;
* training splits (:data:`TRAIN_SPLITS`): built the same way but for training and tuning the
  learned components, never scored as blind tests (each was scored once on the current rules
  when merged, before anything was tuned on it).

``devall`` scores dev with the spent and training splits together (folded in without moving their
files or their gold), while each stays scorable alone: it is the development set of each round.

Run ``python tests/extract/talks_gold.py devall`` to print the scores and every miss; add
``--learned`` to score the learned pass (an option, off by default) in the same run, or
``--stages`` to count the gold statements by where the issue lexicon names their issue and how
far the extractor got with them (``stage_counts``).
"""

from __future__ import annotations

import copy
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

# Blind splits that were scored once and are development data since; ``devall`` is dev with them.
SPENT_SPLITS: tuple[str, ...] = (
    "test3", "test4", "test5", "test6", "test7", "test8", "test9", "test10", "test11",
    "test12", "test13", "test14", "test15", "test16", "test17", "test18", "test19", "test20",
    "test21", "test22", "test23", "test24", "test25", "test26", "test27")
# Development splits annotated for training and tuning, never scored as blind tests.
TRAIN_SPLITS: tuple[str, ...] = ("train1", "train2", "train3", "train4", "train5")
UNIONS: dict[str, tuple[str, ...]] = {"devall": ("dev", *SPENT_SPLITS, *TRAIN_SPLITS)}


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
    inversions: list[str] = field(default_factory=list)

    @property
    def precision(self) -> float:
        return self.matched / self.predicted if self.predicted else 1.0

    @property
    def recall(self) -> float:
        return self.matched / self.gold if self.gold else 1.0


def gold(split: str) -> dict[str, Any]:
    """The annotations of one split (a copy: callers may change it)."""
    data: dict[str, Any] = copy.deepcopy(_gold_file()[split])
    return data


@functools.lru_cache(maxsize=1)
def _gold_file() -> dict[str, Any]:
    # parsed once per process, by libyaml when present (the pure-Python parser takes ~0.9 s
    # for the file, and the tests ask for splits hundreds of times)
    loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
    data: dict[str, Any] = yaml.load(GOLD.read_text(encoding="utf-8"), Loader=loader)
    return data


@functools.lru_cache(maxsize=64)
def extracted(split: str, name: str, learned: bool = False) -> tuple[str, ArticleExtraction]:
    raw = next(SourceFile(str(DATA / split / f"{name}.txt"), "text").read())
    assert not hasattr(raw, "error")
    text = process_bytes(raw.raw, kind="text").text  # type: ignore[union-attr]
    ex = _learned_extractor() if learned else _extractor()
    art = next(iter(ex.extract([(text, raw.published)])))  # type: ignore[union-attr]
    return text, art


@functools.lru_cache(maxsize=1)
def _extractor() -> Extractor:
    return Extractor(load_pipeline(), ActorRegistry.default())


@functools.lru_cache(maxsize=1)
def _learned_extractor() -> Extractor:
    """The default extractor with the learned pass on (its packaged weights)."""
    from accord.extract.position_model import LogisticModel

    return Extractor(load_pipeline(), ActorRegistry.default(), position_model=LogisticModel.load())


def _same_direction(pred: str, want: str) -> bool:
    return pred == want or {pred, want} == {"wants", "demands"}


def statement_matches(item: dict[str, Any], p: Any) -> bool:
    """Whether the extracted statement ``p`` is the gold ``item``, as :func:`score_article`
    matches them (its text holds the gold text; holder or an accepted alternative, issue and
    direction agree, wants and demands as one)."""
    return (item["text"] in p.text and p.actor_id in {item["holder"], *(item.get("alt") or [])}
            and p.issue == item["issue"] and _same_direction(p.direction, item["direction"]))


def moved_test2() -> set[str]:
    """Names of the dev articles that were the test2 split (scored once, then moved into dev)."""
    data = yaml.safe_load((DATA / "dev" / "test2-manifest.yaml").read_text(encoding="utf-8"))
    return {Path(a["file"]).stem for a in data["articles"]}


def splits_of(split: str) -> tuple[str, ...]:
    """The stored splits a split name stands for: itself, or the members of a union."""
    return UNIONS.get(split, (split,))


def articles(split: str) -> int:
    """Number of annotated articles of a split or union."""
    return sum(len(gold(s)) for s in splits_of(split))


def score_positions(
    split: str, names: set[str] | None = None, *, learned: bool = False
) -> Score:
    """One-to-one matching: holder (or an accepted alternative), issue, direction, sentence.
    ``split`` may be a union (:data:`UNIONS`); ``names`` restricts the score to those articles
    of the split; ``learned`` extracts with the learned pass on (an option, off by default)."""
    sc = Score()
    for part in splits_of(split):
        _score_split(sc, part, names, prefix=f"{part}/" if part != split else "",
                     learned=learned)
    return sc


def _score_split(
    sc: Score, split: str, names: set[str] | None, prefix: str, learned: bool = False
) -> None:
    for name, items in gold(split).items():
        if names is not None and name not in names:
            continue
        text, art = extracted(split, name, learned)
        score_article(sc, f"{prefix}{name}", text, list(art.positions), items)


def score_article(
    sc: Score, label: str, text: str, preds: list[Any], items: dict[str, Any] | None
) -> None:
    """Add one article's predicted statements ``preds`` against its gold ``items`` to ``sc``
    (one-to-one: each gold statement takes the first unused prediction that matches it)."""
    sc.predicted += len(preds)
    wanted = (items or {}).get("positions", [])
    sc.gold += len(wanted)
    used: set[int] = set()
    for item in wanted:
        assert item["text"] in text, (label, item["text"])
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
                    sc.inversions.append(
                        f"{label}: gold {item['holder']} {item['direction']} "
                        f"{item['issue']} | {item['text'][:120]} || extracted "
                        f"{p.actor_id} {p.direction} {p.issue} | {p.text[:150]}")
        if hit is None:
            sc.misses.append(f"{label}: {item}")
            continue
        used.add(hit)
        sc.matched += 1
        p = preds[hit]
        sc.strength_right += getattr(p, "strength", None) == item.get("strength")
        sc.target_right += getattr(p, "target", None) == item.get("target")
    for i, p in enumerate(preds):
        if i not in used:
            sc.false.append(f"{label}: {p.actor_id} {p.direction} {p.issue} | {p.text[:150]}")


@dataclass
class MergeScore:
    """Pairwise scores of event merging: over pairs of gold events from different articles,
    a pair is *gold-same* when both report one meeting, *merged* when the system put both
    events it found for them into one merged event."""

    gold_events: int = 0
    matched: int = 0
    dated: int = 0
    meetings: int = 0
    gold_pairs: int = 0
    merged_pairs: int = 0
    right_pairs: int = 0
    fragments: dict[str, int] = field(default_factory=dict)
    wrong: list[str] = field(default_factory=list)

    @property
    def precision(self) -> float:
        return self.right_pairs / self.merged_pairs if self.merged_pairs else 1.0

    @property
    def recall(self) -> float:
        return self.right_pairs / self.gold_pairs if self.gold_pairs else 1.0


def score_merges(
    splits: tuple[str, ...] = ("dev",), *, window_days: int = 1,
    type_and_date_only: bool = False,
) -> MergeScore:
    """Merge the events extracted from every article of ``splits`` (as `accord timeline`
    does, :func:`accord.extract.event_merge.merge_events`) and score the merges against the
    gold events that carry a ``meeting`` id. Each gold event is the extracted event of its
    article that overlaps its text most. ``type_and_date_only`` is the baseline that merges
    any two events of one type dated within the window (participants and place ignored)."""
    from accord.extract.event_merge import merge_events

    rows: list[dict[str, Any]] = []
    gold_rows: list[tuple[str, str, int | None, str]] = []  # meeting, article, row, text
    sc = MergeScore()
    for split in splits:
        for name, items in gold(split).items():
            text, art = extracted(split, name)
            first = len(rows)
            for e in art.events:
                rows.append({
                    "plover": e.plover, "date": e.date, "place": e.place,
                    "participants": ["any"] if type_and_date_only else list(e.participants),
                    "article_id": name, "published": art.published, "text": e.text,
                    "row": len(rows),
                    "start": e.start, "end": e.end,
                })
                if type_and_date_only:
                    rows[-1]["place"] = None
            for g in (items or {}).get("events", []):
                if "meeting" not in g:
                    continue
                lo = text.index(g["text"])
                hi = lo + len(g["text"])
                best, overlap = None, 0
                for r in rows[first:]:
                    o = min(hi, r["end"]) - max(lo, r["start"])
                    if o > overlap:
                        best, overlap = r["row"], o
                gold_rows.append((g["meeting"], name, best, g["text"]))
    cluster: dict[int, int] = {}
    for k, merged in enumerate(merge_events(rows, window_days=window_days)):
        for m in merged.members:
            cluster[int(m["row"])] = k
    sc.gold_events = len(gold_rows)
    sc.matched = sum(r is not None for _, _, r, _ in gold_rows)
    sc.dated = sum(r is not None and rows[r]["date"] is not None for _, _, r, _ in gold_rows)
    by_meeting: dict[str, set[int]] = {}
    for meeting, _, r, _ in gold_rows:
        by_meeting.setdefault(meeting, set())
        if r is not None:
            by_meeting[meeting].add(cluster.get(r, -1 - r))
    sc.meetings = len(by_meeting)
    sc.fragments = {m: len(c) for m, c in by_meeting.items()}
    for i, (m1, a1, r1, t1) in enumerate(gold_rows):
        for m2, a2, r2, t2 in gold_rows[i + 1:]:
            if a1 == a2:
                continue
            same_gold = m1 == m2
            same_sys = (r1 is not None and r2 is not None and r1 in cluster
                        and cluster.get(r1) == cluster.get(r2))
            sc.gold_pairs += same_gold
            sc.merged_pairs += same_sys
            sc.right_pairs += same_gold and same_sys
            if same_sys and not same_gold:
                sc.wrong.append(f"{a1}: {t1[:60]} + {a2}: {t2[:60]}")
    return sc


def main_merges() -> None:
    """Print event-merge scores with the type-and-date baseline, measured in the same run."""
    for window in (0, 1, 2):
        for base in (False, True):
            sc = score_merges(window_days=window, type_and_date_only=base)
            what = "type+date only (baseline)" if base else "accord merge rule"
            multi = [n for m, n in sc.fragments.items() if n]
            print(f"merges window={window} {what}: {sc.gold_events} gold events in "
                  f"{sc.meetings} meetings ({sc.matched} found, {sc.dated} dated); pairs "
                  f"P={sc.precision:.2f} ({sc.right_pairs}/{sc.merged_pairs}) "
                  f"R={sc.recall:.2f} ({sc.right_pairs}/{sc.gold_pairs}); "
                  f"{sum(multi)} clusters for {len(multi)} meetings")
    sc = score_merges()
    for w in sc.wrong:
        print("WRONG", w)
    for m, n in sc.fragments.items():
        print("FRAGMENTS", m, n)


# How far the extractor got with a gold statement, best first (``stage_of``).
STAGES = ("hit", "direction", "holder", "issue", "nothing")
STAGE_NAMES = {
    "hit": "matched",
    "direction": "right holder and issue, wrong direction",
    "holder": "right issue, wrong holder",
    "issue": "a statement on another issue",
    "nothing": "no statement",
}
# Where the issue lexicon names the gold statement's issue (``lexicon_reach``).
REACHES = ("statement", "sentence", "nowhere")


def stage_of(item: dict[str, Any], preds: list[Any]) -> str:
    """The furthest stage the predictions whose text holds the gold ``item``'s text reached."""
    here = [p for p in preds if item["text"] in p.text]
    holders = {item["holder"], *item.get("alt", [])}
    on_issue = [p for p in here if p.issue == item["issue"]]
    by_holder = [p for p in on_issue if p.actor_id in holders]
    if any(_same_direction(p.direction, item["direction"]) for p in by_holder):
        return "hit"
    if by_holder:
        return "direction"
    if on_issue:
        return "holder"
    return "issue" if here else "nothing"


def lexicon_reach(text: str, item: dict[str, Any], issues: list[tuple[str, int, int, int, int]]
                  ) -> str:
    """``statement`` when a lexicon phrase of the item's issue lies inside the gold text,
    ``sentence`` when only elsewhere in its sentence, else ``nowhere``. ``issues`` holds
    ``(issue, start, end, sentence start, sentence end)`` character spans of the matches."""
    a = text.index(item["text"])
    b = a + len(item["text"])
    mine = [m for m in issues if m[0] == item["issue"]]
    if any(a <= start and end <= b for _, start, end, _, _ in mine):
        return "statement"
    if any(s_start <= a < s_end for _, _, _, s_start, s_end in mine):
        return "sentence"
    return "nowhere"


def stage_counts(split: str) -> dict[tuple[str, str], int]:
    """Gold statements of ``split`` by (lexicon reach, stage): where recall is lost. A gold
    statement whose issue the lexicon does not name is out of reach of every rule."""
    ex = _extractor()
    counts: dict[tuple[str, str], int] = {}
    for part in splits_of(split):
        for name, items in gold(part).items():
            text, art = extracted(part, name)
            doc = ex.nlp(text)
            issues = [
                (doc.vocab.strings[m], doc[s:e].start_char, doc[s:e].end_char,
                 doc[s].sent.start_char, doc[s].sent.end_char)
                for m, s, e in ex.lexicon.matcher(doc.vocab)(doc)
            ]
            for item in (items or {}).get("positions", []):
                key = (lexicon_reach(text, item, issues), stage_of(item, list(art.positions)))
                counts[key] = counts.get(key, 0) + 1
    return counts


def main_stages(split: str) -> None:
    """Print the gold statements of ``split`` by lexicon reach and stage reached."""
    counts = stage_counts(split)
    total = sum(counts.values())
    print(f"{split}: {total} gold statements, by where the lexicon names the issue "
          f"(rows) and how far the extractor got (columns)")
    print("| issue named | " + " | ".join(STAGE_NAMES[s] for s in STAGES) + " | all |")
    print("|---" * (len(STAGES) + 2) + "|")
    for reach in REACHES:
        row = [counts.get((reach, s), 0) for s in STAGES]
        label = "nowhere" if reach == "nowhere" else f"in the {reach}"
        print(f"| {label} | " + " | ".join(map(str, row)) + f" | {sum(row)} |")
    named = sum(n for (r, _), n in counts.items() if r != "nowhere")
    print(f"ceiling of lexicon-based rules: {named}/{total} = {named / total:.2f}")


def _summary(split: str, sc: Score, label: str = "") -> str:
    return (f"{split}{label}: {articles(split)} articles, {sc.gold} gold positions, {sc.predicted} "
            f"predicted, {sc.matched} matched: P={sc.precision:.2f} R={sc.recall:.2f} "
            f"inverted={sc.inverted} strength {sc.strength_right}/{sc.matched} "
            f"target {sc.target_right}/{sc.matched}")


def main(split: str, learned: bool = False) -> None:
    """Print the scores of a split (and of each member of a union) and every miss; with
    ``learned`` also the scores with the learned pass on, in the same run, and what it added
    (on devall those are in-sample: its weights were trained there)."""
    parts = splits_of(split)
    if len(parts) > 1:
        for part in parts:
            print(_summary(part, score_positions(part)))
    sc = score_positions(split)
    print(_summary(split, sc))
    for inv in sc.inversions:
        print("INVERTED", inv)
    for m in sc.misses:
        print("MISS", m)
    for f in sc.false:
        print("FALSE", f)
    if learned:
        both = score_positions(split, learned=True)
        print(_summary(split, both, " with the learned pass"))
        for inv in both.inversions:
            print("INVERTED (learned pass on)", inv)
        for f in sorted(set(both.false) - set(sc.false)):
            print("FALSE (added by the learned pass)", f)
        for m in sorted(set(sc.misses) - set(both.misses)):
            print("FOUND (by the learned pass)", m)


if __name__ == "__main__":
    args = [a for a in sys.argv[1:] if a != "--learned"]
    if args[:1] == ["merges"]:
        main_merges()
    elif "--stages" in args:
        main_stages(next((a for a in args if a != "--stages"), "devall"))
    else:
        main(args[0] if args else "devall", learned="--learned" in sys.argv[1:])

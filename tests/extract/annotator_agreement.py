"""How far careful annotators agree on position statements: the ceiling of the extractor's target.

The target of the position extractor (recall ≥ 0.6 at precision ≥ 0.85 against the gold of a
blind split) is only meaningful if a second careful reader, working from the same guideline and the
same texts, would meet it. This script measures that on the spent blind splits test18 to test21:
two further annotators (A and B) annotated each split from its cleaned texts, the guideline and
conventions recorded in ``gold.yaml``'s header before the split was built, ``issues.yaml`` and the
registry, without seeing the gold, each other's work or any extraction
(``tests/data/talks/agreement/README.md`` says how).

Each annotation is scored as the extractor is (:func:`talks_gold.score_article`): one-to-one, a
statement matches when both lie in the same sentence, their holders overlap (holder or ``alt`` of
either), the issue is the same and the direction is the same (wants and demands count as one, as in
the extractor's score). Precision of an annotator against the gold is the share of its statements
the gold has; recall the share of the gold's statements it has. Disagreements are counted by kind
(:data:`KINDS`), and the extractor is scored against each annotation as well, so the spread of its
score across annotators is seen beside the gap to the target; :func:`majority` is the reference
of the statements at least two of the three annotations have.

test28, the twentieth round's blind split, was re-annotated the same way after its one scoring
(:data:`LATER_SPLITS`), and is reported on its own.

Run ``python tests/extract/annotator_agreement.py`` (``-v`` lists every disagreement; name a split,
e.g. ``test28``, to score it alone).
"""

from __future__ import annotations

import functools
import sys
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

if __package__ in (None, ""):
    sys.path.insert(0, str(Path(__file__).resolve().parent))
    import talks_gold as tg
else:  # imported by the tests
    from tests.extract import talks_gold as tg

AGREEMENT = tg.DATA / "agreement"
# The study's splits (its totals are the README's table), and splits re-annotated the same way
# later, each reported on its own (``python annotator_agreement.py test28``).
SPLITS: tuple[str, ...] = ("test18", "test19", "test20", "test21")
LATER_SPLITS: tuple[str, ...] = ("test28",)
ANNOTATORS: tuple[str, ...] = ("A", "B")
# How far an unmatched statement of one annotation got in the other, best first.
KINDS = {
    "wants_offers": "same sentence, holder and issue; wants/demands in one, offers in the other",
    "inverted": "same sentence, holder and issue; refuses in one, not in the other",
    "holder": "same sentence and issue, no common holder",
    "issue": "same sentence and holder, another issue",
    "sentence": "the other has a statement in the sentence, on another holder and issue",
    "nothing": "the other has no statement in the sentence",
}


@dataclass
class Agreement:
    """One annotation scored against another (``reference``): counts and the disagreements."""

    predicted: int = 0
    reference: int = 0
    matched: int = 0
    missed: dict[str, list[str]] = field(default_factory=dict)  # reference items, by kind
    extra: dict[str, list[str]] = field(default_factory=dict)  # predicted items, by kind

    @property
    def precision(self) -> float:
        return self.matched / self.predicted if self.predicted else 1.0

    @property
    def recall(self) -> float:
        return self.matched / self.reference if self.reference else 1.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0


def annotation(split: str, who: str) -> dict[str, Any]:
    """Annotator ``who``'s statements of ``split``: {article: {"positions": [...]}}."""
    data: dict[str, Any] = yaml.safe_load(
        (AGREEMENT / f"{split}-{who}.yaml").read_text(encoding="utf-8"))
    return data


@functools.lru_cache(maxsize=128)
def _sentences(split: str, name: str) -> tuple[str, tuple[tuple[int, int], ...]]:
    text, _ = tg.extracted(split, name)
    doc = tg._extractor().nlp(text)
    return text, tuple((s.start_char, s.end_char) for s in doc.sents)


def sentences_of(split: str, name: str, span: str) -> frozenset[int]:
    """Indices of the sentences (the extractor's segmentation) that ``span`` touches."""
    text, sents = _sentences(split, name)
    a = text.index(span)
    b = a + len(span)
    return frozenset(i for i, (s, e) in enumerate(sents) if s < b and a < e)


def _holders(item: dict[str, Any]) -> set[str]:
    return {item["holder"], *(item.get("alt") or [])}


def _kind(item: dict[str, Any], where: frozenset[int],
          others: list[tuple[dict[str, Any], frozenset[int]]]) -> str:
    here = [o for o, w in others if w & where]
    if not here:
        return "nothing"
    same = [o for o in here if o["issue"] == item["issue"] and _holders(o) & _holders(item)]
    if same:
        refused = any(o["direction"] == "refuses" for o in same)
        if refused != (item["direction"] == "refuses"):
            return "inverted"
        return "wants_offers"
    if any(o["issue"] == item["issue"] for o in here):
        return "holder"
    if any(_holders(o) & _holders(item) for o in here):
        return "issue"
    return "sentence"


def _match(item: dict[str, Any], where: frozenset[int], other: dict[str, Any],
           other_where: frozenset[int]) -> bool:
    return bool(where & other_where and other["issue"] == item["issue"]
                and _holders(other) & _holders(item)
                and tg._same_direction(other["direction"], item["direction"]))


def _items(split: str, name: str, data: dict[str, Any]
           ) -> list[tuple[dict[str, Any], frozenset[int]]]:
    return [(it, sentences_of(split, name, it["text"]))
            for it in ((data.get(name) or {}).get("positions") or [])]


def matches(split: str, name: str, predicted: dict[str, Any], reference: dict[str, Any]
            ) -> dict[int, int]:
    """One-to-one matches of article ``name``: reference index → predicted index (each
    reference statement takes the first unused predicted statement that matches it)."""
    ref, pred = _items(split, name, reference), _items(split, name, predicted)
    out: dict[int, int] = {}
    for j, (item, where) in enumerate(ref):
        hit = next((i for i, (p, w) in enumerate(pred)
                    if i not in out.values() and _match(item, where, p, w)), None)
        if hit is not None:
            out[j] = hit
    return out


def agreement(split: str, predicted: dict[str, Any], reference: dict[str, Any]) -> Agreement:
    """Score the annotation ``predicted`` against ``reference`` (both of ``split``), one to one."""
    ag = Agreement()
    for name in reference:
        ref, pred = _items(split, name, reference), _items(split, name, predicted)
        pairs = matches(split, name, predicted, reference)
        ag.reference += len(ref)
        ag.predicted += len(pred)
        ag.matched += len(pairs)
        unmatched_ref = [rw for j, rw in enumerate(ref) if j not in pairs]
        left_pred = [pw for i, pw in enumerate(pred) if i not in pairs.values()]
        for item, where in unmatched_ref:
            ag.missed.setdefault(_kind(item, where, left_pred), []).append(_line(name, item))
        for item, where in left_pred:
            ag.extra.setdefault(_kind(item, where, unmatched_ref), []).append(_line(name, item))
    return ag


def majority(split: str, gold: dict[str, Any], a: dict[str, Any], b: dict[str, Any]
             ) -> dict[str, Any]:
    """The statements at least two of the three annotations have: the gold's that A or B
    matches, and A's that B matches where the gold has none (in the gold's format)."""
    out: dict[str, Any] = {}
    for name in gold:
        g_items = (gold[name] or {}).get("positions") or []
        a_items = (a.get(name) or {}).get("positions") or []
        by_a = matches(split, name, a, gold)
        by_b = matches(split, name, b, gold)
        kept = [it for j, it in enumerate(g_items) if j in by_a or j in by_b]
        a_in_gold = set(by_a.values())
        a_by_b = matches(split, name, b, a)
        kept += [it for j, it in enumerate(a_items) if j in a_by_b and j not in a_in_gold]
        out[name] = {"positions": kept}
    return out


def shared(split: str, a: dict[str, Any], b: dict[str, Any]) -> dict[str, Any]:
    """A's statements that B matches: what both annotators found (in A's words)."""
    out: dict[str, Any] = {}
    for name in a:
        items = (a[name] or {}).get("positions") or []
        by_b = matches(split, name, b, a)
        out[name] = {"positions": [it for j, it in enumerate(items) if j in by_b]}
    return out


def extractor_right_for_any(split: str, references: list[dict[str, Any]]) -> tuple[int, int]:
    """(statements the extractor gets right under any of ``references``, statements it makes):
    a statement is right when one statement of some reference matches it as the gold's
    would (not one to one: the lenient precision)."""
    right = made = 0
    for name in references[0]:
        _, art = tg.extracted(split, name)
        for p in art.positions:
            made += 1
            right += any(tg.statement_matches(it, p) for ref in references
                         for it in ((ref.get(name) or {}).get("positions") or []))
    return right, made


def _line(name: str, item: dict[str, Any]) -> str:
    return (f"{name}: {item['holder']} {item['direction']} {item['issue']} | "
            f"{item['text'][:110]}")


def extractor_against(split: str, reference: dict[str, Any]) -> tg.Score:
    """The extractor's statements of ``split`` scored against ``reference`` as the gold."""
    sc = tg.Score()
    for name, items in reference.items():
        text, art = tg.extracted(split, name)
        tg.score_article(sc, name, text, list(art.positions), items)
    return sc


def _pr(ag: Agreement | tg.Score) -> str:
    pred = ag.predicted
    ref = ag.reference if isinstance(ag, Agreement) else ag.gold
    return (f"P {ag.precision:.2f} ({ag.matched}/{pred})  R {ag.recall:.2f} "
            f"({ag.matched}/{ref})")


def main(verbose: bool = False, splits: tuple[str, ...] = SPLITS) -> None:
    """Print each annotation of ``splits`` against the gold and against the other, the
    disagreements by kind, and the extractor against each of the three."""
    totals: dict[str, Agreement] = {}
    extractor_totals: dict[str, tg.Score] = {}
    any_right = any_made = 0
    for split in splits:
        gold = tg.gold(split)
        ann = {who: annotation(split, who) for who in ANNOTATORS}
        pairs = [(f"{who} vs gold", ann[who], gold) for who in ANNOTATORS]
        pairs.append(("A vs B", ann["A"], ann["B"]))
        pairs.append(("shared by A and B vs gold", shared(split, ann["A"], ann["B"]), gold))
        for label, pred, ref in pairs:
            ag = agreement(split, pred, ref)
            tot = totals.setdefault(label, Agreement())
            tot.predicted += ag.predicted
            tot.reference += ag.reference
            tot.matched += ag.matched
            for k, v in ag.missed.items():
                tot.missed.setdefault(k, []).extend(f"{split}/{x}" for x in v)
            for k, v in ag.extra.items():
                tot.extra.setdefault(k, []).extend(f"{split}/{x}" for x in v)
            print(f"{split} {label}: {_pr(ag)}  F1 {ag.f1:.2f}")
        two_of_three = majority(split, gold, ann["A"], ann["B"])
        for who, ref in (("gold", gold), *((w, ann[w]) for w in ANNOTATORS),
                         ("two of the three", two_of_three)):
            sc = extractor_against(split, ref)
            print(f"{split} extractor vs {who}: {_pr(sc)}  inverted {sc.inverted}")
            tot_sc = extractor_totals.setdefault(who, tg.Score())
            tot_sc.predicted += sc.predicted
            tot_sc.gold += sc.gold
            tot_sc.matched += sc.matched
            tot_sc.inverted += sc.inverted
            tot_sc.false.extend(f"{split}/{x}" for x in sc.false)
        right, made = extractor_right_for_any(split, [gold, ann["A"], ann["B"]])
        any_right += right
        any_made += made
        print(f"{split} extractor right under any of the three: {right}/{made}")
    print()
    for who, sc in extractor_totals.items():
        print(f"all splits, extractor vs {who}: {_pr(sc)}  inverted {sc.inverted}")
    print(f"all splits, extractor right under any of the three: "
          f"{any_right / any_made:.2f} ({any_right}/{any_made})")
    for label, tot in totals.items():
        print(f"all splits, {label}: {_pr(tot)}  F1 {tot.f1:.2f}")
        for k, text in KINDS.items():
            m, e = len(tot.missed.get(k, [])), len(tot.extra.get(k, []))
            print(f"    {text}: {m} of the reference's, {e} of the other's")
            if verbose:
                for x in tot.missed.get(k, []):
                    print("      MISSED", x)
                for x in tot.extra.get(k, []):
                    print("      EXTRA ", x)


if __name__ == "__main__":
    chosen = tuple(a for a in sys.argv[1:] if a != "-v")
    main(verbose="-v" in sys.argv[1:], splits=chosen or SPLITS)

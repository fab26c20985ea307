"""Train the learned position pass (:mod:`accord.extract.position_model`) on devall and
cross-validate it by article.

    .venv/bin/python tests/extract/position_model_train.py cv      # per-fold and pooled scores
    .venv/bin/python tests/extract/position_model_train.py train   # rewrite the packaged weights

``--out FILE`` writes the weights elsewhere; ``--cache FILE`` keeps the parses between runs.

Only the development union ``devall`` (dev and the spent splits, :data:`talks_gold.UNIONS`) is
read; a blind split is never opened here. Folds are whole articles (an article's sentences are
never split between training and scoring), assigned by the sha256 of ``split/name`` in turn, so
every run gives the same folds, the same weights and the same figures. The decision threshold is
chosen inside the training articles only (an inner cross-validation by article): the lowest
threshold at which the added statements' inner precision reaches the rules' precision on those
same articles, so that adding them is not expected to lower precision.
"""

from __future__ import annotations

import hashlib
import os
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

from tests.extract.talks_gold import (  # noqa: E402
    DATA,
    Score,
    _extractor,
    gold,
    score_article,
    splits_of,
)

from accord.corpus.process import process_bytes  # noqa: E402
from accord.corpus.readers import SourceFile  # noqa: E402
from accord.extract.position_model import (  # noqa: E402
    CLASSES,
    PACKAGED,
    Candidate,
    LogisticModel,
    candidates,
)
from accord.extract.positions import PositionExtractor  # noqa: E402
from accord.extract.types import PositionStatement  # noqa: E402

FOLDS = 5
L2 = float(os.environ.get("ACCORD_PM_L2", "1.0"))
MIN_COUNT = 5
THRESHOLDS = tuple(round(0.30 + 0.05 * i, 2) for i in range(14))  # 0.30 … 0.95


@dataclass
class Article:
    """One annotated article: its rules' statements and the learned pass's candidates."""

    key: str
    text: str
    items: dict[str, Any]
    rules: list[PositionStatement]
    cands: list[Candidate]
    labels: list[int]


def label_of(cand: Candidate, items: dict[str, Any] | None) -> int:
    """The class a candidate should get: the direction of a gold statement in its sentence on
    its issue held by its holder (a demand counts as a want, as the scorer does), else none."""
    for item in (items or {}).get("positions", []):
        holders = {item["holder"], *item.get("alt", [])}
        if item["issue"] == cand.issue and cand.actor_id in holders and item["text"] in cand.text:
            direction = "wants" if item["direction"] == "demands" else item["direction"]
            return CLASSES.index(direction)
    return 0


def collect(union: str = "devall", cache: Path | None = None) -> list[Article]:
    """Parse every article of ``union`` once: rules' statements, candidates, labels.
    ``cache`` keeps the parses (a spaCy DocBin) between runs."""
    from spacy.tokens import DocBin

    assert union == "devall", "the learned pass is trained on development data only"
    ex = _extractor()
    rules = PositionExtractor(ex.lexicon, ex.registry)
    keys = [(split, name) for split in splits_of(union) for name in gold(split)]
    parsed: dict[tuple[str, str], Any] = {}
    if cache is not None and cache.exists():
        docs = list(DocBin().from_disk(cache).get_docs(ex.nlp.vocab))
        if len(docs) == len(keys):
            parsed = dict(zip(keys, docs, strict=True))
    out = []
    for split in splits_of(union):
        for name, items in gold(split).items():
            raw = next(SourceFile(str(DATA / split / f"{name}.txt"), "text").read())
            text = process_bytes(raw.raw, kind="text").text  # type: ignore[union-attr]
            doc = parsed.get((split, name))
            if doc is None or doc.text != text:
                doc = parsed[(split, name)] = ex.nlp(text)
            art = ex.extract_doc(doc, raw.published)  # type: ignore[union-attr]
            cands = candidates(doc, art.mentions, art.quotes, art.positions, rules)
            out.append(Article(f"{split}/{name}", art.text, items or {}, list(art.positions),
                               cands, [label_of(c, items) for c in cands]))
    if cache is not None:
        DocBin(store_user_data=True, docs=[parsed[k] for k in keys]).to_disk(cache)
    return out


def folds_of(articles: list[Article], k: int = FOLDS) -> list[int]:
    """Fold of each article: articles ordered by the sha256 of their key, dealt in turn."""
    order = sorted(range(len(articles)),
                   key=lambda i: hashlib.sha256(articles[i].key.encode()).hexdigest())
    fold = [0] * len(articles)
    for rank, i in enumerate(order):
        fold[i] = rank % k
    return fold


def fit(articles: list[Article], threshold: float) -> LogisticModel:
    rows = [c.features for a in articles for c in a.cands]
    labels = [y for a in articles for y in a.labels]
    return LogisticModel.fit(rows, labels, CLASSES, l2=L2, min_count=MIN_COUNT,
                             threshold=threshold)


def added(article: Article, model: LogisticModel) -> list[PositionStatement]:
    out = []
    decisions = model.decide([c.features for c in article.cands])
    for cand, decision in zip(article.cands, decisions, strict=True):
        if decision is not None:
            out.append(PositionStatement(cand.start, cand.end, cand.text, cand.actor_id,
                                         cand.issue, decision[0], "learned", None, None,
                                         cand.speaker))
    return out


def score(articles: list[Article], model: LogisticModel | None) -> Score:
    """The talks scorer over ``articles``: the rules' statements, plus the model's."""
    sc = Score()
    for a in articles:
        preds = a.rules + (added(a, model) if model is not None else [])
        score_article(sc, a.key, a.text, preds, a.items)
    return sc


def choose_threshold(articles: list[Article]) -> float:
    """The lowest threshold whose added statements reach the rules' precision on ``articles``
    in an inner cross-validation by article (the highest threshold when none does)."""
    fold = folds_of(articles, FOLDS - 1)
    right = dict.fromkeys(THRESHOLDS, 0)
    made = dict.fromkeys(THRESHOLDS, 0)
    for f in range(FOLDS - 1):
        train = [a for a, g in zip(articles, fold, strict=True) if g != f]
        model = fit(train, THRESHOLDS[0])
        for a, g in zip(articles, fold, strict=True):
            if g != f:
                continue
            probs = model.predict_proba([c.features for c in a.cands])
            for p, y in zip(probs, a.labels, strict=True):
                best = max(range(1, len(CLASSES)), key=lambda j: (p[j], -j))
                for t in THRESHOLDS:
                    if p[best] >= t:
                        made[t] += 1
                        right[t] += best == y
    rules = score(articles, None)
    for t in THRESHOLDS:
        if made[t] and right[t] / made[t] >= rules.precision:
            return t
    return THRESHOLDS[-1]


def line(name: str, sc: Score) -> str:
    return (f"{name}: P={sc.precision:.2f} ({sc.matched}/{sc.predicted}) "
            f"R={sc.recall:.2f} ({sc.matched}/{sc.gold}) inverted={sc.inverted}")


def cross_validate(articles: list[Article]) -> tuple[Score, Score]:
    """Print per-fold and pooled scores, rules only and with the learned pass."""
    fold = folds_of(articles)
    pooled_rules, pooled_both = Score(), Score()
    curve: list[tuple[float, bool]] = []
    for f in range(FOLDS):
        train = [a for a, g in zip(articles, fold, strict=True) if g != f]
        held = [a for a, g in zip(articles, fold, strict=True) if g == f]
        model = fit(train, choose_threshold(train))
        r, b = score(held, None), score(held, model)
        print(f"fold {f} ({len(held)} articles, threshold {model.threshold:.2f}) "
              f"{line('rules', r)} | {line('rules+learned', b)}")
        for a in held:
            score_article(pooled_rules, a.key, a.text, a.rules, a.items)
            score_article(pooled_both, a.key, a.text, a.rules + added(a, model), a.items)
        for a in held:
            for p, y in zip(model.predict_proba([c.features for c in a.cands]), a.labels,
                            strict=True):
                best = max(range(1, len(CLASSES)), key=lambda j: (p[j], -j))
                curve.append((float(p[best]), best == y))
    for t in THRESHOLDS:
        made = [ok for p, ok in curve if p >= t]
        print(f"  held-out candidates at threshold {t:.2f}: {sum(made)} right of {len(made)}")
    for inv in pooled_both.inversions:
        print("  INVERTED", inv)
    print(line("pooled rules", pooled_rules))
    print(line("pooled rules+learned", pooled_both))
    return pooled_rules, pooled_both


def train(articles: list[Article], path: Path = PACKAGED) -> LogisticModel:
    """Fit on every article, threshold from the inner cross-validation, and save."""
    model = fit(articles, choose_threshold(articles))
    model.meta = {
        "trained_on": "devall",
        "articles": len(articles),
        "candidates": sum(len(a.cands) for a in articles),
        "l2": L2,
        "min_count": MIN_COUNT,
        "script": "tests/extract/position_model_train.py train",
    }
    model.save(path)
    return model


def main(argv: list[str]) -> None:
    cache = None
    if "--cache" in argv:
        at = argv.index("--cache")
        cache = Path(argv[at + 1])
        del argv[at:at + 2]
    out = PACKAGED
    if "--out" in argv:
        at = argv.index("--out")
        out = Path(argv[at + 1])
        del argv[at:at + 2]
    articles = collect(cache=cache)
    n = sum(len(a.cands) for a in articles)
    pos = sum(y != 0 for a in articles for y in a.labels)
    print(f"devall: {len(articles)} articles, {n} candidates, {pos} labelled statements")
    if argv[:1] == ["train"]:
        model = train(articles, out)
        print(f"wrote {out} ({len(model.features)} features, threshold "
              f"{model.threshold:.2f})")
    else:
        cross_validate(articles)


if __name__ == "__main__":
    main(sys.argv[1:])

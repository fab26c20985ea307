"""How far could a learned issue detector reach past the issue lexicon? An experiment, not a
product component: it decides whether a sentence-level classifier is worth building.

For each issue, a one-vs-rest logistic regression (:class:`accord.extract.position_model.
LogisticModel`, L2 = 1, features: the sentence's content lemmas and lemma bigrams seen in at least
two sentences) is fitted on the devall sentences, cross-validated by article (5 folds, articles
assigned by the sha256 of ``split/name``), and scored on the held-out sentences the lexicon does
*not* name the issue in: how many it flags, how many of those hold a gold statement on the
issue (sentence-level precision) and what share of the gold sentences the lexicon misses it
reaches. Holder and direction would still have to be found, so these figures bound what such a
detector adds from above.

    .venv/bin/python tests/extract/issue_detector_cv.py [THRESHOLD ...]   # default 0.5 0.25

Only the development union ``devall`` is read; a blind split is never opened here.
"""

from __future__ import annotations

import collections
import hashlib
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

from tests.extract.talks_gold import _extractor, extracted, gold, splits_of  # noqa: E402

from accord.extract.position_model import LogisticModel  # noqa: E402

FOLDS = 5
MIN_GOLD_SENTENCES = 20

Row = tuple[str, list[str], set[str], set[str], str]


def sentence_rows() -> list[Row]:
    """``(article, features, issues with a gold statement, issues the lexicon names, text)`` per
    sentence of devall."""
    ex = _extractor()
    rows: list[Row] = []
    for part in splits_of("devall"):
        for name, items in gold(part).items():
            text, _ = extracted(part, name)
            doc = ex.nlp(text)
            named: dict[int, set[str]] = collections.defaultdict(set)
            for m, s, _e in ex.lexicon.matcher(doc.vocab)(doc):
                named[doc[s].sent.start].add(doc.vocab.strings[m])
            stated: dict[int, set[str]] = collections.defaultdict(set)
            for item in (items or {}).get("positions", []):
                at = text.find(item["text"])
                span = None if at < 0 else doc.char_span(
                    at, at + len(item["text"]), alignment_mode="expand")
                if span is not None:
                    stated[span[0].sent.start].add(item["issue"])
            for sent in doc.sents:
                lemmas = [t.lemma_.lower() for t in sent if t.is_alpha and not t.is_stop]
                feats = set(lemmas) | {f"{a}_{b}" for a, b in zip(lemmas, lemmas[1:], strict=False)}
                rows.append((f"{part}/{name}", sorted(feats), stated.get(sent.start, set()),
                             named.get(sent.start, set()), sent.text))
    return rows


def _fold(key: str) -> int:
    return int(hashlib.sha256(key.encode("utf-8")).hexdigest(), 16) % FOLDS


def main(thresholds: list[float]) -> None:
    rows = sentence_rows()
    issues = sorted({i for r in rows for i in r[2]})
    for threshold in thresholds:
        total_right = total_flagged = total_missed = 0
        print(f"threshold {threshold}")
        for issue in issues:
            if sum(issue in r[2] for r in rows) < MIN_GOLD_SENTENCES:
                continue
            right = flagged = 0
            for f in range(FOLDS):
                train = [r for r in rows if _fold(r[0]) != f]
                held = [r for r in rows if _fold(r[0]) == f]
                model = LogisticModel.fit(
                    [r[1] for r in train], [int(issue in r[2]) for r in train], ("none", "yes"),
                    l2=1.0, min_count=2)
                probs = model.predict_proba([r[1] for r in held])[:, 1]
                for r, p in zip(held, probs, strict=True):
                    if p >= threshold and issue not in r[3]:
                        flagged += 1
                        right += issue in r[2]
            missed = sum(1 for r in rows if issue in r[2] and issue not in r[3])
            total_right, total_flagged, total_missed = (
                total_right + right, total_flagged + flagged, total_missed + missed)
            print(f"  {issue:20s} lexicon misses {missed:3d} gold sentences; flagged {flagged:3d},"
                  f" right {right:3d} (precision {right / max(1, flagged):.2f},"
                  f" reach {right / max(1, missed):.2f})")
        print(f"  all: flagged {total_flagged}, right {total_right} (precision "
              f"{total_right / max(1, total_flagged):.2f}, reach "
              f"{total_right / max(1, total_missed):.2f} of {total_missed})")


if __name__ == "__main__":
    main([float(a) for a in sys.argv[1:]] or [0.5, 0.25])

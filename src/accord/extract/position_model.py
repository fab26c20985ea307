"""A learned second pass over position statements: sentences the rules left silent on an issue.

The rules (:mod:`accord.extract.positions`) decide a statement only when a direction cue they
know governs an issue phrase. This module looks at every *(sentence, issue)* pair where the issue
lexicon names an issue and the rules stated nothing on it, and asks a multinomial logistic
regression (L2, fitted with SciPy's L-BFGS) whether the sentence states a position on it and in
which direction: ``none``, ``wants``, ``offers`` or ``refuses``. The holder is not learned: it is
the one the rules' own machinery finds for the verb governing the issue phrase (its subject, the
speaker of the enclosing quote, or the one reporting the clause), mapped to its principal as the
rules do. Statements the rules made are never changed.

Features are strings read from the spaCy parse: the issue, the lemmas on the path from the issue
phrase up to the sentence root (each with its negation), the lexicon's direction cues in the
sentence and above the phrase, modal verbs, the sentence's content lemmas, how the holder was
found and the holder's side crossed with the issue. The packaged weights
(``data/position_model.json``) were trained on the annotated talks articles
(``tests/extract/position_model_train.py`` retrains them, deterministically, and reports the
cross-validation by article that decides whether the pass is on by default).

>>> m = LogisticModel.fit([["a"], ["b"], ["a"], ["b"]], [0, 1, 0, 1], ("none", "wants"), l2=0.1)
>>> [round(float(p), 2) for p in m.predict_proba([["b"]])[0]]
[0.07, 0.93]
"""

from __future__ import annotations

import hashlib
import json
import os
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

import numpy as np

from accord.errors import InputError
from accord.extract.mentions import MentionIndex
from accord.extract.types import Mention, PositionStatement, Quote

if TYPE_CHECKING:
    from numpy.typing import NDArray
    from scipy import sparse
    from spacy.tokens import Doc, Span, Token

    from accord.extract.positions import PositionExtractor

PACKAGED = Path(__file__).with_name("data") / "position_model.json"
CLASSES = ("none", "wants", "offers", "refuses")
LEARNED_CUE = "learned"
MAX_UP = 6  # heads walked from the issue phrase towards the root
STOP_POS = frozenset({"DET", "PUNCT", "SPACE", "CCONJ", "ADP", "PRON", "NUM", "SYM", "PART"})


@dataclass
class LogisticModel:
    """Multinomial logistic regression over sets of string features.

    ``weights`` has one row per feature of ``features`` and one column per class; ``threshold``
    is the probability of the best non-``none`` class at which a statement is made.
    """

    classes: tuple[str, ...]
    features: dict[str, int]
    weights: NDArray[np.float64]
    bias: NDArray[np.float64]
    l2: float = 1.0
    threshold: float = 0.5
    meta: dict[str, Any] = field(default_factory=dict)

    @classmethod
    def fit(
        cls,
        rows: Sequence[Sequence[str]],
        labels: Sequence[int],
        classes: tuple[str, ...] = CLASSES,
        *,
        l2: float = 1.0,
        min_count: int = 1,
        threshold: float = 0.5,
    ) -> LogisticModel:
        """Fit by minimising the mean cross-entropy plus ``l2``/2 · ‖W‖² / n (bias unpenalised).

        Deterministic: features are indexed in sorted order and the optimiser starts at zero.
        Features seen in fewer than ``min_count`` rows are dropped.
        """
        from scipy import optimize  # on use: reading stored results needs no SciPy

        if len(rows) != len(labels) or not rows:
            raise ValueError("need as many labels as rows, and at least one row")
        counts: dict[str, int] = {}
        for row in rows:
            for f in set(row):
                counts[f] = counts.get(f, 0) + 1
        names = sorted(f for f, c in counts.items() if c >= min_count)
        index = {f: i for i, f in enumerate(names)}
        x = _matrix(rows, index)
        n, d, k = x.shape[0], x.shape[1], len(classes)
        y = np.zeros((n, k))
        y[np.arange(n), np.asarray(labels, dtype=np.int64)] = 1.0

        def loss(theta: NDArray[np.float64]) -> tuple[float, NDArray[np.float64]]:
            w = theta[: d * k].reshape(d, k)
            b = theta[d * k:]
            z = x @ w + b
            z -= z.max(axis=1, keepdims=True)
            logp = z - np.log(np.exp(z).sum(axis=1, keepdims=True))
            value = -(y * logp).sum() / n + 0.5 * l2 * float((w * w).sum()) / n
            g = (np.exp(logp) - y) / n
            gw = np.asarray(x.T @ g) + l2 * w / n
            return float(value), np.concatenate([gw.ravel(), g.sum(axis=0)])

        result = optimize.minimize(loss, np.zeros(d * k + k), jac=True, method="L-BFGS-B",
                                   options={"maxiter": 2000})
        theta = result.x
        return cls(tuple(classes), index, theta[: d * k].reshape(d, k).copy(),
                   theta[d * k:].copy(), l2, threshold)

    def predict_proba(self, rows: Sequence[Sequence[str]]) -> NDArray[np.float64]:
        """Class probabilities, one row per feature set (unknown features are ignored)."""
        if not rows:
            return np.zeros((0, len(self.classes)))
        z = _matrix(rows, self.features) @ self.weights + self.bias
        z -= z.max(axis=1, keepdims=True)
        p = np.exp(z)
        return np.asarray(p / p.sum(axis=1, keepdims=True))

    def decide(self, rows: Sequence[Sequence[str]]) -> list[tuple[str, float] | None]:
        """For each feature set, ``(class, probability)`` of the best non-``none`` class when
        that probability reaches :attr:`threshold`, else None."""
        out: list[tuple[str, float] | None] = []
        for p in self.predict_proba(rows):
            best = max(range(1, len(self.classes)), key=lambda j: (p[j], -j))
            out.append((self.classes[best], float(p[best])) if p[best] >= self.threshold else None)
        return out

    def to_dict(self) -> dict[str, Any]:
        """A JSON-able form; weights rounded to 5 decimals, features in index order."""
        names = sorted(self.features, key=self.features.__getitem__)
        return {
            "classes": list(self.classes),
            "l2": self.l2,
            "threshold": self.threshold,
            "meta": self.meta,
            "bias": [round(float(v), 5) for v in self.bias],
            "weights": {f: [round(float(v), 5) for v in self.weights[self.features[f]]]
                        for f in names},
        }

    @classmethod
    def from_dict(cls, data: Any, *, file: str | None = None) -> LogisticModel:
        """The model :meth:`to_dict` wrote."""
        try:
            classes = tuple(str(c) for c in data["classes"])
            table = data["weights"]
            names = list(table)
            weights = np.array([table[f] for f in names], dtype=np.float64).reshape(
                len(names), len(classes))
            bias = np.array(data["bias"], dtype=np.float64)
            if bias.shape != (len(classes),) or classes[0] != "none":
                raise ValueError("bias and classes disagree, or the first class is not 'none'")
            return cls(classes, {f: i for i, f in enumerate(names)}, weights, bias,
                       float(data.get("l2", 1.0)), float(data["threshold"]),
                       dict(data.get("meta") or {}))
        except (KeyError, TypeError, ValueError) as exc:
            raise InputError(f"not a position model: {exc}", file=file) from exc

    @classmethod
    def load(cls, path: str | os.PathLike[str] | None = None) -> LogisticModel:
        """Read a model file (``None``: the packaged one)."""
        source = Path(path) if path is not None else PACKAGED
        return cls.from_dict(json.loads(source.read_text(encoding="utf-8")), file=str(source))

    def save(self, path: str | os.PathLike[str]) -> None:
        """Write the model as JSON (stable key order, so retraining on the same data gives the
        same bytes)."""
        data = self.to_dict()
        table = data.pop("weights")
        head = json.dumps(data, sort_keys=True, ensure_ascii=False)
        rows = ",\n".join(f"{json.dumps(f, ensure_ascii=False)}: {json.dumps(w)}"
                           for f, w in sorted(table.items()))
        # one feature a line: a retrained model's diff reads feature by feature
        Path(path).write_text(f"{head[:-1]},\n\"weights\": {{\n{rows}\n}}}}\n",
                              encoding="utf-8")

    def digest(self) -> str:
        """sha256 of the model's JSON form: part of the extractor's configuration hash."""
        blob = json.dumps(self.to_dict(), sort_keys=True).encode("utf-8")
        return hashlib.sha256(blob).hexdigest()


def _matrix(rows: Sequence[Sequence[str]], index: dict[str, int]) -> sparse.csr_matrix:
    from scipy import sparse

    indptr, cols = [0], []
    for row in rows:
        cols.extend(sorted({index[f] for f in row if f in index}))
        indptr.append(len(cols))
    data = np.ones(len(cols))
    return sparse.csr_matrix((data, np.asarray(cols, dtype=np.int64), np.asarray(indptr)),
                             shape=(len(rows), len(index)))


@dataclass
class Candidate:
    """A sentence naming an issue the rules stated nothing on, with a holder and features."""

    start: int
    end: int
    text: str
    issue: str
    actor_id: str
    speaker: str | None
    features: list[str]


def candidates(
    doc: Doc,
    mentions: Sequence[Mention],
    quotes: Sequence[Quote],
    statements: Sequence[PositionStatement],
    rules: PositionExtractor,
) -> list[Candidate]:
    """Every (sentence, issue, holder) the learned pass may decide: the issue is named in the
    sentence, the rules made no statement on it there, and the rules' holder machinery finds an
    actor for the verb that governs the (first) issue phrase."""
    from accord.extract.positions import _enclosing_quote, _negated, statement_span

    index = MentionIndex(mentions)
    ordered = sorted(quotes, key=lambda q: (q.start, q.end))
    q_starts = [q.start for q in ordered]
    excluded = [(q.start, q.end) for q in ordered if q.kind == "direct"]
    by_sentence: dict[tuple[int, str], tuple[int, int]] = {}
    for match_id, start, end in rules.lexicon.matcher(doc.vocab)(doc):
        issue = doc.vocab.strings[match_id]
        key = (doc[start].sent.start, issue)
        if key not in by_sentence:
            by_sentence[key] = (start, end)
    stated: dict[tuple[int, int], list[PositionStatement]] = {}
    for s in statements:
        stated.setdefault((s.start, s.end), []).append(s)
    out: list[Candidate] = []
    for (_, issue), (start, end) in sorted(by_sentence.items()):
        phrase = doc[start:end]
        sent = phrase.sent
        lo, hi, text = statement_span(doc, phrase.root)
        here = [s for s in statements if lo <= s.start < hi or s.start <= lo < s.end]
        if any(s.issue == issue for s in here):
            continue
        governor = _governor(phrase.root)
        enclosing = _enclosing_quote(governor.idx, ordered, q_starts)
        # Every way the sentence offers a holder, each a feature of the candidate it yields:
        # the rules' holder of the governing verb, of the sentence's root, the speaker of the
        # enclosing quote, and each actor named in the sentence (with its role in the parse).
        routes: dict[str, list[str]] = {}
        for a in rules._actors(governor, index, ordered, q_starts, excluded, phrase=(start, end)):
            if a is not None:
                routes.setdefault(a, []).append("via=governor")
        if governor.i != sent.root.i:
            for a in rules._actors(sent.root, index, ordered, q_starts, excluded):
                if a is not None:
                    routes.setdefault(a, []).append("via=root")
        if enclosing is not None and enclosing.actor_id:
            routes.setdefault(enclosing.actor_id, []).append("via=quote")
        for m in mentions:
            if m.actor_id and sent.start_char <= m.start < sent.end_char and not (
                phrase.start_char <= m.start < phrase.end_char
            ):
                tok = doc.char_span(m.start, m.end, alignment_mode="expand")
                head = tok.root if tok is not None else None
                where = "before" if m.start < phrase.start_char else "after"
                feats = [f"via=mention|{where}"]
                if head is not None:
                    feats += [f"mdep={head.dep_}", f"mdep={head.dep_}|{where}",
                              f"mhead={head.head.lemma_.lower()}",
                              *_path_features(head, phrase.root, rules)]
                routes.setdefault(m.actor_id, []).extend(feats)
        by_principal: dict[str, tuple[str | None, list[str]]] = {}
        for actor, via in routes.items():
            speaker = None
            principal = actor
            if actor in rules.registry:
                principal = rules._principal(actor, doc, mentions, governor)
                speaker = actor if principal != actor else None
            old = by_principal.get(principal)
            by_principal[principal] = (old[0] if old else speaker, (old[1] if old else []) + via)
        for actor, (speaker, via) in by_principal.items():
            if not any(v in ("via=governor", "via=root", "via=quote") for v in via):
                via = [*via, "via=mention-only"]
            feats = _features(doc, sent, phrase, governor, issue, actor, enclosing, here,
                              rules, _negated)
            out.append(Candidate(lo, hi, text, issue, actor, speaker,
                                 sorted(set(feats + via))))
    return out


def _path_features(mention: Token, issue: Token, rules: PositionExtractor) -> list[str]:
    """The dependency path from an actor's mention up to the lowest head it shares with the
    issue phrase and down to the phrase: its labels, its length, the shared head's lemma and
    whether that head is a direction cue."""
    up: list[Token] = [mention]
    while up[-1].head.i != up[-1].i and len(up) < 12:
        up.append(up[-1].head)
    above = {t.i: k for k, t in enumerate(up)}
    down: list[Token] = [issue]
    while down[-1].i not in above and down[-1].head.i != down[-1].i and len(down) < 12:
        down.append(down[-1].head)
    if down[-1].i not in above:
        return ["mpath=none"]
    top = down[-1]
    rise = [t.dep_ for t in up[: above[top.i]]]
    fall = [t.dep_ for t in reversed(down[:-1])]
    length = len(rise) + len(fall)
    feats = [f"mpath={'/'.join(rise[-2:])}^{'/'.join(fall[:2])}",
             f"mlen={min(length, 6)}", f"mtop={top.lemma_.lower()}"]
    found = rules.lexicon.cue_direction(top)
    if found is not None:
        feats.append(f"mtopcue={found[0]}")
    if rise and rise[-1] in ("nsubj", "nsubjpass"):
        feats.append(f"msubjof={top.lemma_.lower()}")
        if found is not None:
            feats.append(f"msubjcue={found[0]}")
    return feats


def _governor(token: Token) -> Token:
    """The nearest verb (or predicative adjective) above the issue phrase, else the root."""
    current = token
    for _ in range(MAX_UP):
        if current.head.i == current.i:
            return current
        current = current.head
        if current.pos_ in ("VERB", "AUX") or (current.pos_ == "ADJ" and current.dep_ in (
                "acomp", "ROOT", "xcomp", "ccomp", "amod")):
            return current
    return token.sent.root


def _features(
    doc: Doc,
    sent: Span,
    phrase: Span,
    governor: Token,
    issue: str,
    actor: str,
    enclosing: Quote | None,
    here: Sequence[PositionStatement],
    rules: PositionExtractor,
    negated: Any,
) -> list[str]:
    lex = rules.lexicon
    side = rules.side(actor)
    kind = rules.registry.get(actor).kind if actor in rules.registry else "unknown"
    feats = [f"issue={issue}", f"side={side}", f"side={side}|issue={issue}", f"kind={kind}",
             f"pdep={phrase.root.dep_}", f"phead={phrase.root.head.lemma_.lower()}",
             f"quote={enclosing.kind if enclosing is not None else 'none'}"]
    gov = governor.lemma_.lower()
    neg_gov = negated(governor)
    feats += [f"gov={gov}", f"gov={gov}|issue={issue}", f"govneg={neg_gov}",
              f"gov={gov}|neg={neg_gov}"]
    current, path = phrase.root, []
    for depth in range(MAX_UP):
        if current.head.i == current.i:
            break
        path.append(current.dep_)
        current = current.head
        lemma = current.lemma_.lower()
        neg = negated(current)
        feats += [f"anc={lemma}", f"anc={lemma}|neg={neg}"]
        if depth < 2:
            feats.append(f"up{depth}={lemma}")
        found = lex.cue_direction(current)
        if found is not None:
            feats += [f"acue={found[0]}", f"acue={found[0]}|neg={neg}",
                      f"acue={found[0]}|issue={issue}"]
    feats.append("path=" + "/".join(path[:3]))
    for tok in sent:
        if tok.pos_ in STOP_POS or not tok.is_alpha:
            if tok.dep_ == "neg" or tok.lower_ in ("never", "no"):
                feats.append("w=NEG")
            continue
        feats.append(f"w={tok.lemma_.lower()}")
        if tok.tag_ == "MD":
            feats.append(f"modal={tok.lower_}")
        found = lex.cue_direction(tok)
        if found is not None:
            feats += [f"scue={found[0]}", f"scue={found[0]}|neg={negated(tok)}"]
    feats += [f"rule={s.direction}" for s in here]
    if not here:
        feats.append("rule=none")
    return sorted(set(feats))


def learned_statements(
    doc: Doc,
    mentions: Sequence[Mention],
    quotes: Sequence[Quote],
    statements: Sequence[PositionStatement],
    rules: PositionExtractor,
    model: LogisticModel,
) -> list[PositionStatement]:
    """The statements the model adds to the rules' ``statements`` (cue ``learned``)."""
    cands = candidates(doc, mentions, quotes, statements, rules)
    out = []
    for cand, decision in zip(cands, model.decide([c.features for c in cands]), strict=True):
        if decision is None:
            continue
        direction = decision[0]
        strength = "openness" if direction == "offers" else "demand"
        out.append(PositionStatement(cand.start, cand.end, cand.text, cand.actor_id, cand.issue,
                                     direction, LEARNED_CUE, None, strength, cand.speaker))
    return out

"""The learned pass over position statements (:mod:`accord.extract.position_model`): the
logistic regression on constructed data, its file form, the candidates it decides on, and how it
joins the rules (never changing their statements) and the extractor's configuration hash.

The sentences are written for the tests (not taken from the talks articles).
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest
from spacy.tokens import Doc
from tests.extract.test_positions import lexicon, resolver

from accord.errors import InputError
from accord.extract.nlp import load_pipeline
from accord.extract.position_model import (
    CLASSES,
    LEARNED_CUE,
    PACKAGED,
    LogisticModel,
    candidates,
    learned_statements,
)
from accord.extract.positions import IssueLexicon, PositionExtractor, extract_positions
from accord.extract.quotes import extract_quotes
from accord.extract.types import Mention, Quote


def separable() -> tuple[list[list[str]], list[int]]:
    """Four classes, each told by one feature, with a shared noise feature."""
    rows, labels = [], []
    for k, cue in enumerate(("plain", "want", "offer", "reject")):
        for j in range(6):
            rows.append([cue, "noise"] if j % 2 else [cue])
            labels.append(k)
    return rows, labels


def test_fit_learns_a_separable_problem_and_predicts_each_class() -> None:
    rows, labels = separable()
    model = LogisticModel.fit(rows, labels, CLASSES, l2=0.1)
    probs = model.predict_proba([["plain"], ["want"], ["offer"], ["reject"]])
    assert probs.shape == (4, 4)
    assert np.allclose(probs.sum(axis=1), 1.0)
    assert list(probs.argmax(axis=1)) == [0, 1, 2, 3]
    assert probs.max(axis=1).min() > 0.8


def test_stronger_l2_gives_less_confident_probabilities() -> None:
    rows, labels = separable()
    weak = LogisticModel.fit(rows, labels, CLASSES, l2=0.1).predict_proba([["want"]])[0, 1]
    strong = LogisticModel.fit(rows, labels, CLASSES, l2=10.0).predict_proba([["want"]])[0, 1]
    assert 0.25 < strong < weak


def test_unknown_and_rare_features_are_ignored() -> None:
    rows, labels = separable()
    rows[0] = [*rows[0], "once"]
    model = LogisticModel.fit(rows, labels, CLASSES, l2=0.1, min_count=2)
    assert "once" not in model.features and "noise" in model.features
    assert np.allclose(model.predict_proba([["want", "never-seen"]]),
                       model.predict_proba([["want"]]))
    # an empty feature set falls back on the class priors (the bias), which are equal here
    assert np.allclose(model.predict_proba([[]]), 0.25, atol=0.05)


def test_decide_keeps_only_a_direction_at_the_threshold() -> None:
    rows, labels = separable()
    model = LogisticModel.fit(rows, labels, CLASSES, l2=0.1, threshold=0.5)
    decided = model.decide([["plain"], ["offer"], ["reject"]])
    assert decided[0] is None
    assert decided[1] is not None and decided[1][0] == "offers"
    assert decided[2] is not None and decided[2][0] == "refuses"
    model.threshold = 0.999
    assert model.decide([["offer"]]) == [None]


def test_training_is_deterministic_and_the_file_round_trips(tmp_path: Path) -> None:
    rows, labels = separable()
    a = LogisticModel.fit(rows, labels, CLASSES, l2=0.5, threshold=0.7)
    b = LogisticModel.fit(list(reversed(rows)), list(reversed(labels)), CLASSES, l2=0.5,
                          threshold=0.7)
    assert a.features == b.features
    assert np.allclose(a.weights, b.weights, atol=1e-4)
    a.save(tmp_path / "m.json")
    a.save(tmp_path / "again.json")
    assert (tmp_path / "m.json").read_bytes() == (tmp_path / "again.json").read_bytes()
    loaded = LogisticModel.load(tmp_path / "m.json")
    assert loaded.threshold == 0.7 and loaded.classes == CLASSES
    assert np.allclose(loaded.predict_proba(rows), a.predict_proba(rows), atol=1e-4)
    assert loaded.digest() == LogisticModel.from_dict(loaded.to_dict()).digest()
    loaded.threshold = 0.6
    assert loaded.digest() != a.digest()


def test_a_malformed_model_file_is_an_input_error(tmp_path: Path) -> None:
    bad = tmp_path / "bad.json"
    bad.write_text('{"classes": ["wants", "none"], "bias": [0, 0], "weights": {}, '
                   '"threshold": 0.5}', encoding="utf-8")
    with pytest.raises(InputError):
        LogisticModel.load(bad)
    with pytest.raises(ValueError):
        LogisticModel.fit([], [], CLASSES)


def test_the_packaged_model_loads_with_its_provenance() -> None:
    model = LogisticModel.load()
    assert PACKAGED.name == "position_model.json"
    assert model.classes == CLASSES
    assert model.meta["trained_on"] == "devall"
    assert 0.0 < model.threshold <= 1.0
    assert len(model.features) > 100


def parsed(text: str) -> tuple[Doc, list[Mention], list[Quote]]:
    doc = load_pipeline()(text)
    mentions = list(resolver().resolve(doc))
    return doc, mentions, list(extract_quotes(doc, mentions, resolver().registry))


def test_candidates_are_issues_the_rules_left_silent_with_a_holder_from_the_parse() -> None:
    # the rules read the first sentence (a refusal); the second names talks with no cue the
    # rules know ("mulled"), so only it yields a candidate, held by the sentence's subject
    text = ("Zelensky rejected any ceasefire. Putin mulled direct talks with Ukraine.")
    doc, mentions, quotes = parsed(text)
    rules = PositionExtractor(lexicon(), resolver().registry)
    stated = rules.extract(doc, mentions, quotes)
    assert {(p.actor_id, p.issue) for p in stated} == {("zelensky", "ceasefire")}
    cands = candidates(doc, mentions, quotes, stated, rules)
    assert cands, "the second sentence names an issue the rules did not decide"
    assert all(c.issue != "ceasefire" for c in cands)
    talks = [c for c in cands if c.issue == "direct_talks"]
    assert "putin" in {c.actor_id for c in talks}
    held = next(c for c in talks if c.actor_id == "putin")
    assert held.text.startswith("Putin mulled")
    assert "gov=mull" in held.features and "via=governor" in held.features


def test_the_learned_pass_adds_statements_and_never_changes_the_rules() -> None:
    text = "Zelensky rejected any ceasefire. Putin mulled direct talks with Ukraine."
    doc, mentions, quotes = parsed(text)
    reg = resolver().registry
    rules_only = extract_positions(doc, mentions, quotes, lexicon(), registry=reg)
    # a model that reads "mull" as wanting, at a threshold it reaches
    model = LogisticModel.fit([["gov=mull"], ["gov=say"], ["gov=mull"], ["gov=say"]],
                              [1, 0, 1, 0], CLASSES, l2=0.01, threshold=0.6)
    both = extract_positions(doc, mentions, quotes, lexicon(), registry=reg, model=model)
    assert [p for p in both if p.cue != LEARNED_CUE] == rules_only
    added = [p for p in both if p.cue == LEARNED_CUE]
    assert ("putin", "direct_talks", "wants") in {(p.actor_id, p.issue, p.direction)
                                                  for p in added}
    rules = PositionExtractor(lexicon(), reg)
    assert learned_statements(doc, mentions, quotes, rules_only, rules, model) == added
    model.threshold = 1.0
    off = extract_positions(doc, mentions, quotes, lexicon(), registry=reg, model=model)
    assert off == rules_only


def test_the_config_hash_changes_with_the_model_and_not_without_it() -> None:
    from accord.extract.pipeline import Extractor

    nlp = load_pipeline()
    plain = Extractor(nlp, lexicon=IssueLexicon.load(None))
    model = LogisticModel.load()
    on = Extractor(nlp, lexicon=IssueLexicon.load(None), position_model=model)
    assert on.config_hash() != plain.config_hash()
    other = LogisticModel.load()
    other.threshold = min(1.0, model.threshold + 0.01) if model.threshold < 1.0 else 0.5
    assert Extractor(nlp, lexicon=IssueLexicon.load(None),
                     position_model=other).config_hash() != on.config_hash()
    assert Extractor(nlp, lexicon=IssueLexicon.load(None)).config_hash() == plain.config_hash()

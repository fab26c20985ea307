"""Uncertain inputs in the model file: shapes, points, draws, located errors, round trips,
scenarios; KTAB/BdM import stays point-valued."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest
from scipy import stats

from accord.errors import InputError
from accord.model.distributions import (
    Discrete,
    Triangular,
    TruncatedNormal,
    Uniform,
    distribution_of,
    parse_distribution,
)
from accord.model.io import load_model, save_model
from accord.model.scenarios import apply_scenario
from accord.model.schema import NegotiationModel
from accord.model.validate import validate_file

HEAD = """\
schema: 1
name: toy
actors:
- id: a
  capability: {cap}
- id: b
  capability: 2
issues:
- id: x
  question: How much?
  status_quo: 50
positions:
- actor: a
  issue: x
  position: {pos}
  salience: 50
- actor: b
  issue: x
  position: 90
  salience: 60
"""


def write(tmp_path: Path, cap: str = "1", pos: str = "10", tail: str = "") -> Path:
    path = tmp_path / "m.yaml"
    path.write_text(HEAD.format(cap=cap, pos=pos) + tail, encoding="utf-8")
    return path


def test_shapes_points_and_draws_follow_their_distributions() -> None:
    u = (np.arange(20000) + 0.5) / 20000
    cases = [
        (Uniform(low=60, high=90), 75.0, stats.uniform(60, 30)),
        (Triangular(mode=85, low=70, high=95), 85.0, stats.triang(0.6, loc=70, scale=25)),
        (
            TruncatedNormal(mean=85, sd=8, low=60, high=100),
            85.0,
            stats.truncnorm(-25 / 8, 15 / 8, loc=85, scale=8),
        ),
    ]
    for dist, point, ref in cases:
        assert dist.point == point
        x = dist.ppf(u)
        assert abs(x.mean() - ref.mean()) < 0.01 and abs(x.std() - ref.std()) < 0.01
        assert x.min() >= dist.support[0] and x.max() <= dist.support[1]
    d = Discrete(values=[20, 35, 50], weights=[1, 3, 1])
    assert d.point == 35.0
    x = d.ppf(u)
    assert [float(np.mean(x == v)) for v in (20, 35, 50)] == pytest.approx([0.2, 0.6, 0.2])


def test_uncertain_fields_read_as_their_point_and_save_back(tmp_path: Path) -> None:
    path = write(tmp_path, cap="{mode: 85, low: 70, high: 95}", pos="{low: 0, high: 20}")
    m = load_model(path)
    a = m.actor("a")
    assert a.capability == 85.0 and isinstance(distribution_of(a.capability), Triangular)
    assert m.position_of("a", "x").position == 10.0  # uniform: the midpoint
    out = tmp_path / "copy.yaml"
    save_model(m, out)
    again = load_model(out)
    assert distribution_of(again.actor("a").capability) == distribution_of(a.capability)
    assert again.to_data() == m.to_data()


@pytest.mark.parametrize(
    ("cap", "says"),
    [
        (
            "{mode: 5, low: 6, high: 9}",
            "triangular: mode (5) must lie between low (6) and high (9)",
        ),
        ("{low: -1, high: 3}", "every value of the distribution must be at least 0 (got -1)"),
        ("{mean: 1, low: 0, high: 3}", "truncated normal: sd: Field required"),
        ("{mean: 1, sd: 0, low: 0, high: 3}", "sd: Input should be greater than 0"),
        ("{values: [1, 2], weights: [1]}", "1 weights for 2 values"),
        ("{low: 1, hihg: 3}", "unknown key 'hihg' for a uniform distribution (allowed: low, high)"),
        ("{peak: 3}", "not a distribution (keys peak)"),
        ("[1, 2]", "expected a number or a distribution"),
    ],
)
def test_bad_distribution_specs_get_located_errors(tmp_path: Path, cap: str, says: str) -> None:
    path = write(tmp_path, cap=cap)
    report = validate_file(path)
    assert not report.ok
    err = report.errors[0]
    assert says in err.message, str(err)
    assert (err.line, err.column, err.field) == (5, 15, "actors[0].capability")
    assert str(err).startswith(f"{path}:5:15: actors[0].capability: ")


def test_a_position_range_outside_the_scale_is_an_error(tmp_path: Path) -> None:
    report = validate_file(write(tmp_path, pos="{mode: 90, low: 80, high: 120}"))
    assert [e.field for e in report.errors] == ["positions[0].position"]
    assert "outside the scale [0, 100]" in report.errors[0].message
    assert report.errors[0].line == 15


SCENARIOS = """\
scenarios:
- id: b-leaves
  name: b leaves the talks
  remove_actors: [b]
- id: a-firm
  changes:
  - {actor: a, issue: x, set: {position: {low: 0, high: 5}, salience: 90}}
  - {actor: a, set: {capability: 3}}
- id: broken
  changes:
  - {actor: c, set: {capability: 3}}
"""


def test_scenarios_apply_and_bad_ones_are_located(tmp_path: Path) -> None:
    path = write(tmp_path, tail=SCENARIOS)
    report = validate_file(path)
    assert [(e.line, e.field) for e in report.errors] == [(31, "scenarios[2].changes[0]")]
    assert "scenario 'broken': unknown actor 'c' to change" in report.errors[0].message
    m = report.model
    assert m is not None
    gone = apply_scenario(m, "b-leaves")
    assert [a.id for a in gone.actors] == ["a"] and gone.name == "toy [b leaves the talks]"
    firm = apply_scenario(m, "a-firm")
    p = firm.position_of("a", "x")
    assert (p.position, p.salience, firm.actor("a").capability) == (2.5, 90.0, 3.0)
    assert isinstance(distribution_of(p.position), Uniform)
    with pytest.raises(InputError, match="unknown scenario 'nope'; scenarios: b-leaves, a-firm"):
        apply_scenario(m, "nope")


def test_ktab_and_bdm_imports_stay_points(fixtures_dir: Path) -> None:
    for f in ("ktab/dummyData_3Dim.xml", "bdm/eu_emissions.csv"):
        m = load_model(fixtures_dir / f)
        values = [a.capability for a in m.actors] + [p.position for p in m.positions]
        assert all(distribution_of(v) is None for v in values)


def test_parse_distribution_dispatches_on_keys() -> None:
    assert isinstance(parse_distribution({"values": [1]}), Discrete)
    assert isinstance(
        parse_distribution({"mean": 1, "sd": 1, "low": 0, "high": 2}), TruncatedNormal
    )
    model = NegotiationModel.model_validate(
        {
            "name": "t",
            "actors": [{"id": "a", "capability": {"low": 1, "high": 1}}],
            "issues": [{"id": "x", "question": "?"}],
        }
    )
    assert model.actor("a").capability == 1.0

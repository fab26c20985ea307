"""The toy model the uncertainty tests sweep: ranges on a capability, a position and a red line
(three uncertain inputs), a red line a forecast can cross, and two scenarios."""

from __future__ import annotations

from pathlib import Path

import pytest

MODEL = """\
schema: 1
name: toy
actors:
- {id: a, capability: {mode: 10, low: 5, high: 15}}
- {id: b, capability: 10}
issues:
- id: x
  question: How much?
  status_quo: 50
  scale: {anchors: [{value: 0, label: none}, {value: 50, label: half}, {value: 100, label: all}]}
positions:
- actor: a
  issue: x
  position: {low: 10, high: 40}
  salience: 80
  red_line: {highest_acceptable: 45}
- actor: b
  issue: x
  position: 80
  salience: 60
  red_line: {lowest_acceptable: {low: 40, high: 70}}
scenarios:
- {id: b-out, name: b leaves, remove_actors: [b]}
- id: a-soft
  changes: [{actor: a, issue: x, set: {position: 45}}]
"""


@pytest.fixture()
def model_file(tmp_path: Path) -> Path:
    """The toy model written to a YAML file in the test's own directory."""
    path = tmp_path / "toy.yaml"
    path.write_text(MODEL, encoding="utf-8")
    return path

"""The bargaining plot: laid out as ``fig.tight_layout()`` would, drawn once per file."""

from __future__ import annotations

import re
from pathlib import Path

import matplotlib
import pytest
from matplotlib.figure import Figure

import accord.report.bargain_plot as bargain_plot
from accord.model.load import load_checked
from accord.solve.bargaining.analysis import BargainingResult, bargain
from accord.solve.bargaining.from_model import space_from_model, transfers_from_model

MODEL = Path(__file__).resolve().parents[2] / "examples" / "ukraine-2025" / "model.yaml"


@pytest.fixture(scope="module")
def result() -> BargainingResult:
    model = load_checked(MODEL).model
    space = space_from_model(model, track="bilateral")
    setup, _ = transfers_from_model(model, space)
    return bargain(space, transfers=setup)


def _svg(result: BargainingResult, path: Path) -> str:
    # Fixed element ids and no timestamp, so two drawings can be compared byte for byte.
    with matplotlib.rc_context({"svg.hashsalt": "test"}):
        bargain_plot.plot_bargaining(result, path, None, "bilateral")
    return re.sub(r"<dc:date>.*?</dc:date>", "", path.read_text(encoding="utf-8"))


def test_same_drawing_as_tight_layout(
    result: BargainingResult, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    ours = _svg(result, tmp_path / "a.svg")

    class TightLayout:
        def execute(self, fig: Figure) -> None:
            fig.tight_layout()

    monkeypatch.setattr(bargain_plot, "TightLayoutEngine", TightLayout)
    assert _svg(result, tmp_path / "b.svg") == ours


@pytest.mark.parametrize("fonttype", ["path", "none"])
def test_drawn_once(
    result: BargainingResult, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, fonttype: str
) -> None:
    draws: list[object] = []
    draw = Figure.draw

    def counting(self: Figure, renderer: object) -> None:
        draws.append(renderer)
        draw(self, renderer)

    monkeypatch.setattr(Figure, "draw", counting)
    with matplotlib.rc_context({"svg.fonttype": fonttype}):
        bargain_plot.plot_bargaining(result, tmp_path / "p.svg", None, "bilateral")
    assert len(draws) == 1

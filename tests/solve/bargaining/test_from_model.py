"""From model files to answers: the test model, the Ukraine 2025 example, and `accord bargain`."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pytest
from typer.testing import CliRunner

from accord.cli import app
from accord.model.agenda import with_agenda
from accord.model.io import load_located
from accord.solve.bargaining.analysis import BargainingResult, bargain
from accord.solve.bargaining.from_model import space_from_model, transfers_from_model
from accord.solve.bargaining.transfers import min_transfer_for

DATA = Path(__file__).parent / "data"
CEASEFIRE = DATA / "ceasefire.yaml"
UKRAINE = Path(__file__).resolve().parents[3] / "examples" / "ukraine-2025" / "model.yaml"


def _run(path: Path, track: str | None, resolution: int = 21,
         actors: list[str] | None = None, issues: list[str] | None = None) -> BargainingResult:
    loaded = load_located(path)
    if actors is not None or issues is not None:
        loaded, track = with_agenda(loaded, actors=actors, issues=issues, track=track)
    space = space_from_model(loaded, track, resolution)
    setup, _notes = transfers_from_model(loaded, space)
    result = bargain(space, transfers=setup, continuous=False)
    assert result.transfers is not None
    if result.zone.exists:  # some outcome needs no money at all
        assert result.transfers.plan.total == 0.0
        return result
    # Independent check of the minimum: the LP on every red-line-feasible outcome.
    U, d = space.grid_utilities(), space.disagreement()
    feas = np.flatnonzero(result.zone.feasible)
    X = space.outcomes(feas)
    issue_d = space.issue_disagreement()
    totals = []
    for row, i in enumerate(feas):
        per_issue = np.column_stack(
            [space.issue_utility(k, X[row, k : k + 1])[:, 0] for k in range(space.n_issues)]
        )
        totals.append(min_transfer_for(U[i], d, setup.rates, setup.pools, issue_d - per_issue))
    best = min((t[0] for t in totals if t is not None), default=None)
    assert result.transfers is not None
    if best is None:
        assert not result.transfers.plan.feasible
    else:
        assert result.transfers.plan.total == pytest.approx(best, abs=1e-7)
    return result


def test_test_model_transfers_open_a_zone() -> None:
    """ceasefire.yaml, economic track. By hand (risk-neutral): both belligerents' stated
    alternatives beat every outcome for one of them, so no zone; at territory 0, sanctions 80
    Russia is 1 util short (0.7·0 + 0.6·80 = 48 < 49), i.e. 2 USD bn at 0.5 util/bn, which the
    US (surplus 6 utils, 2 utils/bn) can pay through the investment pool."""
    r = _run(CEASEFIRE, "economic")
    t = r.transfers
    assert t is not None
    assert not r.zone.exists and t.opens_zone
    assert t.plan.total == pytest.approx(2.0)
    assert t.outcome == {"territory": 0.0, "sanctions": 80.0}
    assert len(t.payments) == 1
    pay = t.payments[0]
    assert (pay["pool"], pay["from"], pay["to"]) == ("investment", "us", "ru")
    assert pay["amount"] == pytest.approx(2.0)
    after = np.array(list(t.utilities_after.values()))  # type: ignore[union-attr]
    assert np.all(after >= np.array(list(r.disagreement.values())) - 1e-9)


def test_test_model_red_line_blocks_whatever_the_transfer() -> None:
    r = _run(CEASEFIRE, "security")
    assert not r.zone.exists and r.zone.n_feasible == 0
    assert "red lines on guarantees bind" in r.zone.message()
    t = r.transfers
    assert t is not None and not t.plan.feasible and not t.opens_zone
    assert {h.actor for h in t.holdouts} == {"ru", "ua"}
    assert all("not for sale" in h.reason for h in t.holdouts)


@pytest.mark.skipif(not UKRAINE.is_file(), reason="examples/ukraine-2025/model.yaml missing")
def test_ukraine_model_tracks_have_a_zone_without_money() -> None:
    """The example model as shipped: both of its tracks have a zone of agreement, so the
    minimum transfer is 0 (the model's numbers, not a claim about the talks)."""
    for track, res in (("bilateral", 11), ("settlement", 3)):
        r = _run(UKRAINE, track, res)
        assert r.zone.exists, track
        assert r.transfers is not None and r.transfers.zone_without_transfers
        assert r.transfers.plan.total == 0.0


@pytest.mark.skipif(not UKRAINE.is_file(), reason="examples/ukraine-2025/model.yaml missing")
def test_ukraine_model_money_buys_territory_and_ceasefire_deal() -> None:
    """The model's own numbers on a narrower agenda (US-brokered Russia–Ukraine talks on
    territory and the ceasefire, an ad-hoc agenda over the model's actors and issues):
    Russia's red lines (territory ≥ 75, ceasefire ≥ 75) leave only outcomes Ukraine rates below
    the status quo, so there is no zone; the reconstruction fund can compensate Ukraine."""
    r = _run(UKRAINE, None, 11, actors=["us", "russia", "ukraine"],
             issues=["territory", "ceasefire"])
    t = r.transfers
    assert t is not None
    assert not r.zone.exists and t.opens_zone
    assert 0 < t.plan.total <= 800
    assert {p["pool"] for p in t.payments} == {"reconstruction_fund"}
    assert {p["to"] for p in t.payments} <= {"ukraine"}
    assert t.outcome is not None and t.outcome["territory"] >= 75  # Russia's red line holds


@pytest.mark.skipif(not UKRAINE.is_file(), reason="examples/ukraine-2025/model.yaml missing")
def test_ukraine_model_nato_red_line_cannot_be_bought() -> None:
    """Same model, NATO alone with the US, Russia, Ukraine and the EU (ad-hoc agenda):
    Russia's red line (≤ 0)
    binds; dropping it alone would leave a zone (the status quo), but no transfer within the
    reconstruction fund makes membership-never acceptable to Ukraine and its funders."""
    r = _run(UKRAINE, None, 11, actors=["us", "russia", "ukraine", "eu"], issues=["nato"])
    t = r.transfers
    assert t is not None and not r.zone.exists and not t.plan.feasible
    blocks = [(b.actor, b.issue) for b in t.blocking_red_lines]
    assert ("russia", "nato") in blocks
    assert "cannot relax it" in t.message()


runner = CliRunner()


def test_cli_table_json_and_plots(tmp_path: Path) -> None:
    res = runner.invoke(app, ["bargain", str(CEASEFIRE), "--track", "economic", "--transfers"])
    assert res.exit_code == 0, res.output
    assert "transfers open a zone of agreement" in res.output
    png, svg = tmp_path / "f.png", tmp_path / "f.svg"
    res = runner.invoke(
        app, ["bargain", str(CEASEFIRE), "-t", "economic", "--json", "--plot", str(png)]
    )
    assert res.exit_code == 0, res.output
    data = json.loads(res.stdout)
    assert data["zone"]["exists"] is False and data["track"] == "economic"
    assert png.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    no_alt = tmp_path / "m.yaml"
    no_alt.write_text(
        "\n".join(
            line for line in CEASEFIRE.read_text().splitlines() if "alternative:" not in line
        )
    )
    res = runner.invoke(app, ["bargain", str(no_alt), "-t", "economic", "--weighted",
                              "--plot", str(svg), "--json"])
    assert res.exit_code == 0, res.output
    data = json.loads(res.stdout)
    assert data["zone"]["exists"] and {s["concept"] for s in data["solutions"]} == {
        "nash", "kalai-smorodinsky", "egalitarian", "utilitarian"}
    assert data["weights"]["us"] == pytest.approx(100 / 180)
    assert svg.read_text().lstrip().startswith("<?xml")


def test_one_bargain_call_draws_the_plot_and_reads_the_nash_outcome(tmp_path: Path) -> None:
    """``accord.bargain`` with ``plot=``/``axes=``: the frontier image and what the Nash
    outcome means (red lines crossed) come back with the analysis, as the CLI prints them."""
    import accord

    svg = tmp_path / "frontier.svg"
    b = accord.bargain(UKRAINE, track="bilateral", plot=svg, axes=["us", "russia"])
    assert b.plot == svg and svg.read_text(encoding="utf-8").lstrip().startswith("<?xml")
    assert set(b.nash_meaning) == set(b.result.solution("nash").outcome)
    assert b.nash_meaning["economic_ties"].startswith("60 ≈ aviation and flights restored")
    assert b.red_lines == []  # the bilateral track's Nash outcome crosses no red line
    for bad_plot, bad_axes, field in ((tmp_path / "x.gif", None, "plot"),
                                      (svg, ["us"], "axes")):
        with pytest.raises(accord.InputError) as info:
            accord.bargain(UKRAINE, track="bilateral", plot=bad_plot, axes=bad_axes)
        assert info.value.field == field
    assert not (tmp_path / "x.gif").exists()


def _one_line_error(args: list[str]) -> str:
    res = runner.invoke(app, args)
    assert res.exit_code == 1, res.output
    lines = [ln for ln in res.output.splitlines() if ln.strip()]
    assert len(lines) == 1 and lines[0].startswith("error:"), res.output
    return lines[0]


def test_cli_bad_input_is_one_located_line(tmp_path: Path) -> None:
    assert "unknown track 'nope'" in _one_line_error(["bargain", str(CEASEFIRE), "-t", "nope"])
    assert "--plot" in _one_line_error(
        ["bargain", str(CEASEFIRE), "-t", "security", "--plot", str(tmp_path / "x.gif")]
    )
    bad = tmp_path / "bad.yaml"
    bad.write_text(CEASEFIRE.read_text().replace("salience: 80", "salience: 180"))
    line = _one_line_error(["bargain", str(bad)])
    assert f"{bad}:" in line and "positions[0].salience" in line
    no_sq = tmp_path / "nosq.yaml"
    no_sq.write_text(CEASEFIRE.read_text().replace("    status_quo: 0\n", "", 1))
    line = _one_line_error(["bargain", str(no_sq), "-t", "economic"])
    assert "issues[1].status_quo" in line and "disagreement point" in line
    assert not list(tmp_path.glob("*.png"))  # nothing half-written


def test_cli_ad_hoc_agenda_and_its_errors() -> None:
    """--actors/--issues narrow the model: money opens the territory/ceasefire deal, and a name
    that is not in the model is a one-line error naming the option."""
    result = runner.invoke(app, [
        "bargain", str(UKRAINE), "--actors", "us,russia,ukraine",
        "--issues", "territory,ceasefire", "--transfers", "--resolution", "11", "--json",
    ])
    assert result.exit_code == 0, result.output
    doc = json.loads(result.stdout)
    assert doc["zone"]["exists"] is False
    assert doc["transfers"]["opens_zone"] is True
    result = runner.invoke(app, ["bargain", str(UKRAINE), "--actors", "us,china"])
    assert result.exit_code == 1
    assert "--actors: 'china' not in the model" in result.output

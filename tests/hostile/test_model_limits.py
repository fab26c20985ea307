"""Models too large or too degenerate to analyse: one error line naming the file and the field,
before any solver array is allocated."""

from __future__ import annotations

from pathlib import Path

import pytest
from typer.testing import CliRunner

import accord
from accord.cli import app
from accord.errors import InputError, ModelError
from accord.model.io import format_yaml
from accord.model.schema import NegotiationModel
from accord.solve.spatial.eum import ExpectedUtilityModel
from accord.solve.spatial.scenario import to_scenario
from accord.solve.spatial.smp import SpatialModelOfPolitics

runner = CliRunner()


def many_actors(n: int) -> NegotiationModel:
    return NegotiationModel.model_validate(
        {
            "name": "crowd",
            "actors": [{"id": f"a{i}", "capability": 1 + i % 7} for i in range(n)],
            "issues": [{"id": "x", "question": "?", "status_quo": 50}],
            "positions": [
                {"actor": f"a{i}", "issue": "x", "position": (i * 37) % 101, "salience": 50}
                for i in range(n)
            ],
        }
    )


def bdm_csv(path: Path, n: int) -> Path:
    rows = ["Actor,Capability,Position,Salience"]
    rows += [f"a{i},{1 + i % 7},{(i * 37) % 101},{10 + i % 90}" for i in range(n)]
    path.write_text("\n".join(rows) + "\n")
    return path


@pytest.fixture(scope="module")
def crowd() -> NegotiationModel:
    return many_actors(10_000)


@pytest.mark.parametrize(("engine", "limit"), [("eum", 2_000), ("smp", 1_000)])
def test_10000_actors_are_refused_by_eum_and_smp(
    crowd: NegotiationModel, engine: str, limit: int
) -> None:
    with pytest.raises(ModelError) as info:
        accord.forecast(crowd, engine=engine)
    assert info.value.field == "actors"
    assert f"10,000 actors in play; the {engine} engine is limited to {limit:,}" in str(info.value)
    assert "max_actors" in info.value.message


def test_10000_actors_are_refused_by_bargain(crowd: NegotiationModel) -> None:
    with pytest.raises(ModelError, match="10,000 actors in play; bargaining is limited to 1,000"):
        accord.bargain(crowd)


def test_the_limit_is_a_parameter(crowd: NegotiationModel) -> None:
    small = many_actors(4)
    scenario = to_scenario(small)
    with pytest.raises(ModelError, match="4 actors in play"):
        ExpectedUtilityModel(max_actors=3).run(scenario)
    assert ExpectedUtilityModel(max_actors=4).run(scenario).forecast.shape == (1,)
    with pytest.raises(ModelError, match="4 actors in play"):
        SpatialModelOfPolitics(max_actors=3).run(scenario)
    with pytest.raises(ModelError, match="4 actors in play"):
        accord.bargain(small, max_actors=3)
    assert accord.bargain(small, max_actors=None, resolution=5).result.solutions
    for bad in (1, 0, -5, 2.5, True):
        with pytest.raises(InputError) as info:
            ExpectedUtilityModel(max_actors=bad)  # type: ignore[arg-type]
        assert info.value.field == "max_actors"
    unlimited = accord.forecast(small, engine="eum", params={"max_actors": None})
    assert unlimited.result.forecast.shape == (1,)


@pytest.mark.parametrize(
    ("command", "what"),
    [
        (["forecast", "-e", "eum"], "the eum engine is limited to 2,000"),
        (["forecast", "-e", "smp"], "the smp engine is limited to 1,000"),
        (["explain", "-e", "eum", "-a", "a1"], "the eum engine is limited to 2,000"),
        (["bargain"], "bargaining is limited to 1,000"),
    ],
)
def test_the_cli_names_the_file_and_the_field(
    tmp_path: Path, command: list[str], what: str
) -> None:
    path = bdm_csv(tmp_path / "crowd.csv", 10_000)
    result = runner.invoke(app, [command[0], str(path), *command[1:]])
    assert result.exit_code == 1, result.output
    errors = [ln for ln in result.stderr.splitlines() if ln.startswith("error: ")]
    assert len(errors) == 1
    assert errors[0].startswith(f"error: {path}: actors: 10,000 actors in play; {what}")


def test_the_bargain_flag_raises_the_limit(tmp_path: Path) -> None:
    path = tmp_path / "few.yaml"
    path.write_text(format_yaml(many_actors(5)))
    refused = runner.invoke(app, ["bargain", str(path), "--max-actors", "4"])
    assert refused.exit_code == 1
    assert f"error: {path}:4:1: actors: 5 actors in play" in refused.stderr
    assert runner.invoke(app, ["bargain", str(path), "--max-actors", "5"]).exit_code == 0
    raised = runner.invoke(app, ["forecast", str(path), "-e", "eum", "-p", "max_actors=5"])
    assert raised.exit_code == 0, raised.output


DEGENERATE = {
    "zero_capability": (
        "actors:\n- {id: a, capability: 0}\n- {id: b, capability: 0}\n",
        "positions:\n- {actor: a, issue: x, position: 10, salience: 50}\n"
        "- {actor: b, issue: x, position: 90, salience: 50}\n",
        "3:1: actors.capability: total capability of the actors in play is zero",
    ),
    "zero_salience": (
        "actors:\n- {id: a, capability: 1}\n- {id: b, capability: 2}\n",
        "positions:\n- {actor: a, issue: x, position: 10, salience: 0}\n"
        "- {actor: b, issue: x, position: 90, salience: 0}\n",
        "6:3: issues[x]: no actor gives issue 'x' any salience",
    ),
    "no_positions": (
        "actors:\n- {id: a, capability: 1}\n- {id: b, capability: 2}\n",
        "positions: []\n",
        "6:3: issues[x]: no actor gives issue 'x' any salience",
    ),
    "weight_without_capability": (
        "actors:\n- {id: a, capability: 0}\n- {id: b, capability: 2}\n",
        "positions:\n- {actor: a, issue: x, position: 10, salience: 50}\n"
        "- {actor: b, issue: x, position: 90, salience: 0}\n",
        "6:3: issues[x]: every actor that cares about issue 'x' has zero capability",
    ),
}


@pytest.mark.parametrize("case", sorted(DEGENERATE))
@pytest.mark.parametrize("engine", ["compromise", "median", "eum", "smp", "exchange"])
def test_degenerate_models_name_the_file_and_the_field(
    tmp_path: Path, case: str, engine: str
) -> None:
    actors, positions, expected = DEGENERATE[case]
    path = tmp_path / "m.yaml"
    path.write_text(f"name: m\n{actors}issues:\n- {{id: x, question: '?'}}\n{positions}")
    result = runner.invoke(app, ["forecast", str(path), "-e", engine])
    assert result.exit_code == 1, result.output
    errors = [ln for ln in result.stderr.splitlines() if ln.startswith("error: ")]
    assert len(errors) == 1 and errors[0].startswith(f"error: {path}:{expected}"), result.stderr
    with pytest.raises(ModelError) as info:
        accord.forecast(path, engine=engine)
    assert str(info.value).startswith(f"{path}:{expected}")


def test_degenerate_models_in_explain_and_bargain(tmp_path: Path) -> None:
    path = tmp_path / "m.yaml"
    actors, positions, expected = DEGENERATE["zero_capability"]
    path.write_text(f"name: m\n{actors}issues:\n- {{id: x, question: '?'}}\n{positions}")
    result = runner.invoke(app, ["explain", str(path), "-a", "a"])
    assert result.exit_code == 1 and f"error: {path}:{expected}" in result.stderr
    one = tmp_path / "one.yaml"
    one.write_text(
        "name: m\nactors:\n- {id: a, capability: 1}\nissues:\n- {id: x, question: '?', "
        "status_quo: 5}\npositions:\n- {actor: a, issue: x, position: 10, salience: 50}\n"
    )
    result = runner.invoke(app, ["bargain", str(one)])
    assert result.exit_code == 1
    assert f"error: {one}:3:1: actors: bargaining needs at least two actors" in result.stderr


@pytest.mark.parametrize("command", [["sweep"], ["sensitivity"], ["report", "-o", "r.html"]])
def test_sweep_sensitivity_and_report_name_the_file(
    tmp_path: Path, command: list[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    actors, positions, _ = DEGENERATE["zero_capability"]
    path = tmp_path / "m.yaml"
    path.write_text(f"name: m\n{actors}issues:\n- {{id: x, question: '?'}}\n{positions}")
    result = runner.invoke(app, [command[0], str(path), *command[1:]])
    assert result.exit_code == 1, result.output
    errors = [ln for ln in result.stderr.splitlines() if ln.startswith("error: ")]
    assert errors == [
        f"error: {path}: actors.capability: total capability of the actors in play is zero; "
        "at least one actor needs capability > 0"
    ]
    assert not (tmp_path / "r.html").exists()

"""The layers hold: import-linter's contracts in pyproject.toml pass over src/accord.

Data flows corpus → extract → model → solve → report/web, with the CLI on top; the contracts
(``[tool.importlinter]``) say which package may import which. ``make lint`` runs the same
check as ``lint-imports``.
"""

from __future__ import annotations

import importlib
import tomllib
from pathlib import Path

import pytest
from importlinter.cli import lint_imports

ROOT = Path(__file__).resolve().parents[1]
PYPROJECT = ROOT / "pyproject.toml"


def test_every_layer_rule_has_a_contract() -> None:
    config = tomllib.loads(PYPROJECT.read_text(encoding="utf-8"))["tool"]["importlinter"]
    sources = {
        tuple(c["source_modules"]): set(c["forbidden_modules"]) for c in config["contracts"]
    }
    assert {"accord.corpus", "accord.store", "accord.web"} <= sources[("accord.solve",)]
    assert {"accord.solve", "accord.store", "accord.corpus", "accord.extract"} <= sources[
        ("accord.model",)
    ]
    assert sources[("accord.store",)] == {"accord.corpus"}
    assert "accord.commands" in sources[("accord.corpus", "accord.extract")]
    nobody = next(s for s, f in sources.items() if f == {"accord.commands"})
    assert {"accord.model", "accord.solve", "accord.web", "accord.report"} <= set(nobody)


def test_import_contracts_hold(capsys: pytest.CaptureFixture[str]) -> None:
    exit_code = lint_imports(config_filename=str(PYPROJECT), no_cache=True, no_logo=True)
    report = capsys.readouterr().out
    assert exit_code == 0, report


@pytest.mark.parametrize(
    ("module", "name", "now"),
    [
        ("accord.model", "to_scenario", "accord.solve.spatial.scenario"),
        ("accord.model", "run_engine", "accord.solve.spatial.scenario"),
        ("accord.solve.bargaining", "load_for_bargaining", "accord.model.load"),
        ("accord.solve.bargaining", "with_agenda", "accord.model.agenda"),
    ],
)
def test_names_that_moved_layer_still_import_with_a_warning(
    module: str, name: str, now: str
) -> None:
    with pytest.warns(DeprecationWarning, match=now):
        moved = getattr(importlib.import_module(module), name)
    assert moved.__module__ == now

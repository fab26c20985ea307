"""`accord --help` and every command start without loading the heavy libraries they do not need.

spaCy, SciPy, trafilatura, matplotlib and datasketch each take up to seconds to import; a user
listing articles or computing power indices should not wait for them.
"""

from __future__ import annotations

import json
import subprocess
import sys

from typer.testing import CliRunner

from accord.cli import app

HEAVY = ("spacy", "scipy", "trafilatura", "matplotlib", "datasketch", "numpy", "pydantic",
         "sqlalchemy", "pandas")


def test_importing_the_cli_loads_no_heavy_library() -> None:
    code = (
        "import json, sys, accord.cli; "
        f"print(json.dumps([m for m in {HEAVY!r} if m in sys.modules]))"
    )
    proc = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                          check=True)
    assert json.loads(proc.stdout) == []


def test_help_lists_every_verb() -> None:
    result = CliRunner().invoke(app, ["--help"])
    assert result.exit_code == 0
    for verb in ("ingest", "corpus", "extract", "quotes", "figures", "events", "positions",
                 "digest", "actors", "validate", "forecast", "explain", "model", "bargain",
                 "power", "game", "apportion"):
        assert verb in result.stdout, verb


def test_bargain_help_states_the_default_resolution() -> None:
    from accord.solve.bargaining.from_model import DEFAULT_RESOLUTION

    result = CliRunner().invoke(app, ["bargain", "--help"], env={"COLUMNS": "200"})
    assert f"finest up to {DEFAULT_RESOLUTION} keeping" in result.stdout

"""`accord --help` and every command start without loading the heavy libraries they do not need.

spaCy, SciPy, trafilatura, matplotlib and datasketch each take up to seconds to import; a user
listing articles or computing power indices should not wait for them.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner

from accord.cli import app

HEAVY = ("spacy", "scipy", "trafilatura", "matplotlib", "datasketch", "numpy", "pydantic",
         "sqlalchemy", "pandas", "rich")


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


def test_the_verb_table_is_what_the_command_modules_register() -> None:
    """accord.cli.COMMANDS (read without importing the modules) names every verb once, with the
    module that registers it, and the modules register nothing else."""
    from pathlib import Path

    import accord.commands
    from accord.cli import COMMANDS, module_commands

    folder = Path(accord.commands.__file__).parent
    modules = sorted(
        p.stem for p in folder.glob("*.py")
        if "\ndef register(app" in p.read_text(encoding="utf-8")
    )
    assert sorted(set(COMMANDS.values())) == modules
    registered = {verb: m for m in modules for verb in module_commands(m)}
    assert registered == COMMANDS


def _run_in_fresh_process(args: list[str]) -> tuple[list[str], list[str], str]:
    """(heavy libraries, accord.commands modules loaded, stdout) after ``accord ARGS``."""
    code = (
        "import json, sys\n"
        "from accord.cli import app\n"
        "try:\n"
        f"    app({args!r})\n"
        "except SystemExit:\n"
        "    pass\n"
        f"heavy = [m for m in {HEAVY!r} if m in sys.modules]\n"
        "commands = sorted(m for m in sys.modules if m.startswith('accord.commands.'))\n"
        "print(json.dumps([heavy, commands]), file=sys.stderr)\n"
    )
    proc = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                          check=True)
    heavy, commands = json.loads(proc.stderr.strip().splitlines()[-1])
    return heavy, commands, proc.stdout


def test_a_verb_imports_only_its_own_command_module() -> None:
    heavy, commands, out = _run_in_fresh_process(
        ["power", "--quota", "39", "--weights", "7,7,7,7,7,1,1,1,1,1,1,1,1,1,1", "--json"]
    )
    assert commands == ["accord.commands._common", "accord.commands.coalition"]
    assert json.loads(out)["players"][0]["shapley_shubik_exact"] == "421/2145"
    # NumPy does the counting; pydantic is Typer's own parameter conversion.
    assert not set(heavy) - {"numpy", "pydantic"}, heavy


def test_a_small_forecast_loads_no_scipy_or_database() -> None:
    from pathlib import Path

    eu = Path(__file__).resolve().parents[1].parent / "shared" / "fixtures" / "bdm"
    heavy, commands, out = _run_in_fresh_process(
        ["forecast", str(eu / "eu_emissions.csv"), "--json"]
    )
    assert "forecast" in json.loads(out)
    assert "accord.commands.model" in commands and "accord.commands.corpus" not in commands
    assert not set(heavy) - {"numpy", "pydantic"}, heavy


#: Libraries none of the small verbs below needs: NLP, HTML extraction, the database, the
#: optimisers and distributions of SciPy, plotting, the web app, Dask, data frames.
NOT_NEEDED = ("spacy", "trafilatura", "datasketch", "sqlalchemy", "alembic", "scipy",
              "scipy.optimize", "scipy.stats", "matplotlib", "fastapi", "starlette", "uvicorn",
              "jinja2", "dask", "distributed", "pandas")
EU_EMISSIONS = str(
    Path(__file__).resolve().parents[1].parent / "shared" / "fixtures" / "bdm" / "eu_emissions.csv"
)
SMALL_VERBS = {
    "help": (["--help"], ("numpy", "pydantic", "yaml")),
    "power": (["power", "--quota", "39", "--weights", "7,7,7,7,7,1,1,1,1,1,1,1,1,1,1"],
              ("yaml",)),
    "forecast": (["forecast", EU_EMISSIONS], ()),
    "forecast eum": (["forecast", EU_EMISSIONS, "--engine", "eum"], ()),
}


@pytest.mark.parametrize("verb", sorted(SMALL_VERBS))
def test_a_small_verb_loads_only_what_it_needs(verb: str) -> None:
    """The console script in a fresh process; at exit, the modules loaded (counted, not
    timed) hold none of the heavy libraries the verb does not use."""
    args, also_not_needed = SMALL_VERBS[verb]
    code = (
        "import atexit, json, sys\n"
        f"watch = {NOT_NEEDED + also_not_needed!r}\n"
        "atexit.register(lambda: print(json.dumps([m for m in watch if m in sys.modules]),"
        " file=sys.stderr))\n"
        "from accord.cli import app\n"
        f"sys.argv = ['accord', *{args!r}]\n"
        "app()\n"
    )
    proc = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout.strip()
    assert json.loads(proc.stderr.strip().splitlines()[-1]) == []


def test_help_lists_every_verb_of_the_table_and_a_typo_names_the_verb() -> None:
    from accord.cli import COMMANDS

    result = CliRunner().invoke(app, ["--help"], env={"COLUMNS": "200"})
    for verb in COMMANDS:
        assert f" {verb} " in result.stdout, verb
    typo = CliRunner().invoke(app, ["forcast", "x.csv"])
    assert typo.exit_code == 2
    assert "Did you mean 'forecast'?" in typo.output


def _blas_settings(entry: str, env: dict[str, str]) -> dict[str, object]:
    """``accord power`` (NumPy loads) run through ``entry`` in a fresh process with ``env``:
    the BLAS variables and the process's thread count at exit."""
    import os

    code = (
        "import atexit, json, os, sys\n"
        f"names = {('OPENBLAS_NUM_THREADS', 'OMP_NUM_THREADS', 'MKL_NUM_THREADS')!r}\n"
        "atexit.register(lambda: print(json.dumps({**{n: os.environ.get(n) for n in names},"
        " 'numpy': 'numpy' in sys.modules,"
        " 'threads': len(os.listdir('/proc/self/task'))}), file=sys.stderr))\n"
        f"{entry}\n"
    )
    base = {k: v for k, v in os.environ.items() if not k.endswith("_NUM_THREADS")}
    proc = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                          env={**base, **env})
    assert proc.returncode == 0, proc.stderr
    result: dict[str, object] = json.loads(proc.stderr.strip().splitlines()[-1])
    return result


POWER = ("sys.argv = ['accord', 'power', '--quota', '39', '--weights', "
         "'7,7,7,7,7,1,1,1,1,1,1,1,1,1,1']")


def test_the_console_script_runs_blas_on_one_thread_unless_the_user_says_otherwise() -> None:
    """The console script sets the BLAS thread variables it finds unset, before NumPy loads
    (OpenBLAS then starts no worker threads), and keeps a value the user set."""
    import tomllib

    pyproject = Path(__file__).resolve().parents[1] / "pyproject.toml"
    scripts = tomllib.loads(pyproject.read_text(encoding="utf-8"))["project"]["scripts"]
    assert scripts["accord"] == "accord.cli:run"

    unset = _blas_settings(f"import sys\nfrom accord.cli import run\n{POWER}\nrun()", {})
    assert unset == {"OPENBLAS_NUM_THREADS": "1", "OMP_NUM_THREADS": "1",
                     "MKL_NUM_THREADS": "1", "numpy": True, "threads": 1}
    user = _blas_settings(f"import sys\nfrom accord.cli import run\n{POWER}\nrun()",
                          {"OPENBLAS_NUM_THREADS": "2", "OMP_NUM_THREADS": "3"})
    assert (user["OPENBLAS_NUM_THREADS"], user["OMP_NUM_THREADS"]) == ("2", "3")
    assert user["MKL_NUM_THREADS"] == "1"


def test_importing_accord_leaves_the_blas_threads_alone() -> None:
    """From Python, ``import accord`` (and the CLI's ``app``) set nothing: a library user's
    NumPy keeps its own thread pool."""
    library = _blas_settings(
        "import accord\naccord.power([7] * 5 + [1] * 10, 39)", {}
    )
    assert library["numpy"] is True
    assert {library[n] for n in ("OPENBLAS_NUM_THREADS", "OMP_NUM_THREADS",
                                 "MKL_NUM_THREADS")} == {None}

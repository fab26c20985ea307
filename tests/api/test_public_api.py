"""The public API exported from ``accord``: cheap to import, documented, one name per verb."""

from __future__ import annotations

import inspect
import json
import pydoc
import subprocess
import sys

import pytest

import accord

HEAVY = ("spacy", "scipy", "pandas", "pydantic", "sqlalchemy", "matplotlib", "numpy")

#: CLI verb → the library name behind it (a function of ``accord`` or a ``Corpus`` method).
VERBS = {
    "ingest": "Corpus.ingest",
    "corpus list": "Corpus.articles",
    "corpus show": "Corpus.article",
    "corpus clusters": "Corpus.clusters",
    "corpus cluster": "Corpus.cluster",
    "extract": "Corpus.extract",
    "quotes": "Corpus.quotes",
    "figures": "Corpus.figures",
    "events": "Corpus.events",
    "positions": "Corpus.positions",
    "digest": "Corpus.digest",
    "timeline": "timeline",
    "actors": "actors",
    "actors candidates": "Corpus.candidates",
    "actors merge": "merge",
    "actors accept": "accept",
    "actors ignore": "ignore",
    "validate": "validate",
    "forecast": "forecast",
    "explain": "explain",
    "model schema": "model_schema",
    "model convert": "convert",
    "model draft": "model_draft",
    "model check": "model_check",
    "bargain": "bargain",
    "power": "power",
    "game": "game",
    "apportion": "apportion",
    "sweep": "sweep",
    "sensitivity": "sensitivity",
    "compare": "compare",
    "report": "report",
    "serve": "serve",
    "db upgrade": "db_upgrade",
    "db downgrade": "db_downgrade",
    "db current": "db_current",
}


def test_import_accord_loads_no_heavy_library() -> None:
    code = (
        "import json, sys, accord; "
        f"print(json.dumps([m for m in {HEAVY!r} if m in sys.modules]))"
    )
    proc = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                          check=True)
    assert json.loads(proc.stdout) == []


def test_every_public_name_resolves_and_is_documented() -> None:
    for name in accord.__all__:
        obj = getattr(accord, name)
        assert inspect.getdoc(obj), name
    assert set(accord.__all__) <= set(dir(accord))


def test_help_shows_the_api() -> None:
    text = pydoc.render_doc(accord, renderer=pydoc.plaintext)
    for name in ("Corpus", "load_model", "forecast", "bargain", "get_engine", "explain",
                 "power", "apportion", "sweep", "sensitivity", "report", "serve"):
        assert name in text, name


@pytest.mark.parametrize("verb", sorted(VERBS))
def test_every_cli_verb_has_a_library_name(verb: str) -> None:
    owner, _, method = VERBS[verb].rpartition(".")
    obj = getattr(getattr(accord, owner), method) if owner else getattr(accord, method)
    assert callable(obj) and inspect.getdoc(obj), verb


def test_the_verb_table_names_every_command_of_the_cli() -> None:
    from accord.cli import COMMANDS, module_commands

    commands = set()
    for verb, module in COMMANDS.items():
        command = module_commands(module)[verb]
        subcommands = command.list_commands(None) if hasattr(command, "list_commands") else []
        commands |= {f"{verb} {sub}" for sub in subcommands}
        if not subcommands or command.invoke_without_command:  # `accord actors` lists
            commands.add(verb)
    assert commands == set(VERBS)


def test_unknown_name_is_an_attribute_error() -> None:
    with pytest.raises(AttributeError, match="no attribute 'nonsense'"):
        accord.nonsense  # noqa: B018


def test_engine_built_from_a_ktab_file_plays_with_its_settings(fixtures_dir) -> None:  # type: ignore[no-untyped-def]
    """A KTAB XML scenario's seed reaches the SMP engine through the library (not only the
    CLI), and explicit parameters win over it."""
    xml = fixtures_dir / "ktab" / "dummyData_3Dim.xml"
    model = accord.load_model(xml)
    seed = int(model.parameters["ktab"]["prngSeed"])
    assert accord.get_engine("smp", model=model).solver.seed == seed
    assert accord.get_engine("smp", model=model, seed=5).solver.seed == 5
    assert accord.get_engine("smp").solver.seed is None


def test_library_errors_name_fields_not_flags(fixtures_dir) -> None:  # type: ignore[no-untyped-def]
    csv = fixtures_dir / "bdm" / "eu_emissions.csv"
    with pytest.raises(accord.InputError) as info:
        accord.forecast(csv, engine="compromise", rounds=3)
    assert info.value.field == "rounds"
    with pytest.raises(accord.InputError) as info:
        accord.bargain("examples/ukraine-2025/model.yaml", track="nowhere")
    assert info.value.field == "track"
    with pytest.raises(accord.InputError) as info:
        accord.apportion(model="examples/ukraine-2025/model.yaml", pool="nope")
    assert info.value.field == "pool"


def test_default_thresholds_are_the_clustering_defaults() -> None:
    from accord.corpus.cluster import ClusterParams
    from accord.corpus.readers import DEFAULT_MAX_BYTES as READERS_MAX_BYTES
    from accord.corpus_db import DEFAULT_MAX_BYTES, REPOST_THRESHOLD, SPIN_THRESHOLD

    p = ClusterParams()
    assert (REPOST_THRESHOLD, SPIN_THRESHOLD) == (p.repost_threshold, p.spin_threshold)
    assert DEFAULT_MAX_BYTES == READERS_MAX_BYTES


def test_serve_takes_the_parameters_of_the_command() -> None:
    from accord.commands.serve import serve_cmd

    cli = set(inspect.signature(inspect.unwrap(serve_cmd)).parameters)
    assert cli <= set(inspect.signature(accord.serve).parameters)

"""Hostile YAML model files: alias bombs, recursive aliases, deep nesting, merge keys, tags,
NUL characters and invalid UTF-8 are each refused with one located error line, fast, and no
code from the file ever runs."""

from __future__ import annotations

from pathlib import Path

import pytest
from typer.testing import CliRunner

from accord.cli import app
from accord.errors import InputError
from accord.extract.registry import ActorRegistry
from accord.files import YAML_MAX_ALIAS_NODES, YAML_MAX_DEPTH, parse_yaml_text, read_yaml
from accord.model.load import load_model
from accord.model.merge import merge_into
from accord.model.schema import NegotiationModel

runner = CliRunner()

GOOD = """name: toy
actors:
- {id: a, capability: 1}
- {id: b, capability: 2}
issues:
- {id: x, question: "?"}
positions:
- {actor: a, issue: x, position: 10, salience: 50}
- {actor: b, issue: x, position: 90, salience: 50}
"""


def alias_bomb(levels: int = 9) -> str:
    """The "billion laughs": each level lists the previous one nine times (~1 kB)."""
    lines = ['a0: &a0 ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]']
    for k in range(1, levels):
        prev = f"*a{k - 1}"
        lines.append(f"a{k}: &a{k} [{', '.join([prev] * 9)}]")
    return "name: bomb\nparameters:\n" + "\n".join("  " + ln for ln in lines) + "\n"


def refused(tmp_path: Path, text: str | bytes, name: str = "m.yaml") -> InputError:
    path = tmp_path / name
    if isinstance(text, bytes):
        path.write_bytes(text)
    else:
        path.write_text(text, encoding="utf-8")
    with pytest.raises(InputError) as info:  # refused while composing: nothing expanded
        load_model(path)
    err = info.value
    assert err.file == str(path) and err.line is not None and err.column is not None
    assert "\n" not in str(err)
    return err


def test_the_good_model_still_loads(tmp_path: Path) -> None:
    (tmp_path / "m.yaml").write_text(GOOD)
    assert [a.id for a in load_model(tmp_path / "m.yaml").actors] == ["a", "b"]


def test_a_small_alias_bomb_is_refused_at_the_alias(tmp_path: Path) -> None:
    text = alias_bomb()
    assert len(text.encode()) < 1200
    err = refused(tmp_path, text)
    assert f"aliases repeat more than {YAML_MAX_ALIAS_NODES:,} nodes" in err.message
    assert err.field is not None and err.field.startswith("parameters.a")
    assert err.line is not None and 3 <= err.line <= 11


def test_a_few_aliases_within_the_budget_load(tmp_path: Path) -> None:
    text = GOOD + "parameters:\n  base: &b {rounds: 3, seed: 1}\n  again: *b\n"
    (tmp_path / "m.yaml").write_text(text)
    model = load_model(tmp_path / "m.yaml", check=False)
    assert model.parameters["again"] == {"rounds": 3, "seed": 1}


def test_a_recursive_alias_is_refused(tmp_path: Path) -> None:
    err = refused(tmp_path, GOOD + "parameters:\n  loop: &x [1, *x]\n")
    assert err.message.startswith("recursive alias *x")
    assert (err.line, err.column, err.field) == (11, 16, "parameters.loop[1]")


def test_nesting_20000_deep_is_an_error_not_a_recursion_error(tmp_path: Path) -> None:
    err = refused(tmp_path, "name: deep\nparameters: " + "[" * 20_000 + "]" * 20_000 + "\n")
    assert f"nested deeper than {YAML_MAX_DEPTH} levels" in err.message
    assert err.line == 2 and err.field is not None and err.field.startswith("parameters[0]")
    block = "name: deep\nparameters:\n  " + "- " * 20_000 + "x\n"  # block lists on one line
    assert "deeper than" in refused(tmp_path, block).message


def test_aliases_cannot_stack_nesting_past_the_limit(tmp_path: Path) -> None:
    half = YAML_MAX_DEPTH // 2 + 5
    deep = "[" * half + "1" + "]" * half
    text = f"name: d\nparameters:\n  a: &a {deep}\n  b: &b {'[' * half}*a{']' * half}\n"
    assert f"alias *a nests deeper than {YAML_MAX_DEPTH} levels" in refused(tmp_path, text).message


def test_merge_keys_are_refused_with_their_field(tmp_path: Path) -> None:
    text = GOOD + "parameters:\n  base: &b {rounds: 3}\n  run:\n    <<: *b\n    seed: 2\n"
    err = refused(tmp_path, text)
    assert err.message.startswith("merge keys (<<) are not supported")
    assert (err.line, err.column, err.field) == (13, 5, "parameters.run.(key)")


@pytest.mark.parametrize(
    "value",
    [
        "!!python/name:os.system ''",
        "!!python/object/apply:os.system ['touch PWNED']",
        "!!python/object/new:os.system ['touch PWNED']",
        "!python/object:os.system {}",
    ],
)
def test_python_tags_never_run_code(tmp_path: Path, value: str, monkeypatch: object) -> None:
    monkeypatch.chdir(tmp_path)  # type: ignore[attr-defined]
    err = refused(tmp_path, f"{GOOD}parameters:\n  x: {value}\n")
    assert "no code runs from a file" in err.message
    assert (err.line, err.column, err.field) == (11, 6, "parameters.x")
    assert not (tmp_path / "PWNED").exists()


def test_unknown_tags_are_refused(tmp_path: Path) -> None:
    err = refused(tmp_path, GOOD.replace("name: toy", "name: !vault toy"))
    assert err.message.startswith("unknown tag '!vault'")
    assert (err.line, err.column, err.field) == (1, 7, "name")
    assert "unknown tag" in refused(tmp_path, GOOD + "tracks: !!set {a, b}\n").message


def test_a_nul_character_is_located(tmp_path: Path) -> None:
    err = refused(tmp_path, GOOD.replace('question: "?"', 'question: "a\x00b"'))
    assert "character #x0000 is not allowed" in err.message
    assert (err.line, err.column) == (6, 23)


def test_invalid_utf8_is_located(tmp_path: Path) -> None:
    err = refused(tmp_path, GOOD.encode().replace(b"id: b", b"id: \xe9b"))
    assert err.message.startswith("not valid UTF-8 (byte 0xe9")
    assert (err.line, err.column) == (4, 8)


def test_values_python_cannot_hold_are_located(tmp_path: Path) -> None:
    err = refused(tmp_path, GOOD + "parameters:\n  when: 2024-13-45\n")
    assert (err.line, err.column, err.field) == (11, 9, "parameters.when")
    err = refused(tmp_path, GOOD + "parameters:\n  big: " + "9" * 5000 + "\n")
    assert (err.line, err.field) == (11, "parameters.big")


@pytest.mark.parametrize(
    "text",
    [alias_bomb(), "a: &x [1, *x]\n", "a: !!python/name:os.system x\n", "a: <<\n<<: 1\n"],
)
def test_every_yaml_reader_uses_the_bounded_loader(tmp_path: Path, text: str) -> None:
    with pytest.raises(InputError):
        parse_yaml_text(text, "x.yaml")
    (tmp_path / "actors.yaml").write_text(text)
    with pytest.raises(InputError):
        read_yaml(tmp_path / "actors.yaml")
    with pytest.raises(InputError):
        ActorRegistry.load(tmp_path / "actors.yaml")
    draft = NegotiationModel.model_validate(
        {
            "name": "d",
            "actors": [{"id": "a", "capability": 1}],
            "issues": [{"id": "x", "question": "?"}],
        }
    )
    with pytest.raises(InputError):
        merge_into(text, draft, "m.yaml")


def test_the_cli_prints_one_located_error_line(tmp_path: Path) -> None:
    bomb = tmp_path / "bomb.yaml"
    bomb.write_text(alias_bomb())
    for command in (["validate"], ["forecast"], ["bargain"], ["model", "convert"]):
        args = [*command, str(bomb)] + ([str(tmp_path / "out.xml")] if "convert" in command else [])
        result = runner.invoke(app, args)
        assert result.exit_code != 0, result.output
        assert "Traceback" not in result.output
        errors = [ln for ln in result.stderr.splitlines() if ln.startswith("error: ")]
        assert errors and errors[0].startswith(f"error: {bomb}:"), result.stderr
        assert "aliases repeat more than" in errors[0]
    assert not (tmp_path / "out.xml").exists()


@pytest.mark.parametrize(
    "value", ["!!bool maybe", "!!timestamp foo", '!!int ""', '!!float ""', "!!int _", "!!int 0x"]
)
def test_explicit_plain_tags_on_values_they_cannot_hold(tmp_path: Path, value: str) -> None:
    err = refused(tmp_path, f"{GOOD}parameters:\n  x: {value}\n")
    assert err.message.startswith("cannot read ")
    assert (err.line, err.column, err.field) == (11, 6, "parameters.x")



def test_packaged_data_files_read_the_same_with_libyaml() -> None:
    """accord's own lexicons and registry are parsed by libyaml (they ship with accord); the
    values are the same as the bounded loader's, line numbers of the registry included. (Files
    outside the package go through the bounded loader: the tests above.)"""
    import yaml

    from accord.extract.registry_yaml import _LineLoader, read_registry_yaml
    from accord.files import PACKAGE_DIR, _packaged_loader

    assert yaml.__with_libyaml__  # installed with PyYAML's wheels; else the fast path is off
    for path in sorted((PACKAGE_DIR / "extract" / "data").glob("*.yaml")):
        text = path.read_text(encoding="utf-8")
        assert read_yaml(path) == parse_yaml_text(text, str(path))
        assert read_registry_yaml(path)[0] == parse_yaml_text(text, str(path), _LineLoader)
    assert _packaged_loader(_LineLoader) is not None

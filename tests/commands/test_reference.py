"""docs/cli.md is the ``--help`` of every command: regenerate it when a command changes."""

from __future__ import annotations

from pathlib import Path

from accord.commands.reference import render

ROOT = Path(__file__).resolve().parents[2]


def test_cli_reference_is_in_sync_with_the_commands() -> None:
    expected = render()
    actual = (ROOT / "docs" / "cli.md").read_text(encoding="utf-8")
    assert actual == expected, (
        "docs/cli.md is out of date: run `python -m accord.commands.reference -o docs/cli.md`"
    )

"""Untrusted text (file names, JSONL fields, model ids) is printed as written: never as Rich
markup, control characters escaped, every error on one line."""

from __future__ import annotations

import json
from pathlib import Path

from typer.testing import CliRunner

from accord.cli import app
from accord.commands._common import print_error
from accord.report.output import emit, plain, printable

runner = CliRunner()

HOSTILE = "[/] [bold]x [red]y\x1b[31mred\x1b[0m\nsecond\rline\u202eevil"


def test_printable_escapes_controls_and_keeps_markup_characters() -> None:
    assert printable(HOSTILE) == (
        "[/] [bold]x [red]y\\x1b[31mred\\x1b[0m\\nsecond\\rline\\u202eevil"
    )
    assert printable("para one\n\tpara two\x07", multiline=True) == "para one\n\tpara two\\x07"
    assert plain("[bold]x[/]").plain == "[bold]x[/]"


def test_print_error_is_one_line_with_brackets_kept(capsys: object) -> None:
    print_error(HOSTILE)
    err = capsys.readouterr().err  # type: ignore[attr-defined]
    assert err.count("\n") == 1 and "\x1b" not in err
    assert err.startswith("error: [/] [bold]x [red]y\\x1b[31mred")


def test_table_cells_are_data_not_markup(capsys: object) -> None:
    emit([{"title": "[bold]x", "path": "a[/]b\nc"}], title="t [/]")
    out = capsys.readouterr().out  # type: ignore[attr-defined]
    assert "[bold]x" in out and "a[/]b\\nc" in out and "t [/]" in out


def test_ingest_errors_and_listing_with_hostile_names_and_fields(
    tmp_path: Path, db_path: Path
) -> None:
    folder = tmp_path / "in["  # with "]feed.jsonl" inside: the path reads "in[/]feed.jsonl"
    folder.mkdir()
    bad_name = "bad[bold]\n\x1b[31mname.txt"
    (folder / bad_name).write_bytes(b"")  # empty: an error naming the file
    record = {"text": "Talks resumed in Riyadh today on the ceasefire.", "title": "[/][bold]T\n2"}
    (folder / "]feed.jsonl").write_text(json.dumps(record) + "\n{\n")
    result = runner.invoke(app, ["ingest", str(folder), "--db", str(db_path)])
    assert result.exit_code == 1
    assert "Traceback" not in result.output
    assert "\x1b" not in result.stderr
    errors = result.stderr.splitlines()
    assert len(errors) == 2 and all(line.startswith("error: ") for line in errors)
    assert any("bad[bold]\\n\\x1b[31mname.txt: " in line for line in errors)
    assert any("in[/]feed.jsonl:2: " in line for line in errors)
    listing = runner.invoke(app, ["corpus", "list", "--db", str(db_path)])
    assert listing.exit_code == 0, listing.output
    assert "[/][bold]T\\n2" in listing.stdout
    shown = runner.invoke(app, ["corpus", "show", "1", "--db", str(db_path)])
    assert shown.exit_code == 0, shown.output
    assert "[/][bold]T\\n2" in shown.stdout and "in[/]feed.jsonl" in shown.stdout

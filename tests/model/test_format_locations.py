"""Every error in a KTAB XML, KTAB CSV or BdM CSV file names the file, the line and the field
(or column) — never only ``file:line``, never a traceback."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from accord.errors import InputError
from accord.model.io import ModelFormat
from accord.model.load import load_checked

XML = """<?xml version="1.0" encoding="UTF-8"?>
<Scenario>
  <name>Toy</name>
  <desc>a toy</desc>
  <Dimensions><dName>P1</dName></Dimensions>
  <Actors>
    <Actor><name>A</name><capability>10</capability>
      <Position><dCoord>20</dCoord></Position>
      <Salience><dSal>50</dSal></Salience></Actor>
    <Actor><name>B</name><capability>30</capability>
      <Position><dCoord>70</dCoord></Position>
      <Salience><dSal>60</dSal></Salience></Actor>
  </Actors>
</Scenario>
"""
KTAB = "Toy,d,2,1,\nActor,Description,Power,P1,S1,\nA,x,10,20,50,\nB,y,30,70,60,\n"
BDM = "Actor,Capability,Position,Salience\nA,10,20,50\nB,30,70,60\n"

CASES: list[tuple[str, ModelFormat, str | bytes, str]] = [
    # KTAB XML: lxml gives no columns for elements, so each error names its element's field
    (
        "syntax",
        ModelFormat.ktab_xml,
        XML.replace("</desc>", "</dsc>"),
        "4:20: not well-formed XML: Opening and ending tag mismatch: desc line 4 and dsc",
    ),
    (
        "nul",
        ModelFormat.ktab_xml,
        XML.replace("Toy", "T\x00y"),
        "3:10: not well-formed XML: Invalid character: Char 0x0 out of allowed range",
    ),
    (
        "bad-utf8",
        ModelFormat.ktab_xml,
        XML.encode().replace(b"Toy", b"T\xffy"),
        "3:10: not well-formed XML: Invalid bytes in character encoding",
    ),
    (
        "root",
        ModelFormat.ktab_xml,
        XML.replace("Scenario>", "Scen>"),
        "2: Scenario: root element is <Scen>",
    ),
    (
        "no-name",
        ModelFormat.ktab_xml,
        XML.replace("<name>Toy</name>", ""),
        "2: name: missing <name> inside <Scenario>",
    ),
    (
        "no-actor",
        ModelFormat.ktab_xml,
        re.sub(r"<Actor>.*</Actor>", "", XML, flags=re.S),
        "6: Actors: no <Actor> in <Actors>",
    ),
    (
        "empty-value",
        ModelFormat.ktab_xml,
        XML.replace("<capability>30", "<capability>"),
        "10: Actor[B].capability: empty value; expected a decimal number",
    ),
    (
        "nan",
        ModelFormat.ktab_xml,
        XML.replace("<capability>30", "<capability>nan"),
        "10: Actor[B].capability: expected a finite number, got 'nan'",
    ),
    (
        "salience",
        ModelFormat.ktab_xml,
        XML.replace("<dSal>60", "<dSal>160"),
        "12: positions[1].salience: Input should be less than or equal to 100",
    ),
    (
        "values",
        ModelFormat.ktab_xml,
        XML.replace("<dCoord>70</dCoord>", "<dCoord>70</dCoord><dCoord>7</dCoord>"),
        "10: Actor[B].Position/dCoord: 2 values for 1 dimensions",
    ),
    (
        "dimensions",
        ModelFormat.ktab_xml,
        XML.replace("<dName>P1</dName>", "<dName>P1</dName><dName>P1</dName>"),
        "5: Dimensions.dName: dimension names must be non-empty and distinct",
    ),
    (
        "duplicate-actor",
        ModelFormat.ktab_xml,
        XML.replace("<name>B</name>", "<name>A</name>"),
        "10: actors[1].id: duplicate id 'A' (also actors[0])",
    ),
    # KTAB CSV
    (
        "empty",
        ModelFormat.ktab_csv,
        "",
        "1:1: scenario: a KTAB CSV needs a scenario line and a header line",
    ),
    (
        "header",
        ModelFormat.ktab_csv,
        KTAB.replace("P1,S1,", "P1,"),
        "2:1: header: expected 5 header columns",
    ),
    (
        "scenario",
        ModelFormat.ktab_csv,
        KTAB.replace("Toy,d,2,1", "Toy,d,2"),
        "1:1: scenario: line 1 must be: scenario name",
    ),
    (
        "count",
        ModelFormat.ktab_csv,
        KTAB.replace("Toy,d,2,1", "Toy,d,x,1"),
        "1:7: number of actors: expected a number, got 'x'",
    ),
    (
        "columns",
        ModelFormat.ktab_csv,
        "Toy,d,2,2,\nActor,Description,Power,P1,S1,P1,S2\nA,x,10,20,50,1,1\nB,y,30,70,60,1,1\n",
        "2:25: header: dimension (position) column names must be non-empty and distinct",
    ),
    (
        "rows",
        ModelFormat.ktab_csv,
        KTAB + "C,z,1,1,1,\n",
        "5:1: actors: line 1 announces 2 actors but the file has 3 actor rows",
    ),
    (
        "encoding",
        ModelFormat.ktab_csv,
        KTAB.encode().replace(b"y,30", b"\xff,30"),
        "4:3: not valid UTF-8 (byte 0xff at offset 58)",
    ),
    (
        "number",
        ModelFormat.ktab_csv,
        KTAB.replace("30,70", "30,seventy"),
        "4:8: P1: expected a number, got 'seventy'",
    ),
    (
        "range",
        ModelFormat.ktab_csv,
        KTAB.replace("70,60", "70,160"),
        "4:11: positions[1].salience: Input should be less than or equal to 100",
    ),
    (
        "duplicate",
        ModelFormat.ktab_csv,
        KTAB.replace("B,y", "A,y"),
        "4:1: actors[1].id: duplicate id 'A' (also actors[0])",
    ),
    # BdM CSV
    ("empty", ModelFormat.bdm_csv, "", "1:1: header: empty file; expected a header row"),
    (
        "header",
        ModelFormat.bdm_csv,
        BDM.replace("Salience", "Sal"),
        "1:1: header: no salience column",
    ),
    (
        "no-rows",
        ModelFormat.bdm_csv,
        BDM.split("\n")[0] + "\n",
        "1:1: actors: no actor rows after the header",
    ),
    (
        "fields",
        ModelFormat.bdm_csv,
        BDM.replace("B,30,70,60", "B,30,70"),
        "3:1: row: expected 4 fields like the header, found 3",
    ),
    (
        "number",
        ModelFormat.bdm_csv,
        BDM.replace("B,30", "B,thirty"),
        "3:3: Capability: expected a number, got 'thirty'",
    ),
    (
        "infinite",
        ModelFormat.bdm_csv,
        BDM.replace("B,30", "B,inf"),
        "3:3: Capability: expected a finite number, got 'inf'",
    ),
    (
        "capability",
        ModelFormat.bdm_csv,
        BDM.replace("B,30", "B,-30"),
        "3:3: actors[1].capability: Input should be greater than or equal to 0",
    ),
    (
        "duplicate",
        ModelFormat.bdm_csv,
        BDM.replace("B,30", "A,30"),
        "3:1: actors[1].id: duplicate id 'A' (also actors[0])",
    ),
    (
        "encoding",
        ModelFormat.bdm_csv,
        BDM.encode().replace(b"B,30", b"\xc3,30"),
        "3:1: not valid UTF-8 (byte 0xc3 at offset 46)",
    ),
]


@pytest.mark.parametrize(
    ("name", "fmt", "content", "expected"),
    CASES,
    ids=[f"{fmt.value}-{name}" for name, fmt, _, _ in CASES],
)
def test_errors_name_file_line_and_field_or_column(
    tmp_path: Path, name: str, fmt: ModelFormat, content: str | bytes, expected: str
) -> None:
    path = tmp_path / f"{name}.model"
    if isinstance(content, bytes):
        path.write_bytes(content)
    else:
        path.write_text(content, encoding="utf-8")
    with pytest.raises(InputError) as info:
        load_checked(path, fmt)
    err = info.value
    assert str(err).startswith(f"{path}:{expected}"), str(err)
    assert err.line is not None and (err.column is not None or err.field is not None)
    assert "\n" not in str(err)


def test_an_id_that_is_not_a_name_is_a_located_error(tmp_path: Path) -> None:
    path = tmp_path / "m.yaml"
    path.write_text(
        "name: m\nactors:\n- {id: [1], capability: 1}\n- {id: [1], capability: 1}\n"
        "issues: [{id: x, question: q}]\npositions: []\n"
    )
    with pytest.raises(InputError) as info:
        load_checked(path)
    assert str(info.value).startswith(f"{path}:3:8: actors[0].id: Input should be a valid string")


GAME_CASES = [
    ("encoding", b"coalition,value\nA,0\nB,\xff\n", "3:3: not valid UTF-8 (byte 0xff"),
    ("empty", b"# nothing\n", "1:1: header: the file is empty"),
    ("header", b"coalitions,value\nA,1\n", "1:1: header: header is 'coalitions,value'"),
    ("columns", b"coalition,value\nA,1,2\n", "2:1: row: 3 columns; expected 2"),
    ("missing", b"coalition,value\nA,0\nB,0\n", "3: coalition: 1 coalition(s) have no value"),
    ("exponent", b"coalition,value\nA,1e99999999\n", "2: value: '1e99999999' is not a number"),
    (
        "players",
        ("coalition,value\n" + "".join(f"P{k},1\n" for k in range(25))).encode(),
        "22: coalition: 25 players: a coalition file lists 2^n values",
    ),
]


@pytest.mark.parametrize(
    ("name", "content", "expected"), GAME_CASES, ids=[c[0] for c in GAME_CASES]
)
def test_coalition_value_files_are_located(
    tmp_path: Path, name: str, content: bytes, expected: str
) -> None:
    from accord.model.games import read_coalition_values

    path = tmp_path / f"{name}.csv"
    path.write_bytes(content)
    with pytest.raises(InputError) as info:
        read_coalition_values(path)
    assert str(info.value).startswith(f"{path}:{expected}"), str(info.value)


def test_weight_files_are_located(tmp_path: Path) -> None:
    from accord.model.games import read_weights

    path = tmp_path / "w.csv"
    path.write_bytes(b"player,weight\nA,1\n")
    with pytest.raises(InputError, match=r"w\.csv:1:1: header: header is 'player,weight'"):
        read_weights(path)
    path.write_bytes(b"name,weight\nA,1,2\n")
    with pytest.raises(InputError, match=r"w\.csv:2:1: row: 3 columns; the header has 2"):
        read_weights(path)
    path.write_bytes(b"name,weight\n")
    with pytest.raises(InputError, match=r"w\.csv:1: name: no players listed"):
        read_weights(path)

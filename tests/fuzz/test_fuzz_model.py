"""Fuzzing the model readers (YAML, KTAB CSV, KTAB XML, BdM CSV): whatever the bytes, reading
and checking a model file either gives a model or raises the project's own error, located in
that file on one line — never another exception, never a hang.

Inputs are valid files mutated (tokens inserted, cells replaced, bytes flipped) and files
built from each format's own pieces, so most examples get past the first line.
"""

from __future__ import annotations

import tempfile
from collections.abc import Iterator
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from accord.errors import AccordError
from accord.model.io import ModelFormat
from accord.model.load import load_checked

YAML_MODEL = """name: toy
actors:
- {id: a, capability: 1, risk: 0.8}
- id: b
  capability: 2
issues:
- id: x
  question: "?"
  status_quo: 40
  scale: {min: 0, max: 100}
positions:
- {actor: a, issue: x, position: 10, salience: 50, red_line: {lowest_acceptable: 5}}
- actor: b
  issue: x
  position: 90
  salience: 60
tracks:
- {id: t, actors: [a, b], issues: [x]}
"""

KTAB_CSV = """Toy,"a toy scenario",2,2,
Actor,Description,Power,P1,S1,P2,S2,
A, first, 10.5, 20, 50, 80, 40,
B, second, 30, 70, 60, 10, 30,
"""

KTAB_XML = """<?xml version="1.0" encoding="UTF-8"?>
<Scenario>
  <name>Toy</name>
  <desc>a toy</desc>
  <prngSeed>0042</prngSeed>
  <ModelParameters><VotingRule>Proportional</VotingRule></ModelParameters>
  <Dimensions><dName>P1</dName><dName>P2</dName></Dimensions>
  <Actors>
    <Actor><name>A</name><description>first</description><capability>10</capability>
      <Position><dCoord>20</dCoord><dCoord>80</dCoord></Position>
      <Salience><dSal>50</dSal><dSal>40</dSal></Salience></Actor>
    <Actor><name>B</name><description>second</description><capability>30</capability>
      <Position><dCoord>70</dCoord><dCoord>10</dCoord></Position>
      <Salience><dSal>60</dSal><dSal>30</dSal></Salience></Actor>
  </Actors>
  <IdealAdjustment><iaPair><adjustingIdeal>A</adjustingIdeal><referencePos>B</referencePos>
    <adjust>0.5</adjust></iaPair></IdealAdjustment>
</Scenario>
"""

BDM_CSV = """Actor,Capability,Position,Salience
A,10,20,50
"B, the second",30,70,60
C,5,45,90
"""

YAML_TOKENS = [
    "\n",
    "  ",
    "- ",
    ": ",
    ", ",
    "{",
    "}",
    "[",
    "]",
    "&a ",
    "*a",
    "&b ",
    "*b",
    "<<: *a\n",
    "!!python/name:os.system ",
    "!!python/object/apply:os.system ['x'] ",
    "!tag ",
    "!!set ",
    "!!binary ",
    "!!omap ",
    "!!bool ",
    "!!timestamp ",
    "!!int ",
    "!!float ",
    "!!str ",
    "!!null ",
    "? ",
    "#",
    "|\n",
    ">\n",
    "'",
    '"',
    "\\",
    "---\n",
    "...\n",
    "%YAML 1.1\n",
    "\x00",
    "\t",
    "\ufeff",
    "\u2028",
    ".nan",
    ".inf",
    "-.inf",
    "1e999",
    "0x1F",
    "0o17",
    "1_000",
    "9" * 40,
    "2024-13-45",
    "2024-02-29",
    "null",
    "~",
    "yes",
    "=",
    "<<",
    "name",
    "actors",
    "issues",
    "positions",
    "tracks",
    "scenarios",
    "id",
    "capability",
    "salience",
    "position",
    "actor",
    "issue",
    "scale",
    "min",
    "max",
    "status_quo",
    "risk",
    "red_line",
    "evidence",
    "a",
    "b",
    "x",
    "0",
    "-1",
    "100",
    "150",
    "1.5",
]
CSV_CELLS = [
    "",
    " ",
    "A",
    "B",
    "x",
    "0",
    "1",
    "-1",
    "100",
    "150",
    "1e400",
    "nan",
    "inf",
    "-inf",
    "1,5",
    '"',
    '""',
    '"a,b"',
    '"unclosed',
    "Actor",
    "Capability",
    "Position",
    "Salience",
    "Stakeholder",
    "Resources",
    "Description",
    "Power",
    "\x00",
    "\ufeff",
    "é",
    "9" * 400,
    "2",
    "3",
]
XML_PIECES = [
    "<",
    ">",
    "</",
    "/>",
    "&amp;",
    "&lol;",
    "<!ENTITY lol 'lol'>",
    "<![CDATA[x]]>",
    "<!-- c -->",
    "<?pi x?>",
    "<Actor>",
    "</Actor>",
    "<name>",
    "</name>",
    "<dCoord>",
    "</dCoord>",
    "<dSal>",
    "</dSal>",
    "<capability>",
    "</capability>",
    "<dName>",
    "</dName>",
    "<Position>",
    "</Position>",
    "nan",
    "inf",
    "1e400",
    "",
    " ",
    "-5",
    "150",
    "A",
    "B",
    "\x00",
    "é",
]


def mutate(base: str, pieces: list[str]) -> st.SearchStrategy[bytes]:
    """``base`` with a few pieces inserted, spans deleted or replaced, as UTF-8 (sometimes
    with raw invalid bytes)."""

    @st.composite
    def build(draw: st.DrawFn) -> bytes:
        text = base
        for _ in range(draw(st.integers(1, 6))):
            at = draw(st.integers(0, len(text)))
            kind = draw(st.sampled_from(["insert", "delete", "replace"]))
            piece = draw(st.sampled_from(pieces) | st.text(max_size=4))
            end = min(len(text), at + draw(st.integers(0, 12)))
            if kind == "insert":
                text = text[:at] + piece + text[at:]
            elif kind == "delete":
                text = text[:at] + text[end:]
            else:
                text = text[:at] + piece + text[end:]
        data = text.encode("utf-8", errors="surrogatepass")
        if draw(st.integers(0, 9)) == 0:
            at = draw(st.integers(0, len(data)))
            data = data[:at] + draw(st.binary(min_size=1, max_size=3)) + data[at:]
        return data

    return build()


def csv_lines(header: list[str]) -> st.SearchStrategy[bytes]:
    """CSV files built from cells: a header line (sometimes the real one) and rows."""
    cell = st.sampled_from(CSV_CELLS) | st.text(max_size=6)
    line = st.lists(cell, max_size=12).map(",".join)
    first = st.just(",".join(header)) | line
    return st.tuples(first, st.lists(line, max_size=8)).map(
        lambda parts: ("\n".join([parts[0], *parts[1]]) + "\n").encode("utf-8", "surrogatepass")
    )


@pytest.fixture(scope="module")
def workdir() -> Iterator[Path]:
    with tempfile.TemporaryDirectory() as folder:
        yield Path(folder)


def read(workdir: Path, name: str, data: bytes, fmt: ModelFormat | None) -> None:
    """Read and check ``data`` as the file ``name``: a model or one located error line."""
    path = workdir / name
    path.write_bytes(data)
    try:
        load_checked(path, fmt)
    except AccordError as exc:
        assert exc.file == str(path), repr(exc)
        assert exc.line is not None, f"no line: {exc}"
        assert "\n" not in str(exc) and "\r" not in str(exc), repr(exc)


@given(data=mutate(YAML_MODEL, YAML_TOKENS))
def test_yaml_model_files(workdir: Path, data: bytes) -> None:
    read(workdir, "m.yaml", data, None)


@given(
    data=st.lists(st.sampled_from(YAML_TOKENS) | st.text(max_size=3), max_size=40).map(
        lambda parts: "".join(parts).encode("utf-8", "surrogatepass")
    )
)
def test_yaml_from_tokens(workdir: Path, data: bytes) -> None:
    read(workdir, "t.yaml", data, None)


@given(data=mutate(KTAB_CSV, CSV_CELLS + [",", "\n", "\r\n"]))
def test_ktab_csv_mutated(workdir: Path, data: bytes) -> None:
    read(workdir, "k.csv", data, ModelFormat.ktab_csv)


@given(data=csv_lines(["Toy", "d", "2", "2", ""]))
def test_ktab_csv_from_cells(workdir: Path, data: bytes) -> None:
    read(workdir, "kc.csv", data, ModelFormat.ktab_csv)


@given(data=mutate(KTAB_XML, XML_PIECES))
def test_ktab_xml_mutated(workdir: Path, data: bytes) -> None:
    read(workdir, "k.xml", data, ModelFormat.ktab_xml)


@given(data=mutate(BDM_CSV, CSV_CELLS + [",", "\n"]))
def test_bdm_csv_mutated(workdir: Path, data: bytes) -> None:
    read(workdir, "b.csv", data, ModelFormat.bdm_csv)


@given(data=csv_lines(["Actor", "Capability", "Position", "Salience"]))
def test_bdm_csv_from_cells(workdir: Path, data: bytes) -> None:
    read(workdir, "bc.csv", data, ModelFormat.bdm_csv)


@given(data=st.binary(max_size=200))
def test_any_bytes_in_any_format(workdir: Path, data: bytes) -> None:
    for name, fmt in (
        ("r.yaml", None),
        ("r.csv", ModelFormat.ktab_csv),
        ("r.xml", ModelFormat.ktab_xml),
        ("r.bdm.csv", ModelFormat.bdm_csv),
    ):
        read(workdir, name, data, fmt)


def test_the_valid_seeds_load(workdir: Path) -> None:
    for name, text, fmt in (
        ("s.yaml", YAML_MODEL, None),
        ("s.csv", KTAB_CSV, ModelFormat.ktab_csv),
        ("s.xml", KTAB_XML, ModelFormat.ktab_xml),
        ("s.bdm.csv", BDM_CSV, ModelFormat.bdm_csv),
    ):
        (workdir / name).write_text(text)
        assert load_checked(workdir / name, fmt).model.actors


GAME_CELLS = [
    *CSV_CELLS,
    "coalition",
    "value",
    "name",
    "weight",
    "A+B",
    "A+A",
    "+",
    "#",
    "1/2",
    "1e99999999",
    "1e-99999999",
    "0.5",
]


@given(
    data=st.one_of(
        mutate("coalition,value\nA,0\nB,0\nA+B,1\n", [*GAME_CELLS, ",", "\n"]),
        csv_lines(["coalition", "value"]),
        mutate("name,weight\nA,3\nB,2\nC,1\n", [*GAME_CELLS, ",", "\n"]),
        csv_lines(["name", "weight", "weight_2"]),
    )
)
def test_game_files(workdir: Path, data: bytes) -> None:
    from accord.model.games import read_coalition_values, read_weights

    path = workdir / "g.csv"
    path.write_bytes(data)
    for reader in (read_coalition_values, read_weights):
        try:
            reader(path)
        except AccordError as exc:
            assert exc.file == str(path), repr(exc)
            assert exc.line is not None, f"no line: {exc}"
            assert "\n" not in str(exc), repr(exc)

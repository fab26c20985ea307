"""Round trips: YAML ↔ model, KTAB CSV/XML and BdM CSV conversions, atomic writes."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from accord.errors import InputError
from accord.model.formats import read_bdm_csv, read_ktab_csv, read_ktab_xml
from accord.model.io import (
    ModelFormat,
    detect_format,
    format_yaml,
    load_model,
    save_model,
)
from accord.model.schema import NegotiationModel

ROOT = Path(__file__).resolve().parents[2]
EXAMPLE = ROOT / "examples" / "ukraine-2025" / "model.yaml"


def test_example_yaml_round_trip(tmp_path: Path) -> None:
    model = load_model(EXAMPLE)
    out = tmp_path / "again.yaml"
    assert save_model(model, out) == []
    assert load_model(out) == model


def test_detect_format(fixtures_dir: Path) -> None:
    assert detect_format(fixtures_dir / "bdm" / "eu_emissions.csv") is ModelFormat.bdm_csv
    assert detect_format(fixtures_dir / "bdm" / "china_1989.csv") is ModelFormat.bdm_csv
    assert detect_format(fixtures_dir / "ktab" / "SOE-Policy.csv") is ModelFormat.ktab_csv
    assert detect_format(fixtures_dir / "ktab" / "dummyData_3Dim.xml") is ModelFormat.ktab_xml
    assert detect_format(EXAMPLE) is ModelFormat.yaml


def test_ktab_csv_to_yaml_to_ktab_csv_keeps_numbers(fixtures_dir: Path, tmp_path: Path) -> None:
    original = read_ktab_csv(fixtures_dir / "ktab" / "SOE-Pol-Comp.csv")
    y = tmp_path / "soe.yaml"
    save_model(original, y)
    via_yaml = load_model(y)
    assert via_yaml == original
    c = tmp_path / "soe.csv"
    lost = save_model(via_yaml, c)
    assert lost == []
    back = read_ktab_csv(c)
    assert back.actors == original.actors
    assert back.positions == original.positions
    assert back.parameters["ktab"]["capability_header"] == "Influence"


def test_ktab_xml_round_trip_keeps_parameters(fixtures_dir: Path, tmp_path: Path) -> None:
    text = (fixtures_dir / "ktab" / "smpExample.xml").read_text(encoding="utf-8-sig")
    src = tmp_path / "smp.xml"
    # Restore Alice's first coordinate, lost in the shared copy, from KTAB's own log
    # (20170530_ref-smpExample.txt: "Read dimension 0: 52.80").
    src.write_text(text.replace("<dCoord></dCoord>", "<dCoord>52.8</dCoord>", 1), "utf-8")
    model = read_ktab_xml(src)
    out = tmp_path / "out.xml"
    assert save_model(model, out) == []
    back = read_ktab_xml(out)
    assert back.actors == model.actors
    assert back.positions == model.positions
    assert back.parameters["ktab"] == model.parameters["ktab"]
    # XML -> KTAB CSV -> model: same numbers (CSV cannot carry the XML parameters).
    csv_path = tmp_path / "out.csv"
    save_model(model, csv_path)
    assert read_ktab_csv(csv_path).positions == model.positions


def test_bdm_round_trip(fixtures_dir: Path, tmp_path: Path) -> None:
    model = read_bdm_csv(fixtures_dir / "bdm" / "eu_emissions.csv")
    out = tmp_path / "eu.bdm.csv"
    assert save_model(model, out) == []
    back = read_bdm_csv(out)
    assert [a.capability for a in back.actors] == [a.capability for a in model.actors]
    assert [(p.position, p.salience) for p in back.positions] == [
        (p.position, p.salience) for p in model.positions
    ]


def test_export_says_what_is_lost(tmp_path: Path) -> None:
    model = load_model(EXAMPLE)
    lost = save_model(model, tmp_path / "u.xml")
    text = " | ".join(lost)
    assert "tracks" in text and "side-payment pools" in text
    assert "evidence, red lines" in text
    # Actors without a position on an issue are written with salience 0 and said so.
    assert "'creditors' has no position on 'nato'" in text
    bdm_lost = save_model(model, tmp_path / "t.bdm.csv", issue="territory")
    assert any("issues other than 'territory'" in x for x in bdm_lost)


def test_failed_write_leaves_target_untouched(tmp_path: Path) -> None:
    model = load_model(EXAMPLE)
    target = tmp_path / "keep.bdm.csv"
    target.write_text("old content\n")
    with pytest.raises(InputError, match="BdM CSV holds one issue"):
        save_model(model, target)  # eight issues, none chosen
    assert target.read_text() == "old content\n"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["keep.bdm.csv"]


def test_unknown_output_extension(tmp_path: Path) -> None:
    with pytest.raises(InputError, match="cannot tell the output format"):
        save_model(load_model(EXAMPLE), tmp_path / "x.txt")


# --- property: any valid model survives YAML and KTAB CSV exactly ---------------------------

_name = st.text(alphabet="abcdefghijklmnopqrstuvwxyz-_0123456789", min_size=1, max_size=8)
_num = st.floats(min_value=0, max_value=100, allow_nan=False, allow_infinity=False)


@st.composite
def models(draw: st.DrawFn) -> NegotiationModel:
    actors = draw(st.lists(_name, min_size=1, max_size=5, unique=True))
    issues = draw(st.lists(_name, min_size=1, max_size=3, unique=True))
    caps = draw(st.lists(st.floats(0, 1e6), min_size=len(actors), max_size=len(actors)))
    positions = [
        {"actor": a, "issue": i, "position": draw(_num), "salience": draw(_num)}
        for a in actors
        for i in issues
    ]
    return NegotiationModel.model_validate(
        {
            "name": draw(_name),
            "actors": [{"id": a, "capability": c} for a, c in zip(actors, caps, strict=True)],
            "issues": [{"id": i, "question": i} for i in issues],
            "positions": positions,
        }
    )


@settings(
    max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(model=models())
def test_property_round_trips_are_exact(model: NegotiationModel, tmp_path: Path) -> None:
    from accord.model.io import parse_yaml

    data = parse_yaml(format_yaml(model), "mem.yaml").data
    assert NegotiationModel.model_validate(data) == model
    out = tmp_path / "p.csv"
    save_model(model, out)
    back = read_ktab_csv(out)
    assert back.actors == model.actors
    assert back.positions == model.positions


def test_written_files_get_ordinary_permissions(tmp_path: Path) -> None:
    import os
    import stat

    out = tmp_path / "m.yaml"
    save_model(load_model(EXAMPLE), out)
    umask = os.umask(0)
    os.umask(umask)
    assert stat.S_IMODE(out.stat().st_mode) == 0o666 & ~umask
    out.chmod(0o640)
    save_model(load_model(EXAMPLE), out)  # replacing keeps the existing mode
    assert stat.S_IMODE(out.stat().st_mode) == 0o640

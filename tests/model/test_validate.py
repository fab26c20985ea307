"""Every validation error kind names file:line:column and the field; warnings are located too.

Fixtures are the small YAML files in tests/model/data/ (one defect each).
"""

from __future__ import annotations

from pathlib import Path

import pytest

from accord.model.io import load_model
from accord.model.locate import ModelFileError
from accord.model.validate import validate_file

DATA = Path(__file__).parent / "data"


@pytest.mark.parametrize(
    ("name", "line", "column", "field", "says"),
    [
        ("bad_syntax.yaml", 5, 2, None, "not valid YAML"),
        ("bad_duplicate_key.yaml", 5, 3, "actors[0].capability", "duplicate key 'capability'"),
        ("bad_type.yaml", 10, 13, "positions[0].salience", "valid number"),
        ("bad_range.yaml", 10, 13, "positions[0].salience", "less than or equal to 100"),
        ("bad_nan.yaml", 3, 23, "actors[0].capability", "NaN and infinity are not allowed"),
        ("bad_unknown_field.yaml", 10, 3, "positions[0].salince", "unknown field 'salince'"),
        ("bad_missing_field.yaml", 7, 3, "positions[0].position", "required field is missing"),
        ("bad_duplicate_id.yaml", 4, 8, "actors[1].id", "duplicate id 'a'"),
        ("bad_duplicate_position.yaml", 8, 3, "positions[1]", "second position for actor 'a'"),
        ("bad_red_line.yaml", 12, 5, "positions[0].red_line", "is above highest_acceptable"),
        ("bad_evidence.yaml", 12, 5, "positions[0].evidence[0]", "needs the quoted text"),
        ("bad_option.yaml", 12, 34, "positions[0].position", "not one of the options"),
        ("bad_scale.yaml", 7, 10, "issues[0].scale", "must be greater than min"),
        ("bad_top_level.yaml", 1, 1, None, "top level must be a mapping"),
    ],
)
def test_error_is_located(name: str, line: int, column: int, field: str | None, says: str) -> None:
    report = validate_file(DATA / name)
    assert not report.ok
    assert report.errors, name
    matching = [e for e in report.errors if says in e.message]
    assert matching, [str(e) for e in report.errors]
    err = matching[0]
    assert (err.line, err.column) == (line, column), str(err)
    if field is not None:
        assert err.field == field
    prefix = f"{DATA / name}:{line}:{column}: "
    assert str(err).startswith(prefix)


def test_every_error_is_reported_not_just_the_first() -> None:
    report = validate_file(DATA / "bad_nan.yaml")
    assert [(e.line, e.field) for e in report.errors] == [
        (3, "actors[0].capability"),
        (9, "positions[0].position"),
    ]


def test_unknown_field_lists_allowed_fields() -> None:
    report = validate_file(DATA / "bad_unknown_field.yaml")
    err = next(e for e in report.errors if "salince" in e.message)
    assert "allowed fields: actor, issue, position, salience" in err.message


def test_yaml_booleans_get_a_hint(tmp_path: Path) -> None:
    f = tmp_path / "m.yaml"
    f.write_text(
        "name: m\nactors: [{id: a, capability: 1}]\nissues:\n- id: x\n  question: q\n"
        "  scale: {options: [{value: 0, label: no}]}\n"
    )
    report = validate_file(f)
    assert "quote it" in report.errors[0].message
    assert report.errors[0].line == 6


def test_load_model_raises_first_error_as_one_line() -> None:
    with pytest.raises(ModelFileError) as info:
        load_model(DATA / "bad_range.yaml")
    assert str(info.value) == (
        f"{DATA / 'bad_range.yaml'}:10:13: positions[0].salience: "
        "Input should be less than or equal to 100 (got 120)"
    )
    assert "\n" not in str(info.value)


def test_warnings_are_located_and_not_errors() -> None:
    report = validate_file(DATA / "warn_suspicious.yaml")
    assert report.ok
    got = {(w.field, w.line) for w in report.warnings}
    assert ("positions[0]", 9) in got  # no evidence
    assert ("positions[0].red_line", 13) in got  # red line excludes own position
    assert ("positions[1].position", 16) in got  # outside the scale
    assert ("positions[2].actor", 19) in got  # unknown actor
    assert ("positions[2].issue", 20) in got  # unknown issue
    assert ("actors[2]", 5) in got  # actor without positions
    assert ("tracks[0].actors[1]", 25) in got  # unknown actor in a track
    assert any("all saliences are equal" in w.message for w in report.warnings)


def test_valid_model_has_no_findings() -> None:
    report = validate_file(DATA / "valid_min.yaml")
    assert report.ok and report.errors == [] and report.warnings == []


def test_documented_example_has_no_errors(tmp_path: Path) -> None:
    """The annotated YAML in docs/model-file.md must stay a valid model."""
    doc = (Path(__file__).resolve().parents[2] / "docs" / "model-file.md").read_text("utf-8")
    snippet = doc.split("```yaml\n", 1)[1].split("```", 1)[0]
    f = tmp_path / "doc.yaml"
    f.write_text(snippet, "utf-8")
    report = validate_file(f)
    assert report.errors == [], [str(e) for e in report.errors]

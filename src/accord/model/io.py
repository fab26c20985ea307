"""Load and save model files: YAML (with line/column of every node), KTAB CSV/XML, BdM CSV.

YAML is composed with PyYAML's composer so every node keeps its start mark; errors found by
pydantic are reported at the line and column of the offending value (or key). Duplicate keys,
which PyYAML would silently collapse, are errors. Writing is atomic: a temporary file in the
target directory, flushed and fsynced, then renamed over the target.

>>> from accord.model.io import load_model, save_model
>>> model = load_model("examples/ukraine-2025/model.yaml")
>>> lost = save_model(model, "/tmp/ukraine.xml")  # doctest: +SKIP
"""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass, field
from enum import StrEnum
from pathlib import Path
from typing import Any

import yaml
from pydantic import ValidationError

from accord.errors import InputError
from accord.files import BoundedLoader, atomic_write_text, decode_utf8, yaml_error
from accord.model.formats import (
    format_bdm_csv,
    format_ktab_csv,
    format_ktab_xml,
    read_bdm_csv,
    read_ktab_csv,
    read_ktab_xml,
)
from accord.model.locate import Loc, ModelFileError, check_unique_ids, to_input_errors
from accord.model.schema import NegotiationModel

Mark = tuple[int, int]


class ModelFormat(StrEnum):
    """File formats a model can be read from and written to."""

    yaml = "yaml"
    ktab_csv = "ktab-csv"
    ktab_xml = "ktab-xml"
    bdm_csv = "bdm-csv"


@dataclass
class YamlSource:
    """Parsed YAML data with the (line, column) of every value and every mapping key."""

    data: Any
    value_marks: dict[Loc, Mark] = field(default_factory=dict)
    key_marks: dict[Loc, Mark] = field(default_factory=dict)

    def locate(self, loc: Loc, *, key: bool = False) -> tuple[int | None, int | None]:
        """Line and column (1-based) of ``loc``, or of its nearest present ancestor."""
        if key and loc in self.key_marks:
            return self.key_marks[loc]
        for k in range(len(loc), -1, -1):
            if loc[:k] in self.value_marks:
                return self.value_marks[loc[:k]]
        return (None, None)


@dataclass
class LoadedModel:
    """A model with where it came from, so later checks can name file, line and column."""

    model: NegotiationModel
    file: str
    format: ModelFormat
    source: YamlSource | None = None

    def locate(self, loc: Loc) -> tuple[int | None, int | None]:
        """Line and column of a field path (None, None for formats without marks)."""
        return self.source.locate(loc) if self.source else (None, None)


def _mark(node: yaml.Node) -> Mark:
    return (node.start_mark.line + 1, node.start_mark.column + 1)


def parse_yaml(text: str, file: str) -> YamlSource:
    """Compose ``text`` into plain data, recording marks; duplicate keys are errors.

    Scalars are resolved with PyYAML's safe constructor (so ``.nan`` becomes a float NaN that
    the schema then rejects, and ``yes`` stays whatever YAML 1.1 says it is).
    """
    try:
        loader = BoundedLoader(text)
    except yaml.YAMLError as exc:  # a forbidden character (NUL, …), found before parsing
        raise yaml_error(exc, file, text) from None
    try:
        try:
            root = loader.get_single_node()
        except yaml.YAMLError as exc:
            raise yaml_error(exc, file, text) from None
        if root is None:
            raise InputError("empty file; expected a YAML mapping", file=file, line=1, column=1)
        src = YamlSource(data=None)

        def build(node: yaml.Node, path: Loc) -> Any:
            src.value_marks[path] = _mark(node)
            if isinstance(node, yaml.MappingNode):
                out: dict[Any, Any] = {}
                for key_node, value_node in node.value:
                    if not isinstance(key_node, yaml.ScalarNode):
                        raise InputError(
                            "mapping keys must be plain names",
                            file=file,
                            line=_mark(key_node)[0],
                            column=_mark(key_node)[1],
                            field=_path_text(path) if path else None,
                        )
                    key = construct(key_node, path)
                    if key in out:
                        first = src.key_marks[(*path, key)]
                        raise InputError(
                            f"duplicate key {key!r} (first at line {first[0]}); "
                            "each key may appear once in a mapping",
                            file=file,
                            line=_mark(key_node)[0],
                            column=_mark(key_node)[1],
                            field=_path_text((*path, key)),
                        )
                    src.key_marks[(*path, key)] = _mark(key_node)
                    out[key] = build(value_node, (*path, key))
                return out
            if isinstance(node, yaml.SequenceNode):
                return [build(child, (*path, i)) for i, child in enumerate(node.value)]
            return construct(node, path)

        def construct(node: yaml.Node, path: Loc) -> Any:
            try:
                return loader.construct_object(node, deep=True)
            except yaml.YAMLError as exc:
                err = yaml_error(exc, file, text)
                err.field = err.field or (_path_text(path) if path else None)
                raise err from None

        src.data = build(root, ())
        return src
    finally:
        loader.dispose()


def _path_text(loc: Loc) -> str:
    from accord.model.locate import field_path

    return field_path(loc)


def _allowed_fields(loc: Loc) -> list[str]:
    """Field names allowed at a loc, for 'unknown field' messages."""
    from pydantic import BaseModel

    from accord.model import schema

    model: type[BaseModel] = NegotiationModel
    for part in loc:
        if isinstance(part, int):
            continue
        info = model.model_fields.get(str(part))
        if info is None:
            info = next((f for f in model.model_fields.values() if f.alias == part), None)
        if info is None:
            return []
        target = _inner_model(info.annotation, schema)
        if target is None:
            return []
        model = target
    return [f.alias or name for name, f in model.model_fields.items()]


def _inner_model(annotation: Any, schema_module: Any) -> Any:
    """The pydantic model inside ``list[X]`` / ``X | None`` annotations, if any."""
    from typing import get_args

    from pydantic import BaseModel

    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return annotation
    for arg in get_args(annotation):
        found = _inner_model(arg, schema_module)
        if found is not None:
            return found
    return None


def _find_nonfinite(data: Any, path: Loc = ()) -> list[Loc]:
    if isinstance(data, float) and not math.isfinite(data):
        return [path]
    if isinstance(data, dict):
        return [p for k, v in data.items() for p in _find_nonfinite(v, (*path, k))]
    if isinstance(data, list):
        return [p for i, v in enumerate(data) for p in _find_nonfinite(v, (*path, i))]
    return []


def load_yaml_model(path: str | Path) -> LoadedModel:
    """Load a YAML model file, raising :class:`ModelFileError` with every located error."""
    path = Path(path)
    file = str(path)
    src = parse_yaml(decode_utf8(path.read_bytes(), file), file)
    if not isinstance(src.data, dict):
        raise InputError(
            "the top level must be a mapping (name:, actors:, ...)", file=file, line=1, column=1
        )
    check_unique_ids(src.data, file, src.locate)
    # NaN/inf anywhere — even in free-form parameters — would reach engines or JSON output.
    bad = _find_nonfinite(src.data)
    if bad:
        errors = []
        for loc in bad:
            line, col = src.locate(loc)
            errors.append(
                InputError(
                    "a finite number is required (NaN and infinity are not allowed)",
                    file=file,
                    line=line,
                    column=col,
                    field=_path_text(loc),
                )
            )
        raise ModelFileError(errors)
    try:
        model = NegotiationModel.model_validate(src.data)
    except ValidationError as exc:

        def locate(loc: Loc) -> tuple[int | None, int | None]:
            return src.locate(loc, key=True)

        errors = to_input_errors(exc, file, locate, _allowed_fields)
        # For errors about a value (not an unknown key), point at the value.
        for err, raw in zip(errors, exc.errors(), strict=True):
            if raw["type"] != "extra_forbidden":
                err.line, err.column = src.locate(tuple(raw["loc"]))
        raise ModelFileError(errors) from None
    return LoadedModel(model=model, file=file, format=ModelFormat.yaml, source=src)


def detect_format(path: str | Path) -> ModelFormat:
    """The file's format, from its extension and (for CSV) its first line.

    A CSV whose first line names Position and Salience columns is Bueno de Mesquita's format;
    otherwise it is KTAB's (scenario line first).
    """
    path = Path(path)
    ext = path.suffix.lower()
    if ext in (".yaml", ".yml", ".json"):
        return ModelFormat.yaml
    if ext == ".xml":
        return ModelFormat.ktab_xml
    head = path.read_bytes()[:4096].decode("utf-8-sig", errors="replace")
    if ext == ".csv":
        first = head.splitlines()[0].lower() if head.strip() else ""
        if "position" in first and "salience" in first:
            return ModelFormat.bdm_csv
        return ModelFormat.ktab_csv
    if head.lstrip().startswith("<"):
        return ModelFormat.ktab_xml
    return ModelFormat.yaml


_READERS: dict[ModelFormat, Callable[[Path], NegotiationModel]] = {
    ModelFormat.ktab_csv: read_ktab_csv,
    ModelFormat.ktab_xml: read_ktab_xml,
    ModelFormat.bdm_csv: read_bdm_csv,
}


def load_located(path: str | Path, fmt: ModelFormat | None = None) -> LoadedModel:
    """Load any supported model file, keeping where it came from."""
    path = Path(path)
    if not path.is_file():
        raise InputError("no such file", file=str(path))
    fmt = fmt or detect_format(path)
    if fmt is ModelFormat.yaml:
        return load_yaml_model(path)
    return LoadedModel(model=_READERS[fmt](path), file=str(path), format=fmt)


def load_model(path: str | Path, fmt: ModelFormat | None = None) -> NegotiationModel:
    """Load a model from YAML, KTAB CSV/XML or BdM CSV (format detected when not given)."""
    return load_located(path, fmt).model


def format_yaml(model: NegotiationModel) -> str:
    """The model as YAML text (defaults left out; floats written exactly)."""
    return yaml.safe_dump(
        model.to_data(), sort_keys=False, allow_unicode=True, width=100, default_flow_style=False
    )


def format_model(
    model: NegotiationModel, fmt: ModelFormat, issue: str | None = None
) -> tuple[str, list[str]]:
    """The model as text in ``fmt``, and what that format cannot represent."""
    if fmt is ModelFormat.yaml:
        return format_yaml(model), []
    if fmt is ModelFormat.ktab_csv:
        return format_ktab_csv(model)
    if fmt is ModelFormat.ktab_xml:
        return format_ktab_xml(model)
    return format_bdm_csv(model, issue)


def format_for_path(path: str | Path) -> ModelFormat:
    """The output format implied by a file name (``.csv`` means KTAB unless ``.bdm.csv``)."""
    name = Path(path).name.lower()
    if name.endswith((".yaml", ".yml")):
        return ModelFormat.yaml
    if name.endswith(".xml"):
        return ModelFormat.ktab_xml
    if name.endswith(".bdm.csv"):
        return ModelFormat.bdm_csv
    if name.endswith(".csv"):
        return ModelFormat.ktab_csv
    raise InputError(
        "cannot tell the output format from the name; use .yaml, .xml (KTAB), .csv (KTAB) "
        "or .bdm.csv (Bueno de Mesquita), or name the format (to)",
        file=str(path),
    )


def save_model(
    model: NegotiationModel,
    path: str | Path,
    fmt: ModelFormat | None = None,
    issue: str | None = None,
) -> list[str]:
    """Write ``model`` atomically in ``fmt`` (from the file name if not given).

    Returns the list of things the format could not carry (empty for YAML).
    """
    fmt = fmt or format_for_path(path)
    text, lost = format_model(model, fmt, issue)
    atomic_write_text(path, text)
    return lost

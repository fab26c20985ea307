"""Read and write the published scenario formats: KTAB CSV/XML and Bueno de Mesquita CSV.

Numbers are carried exactly as written (parsed with ``float``, never rounded); anything the
model schema has no field for (KTAB's PRNG seed, model parameters, ideal-adjustment pairs, the
header column names) is kept in ``NegotiationModel.parameters`` under the format's key so an
engine that needs it (KTAB's SMP) can use it and a writer can put it back.

>>> from accord.model.formats import read_bdm_csv
>>> m = read_bdm_csv("../shared/fixtures/bdm/eu_emissions.csv")  # doctest: +SKIP
>>> m.actor("UK").capability  # doctest: +SKIP
0.16

Formats
-------
* KTAB CSV — line 1: scenario name, description, number of actors, number of dimensions;
  line 2: headers (actor, description, capability, then position/salience pairs); one row per
  actor. Trailing commas are tolerated (KTAB's own files have them on some lines only).
* KTAB XML — ``<Scenario>`` per KTAB's ``smpSchema.xsd``.
* BdM CSV — header row ``Actor, Capability, Position, Salience`` (``Stakeholder`` and
  ``Resources`` are accepted as the first two); one issue.
"""

from __future__ import annotations

import csv
import io
import math
import re
from collections.abc import Callable
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from accord.errors import InputError
from accord.files import decode_utf8
from accord.model.distributions import distribution_of
from accord.model.locate import ModelFileError, check_unique_ids, to_input_errors
from accord.model.schema import (
    Actor,
    ActorKind,
    Issue,
    NegotiationModel,
)

KTAB_MODEL_PARAMETERS = (
    "VictoryProbModel",
    "PCEModel",
    "StateTransitions",
    "VotingRule",
    "BigRAdjust",
    "BigRRange",
    "ThirdPartyCommit",
    "InterVecBrgn",
    "BargnModel",
)

# ---------------------------------------------------------------------------------------------
# Shared helpers


def _read_text(path: Path) -> str:
    return decode_utf8(path.read_bytes(), str(path))


def _split_csv_line(line: str) -> list[tuple[str, int]]:
    """Split one CSV line into (value, 1-based column) pairs; values keep no quotes.

    A hand-written splitter (not :mod:`csv`) because error messages need each field's column.
    """
    fields: list[tuple[str, int]] = []
    i, n = 0, len(line)
    while True:
        start = i
        if i < n and line[i] == '"':
            # Quoted field: "" is an escaped quote; everything up to the closing quote.
            i += 1
            buf: list[str] = []
            while i < n:
                if line[i] == '"':
                    if i + 1 < n and line[i + 1] == '"':
                        buf.append('"')
                        i += 2
                        continue
                    i += 1
                    break
                buf.append(line[i])
                i += 1
            value = "".join(buf)
            j = line.find(",", i)
            j = n if j < 0 else j
            value += line[i:j]
            i = j
        else:
            j = line.find(",", i)
            j = n if j < 0 else j
            # Unquoted field that contains a quoted part after spaces: `  "text"`.
            value = line[i:j]
            stripped = value.strip()
            if stripped.startswith('"') and stripped.endswith('"') and len(stripped) >= 2:
                value = stripped[1:-1].replace('""', '"')
            i = j
        fields.append((value.strip(), start + 1))
        if i >= n:
            break
        i += 1  # skip the comma
    return fields


def _drop_trailing_empty(fields: list[tuple[str, int]]) -> list[tuple[str, int]]:
    while fields and fields[-1][0] == "":
        fields = fields[:-1]
    return fields


def _number(value: str, file: str, line: int | None, col: int | None, what: str) -> float:
    try:
        x = float(value)
    except ValueError:
        raise InputError(
            f"expected a number, got {value!r}", file=file, line=line, column=col, field=what
        ) from None
    if not math.isfinite(x):
        raise InputError(
            f"expected a finite number, got {value!r}", file=file, line=line, column=col, field=what
        )
    return x


def _build(
    data: dict[str, Any],
    file: str,
    locate: Callable[[tuple[int | str, ...]], tuple[int | None, int | None]],
) -> NegotiationModel:
    check_unique_ids(data, file, locate)
    try:
        return NegotiationModel.model_validate(data)
    except ValidationError as exc:
        raise ModelFileError(to_input_errors(exc, file, locate)) from None


# ---------------------------------------------------------------------------------------------
# KTAB CSV


def read_ktab_csv(path: str | Path) -> NegotiationModel:
    """Read a KTAB scenario CSV into a model (one issue per KTAB dimension, scale 0–100).

    Capability, positions and saliences are kept exactly as written. The header names and any
    extra fields of line 1 are kept in ``parameters["ktab"]``.

    >>> m = read_ktab_csv("../shared/fixtures/ktab/dummyData_3Dim.csv")  # doctest: +SKIP
    >>> [i.id for i in m.issues]  # doctest: +SKIP
    ['Pstn1', 'Pstn2', 'Pstn3']
    """
    path = Path(path)
    file = str(path)
    lines = _read_text(path).splitlines()
    numbered = [(k + 1, ln) for k, ln in enumerate(lines) if ln.strip() != ""]
    if len(numbered) < 2:
        raise InputError(
            "a KTAB CSV needs a scenario line and a header line",
            file=file,
            line=1,
            column=1,
            field="scenario",
        )
    (ln1, first), (ln2, header) = numbered[0], numbered[1]
    head = _drop_trailing_empty(_split_csv_line(first))
    if len(head) < 4:
        raise InputError(
            "line 1 must be: scenario name, description, number of actors, number of dimensions",
            file=file,
            line=ln1,
            column=1,
            field="scenario",
        )
    scen_name, scen_desc = head[0][0], head[1][0]
    n_act_f = _number(head[2][0], file, ln1, head[2][1], "number of actors")
    n_dim_f = _number(head[3][0], file, ln1, head[3][1], "number of dimensions")
    if n_act_f != int(n_act_f) or n_act_f < 1 or n_dim_f != int(n_dim_f) or n_dim_f < 1:
        raise InputError(
            "number of actors and of dimensions must be positive whole numbers",
            file=file,
            line=ln1,
            column=head[2][1],
            field="scenario",
        )
    n_act, n_dim = int(n_act_f), int(n_dim_f)
    cols = _drop_trailing_empty(_split_csv_line(header))
    if len(cols) != 3 + 2 * n_dim:
        raise InputError(
            f"expected {3 + 2 * n_dim} header columns (actor, description, capability and a "
            f"position/salience pair for each of {n_dim} dimensions), found {len(cols)}",
            file=file,
            line=ln2,
            column=1,
            field="header",
        )
    dim_names = [cols[3 + 2 * d][0] for d in range(n_dim)]
    sal_names = [cols[4 + 2 * d][0] for d in range(n_dim)]
    if len(set(dim_names)) != n_dim or any(not d for d in dim_names):
        raise InputError(
            f"dimension (position) column names must be non-empty and distinct: {dim_names}",
            file=file,
            line=ln2,
            column=cols[3][1],
            field="header",
        )
    rows = numbered[2:]
    if len(rows) != n_act:
        at = rows[n_act] if len(rows) > n_act else (numbered[-1][0], "")
        raise InputError(
            f"line 1 announces {n_act} actors but the file has {len(rows)} actor rows",
            file=file,
            line=at[0] if len(rows) > n_act else ln1,
            column=1,
            field="actors",
        )
    actors: list[dict[str, Any]] = []
    positions: list[dict[str, Any]] = []
    where: dict[tuple[int | str, ...], tuple[int, int]] = {}
    for a_idx, (ln, text) in enumerate(rows):
        fields = _drop_trailing_empty(_split_csv_line(text))
        if len(fields) != 3 + 2 * n_dim:
            raise InputError(
                f"expected {3 + 2 * n_dim} fields (actor, description, capability, "
                f"{n_dim} position/salience pairs), found {len(fields)}",
                file=file,
                line=ln,
                column=1,
                field="row",
            )
        name, desc = fields[0][0], fields[1][0]
        cap = _number(fields[2][0], file, ln, fields[2][1], cols[2][0] or "capability")
        where[("actors", a_idx)] = (ln, fields[0][1])
        where[("actors", a_idx, "id")] = (ln, fields[0][1])
        where[("actors", a_idx, "capability")] = (ln, fields[2][1])
        actors.append({"id": name, "description": desc or None, "capability": cap})
        for d in range(n_dim):
            pf, sf = fields[3 + 2 * d], fields[4 + 2 * d]
            pos = _number(pf[0], file, ln, pf[1], dim_names[d])
            sal = _number(sf[0], file, ln, sf[1], sal_names[d])
            k = len(positions)
            where[("positions", k)] = (ln, pf[1])
            where[("positions", k, "position")] = (ln, pf[1])
            where[("positions", k, "salience")] = (ln, sf[1])
            positions.append(
                {"actor": name, "issue": dim_names[d], "position": pos, "salience": sal}
            )
    extra = [v for v, _ in head[4:]]
    data: dict[str, Any] = {
        "name": scen_name,
        "description": scen_desc or None,
        "actors": actors,
        "issues": [{"id": d, "question": d} for d in dim_names],
        "positions": positions,
        "parameters": {
            "source_format": "ktab-csv",
            "ktab": {
                "capability_header": cols[2][0],
                "actor_header": cols[0][0],
                "description_header": cols[1][0],
                "salience_headers": sal_names,
                **({"scenario_line_extra": extra} if extra else {}),
            },
        },
    }

    def locate(loc: tuple[int | str, ...]) -> tuple[int | None, int | None]:
        for k in range(len(loc), 0, -1):
            if loc[:k] in where:
                return where[loc[:k]]
        return (ln1, 1)

    return _build(data, file, locate)


def _ktab_matrix(
    model: NegotiationModel,
) -> tuple[list[Actor], list[Issue], list[list[tuple[float, float]]], list[str]]:
    """Full actor × issue (position, salience) matrix for the KTAB/BdM writers, and what is lost."""
    lost: list[str] = []
    cells: list[list[tuple[float, float]]] = []
    for a in model.actors:
        row: list[tuple[float, float]] = []
        for i in model.issues:
            p = model.position_of(a.id, i.id)
            if p is None:
                fill = i.status_quo if i.status_quo is not None else (i.scale.min + i.scale.max) / 2
                lost.append(
                    f"actor {a.id!r} has no position on {i.id!r}: written as salience 0 at {fill:g}"
                )
                row.append((fill, 0.0))
            else:
                row.append((p.position, p.salience))
        cells.append(row)
    return list(model.actors), list(model.issues), cells, lost


def _lost_common(model: NegotiationModel, fixed_scale: bool = True) -> list[str]:
    """What KTAB/BdM files cannot carry. ``fixed_scale``: the format assumes 0–100 scales."""
    lost: list[str] = []
    if any(i.scale.anchors or i.scale.options for i in model.issues):
        lost.append("scale anchors and discrete options")
    if fixed_scale and any(i.scale.min != 0 or i.scale.max != 100 for i in model.issues):
        lost.append("issue scales other than 0–100 (KTAB assumes 0–100)")
    if any(i.status_quo is not None for i in model.issues):
        lost.append("status quo of each issue")
    if any(i.question != i.id for i in model.issues):
        lost.append("issue questions (the id is written as the dimension name)")
    if any(
        a.name
        or a.members
        or a.registry_id is not None
        or a.risk is not None
        or a.utility_per_money is not None
        or a.kind is not ActorKind.other
        for a in model.actors
    ):
        lost.append("actor names, kinds, members, registry links, risk and utility_per_money")
    if any(
        p.evidence or p.red_line or p.alternative or p.uncertainty or p.note
        for p in model.positions
    ):
        lost.append("evidence, red lines, alternatives and uncertainty ranges of positions")
    if model.tracks:
        lost.append("tracks")
    if model.side_payment_pools:
        lost.append("side-payment pools")
    if any(
        distribution_of(v) is not None
        for v in [
            *(a.capability for a in model.actors),
            *(x for p in model.positions for x in (p.position, p.salience)),
        ]
    ):
        lost.append("distributions of capabilities, positions and saliences (points written)")
    if model.scenarios:
        lost.append("scenarios")
    return lost


def _csv_field(value: str) -> str:
    """Quote a field when it holds a comma or a quote (quotes doubled, as CSV does)."""
    if "," in value or '"' in value:
        return '"' + value.replace('"', '""') + '"'
    return value


def format_ktab_csv(model: NegotiationModel) -> tuple[str, list[str]]:
    """The model as KTAB CSV text, and a list of what the format cannot carry."""
    actors, issues, cells, lost = _ktab_matrix(model)
    lost = _lost_common(model) + lost
    for a in actors:
        if "," in a.id or '"' in a.id:
            raise InputError(
                f"actor id {a.id!r} cannot be written to KTAB CSV (comma or quote)", field="id"
            )
    k = model.parameters.get("ktab", {}) if isinstance(model.parameters.get("ktab"), dict) else {}
    cap_header = str(k.get("capability_header", "Capability"))
    sal_headers = k.get("salience_headers")
    if not isinstance(sal_headers, list) or len(sal_headers) != len(issues):
        sal_headers = [f"{i.id} Salience" for i in issues]
    out = io.StringIO()
    for i in issues:
        if "," in i.id or '"' in i.id:
            raise InputError(
                f"issue id {i.id!r} cannot be a KTAB CSV column name (comma or quote)", field="id"
            )
    name, desc = _csv_field(model.name), _csv_field(model.description or "")
    out.write(f"{name},{desc},{len(actors)},{len(issues)},\n")
    header = ["Actor", "Description", cap_header]
    for i, s in zip(issues, sal_headers, strict=True):
        header += [i.id, str(s)]
    out.write(",".join(header) + ",\n")
    for a, row in zip(actors, cells, strict=True):
        parts = [a.id, _csv_field(a.description or ""), repr(a.capability)]
        for pos, sal in row:
            parts += [repr(pos), repr(sal)]
        out.write(",".join(parts) + ",\n")
    return out.getvalue(), lost


# ---------------------------------------------------------------------------------------------
# KTAB XML


def read_ktab_xml(path: str | Path) -> NegotiationModel:
    """Read a KTAB ``<Scenario>`` XML file (``smpSchema.xsd``) into a model.

    ``parameters["ktab"]`` holds ``prngSeed`` (as the string written, since it is a 64-bit
    seed with leading zeros), ``ModelParameters`` (VotingRule etc., when present) and
    ``IdealAdjustment`` (a list of ``{adjustingIdeal, referencePos, adjust}``). An empty or
    non-numeric coordinate is an error at its line, never a silent zero.
    """
    from lxml import etree

    path = Path(path)
    file = str(path)
    raw = path.read_bytes()
    try:
        tree = etree.ElementTree(
            etree.fromstring(raw, etree.XMLParser(resolve_entities=False, no_network=True))
        )
    except (OSError, ValueError) as exc:  # bytes libxml2 cannot decode: say where, if UTF-8
        decode_utf8(raw, file)
        problem = (str(exc).splitlines() or ["unreadable"])[0]
        raise InputError(f"not readable as XML: {problem}", file=file, line=1) from None
    except etree.XMLSyntaxError as exc:
        line, col = exc.position if exc.position else (None, None)
        # libxml2 appends ", line N, column M" on a second line: the location says it already
        problem = (str(exc.msg or exc).splitlines() or ["unreadable"])[0].strip()
        problem = re.sub(r",? line \d+, column \d+$", "", problem)
        raise InputError(
            f"not well-formed XML: {problem}", file=file, line=line or 1, column=col
        ) from None
    root = tree.getroot()
    if root.tag != "Scenario":
        raise InputError(
            f"root element is <{root.tag}>, expected <Scenario> (KTAB smpSchema.xsd)",
            file=file,
            line=root.sourceline,
            field="Scenario",
        )

    def child(el: Any, tag: str, required: bool = True) -> Any:
        found = el.find(tag)
        if found is None and required:
            raise InputError(
                f"missing <{tag}> inside <{el.tag}>", file=file, line=el.sourceline, field=tag
            )
        return found

    def text(el: Any) -> str:
        return (el.text or "").strip()

    def num(el: Any, what: str, lo: float | None = None, hi: float | None = None) -> float:
        raw = text(el)
        if raw == "":
            raise InputError(
                "empty value; expected a decimal number"
                + (f" in [{lo:g}, {hi:g}]" if lo is not None and hi is not None else ""),
                file=file,
                line=el.sourceline,
                field=what,
            )
        x = _number(raw, file, el.sourceline, None, what)
        return x

    name = text(child(root, "name"))
    desc = text(child(root, "desc"))
    seed_el = child(root, "prngSeed", required=False)
    ktab: dict[str, Any] = {}
    if seed_el is not None:
        ktab["prngSeed"] = text(seed_el)
    mp = child(root, "ModelParameters", required=False)
    if mp is not None:
        ktab["ModelParameters"] = {c.tag: text(c) for c in mp if isinstance(c.tag, str)}
    dims_el = child(root, "Dimensions", required=False)
    actors_el = child(root, "Actors")
    actor_els = [a for a in actors_el if a.tag == "Actor"]
    if not actor_els:
        raise InputError(
            "no <Actor> in <Actors>", file=file, line=actors_el.sourceline, field="Actors"
        )
    first_pos = child(actor_els[0], "Position")
    n_dim = len([c for c in first_pos if c.tag == "dCoord"])
    if dims_el is not None:
        dim_names = [text(d) for d in dims_el if d.tag == "dName"]
    else:
        dim_names = [f"Dim{d}" for d in range(n_dim)]
    if len(set(dim_names)) != len(dim_names) or any(not d for d in dim_names):
        raise InputError(
            f"dimension names must be non-empty and distinct: {dim_names}",
            file=file,
            line=dims_el.sourceline if dims_el is not None else root.sourceline,
            field="Dimensions.dName",
        )
    actors: list[dict[str, Any]] = []
    positions: list[dict[str, Any]] = []
    where: dict[tuple[int | str, ...], int] = {}
    for a_idx, a_el in enumerate(actor_els):
        a_name = text(child(a_el, "name"))
        d_el = child(a_el, "description", required=False)
        cap_el = child(a_el, "capability")
        cap = num(cap_el, f"Actor[{a_name}].capability")
        where[("actors", a_idx)] = a_el.sourceline
        where[("actors", a_idx, "capability")] = cap_el.sourceline
        actors.append(
            {
                "id": a_name,
                "description": (text(d_el) or None) if d_el is not None else None,
                "capability": cap,
            }
        )
        coords = [c for c in child(a_el, "Position") if c.tag == "dCoord"]
        sals = [c for c in child(a_el, "Salience") if c.tag == "dSal"]
        for what, got in (("Position/dCoord", coords), ("Salience/dSal", sals)):
            if len(got) != len(dim_names):
                raise InputError(
                    f"{len(got)} values for {len(dim_names)} dimensions",
                    file=file,
                    line=a_el.sourceline,
                    field=f"Actor[{a_name}].{what}",
                )
        for d, (c_el, s_el) in enumerate(zip(coords, sals, strict=True)):
            pos = num(c_el, f"Actor[{a_name}].Position.dCoord[{d}] ({dim_names[d]})", 0, 100)
            sal = num(s_el, f"Actor[{a_name}].Salience.dSal[{d}] ({dim_names[d]})", 0, 100)
            k = len(positions)
            where[("positions", k)] = c_el.sourceline
            where[("positions", k, "position")] = c_el.sourceline
            where[("positions", k, "salience")] = s_el.sourceline
            positions.append(
                {"actor": a_name, "issue": dim_names[d], "position": pos, "salience": sal}
            )
    ia_el = child(root, "IdealAdjustment", required=False)
    if ia_el is not None:
        pairs: list[dict[str, Any]] = []
        known = {a["id"] for a in actors}
        for pair in ia_el:
            if pair.tag != "iaPair":
                continue
            adj_el = child(pair, "adjust")
            entry = {
                "adjustingIdeal": text(child(pair, "adjustingIdeal")),
                "referencePos": text(child(pair, "referencePos")),
                "adjust": num(adj_el, "iaPair.adjust"),
            }
            for role in ("adjustingIdeal", "referencePos"):
                if entry[role] not in known:
                    raise InputError(
                        f"unknown actor {entry[role]!r}; actors are {sorted(known)}",
                        file=file,
                        line=pair.sourceline,
                        field=f"iaPair.{role}",
                    )
            pairs.append(entry)
        ktab["IdealAdjustment"] = pairs
    data: dict[str, Any] = {
        "name": name,
        "description": desc or None,
        "actors": actors,
        "issues": [{"id": d, "question": d} for d in dim_names],
        "positions": positions,
        "parameters": {"source_format": "ktab-xml", "ktab": ktab},
    }

    def locate(loc: tuple[int | str, ...]) -> tuple[int | None, int | None]:
        for k in range(len(loc), 0, -1):
            if loc[:k] in where:
                return (where[loc[:k]], None)
        return (root.sourceline, None)

    return _build(data, file, locate)


def _xml_escape(s: str) -> str:
    return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def format_ktab_xml(model: NegotiationModel) -> tuple[str, list[str]]:
    """The model as KTAB ``<Scenario>`` XML text, and a list of what the format cannot carry.

    KTAB parameters read from an XML file (seed, ModelParameters, IdealAdjustment) are written
    back; a model without a seed gets ``0``.
    """
    actors, issues, cells, lost = _ktab_matrix(model)
    lost = _lost_common(model) + lost
    k = model.parameters.get("ktab", {}) if isinstance(model.parameters.get("ktab"), dict) else {}
    out = ['<?xml version="1.0" encoding="UTF-8"?>']
    out.append(
        '<Scenario xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" '
        'xsi:noNamespaceSchemaLocation="smpSchema.xsd">'
    )
    out.append(f"  <name>{_xml_escape(model.name)}</name>")
    out.append(f"  <desc>{_xml_escape(model.description or '')}</desc>")
    out.append(f"  <prngSeed>{_xml_escape(str(k.get('prngSeed', '0')))}</prngSeed>")
    mp = k.get("ModelParameters")
    if isinstance(mp, dict) and mp:
        out.append("  <ModelParameters>")
        for key in KTAB_MODEL_PARAMETERS:
            if key in mp:
                out.append(f"    <{key}>{_xml_escape(str(mp[key]))}</{key}>")
        out.append("  </ModelParameters>")
    out.append("  <Dimensions>")
    out += [f"    <dName>{_xml_escape(i.id)}</dName>" for i in issues]
    out.append("  </Dimensions>")
    out.append("  <Actors>")
    for a, row in zip(actors, cells, strict=True):
        out.append("    <Actor>")
        out.append(f"      <name>{_xml_escape(a.id)}</name>")
        out.append(f"      <description>{_xml_escape(a.description or '')}</description>")
        out.append(f"      <capability>{a.capability!r}</capability>")
        out.append("      <Position>")
        out += [f"        <dCoord>{pos!r}</dCoord>" for pos, _ in row]
        out.append("      </Position>")
        out.append("      <Salience>")
        out += [f"        <dSal>{sal!r}</dSal>" for _, sal in row]
        out.append("      </Salience>")
        out.append("    </Actor>")
    out.append("  </Actors>")
    ia = k.get("IdealAdjustment")
    if isinstance(ia, list) and ia:
        out.append("  <IdealAdjustment>")
        for pair in ia:
            out.append("    <iaPair>")
            out.append(
                f"      <adjustingIdeal>{_xml_escape(str(pair['adjustingIdeal']))}</adjustingIdeal>"
            )
            out.append(
                f"      <referencePos>{_xml_escape(str(pair['referencePos']))}</referencePos>"
            )
            out.append(f"      <adjust>{float(pair['adjust'])!r}</adjust>")
            out.append("    </iaPair>")
        out.append("  </IdealAdjustment>")
    out.append("</Scenario>")
    return "\n".join(out) + "\n", lost


# ---------------------------------------------------------------------------------------------
# Bueno de Mesquita CSV

_BDM_COLUMNS: dict[str, tuple[str, ...]] = {
    "actor": ("actor", "stakeholder", "name"),
    "capability": ("capability", "resources", "power", "influence", "clout"),
    "position": ("position",),
    "salience": ("salience",),
}


def read_bdm_csv(path: str | Path) -> NegotiationModel:
    """Read a Bueno de Mesquita CSV (one issue) into a model.

    BdM files carry no scale, so the issue's scale is the observed range of positions (recorded
    as ``parameters["bdm"]["scale"] = "observed range"``); values are kept exactly as written.
    A single issue named after the file stem is created.
    """
    path = Path(path)
    file = str(path)
    text = _read_text(path)
    rows = [(k + 1, ln) for k, ln in enumerate(text.splitlines()) if ln.strip() != ""]
    if not rows:
        raise InputError(
            "empty file; expected a header row", file=file, line=1, column=1, field="header"
        )
    hline, header = rows[0]
    cols = _drop_trailing_empty(_split_csv_line(header))
    index: dict[str, int] = {}
    for key, names in _BDM_COLUMNS.items():
        for j, (h, _) in enumerate(cols):
            if h.strip().lower() in names:
                index[key] = j
                break
        else:
            raise InputError(
                f"no {key} column; expected one of {', '.join(names)} "
                f"(header is {', '.join(h for h, _ in cols)})",
                file=file,
                line=hline,
                column=1,
                field="header",
            )
    actors: list[dict[str, Any]] = []
    positions: list[dict[str, Any]] = []
    where: dict[tuple[int | str, ...], tuple[int, int]] = {}
    issue_id = path.stem
    for a_idx, (ln, line) in enumerate(rows[1:]):
        fields = _drop_trailing_empty(_split_csv_line(line))
        if len(fields) != len(cols):
            raise InputError(
                f"expected {len(cols)} fields like the header, found {len(fields)}",
                file=file,
                line=ln,
                column=1,
                field="row",
            )
        name = fields[index["actor"]][0]
        cap_f, pos_f, sal_f = (fields[index[k]] for k in ("capability", "position", "salience"))
        cap = _number(cap_f[0], file, ln, cap_f[1], cols[index["capability"]][0])
        pos = _number(pos_f[0], file, ln, pos_f[1], cols[index["position"]][0])
        sal = _number(sal_f[0], file, ln, sal_f[1], cols[index["salience"]][0])
        where[("actors", a_idx)] = (ln, fields[index["actor"]][1])
        where[("actors", a_idx, "capability")] = (ln, cap_f[1])
        where[("positions", a_idx)] = (ln, pos_f[1])
        where[("positions", a_idx, "position")] = (ln, pos_f[1])
        where[("positions", a_idx, "salience")] = (ln, sal_f[1])
        actors.append({"id": name, "capability": cap})
        positions.append({"actor": name, "issue": issue_id, "position": pos, "salience": sal})
    if not actors:
        raise InputError(
            "no actor rows after the header", file=file, line=hline, column=1, field="actors"
        )
    values = [p["position"] for p in positions]
    lo, hi = min(values), max(values)
    if hi == lo:  # everyone agrees: any non-empty scale around the common point will do
        lo, hi = lo - 1.0, hi + 1.0
    data: dict[str, Any] = {
        "name": issue_id,
        "actors": actors,
        "issues": [{"id": issue_id, "question": issue_id, "scale": {"min": lo, "max": hi}}],
        "positions": positions,
        "parameters": {
            "source_format": "bdm-csv",
            "bdm": {
                "scale": "observed range",
                "headers": [h for h, _ in cols],
            },
        },
    }

    def locate(loc: tuple[int | str, ...]) -> tuple[int | None, int | None]:
        for k in range(len(loc), 0, -1):
            if loc[:k] in where:
                return where[loc[:k]]
        return (hline, 1)

    return _build(data, file, locate)


def format_bdm_csv(model: NegotiationModel, issue: str | None = None) -> tuple[str, list[str]]:
    """One issue of the model as BdM CSV text (Actor, Capability, Position, Salience).

    A multi-issue model needs ``issue``; actors without a position on it are left out (and
    listed as lost).
    """
    if issue is None:
        if len(model.issues) != 1:
            raise InputError(
                f"BdM CSV holds one issue; choose one of {[i.id for i in model.issues]}",
                field="issue",
            )
        issue = model.issues[0].id
    try:
        model.issue(issue)
    except KeyError:
        raise InputError(
            f"unknown issue {issue!r}; issues are {[i.id for i in model.issues]}", field="issue"
        ) from None
    lost = _lost_common(model, fixed_scale=False)
    chosen = model.issue(issue)
    values = [p.position for p in model.positions if p.issue == issue]
    if values:
        lo, hi = min(values), max(values)
        if hi == lo:
            lo, hi = lo - 1.0, hi + 1.0
        if (chosen.scale.min, chosen.scale.max) != (lo, hi):
            lost.append(
                f"the scale [{chosen.scale.min:g}, {chosen.scale.max:g}] of {issue!r} "
                f"(BdM CSV has none; a reader infers the observed range [{lo:g}, {hi:g}])"
            )
    others = [i.id for i in model.issues if i.id != issue]
    if others:
        lost.append(f"issues other than {issue!r}: {', '.join(others)}")
    out = io.StringIO()
    w = csv.writer(out, lineterminator="\n")
    w.writerow(["Actor", "Capability", "Position", "Salience"])
    for a in model.actors:
        p = model.position_of(a.id, issue)
        if p is None:
            lost.append(f"actor {a.id!r} (no position on {issue!r})")
            continue
        w.writerow([a.id, repr(a.capability), repr(p.position), repr(p.salience)])
    return out.getvalue(), lost


__all__ = [
    "format_bdm_csv",
    "format_ktab_csv",
    "format_ktab_xml",
    "read_bdm_csv",
    "read_ktab_csv",
    "read_ktab_xml",
]

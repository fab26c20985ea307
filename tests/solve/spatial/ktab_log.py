"""Parser for the console logs of KTAB's ``smpc`` reference runs (KAPSARC/KTAB examples/smp/doc).

A reference log ends with::

    History of actor positions over time:
    XJ, Policy Position:  30.0  30.0  30.9 ...
    ...
    History of actors' winning probabilities:
    XJ, prob : 0.0618 0.2605 ...

and prints, per turn, lines such as ``In turn 0 actor 0 has most advantageous target 6 worth
0.095`` and ``Chosen bargain ( Deterministic ): 1022 4 out of 5 bargains``. This module turns
those into arrays so tests can compare an implementation with KTAB state by state.
"""

from __future__ import annotations

import gzip
import re
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
from numpy.typing import NDArray

_TARGET = re.compile(
    r"^In turn (\d+) actor (\d+) has most advantageous target (\d+) worth ([-+\d.eE]+)"
)
_RISK_HEADER = "Inferred risk attitudes:"


@dataclass
class KtabRun:
    """Everything the tests use from one reference log."""

    actors: list[str]
    dimensions: list[str]
    positions: NDArray[np.float64]  # (states, actors, dimensions), 0-100 scale, 1 decimal
    win_probabilities: NDArray[np.float64]  # (states, actors), 4 decimals
    targets: dict[int, dict[int, tuple[int, float]]] = field(default_factory=dict)
    risk_first_turn: NDArray[np.float64] = field(default_factory=lambda: np.zeros(0))

    @property
    def n_states(self) -> int:
        """Number of states (the initial one included)."""
        return int(self.positions.shape[0])


def _read_text(path: Path) -> str:
    if path.suffix == ".gz":
        with gzip.open(path, "rt", encoding="utf-8", errors="replace") as fh:
            return fh.read()
    return path.read_text(encoding="utf-8", errors="replace")


def parse_ktab_log(path: Path) -> KtabRun:
    """Parse a KTAB ``smpc`` log (plain or gzip) into a :class:`KtabRun`."""
    lines = _read_text(path).splitlines()
    start = next(i for i, ln in enumerate(lines) if ln.startswith("History of actor positions"))
    rows: list[tuple[str, str, list[float]]] = []
    i = start + 1
    while not lines[i].startswith("History of actors' winning"):
        head, _, values = lines[i].rpartition(":")
        actor, _, dim = head.partition(",")
        rows.append((actor.strip(), dim.strip(), [float(v) for v in values.split()]))
        i += 1
    probs: list[list[float]] = []
    i += 1
    while i < len(lines) and ", prob :" in lines[i]:
        probs.append([float(v) for v in lines[i].split(":", 1)[1].split()])
        i += 1

    actors: list[str] = []
    dims: list[str] = []
    for actor, dim, _ in rows:
        if actor not in actors:
            actors.append(actor)
        if dim not in dims:
            dims.append(dim)
    n_states = len(rows[0][2])
    pos = np.empty((n_states, len(actors), len(dims)))
    for actor, dim, values in rows:
        pos[:, actors.index(actor), dims.index(dim)] = values

    targets: dict[int, dict[int, tuple[int, float]]] = {}
    for ln in lines:
        m = _TARGET.match(ln)
        if m:
            turn, act, tgt, worth = int(m[1]), int(m[2]), int(m[3]), float(m[4])
            targets.setdefault(turn, {})[act] = (tgt, worth)

    risk_at = lines.index(_RISK_HEADER) if _RISK_HEADER in lines else -1
    if risk_at < 0:
        risk_at = next(i for i, ln in enumerate(lines) if ln.startswith(_RISK_HEADER))
    risk = [float(lines[risk_at + 1 + a].split()[0]) for a in range(len(actors))]

    return KtabRun(
        actors=actors,
        dimensions=dims,
        positions=pos,
        win_probabilities=np.asarray(probs, dtype=np.float64).T,
        targets=targets,
        risk_first_turn=np.asarray(risk, dtype=np.float64),
    )

"""No module of src/accord binds the same module-level constant twice.

A second ``NAME = …`` further down a module silently replaces the first for every function that
reads it, including code written against the first value; ruff does not report it (F811 covers
imports and definitions only).
"""

from __future__ import annotations

import ast
from collections import Counter
from pathlib import Path

SRC = Path(__file__).resolve().parents[1] / "src" / "accord"


def _constants(tree: ast.Module) -> Counter[str]:
    names: Counter[str] = Counter()
    for node in tree.body:
        if isinstance(node, ast.Assign):
            targets = node.targets
        elif isinstance(node, ast.AnnAssign) and node.value is not None:
            targets = [node.target]
        else:
            continue
        names.update(t.id for t in targets if isinstance(t, ast.Name) and t.id.isupper())
    return names


def test_no_module_constant_is_bound_twice() -> None:
    twice = [
        f"{path.relative_to(SRC.parent)}: {name}"
        for path in sorted(SRC.rglob("*.py"))
        for name, count in _constants(ast.parse(path.read_text(encoding="utf-8"))).items()
        if count > 1
    ]
    assert not twice, twice


def test_the_check_sees_a_rebinding() -> None:
    assert _constants(ast.parse("A = 1\nB: int = 2\nA = 3\n"))["A"] == 2

"""Every CLI command is thin: parsing, one library call and rendering, in at most ~40 lines."""

from __future__ import annotations

import ast
import inspect
import textwrap

import typer

from accord.cli import app
from accord.commands.reference import command_paths

#: Lines of a command's body (after its signature and docstring).
MAX_BODY_LINES = 40


def _callbacks() -> dict[str, object]:
    group = typer.main.get_group(app)
    out = {}
    for path in command_paths(group):
        command = group
        for name in path:
            command = command.get_command(typer.Context(command), name)
        if command.callback is not None:
            out[" ".join(path)] = inspect.unwrap(command.callback)
    return out


def test_every_command_body_is_short() -> None:
    callbacks = _callbacks()
    assert len(callbacks) >= 25
    too_long = {}
    for verb, func in callbacks.items():
        tree = ast.parse(textwrap.dedent(inspect.getsource(func)))
        body = tree.body[0].body  # type: ignore[attr-defined]
        if body and isinstance(body[0], ast.Expr) and isinstance(body[0].value, ast.Constant):
            body = body[1:]
        lines = body[-1].end_lineno - body[0].lineno + 1 if body else 0
        if lines > MAX_BODY_LINES:
            too_long[verb] = lines
    assert not too_long, too_long


def test_commands_are_module_level_functions() -> None:
    """No command is defined inside a register() function."""
    for verb, func in _callbacks().items():
        assert "<locals>" not in func.__qualname__, verb  # type: ignore[attr-defined]


def test_help_texts_that_name_library_values_match_the_library() -> None:
    """Help texts list kinds, rules and engines without importing the modules that define them
    (start-up time); these lists must stay what the library accepts."""
    from accord.commands.actors import KINDS_HELP
    from accord.commands.coalition import RULES_HELP
    from accord.commands.model import ENGINE_HELP
    from accord.extract.registry import KINDS
    from accord.solve.coalition import RULES
    from accord.solve.spatial import ENGINES

    assert KINDS_HELP == f"One of: {', '.join(KINDS)}."
    assert RULES_HELP == f"One of: {', '.join(RULES)}, or 'all'."
    assert ENGINE_HELP == f"Forecasting engine: {', '.join(sorted(ENGINES))}"

"""Core SELECT statements the read pages run on every request, compiled once and, on SQLite,
executed on the driver's connection itself.

Through SQLAlchemy each execution of even a prebuilt statement costs ~0.05 ms before SQLite
runs it (compiled-cache lookup, parameter processing, a result object and its ``Row``\\ s),
more than most of the pages' statements take in SQLite: the article page's ten statements
cost ~0.6 ms that way against ~0.17 ms on the ``sqlite3`` connection (in-process, the 9,692-
article bench corpus). :class:`Prepared` keeps the statement's SQL text, its parameters'
order and its columns' result processors (dates, booleans, JSON) and gives rows with the
same values under the same names, as named tuples. Other databases (PostgreSQL: a round trip
per statement dominates) run the statement through SQLAlchemy as before.

The driver connection is the one the SQLAlchemy connection holds, in whatever transaction
state it is in, so the statement sees what a ``conn.execute`` would have seen.

>>> from sqlalchemy import bindparam, column, create_engine, select, table
>>> t = table("t", column("a"), column("b"))
>>> q = Prepared(select(t.c.a, t.c.b).where(t.c.a > bindparam("x")).order_by(t.c.a))
>>> with create_engine("sqlite://").connect() as c:
...     _ = c.exec_driver_sql("CREATE TABLE t (a INTEGER, b TEXT)")
...     _ = c.exec_driver_sql("INSERT INTO t VALUES (1, 'p'), (2, 'q')")
...     q.rows(c, {"x": 1})
[Row(a=2, b='q')]
"""

from __future__ import annotations

import threading
from collections import namedtuple
from collections.abc import Callable, Mapping, Sequence
from typing import Any

from sqlalchemy import Connection
from sqlalchemy.sql import Select

#: A SELECT of any columns.
AnySelect = Select[*tuple[Any, ...]]


class _Compiled:
    """The SQLite form of one statement: SQL text, where each parameter comes from, the row
    type and the columns whose stored values need converting."""

    __slots__ = ("sql", "names", "fixed", "bind", "make", "convert")

    def __init__(self, stmt: AnySelect, dialect: Any) -> None:
        compiled = stmt.compile(dialect=dialect)
        self.sql: str = compiled.string
        self.names: tuple[str, ...] = tuple(compiled.positiontup or ())
        # Values the statement itself fixes (a literal LIMIT becomes a parameter).
        self.fixed: dict[str, Any] = {
            k: b.effective_value for k, b in compiled.binds.items() if not b.required
        }
        # Parameters whose type converts the value for the driver (a date to its ISO text).
        bind = []
        for i, name in enumerate(self.names):
            b = compiled.binds[name]
            process = b.type.dialect_impl(dialect).bind_processor(dialect)
            if process is not None:
                bind.append((i, process))
        self.bind = tuple(bind)
        columns = list(stmt.selected_columns)
        keys = list(stmt.selected_columns.keys())
        row_type: Any = namedtuple("Row", keys)  # type: ignore[misc]  # fields known only here
        self.make: Callable[[Sequence[Any]], tuple[Any, ...]] = row_type._make
        convert: list[tuple[int, Callable[[Any], Any]]] = []
        for i, col in enumerate(columns):
            process = col.type.dialect_impl(dialect).result_processor(dialect, None)
            if process is not None:
                convert.append((i, process))
        self.convert = tuple(convert)

    def params(self, given: Mapping[str, Any]) -> list[Any]:
        fixed = self.fixed
        values = [given[n] if n in given else fixed[n] for n in self.names]
        for i, process in self.bind:
            if values[i] is not None:
                values[i] = process(values[i])
        return values

    def rows(self, cursor: Any) -> list[Any]:
        make, convert = self.make, self.convert
        if not convert:
            return [make(r) for r in cursor]
        out = []
        for r in cursor:
            values = list(r)
            for i, process in convert:
                if values[i] is not None:
                    values[i] = process(values[i])
            out.append(make(values))
        return out


class Prepared:
    """A Core ``SELECT`` compiled once per database dialect (see the module's docstring).

    The statement must not use expanding (``IN``-list) parameters; every parameter that is
    not given a literal value in the statement must be passed to :meth:`rows`."""

    def __init__(self, stmt: AnySelect) -> None:
        self.stmt = stmt
        self._sqlite: _Compiled | None = None
        self._lock = threading.Lock()

    def _compiled(self, dialect: Any) -> _Compiled:
        found = self._sqlite
        if found is None:
            with self._lock:
                found = self._sqlite
                if found is None:
                    found = self._sqlite = _Compiled(self.stmt, dialect)
        return found

    def rows(self, conn: Connection, params: Mapping[str, Any]) -> list[Any]:
        """All rows of the statement with ``params``: named tuples on SQLite, SQLAlchemy
        rows elsewhere (both index and attribute access, same names and values)."""
        if conn.dialect.name != "sqlite":
            return list(conn.execute(self.stmt, dict(params)).all())
        c = self._compiled(conn.dialect)
        driver = conn.connection.driver_connection
        assert driver is not None
        return c.rows(driver.execute(c.sql, c.params(params)))

    def first(self, conn: Connection, params: Mapping[str, Any]) -> Any:
        """The first row, or None (the statement should limit itself to one row)."""
        found = self.rows(conn, params)
        return found[0] if found else None

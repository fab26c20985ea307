"""Core SELECT statements the read pages run on every request, compiled once and, on SQLite
and on PostgreSQL through psycopg, executed on the driver's connection itself.

Through SQLAlchemy each execution of even a prebuilt statement costs ~0.05 ms before SQLite
runs it (compiled-cache lookup, parameter processing, a result object and its ``Row``\\ s),
more than most of the pages' statements take in SQLite: the article page's ten statements
cost ~0.6 ms that way against ~0.17 ms on the ``sqlite3`` connection (in-process, the 9,692-
article bench corpus). :class:`Prepared` keeps the statement's SQL text, its parameters'
order and its columns' result processors (dates, booleans, JSON) and gives rows with the
same values under the same names, as named tuples. On PostgreSQL the same saves SQLAlchemy's
share of each statement, and :func:`rows_together` sends several statements in one round trip
(psycopg's pipeline mode): the article page's reads took ~1.7 ms of CPU and ~3.5 ms of wall
time through SQLAlchemy, eleven round trips, and ~0.9 / ~1.7 ms in two on the driver (the
actor page's 1.6 / 4.1 ms, four round trips, 1.1 / 2.7 ms in one; in-process, the 9,692-
article bench corpus in PostgreSQL on the same machine). Other drivers run the statement
through SQLAlchemy.

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


#: (dialect, driver) pairs whose statements run on the driver's connection.
DIRECT = {("sqlite", "pysqlite"), ("postgresql", "psycopg")}


class _Compiled:
    """One statement in one dialect: SQL text, where each parameter comes from (by position
    for SQLite, by name for psycopg), the row type and the columns whose values need
    converting."""

    __slots__ = ("sql", "names", "keys", "fixed", "bind", "make", "impls", "dialect", "convert")

    def __init__(self, stmt: AnySelect, dialect: Any) -> None:
        compiled = stmt.compile(dialect=dialect)
        self.sql: str = compiled.string
        positions = compiled.positiontup
        named = positions is None
        self.names: tuple[str, ...] = tuple(compiled.binds if positions is None else positions)
        # Named styles: the parameters' names as the SQL text spells them.
        escaped: Mapping[str, str] = compiled.escaped_bind_names or {}
        self.keys: tuple[str, ...] | None = (
            tuple(escaped.get(n, n) for n in self.names) if named else None)
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
        self.impls = [col.type.dialect_impl(dialect) for col in columns]
        self.dialect = dialect
        # Set at the first execution: a column's converter may depend on the type the
        # database reports for it (psycopg's numeric types), as in SQLAlchemy's results.
        self.convert: tuple[tuple[int, Callable[[Any], Any]], ...] | None = None

    def _converters(self, description: Any) -> tuple[tuple[int, Callable[[Any], Any]], ...]:
        convert = []
        for i, impl in enumerate(self.impls):
            coltype = description[i][1] if description else None
            process = impl.result_processor(self.dialect, coltype)
            if process is not None:
                convert.append((i, process))
        return tuple(convert)

    def params(self, given: Mapping[str, Any]) -> list[Any] | dict[str, Any]:
        fixed = self.fixed
        values = [given[n] if n in given else fixed[n] for n in self.names]
        for i, process in self.bind:
            if values[i] is not None:
                values[i] = process(values[i])
        return values if self.keys is None else dict(zip(self.keys, values, strict=True))

    def rows(self, cursor: Any) -> list[Any]:
        make, convert = self.make, self.convert
        if convert is None:
            convert = self.convert = self._converters(cursor.description)
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
        self._by_dialect: dict[str, _Compiled] = {}
        self._lock = threading.Lock()

    def _compiled(self, dialect: Any) -> _Compiled:
        found = self._by_dialect.get(dialect.name)
        if found is None:
            with self._lock:
                found = self._by_dialect.get(dialect.name)
                if found is None:
                    found = self._by_dialect[dialect.name] = _Compiled(self.stmt, dialect)
        return found

    def rows(self, conn: Connection, params: Mapping[str, Any]) -> list[Any]:
        """All rows of the statement with ``params``: named tuples on SQLite and psycopg,
        SQLAlchemy rows elsewhere (both index and attribute access, same names and values)."""
        if (conn.dialect.name, conn.dialect.driver) not in DIRECT:
            return list(conn.execute(self.stmt, dict(params)).all())
        c = self._compiled(conn.dialect)
        driver = conn.connection.driver_connection
        assert driver is not None
        return c.rows(driver.execute(c.sql, c.params(params)))

    def first(self, conn: Connection, params: Mapping[str, Any]) -> Any:
        """The first row, or None (the statement should limit itself to one row)."""
        found = self.rows(conn, params)
        return found[0] if found else None


def rows_together(
    conn: Connection, statements: Sequence[tuple[Prepared, Mapping[str, Any]]]
) -> list[list[Any]]:
    """The rows of each statement with its parameters (as :meth:`Prepared.rows`), in order.

    On PostgreSQL through psycopg the statements go in one round trip (pipeline mode: all
    are sent, then all results read; the statements must not depend on each other's
    results); elsewhere, or where libpq lacks pipeline mode, they run one after another."""
    if (conn.dialect.name, conn.dialect.driver) == ("postgresql", "psycopg"):
        import psycopg

        driver = conn.connection.driver_connection
        if driver is not None and psycopg.Pipeline.is_supported():
            compiled = [(p._compiled(conn.dialect), params) for p, params in statements]
            with driver.pipeline():
                cursors = [driver.execute(c.sql, c.params(params)) for c, params in compiled]
            return [c.rows(cursor) for (c, _), cursor in zip(compiled, cursors, strict=True)]
    return [p.rows(conn, params) for p, params in statements]

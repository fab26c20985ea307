"""The read pages' lists built in Python (accord.web.listing) give the bytes the Jinja loops
they replace gave, hostile values included, and prepared statements (accord.web.prepared)
give the rows SQLAlchemy gives."""

from __future__ import annotations

import datetime as dt
import random
from collections import namedtuple
from pathlib import Path
from typing import Any

import pytest
from markupsafe import escape
from sqlalchemy import (
    JSON,
    Boolean,
    Column,
    Date,
    DateTime,
    Integer,
    MetaData,
    String,
    Table,
    bindparam,
    create_engine,
    select,
)

from accord.web import listing
from accord.web.app import _templates
from accord.web.prepared import Prepared

HOSTILE = ["<script>alert(1)</script>", '" onmouseover="x', "a & b", "it's", "\x00<b>",
           "javascript:alert(1)", "Ünïcødé ‮", "", "x" * 300, "word " * 60, "a/b?c=d&e",
           "plain", "%2F"]

# The loops as the templates had them, rendered by the workbench's own Jinja environment.
LOOPS = {
    "actor_quotes": '{% for q, title in rows %}<li>“<a href="/articles/{{ q.article_id }}?span='
    '{{ q.start }}-{{ q.end }}#target">{{ q.text | truncate(240) }}</a>” <span class="muted">'
    '{{ q.kind }}{% if q.on_behalf_of %} · for <a href="/actors/{{ q.on_behalf_of | urlencode }}'
    '">{{ q.on_behalf_of }}</a>{% endif %} · {{ title or ("article " ~ q.article_id) }}</span>'
    '</li>{% else %}<li class="muted">none</li>{% endfor %}',
    "actor_voiced": '{% for q, title in rows %}<li>“<a href="/articles/{{ q.article_id }}?span='
    '{{ q.start }}-{{ q.end }}#target">{{ q.text | truncate(240) }}</a>” <span class="muted">'
    '{% if q.actor_id %}<a href="/actors/{{ q.actor_id | urlencode }}">{{ q.speaker_text or '
    'q.actor_id }}</a>{% else %}{{ q.speaker_text or "" }}{% endif %} · {{ q.kind }} · '
    '{{ title or ("article " ~ q.article_id) }}</span></li>{% endfor %}',
    "actor_positions": '{% for p, title in rows %}<li>{{ p.direction }} · {{ p.issue }}'
    '{% if p.speaker %} <span class="muted">(said by <a href="/actors/{{ p.speaker | urlencode '
    '}}">{{ p.speaker }}</a>)</span>{% endif %}: <a href="/articles/{{ p.article_id }}?span='
    '{{ p.start }}-{{ p.end }}#target">{{ p.text | truncate(200) }}</a></li>{% else %}'
    '<li class="muted">none</li>{% endfor %}',
    "actor_events": '{% for e, title in rows %}<li>{{ e.plover }} {{ e.date or "" }}: <a href='
    '"/articles/{{ e.article_id }}?span={{ e.start }}-{{ e.end }}#target">{{ e.text | '
    'truncate(200) }}</a></li>{% else %}<li class="muted">none</li>{% endfor %}',
    "article_repairs": '{% for r in rows %}<li><code>{{ r.original }}</code> → <code>'
    '{{ r.replacement }}</code> {% if not r.certain %}<em>guess</em>{% endif %} <span '
    'class="muted">{{ r.reason }}</span></li>{% endfor %}',
    "article_removed": "{% for r in rows %}<li>{{ r.reason }}: {{ r.text | truncate(80) }}</li>"
    "{% endfor %}",
    "article_siblings": '{% for s in rows %}<li><a href="/articles/{{ s["id"] }}">{{ s["title"] '
    'or ("article " ~ s["id"]) }}</a> <span class="flag">{{ s["stage"] }}</span></li>'
    "{% endfor %}",
    "article_items": '{% for it in rows %}<li><a href="/articles/{{ a_id }}?span={{ it.start }}-'
    '{{ it.end }}#target">{{ it.text | truncate(90) }}</a>{% if it.actor_id %} — '
    '{{ it.actor_id }}{% endif %}{% if kind == "quotes" and it.on_behalf_of %} for '
    '{{ it.on_behalf_of }}{% elif kind == "positions" and it.speaker %} (said by '
    "{{ it.speaker }}){% endif %}{% if it.plover %} · {{ it.plover }}{% endif %}</li>"
    "{% endfor %}",
    "search_rows": '{% for r in rows %}\n<tr><td class="num">{{ r["id"] }}</td><td><a href='
    '"/articles/{{ r["id"] }}">{{ r["title"] or r["source"] }}</a></td><td>{{ r["outlet"] or '
    '"" }}</td><td>{{ r["published"] or "" }}</td>\n<td>{% for fl in r["flags"] %}<span '
    'class="flag flag-{{ fl }}">{{ fl }}</span>{% endfor %}</td>\n<td>{% if r["story"] is not '
    'none %}<a href="/articles?story={{ r["story"] }}">{{ r["story"] }}</a>{% endif %}</td>'
    '</tr>\n{% else %}<tr><td colspan="6" class="muted">No article matches.</td></tr>'
    "{% endfor %}",
}

Quote = namedtuple("Quote", "article_id start end text kind actor_id speaker_text on_behalf_of")
Position = namedtuple("Position", "article_id start end text actor_id issue direction speaker")
Event = namedtuple("Event", "article_id start end text plover date")
Repair = namedtuple("Repair", "original replacement certain reason")
Removed = namedtuple("Removed", "reason text")
Item = namedtuple("Item", "start end text actor_id on_behalf_of speaker plover")


def _pick(rng: random.Random, none: bool = True) -> Any:
    value = rng.choice(HOSTILE)
    return None if none and rng.random() < 0.3 else value


def _rows(kind: str, rng: random.Random, n: int) -> list[Any]:
    out: list[Any] = []
    for k in range(n):
        aid, start = rng.choice([7, 12345]), rng.randrange(0, 5000)
        title = _pick(rng)
        text = rng.choice(HOSTILE)
        if kind in ("actor_quotes", "actor_voiced"):
            out.append((Quote(aid, start, start + 9, text, rng.choice(HOSTILE), _pick(rng),
                              _pick(rng), _pick(rng)), title))
        elif kind == "actor_positions":
            out.append((Position(aid, start, start + 9, text, _pick(rng, False),
                                 rng.choice(HOSTILE), rng.choice(HOSTILE), _pick(rng)), title))
        elif kind == "actor_events":
            date = rng.choice([None, "2025-03-01", dt.date(2025, 3, 1), "<i>"])
            out.append((Event(aid, start, start + 9, text, rng.choice(HOSTILE), date), title))
        elif kind == "article_repairs":
            out.append(Repair(_pick(rng, False), _pick(rng, False), rng.random() < 0.5,
                              _pick(rng, False)))
        elif kind == "article_removed":
            out.append(Removed(_pick(rng, False), text))
        elif kind == "article_siblings":
            out.append({"id": aid + k, "title": title, "stage": _pick(rng), "story": 3})
        elif kind == "article_items":
            out.append(Item(start, start + 9, text, _pick(rng), _pick(rng), _pick(rng),
                            _pick(rng)))
        else:
            out.append({"id": aid + k, "title": title, "source": rng.choice(HOSTILE),
                        "outlet": _pick(rng), "url": None,
                        "published": rng.choice([None, dt.date(2025, 1, 2)]), "chars": 5,
                        "story": rng.choice([None, 0, 41]),
                        "flags": [rng.choice(HOSTILE) for _ in range(rng.randrange(3))]})
    return out


@pytest.mark.parametrize("kind", sorted(LOOPS))
def test_lists_are_the_bytes_of_the_template_loops(kind: str) -> None:
    env = _templates().env
    loop = env.from_string(LOOPS[kind])
    rng = random.Random(kind)
    for n in (0, 1, 2, 7, 60):
        for _ in range(20):
            rows = _rows(kind, rng, n)
            if kind == "article_items":
                for item_kind in ("quotes", "positions", "events", "figures"):
                    a_id = rng.choice([7, "<x>"])
                    want = loop.render(rows=rows, a_id=a_id, kind=item_kind)
                    assert str(listing.article_items(rows, a_id, item_kind)) == want
            else:
                want = loop.render(rows=rows)
                assert str(getattr(listing, kind)(rows)) == want, rows


def test_escape_all_is_markupsafe_escape_even_with_the_separator_in_a_value() -> None:
    values: list[Any] = [*HOSTILE, 5, None, dt.date(2025, 1, 2), escape("<b>")]
    assert listing.escape_all(values) == [str(escape(str(v))) for v in values]
    assert listing.escape_all(["a\x00<", "b"]) == ["a\x00&lt;", "b"]
    assert listing.escape_all([]) == []  # no value: nothing (the join of none is one piece)


def test_truncate_is_jinjas() -> None:
    env = _templates().env
    rng = random.Random(3)
    for _ in range(2000):
        text = "".join(rng.choice("ab  c\u00e9") for _ in range(rng.randrange(0, 120)))
        length = rng.randrange(3, 100)
        want = env.from_string("{{ s | truncate(n) }}").render(s=text, n=length)
        assert str(escape(listing.truncate(text, length))) == want


@pytest.mark.parametrize("backend", ["sqlite", "postgresql"])
def test_prepared_rows_are_sqlalchemys(backend: str, tmp_path: Path) -> None:
    """Prepared statements (on the driver's connection, SQLite and psycopg) give the rows
    SQLAlchemy gives, with the same names, values and value types; run together (one round
    trip on PostgreSQL) they give the same as one by one."""
    from tests import testdb

    from accord.store.db import resolve_url
    from accord.web.prepared import rows_together

    url = next(gen := testdb.database(backend, tmp_path))
    try:
        _prepared_rows_are_sqlalchemys(create_engine(resolve_url(url)), rows_together)
    finally:
        gen.close()


def _prepared_rows_are_sqlalchemys(engine: Any, rows_together: Any) -> None:
    meta = MetaData()
    t = Table("t", meta, Column("id", Integer, primary_key=True), Column("name", String),
              Column("day", Date), Column("at", DateTime), Column("ok", Boolean),
              Column("doc", JSON), Column("end", Integer))
    meta.create_all(engine)
    with engine.begin() as c:
        c.execute(t.insert(), [
            {"id": 1, "name": "<a>", "day": dt.date(2025, 1, 2),
             "at": dt.datetime(2025, 1, 2, 3, 4, 5, 6), "ok": True, "doc": [[1, 2], {"a": None}],
             "end": 9},
            {"id": 2, "name": None, "day": None, "at": None, "ok": False, "doc": None,
             "end": None},
        ])
    stmts = [
        select(t).where(t.c.id >= bindparam("lo")).order_by(t.c.id),
        select(t.c.name, t.c.day.label("when")).where(t.c.day >= bindparam("d")).limit(5),
        select(t.c.id).where(t.c.id.in_([bindparam("i0"), bindparam("i1")])),
    ]
    params: list[dict[str, Any]] = [{"lo": 0}, {"d": dt.date(2024, 1, 1)}, {"i0": 2, "i1": 1}]
    with engine.connect() as c:
        for stmt, p in zip(stmts, params, strict=True):
            want = c.execute(stmt, p).all()
            got = Prepared(stmt).rows(c, p)
            assert [tuple(r) for r in got] == [tuple(r) for r in want]
            assert [type(v) for r in got for v in r] == [type(v) for r in want for v in r]
            assert all(r._fields == w._fields for r, w in zip(got, want, strict=True))
        assert Prepared(stmts[0]).first(c, {"lo": 2}).end is None
        assert Prepared(stmts[0]).first(c, {"lo": 3}) is None
        prepared = [Prepared(stmt) for stmt in stmts]
        one_by_one = [q.rows(c, p) for q, p in zip(prepared, params, strict=True)]
        together = rows_together(c, list(zip(prepared, params, strict=True)))
        assert together == one_by_one and [len(r) for r in together] == [2, 1, 2]
        assert rows_together(c, []) == []
    engine.dispose()

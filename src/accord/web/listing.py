"""The long lists of the read pages (an actor's quotes, positions and events, an article's
repairs, removed lines and items, the search results) as HTML built in Python.

A page lists up to 200 rows of four to eight fields each. In a Jinja loop every field costs an
attribute lookup, a filter call and an escape (~1 µs each: the actor page spent ~0.9 ms of its
~2 ms of CPU in its template); here a list's fields are escaped together in one call
(:func:`escape_all`) and each row is one f-string. Every value that is printed goes through
:func:`escape_all` (numbers too, as the template's ``{{ }}`` did), so the output is the bytes
the template loops gave, and as safe: ``tests/web`` compares the pages and loads a corpus of
XSS vectors in a browser.

>>> escape_all(["<b>", 'a "q"', 7, None])
['&lt;b&gt;', 'a &#34;q&#34;', '7', 'None']
"""

from __future__ import annotations

import functools
from collections.abc import Iterator, Sequence
from typing import Any

from jinja2.utils import url_quote
from markupsafe import Markup, escape

# Joins a list's fields for one escape call: no HTML escape changes it, and a value that holds
# it is noticed (the split then gives more pieces) and the list is escaped field by field.
_SEP = "\x00"
# Jinja's ``truncate`` keeps a text that is at most this much over the length (its policy
# ``truncate.leeway``, 5 by default; the workbench does not change it).
_LEEWAY = 5


def escape_all(values: Sequence[Any]) -> list[str]:
    """``str(value)`` HTML-escaped for each value (as ``markupsafe.escape`` and Jinja's
    autoescape print a string or a number), in one pass over the joined text. A ``Markup``
    value is escaped too: the lists print text from the database, never markup."""
    texts = [v if type(v) is str else str(v) for v in values]
    out = str(escape(_SEP.join(texts))).split(_SEP)
    if len(out) != len(texts):  # a value held the separator
        return [str(escape(t)) for t in texts]
    return out


def truncate(text: str, length: int) -> str:
    """Jinja's ``truncate(length)``: the text, or its words up to ``length`` - 3 characters
    followed by ``...`` when it is longer than ``length`` plus the leeway."""
    if len(text) <= length + _LEEWAY:
        return text
    return text[: length - 3].rsplit(" ", 1)[0] + "..."


@functools.lru_cache(maxsize=4096)
def path_quote(value: str) -> str:
    """Jinja's ``urlencode`` of a string (``/`` kept), HTML-escaped: an actor id in a link.
    Cached: a page links the same few actors many times."""
    return str(escape(url_quote(value)))


def _fields(values: Sequence[Any]) -> Iterator[str]:
    return iter(escape_all(values))


def actor_quotes(rows: Sequence[tuple[Any, str | None]]) -> Markup:
    """The ``<li>`` items of the quotes an actor spoke (``actor.html``)."""
    if not rows:
        return Markup('<li class="muted">none</li>')
    values: list[Any] = []
    for q, title in rows:
        values += (q.article_id, q.start, q.end, truncate(q.text, 240), q.kind,
                   title or f"article {q.article_id}")
    f = _fields(values)
    out = []
    for q, _ in rows:
        aid, start, end, text, kind, title = (next(f), next(f), next(f), next(f), next(f),
                                              next(f))
        behalf = ""
        if q.on_behalf_of:
            behalf = (f' · for <a href="/actors/{path_quote(q.on_behalf_of)}">'
                      f"{escape(q.on_behalf_of)}</a>")
        out.append(f'<li>“<a href="/articles/{aid}?span={start}-{end}#target">{text}</a>” '
                   f'<span class="muted">{kind}{behalf} · {title}</span></li>')
    return Markup("".join(out))


def actor_voiced(rows: Sequence[tuple[Any, str | None]]) -> Markup:
    """The ``<li>`` items of the quotes spoken on an actor's behalf (``actor.html``)."""
    values: list[Any] = []
    for q, title in rows:
        values += (q.article_id, q.start, q.end, truncate(q.text, 240),
                   q.speaker_text or q.actor_id if q.actor_id else q.speaker_text or "",
                   q.kind, title or f"article {q.article_id}")
    f = _fields(values)
    out = []
    for q, _ in rows:
        aid, start, end, text, speaker, kind, title = (next(f), next(f), next(f), next(f),
                                                       next(f), next(f), next(f))
        if q.actor_id:
            speaker = f'<a href="/actors/{path_quote(q.actor_id)}">{speaker}</a>'
        out.append(f'<li>“<a href="/articles/{aid}?span={start}-{end}#target">{text}</a>” '
                   f'<span class="muted">{speaker} · {kind} · {title}</span></li>')
    return Markup("".join(out))


def actor_positions(rows: Sequence[tuple[Any, str | None]]) -> Markup:
    """The ``<li>`` items of an actor's positions (``actor.html``)."""
    if not rows:
        return Markup('<li class="muted">none</li>')
    values: list[Any] = []
    for p, _ in rows:
        values += (p.direction, p.issue, p.article_id, p.start, p.end, truncate(p.text, 200))
    f = _fields(values)
    out = []
    for p, _ in rows:
        direction, issue, aid, start, end, text = (next(f), next(f), next(f), next(f),
                                                   next(f), next(f))
        said = ""
        if p.speaker:
            said = (f' <span class="muted">(said by <a href="/actors/{path_quote(p.speaker)}">'
                    f"{escape(p.speaker)}</a>)</span>")
        out.append(f"<li>{direction} · {issue}{said}: "
                   f'<a href="/articles/{aid}?span={start}-{end}#target">{text}</a></li>')
    return Markup("".join(out))


def actor_events(rows: Sequence[tuple[Any, str | None]]) -> Markup:
    """The ``<li>`` items of the events an actor takes part in (``actor.html``)."""
    if not rows:
        return Markup('<li class="muted">none</li>')
    values: list[Any] = []
    for e, _ in rows:
        values += (e.plover, e.date or "", e.article_id, e.start, e.end, truncate(e.text, 200))
    f = _fields(values)
    out = []
    for _ in rows:
        plover, date, aid, start, end, text = (next(f), next(f), next(f), next(f), next(f),
                                               next(f))
        out.append(f'<li>{plover} {date}: <a href="/articles/{aid}?span={start}-{end}#target">'
                   f"{text}</a></li>")
    return Markup("".join(out))


def article_repairs(rows: Sequence[Any]) -> Markup:
    """The ``<li>`` items of an article's repairs (``article.html``)."""
    values: list[Any] = []
    for r in rows:
        values += (r.original, r.replacement, r.reason)
    f = _fields(values)
    out = []
    for r in rows:
        original, replacement, reason = next(f), next(f), next(f)
        guess = "" if r.certain else "<em>guess</em>"
        out.append(f"<li><code>{original}</code> → <code>{replacement}</code> {guess} "
                   f'<span class="muted">{reason}</span></li>')
    return Markup("".join(out))


def article_removed(rows: Sequence[Any]) -> Markup:
    """The ``<li>`` items of an article's removed lines (``article.html``)."""
    values: list[Any] = []
    for r in rows:
        values += (r.reason, truncate(r.text, 80))
    f = _fields(values)
    return Markup("".join(f"<li>{next(f)}: {next(f)}</li>" for _ in rows))


def article_siblings(rows: Sequence[dict[str, Any]]) -> Markup:
    """The ``<li>`` items of the other articles of an article's story (``article.html``)."""
    values: list[Any] = []
    for s in rows:
        values += (s["id"], s["title"] or f"article {s['id']}", s["stage"])
    f = _fields(values)
    return Markup("".join(
        f'<li><a href="/articles/{next(f)}">{next(f)}</a> <span class="flag">{next(f)}</span></li>'
        for _ in rows))


def article_items(rows: Sequence[Any], article_id: Any, kind: str) -> Markup:
    """The ``<li>`` items of one kind of an article's extracted items (``article.html``):
    each links to its span, with its actor, whom a quote speaks for or who said a position,
    and an event's PLOVER category."""
    values: list[Any] = [article_id]
    for it in rows:
        values += (it.start, it.end, truncate(it.text, 90), it.actor_id or "",
                   (it.on_behalf_of if kind == "quotes" else
                    it.speaker if kind == "positions" else None) or "", it.plover or "")
    f = _fields(values)
    aid = next(f)
    out = []
    for _ in rows:
        start, end, text, actor, other, plover = (next(f), next(f), next(f), next(f), next(f),
                                                  next(f))
        line = f'<li><a href="/articles/{aid}?span={start}-{end}#target">{text}</a>'
        if actor:
            line += f" — {actor}"
        if other:
            line += f" for {other}" if kind == "quotes" else f" (said by {other})"
        if plover:
            line += f" · {plover}"
        out.append(line + "</li>")
    return Markup("".join(out))


def search_rows(rows: Sequence[dict[str, Any]]) -> Markup:
    """The table rows of a page of search results (``articles.html``), each row's cells on
    three lines as the template wrote them."""
    if not rows:
        return Markup('<tr><td colspan="6" class="muted">No article matches.</td></tr>')
    values: list[Any] = []
    for r in rows:
        story = r["story"]
        values += (r["id"], r["title"] or r["source"], r["outlet"] or "", r["published"] or "",
                   "" if story is None else story, *r["flags"])
    f = _fields(values)
    out = []
    for r in rows:
        aid, title, outlet, published, story = next(f), next(f), next(f), next(f), next(f)
        flags = "".join(f'<span class="flag flag-{fl}">{fl}</span>'
                        for fl in (next(f) for _ in r["flags"]))
        link = "" if r["story"] is None else f'<a href="/articles?story={story}">{story}</a>'
        out.append(f'<tr><td class="num">{aid}</td><td><a href="/articles/{aid}">{title}</a></td>'
                   f"<td>{outlet}</td><td>{published}</td>\n<td>{flags}</td>\n"
                   f"<td>{link}</td></tr>\n")
    return Markup("".join(out))

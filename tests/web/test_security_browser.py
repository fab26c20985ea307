"""Every page of the workbench over a corpus of XSS vectors, loaded in Chromium: no dialog may
open, no payload may run, and no Content-Security-Policy violation may occur (one would mean
article text reached the page as markup)."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any
from urllib.parse import quote

from sqlalchemy import select
from sqlalchemy.orm import Session

from accord.store.corpus_tables import Article
from accord.store.db import open_engine
from accord.store.extract_tables import MentionRow

DOM_AUDIT = """() => {
  const out = [];
  for (const el of document.querySelectorAll('*')) {
    for (const a of el.attributes) {
      if (/^on/i.test(a.name)) out.push('handler:' + el.tagName + ' ' + a.name);
      if (/^(href|src|action|formaction|srcdoc|xlink:href)$/i.test(a.name) &&
          /^\\s*(javascript|vbscript|data:text)/i.test(a.value)) out.push('url:' + a.value);
    }
  }
  for (const s of document.scripts) {
    if (!s.src.endsWith('/static/app.js')) out.push('script:' + (s.src || s.text.slice(0, 60)));
  }
  const foreign = 'iframe, object, embed, frame, base, meta[http-equiv=refresh]';
  for (const f of document.querySelectorAll(foreign))
    out.push('element:' + f.tagName);
  return out;
}"""


def _hostile_pages(db: Path) -> list[str]:
    engine = open_engine(db)
    with Session(engine) as s:
        ids = list(s.scalars(select(Article.id).where(Article.is_current.is_(True))))
        actors = sorted({a for a in s.scalars(select(MentionRow.actor_id)) if a})[:15]
    engine.dispose()
    pages = [
        "/", "/articles", "/articles?q=script", "/articles?q=%3Cscript%3E",
        "/articles?flag=spun-text",
        "/articles?outlet=%3Cimg", "/actors", "/candidates", "/candidates?label=ORG",
        "/quotes", "/quotes?q=script", "/events", "/positions", "/figures", "/models",
        "/models/ukraine-2025", "/models/ukraine-2025/report",
        "/models/ukraine-2025/whatif?actor=russia&issue=territory&salience=20",
        "/articles?q=" + quote("\"><script>alert(1)</script>"),
    ]
    pages += [f"/articles/{i}" for i in ids]
    pages += [f"/articles/{i}?span=0-40" for i in ids[-5:]]
    pages += [f"/actors/{quote(a)}" for a in actors]
    return pages


def test_no_payload_runs_on_any_page(live_server: Any, guarded: Any, workbench_db: Path) -> None:
    pages = _hostile_pages(workbench_db)
    problems = {}
    for path in pages:
        page = guarded.visit(live_server.url + path)
        # Handlers that never fired still count: any on* attribute, foreign script, frame or
        # non-http(s) link in the DOM means article text was rendered as markup.
        hits = guarded.hits() + page.evaluate(DOM_AUDIT)
        if hits:
            problems[path] = hits
        guarded.dialogs.clear()
    assert not problems, problems
    assert len(pages) > 30


def test_hostile_text_is_shown_as_text(live_server: Any, guarded: Any, workbench_db: Path) -> None:
    engine = open_engine(workbench_db)
    with Session(engine) as s:
        aid = s.scalar(select(Article.id).where(Article.source_path.like("%001_hostile.txt")))
        jsonl = s.scalar(select(Article.id).where(Article.title.like("%jsonl-title%")))
    engine.dispose()
    page = guarded.visit(f"{live_server.url}/articles/{aid}")
    text = page.inner_text("#text")
    assert "<script>window.__pwned=1;alert('script-tag')</script>" in text
    assert page.query_selector("#text script, #text img, #text svg, #text iframe") is None
    page = guarded.visit(f"{live_server.url}/articles/{jsonl}")
    # the javascript: URL is shown as text, never as a link
    assert "javascript:alert('jsonl-url')" in page.inner_text("main")
    hrefs = [a.get_attribute("href") or "" for a in page.query_selector_all("a")]
    assert not [h for h in hrefs if re.match(r"\s*(javascript|data|vbscript):", h, re.I)]
    assert guarded.hits() == []

"""accord.corpus.htmltext: the lean metadata path gives trafilatura's own answers.

``extract_main_text`` skips the metadata fields accord does not use; these tests hold it to the
text, title and date of the full ``trafilatura.bare_extraction(..., with_metadata=True)`` call
with the date search kept to the page's markup, as accord configures it
(the real library, no mock) on pages built from the parts where those answers are decided:
meta tags, JSON-LD, canonical links, title/h1 elements, <time> and bylines, copyright footers,
entities, pages too short to have a main text.
"""

from __future__ import annotations

import html as htmlmod
import json
from configparser import ConfigParser

import pytest
import trafilatura
from hypothesis import given, settings
from hypothesis import strategies as st

from accord.corpus.dates import parse_iso_date
from accord.corpus.htmltext import extract_html, extract_main_text

PARAGRAPHS = [
    "Russian and American officials met in Riyadh on Monday to discuss a partial ceasefire in "
    "the Black Sea and a halt to strikes on energy facilities, officials said after the talks.",
    "The delegations spent twelve hours together. Ukraine's team met the Americans separately "
    "on Sunday, and a joint statement was expected on Tuesday, according to the Kremlin.",
    "Analysts said the talks were a first step and that the hardest questions - territory, "
    "security guarantees and sanctions - had not yet been discussed by either side.",
    "A phone call between the two presidents on February 12, 2025 opened the way to the talks, "
    "which both sides described as useful, if long.",
]
TITLES = ["Envoys meet in Riyadh", "Talks &amp; truce: what&#8217;s next", "Report 84: In 2003"]


def _markup_dates_only() -> ConfigParser:
    """trafilatura's configuration with its date search kept to the page's markup, as accord
    runs it (``htmltext.EXTENSIVE_DATE_SEARCH``)."""
    config = trafilatura.settings.use_config()
    config["DEFAULT"]["EXTENSIVE_DATE_SEARCH"] = "off"
    return config


MARKUP_DATES_ONLY = _markup_dates_only()


def full_answer(page: str, url: str | None) -> tuple[str, str | None, str | None] | None:
    """Text, title and date of trafilatura's full call (date search kept to the markup)."""
    document = trafilatura.bare_extraction(
        page, url=url, with_metadata=True, include_comments=False, include_tables=True,
        config=MARKUP_DATES_ONLY,
    )
    if document is None:
        return None
    assert isinstance(document, trafilatura.settings.Document)
    return document.text or "", document.title or None, document.date


def lean_answer(page: str, url: str | None) -> tuple[str, str | None, str | None] | None:
    main = extract_main_text(page, url=url)
    return None if main is None else (main.text, main.title, main.date)


@st.composite
def pages(draw: st.DrawFn) -> tuple[str, str | None]:
    """A news-like page whose parts each may or may not be there."""
    title = draw(st.sampled_from(TITLES))
    y, m, d = draw(st.sampled_from([2019, 2024, 2025])), draw(st.integers(1, 12)), 7
    head = ["<meta charset='utf-8'>"]
    body = []
    if draw(st.booleans()):
        head.append(f"<title>{title} | Example News</title>")
    if draw(st.booleans()):
        head.append(f'<meta property="og:title" content="{title}">')
    if draw(st.booleans()):
        head.append(f'<meta property="article:published_time" content="{y}-{m:02d}-0{d}T09:00Z">')
    json_ld = draw(st.sampled_from(["none", "good", "broken"]))
    if json_ld == "good":
        data = {"@type": "NewsArticle", "headline": "Headline from JSON-LD",
                "datePublished": f"{y}-{m:02d}-0{d}", "url": "https://news.example/a/1"}
        head.append(f'<script type="application/ld+json">{json.dumps(data)}</script>')
    elif json_ld == "broken":
        head.append('<script type="application/ld+json">{"headline": "Half, </script>')
    canonical = draw(st.sampled_from(["none", "dated", "relative"]))
    if canonical == "dated":
        head.append(f'<link rel="canonical" href="https://news.example/{y}/{m:02d}/0{d}/story">')
    elif canonical == "relative":
        head.append('<link rel="canonical" href="/world/story"><meta property="og:url" '
                    'content="https://news.example/world/story">')
    if draw(st.booleans()):
        body.append(f"<p class='byline'>By Jane Roe. Updated {d} March {y}</p>")
    if draw(st.booleans()):
        body.append(f"<time datetime='{y}-{m:02d}-0{d}'>{d}.{m}.{y}</time>")
    n_paragraphs = draw(st.integers(0, len(PARAGRAPHS)))
    body.append("<article>")
    if draw(st.booleans()):
        body.append(f"<h1>{title}</h1>")
    body += [f"<p>{htmlmod.escape(p, quote=False)}</p>" for p in PARAGRAPHS[:n_paragraphs]]
    body.append("</article>")
    if draw(st.booleans()):
        body.append(f"<footer>&copy; {draw(st.sampled_from([2023, 2025]))} Example Media</footer>")
    url = draw(st.sampled_from([None, "https://news.example/2025/03/24/riyadh"]))
    page = f"<html><head>{''.join(head)}</head><body>{''.join(body)}</body></html>"
    return page, url


@settings(max_examples=120, deadline=None)
@given(pages())
def test_same_text_title_and_date_as_the_full_trafilatura_call(
    case: tuple[str, str | None],
) -> None:
    page, url = case
    assert lean_answer(page, url) == full_answer(page, url)


@pytest.mark.parametrize(
    "page",
    [
        "<html><body><div></div></body></html>",  # no main text: no document at all
        "<html><head><title>Kremlin</title></head><body><p>Too short.</p></body></html>",
        "not html at all",
        "<html><head><title>" + "Long title " * 1200 + "</title></head><body><article><p>"
        + PARAGRAPHS[0] * 3 + "</p></article></body></html>",
    ],
)
def test_edge_pages_match_the_full_call(page: str) -> None:
    assert lean_answer(page, None) == full_answer(page, None)


def test_extract_html_uses_the_metadata_and_drops_it_without_main_text() -> None:
    page = (
        "<html><head><title>Envoys meet | Example</title>"
        '<meta property="article:published_time" content="2025-03-24T09:00:00Z"></head><body>'
        f"<article><p>{PARAGRAPHS[0]}</p><p>{PARAGRAPHS[1]}</p></article></body></html>"
    )
    extraction = extract_html(page)
    assert extraction.title == "Envoys meet"  # trafilatura drops the " | site" part
    assert extraction.published == parse_iso_date("2025-03-24")
    empty = page.replace(f"<p>{PARAGRAPHS[0]}</p><p>{PARAGRAPHS[1]}</p>", "<div></div>")
    assert full_answer(empty, None) is None  # trafilatura: no main text, no document
    nothing = extract_html(empty)
    assert (nothing.text, nothing.title, nothing.published) == ("", None, None)


def test_what_the_caller_knows_is_not_looked_for_and_nothing_else_changes() -> None:
    import datetime as dt

    from accord.corpus.process import process_bytes

    page = (
        "<html><head><title>Envoys meet | Example</title>"
        '<meta property="article:published_time" content="2025-03-20"></head><body><article>'
        f"<p>{PARAGRAPHS[3]}</p><p>{PARAGRAPHS[0]}</p></article>"
        "<footer>&copy; 2025 Example Media</footer></body></html>"
    )
    found = extract_main_text(page)
    lean = extract_main_text(page, want_title=False, want_date=False)
    assert found is not None and lean is not None
    assert found.date is not None and found.title == "Envoys meet"
    assert (lean.text, lean.title, lean.date) == (found.text, None, None)
    plain = process_bytes(page.encode(), kind="html")
    given = process_bytes(
        page.encode(), kind="html", title="Given", published=dt.date(2025, 3, 24)
    )
    assert (given.title, given.published) == ("Given", dt.date(2025, 3, 24))
    assert (given.text, given.segments, given.removed, given.flags) == (
        plain.text, plain.segments, plain.removed, plain.flags
    )


def test_a_publication_date_comes_from_the_markup_never_from_footers_or_the_body() -> None:
    """No markup date: a footer's copyright year or a date the article mentions is not the
    publication date (trafilatura's default extensive search returns the phone call's
    2025-02-12 here); process_bytes then takes the dateline, if there is one."""
    from accord.corpus.process import process_bytes

    body = f"<article><p>{PARAGRAPHS[3]}</p><p>{PARAGRAPHS[0]}</p></article>"
    footer = "<footer><p>\u00a9 2023 Example News. All rights reserved.</p></footer>"
    page = f"<html><head><title>Envoys meet</title></head><body>{body}{footer}</body></html>"
    default = trafilatura.bare_extraction(page, with_metadata=True)
    assert default is not None and default.date == "2025-02-12"  # the extensive search's guess
    main = extract_main_text(page)
    assert main is not None and main.text and main.date is None
    assert process_bytes(page.encode("utf-8"), kind="html").published is None
    dated = page.replace("<article>", "<article><p>Kyiv, 24 March 2025</p>")
    published = process_bytes(dated.encode("utf-8"), kind="html").published
    assert published == parse_iso_date("2025-03-24")
    # a date in the markup is still found
    meta = page.replace(
        "<title>", '<meta property="article:published_time" content="2025-03-20"><title>'
    )
    assert extract_main_text(meta).date == "2025-03-20"  # type: ignore[union-attr]

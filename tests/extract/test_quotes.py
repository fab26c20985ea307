"""Quote patterns on sentences written for these tests (not from the seeds)."""

from __future__ import annotations

import functools

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from accord.extract.actors import ActorResolver
from accord.extract.nlp import load_pipeline
from accord.extract.quotes import QuoteExtractor, _find_marked, extract_quotes
from accord.extract.registry import ActorRegistry
from accord.extract.types import Quote


@functools.lru_cache(maxsize=1)
def resolver() -> ActorResolver:
    return ActorResolver(ActorRegistry.default())


def quotes(text: str) -> list[Quote]:
    doc = load_pipeline()(text)
    return extract_quotes(doc, resolver().resolve(doc), resolver().registry)


def summary(text: str) -> list[tuple[str, str, str | None]]:
    return [(q.kind, q.text, q.actor_id) for q in quotes(text)]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # “…,” X said.
        ("“We will not give up an inch,” Zelensky said.",
         [("direct", "We will not give up an inch", "zelensky")]),
        # X said: “…”
        ("Lavrov said: “The ball is in Washington’s court.”",
         [("direct", "The ball is in Washington’s court.", "lavrov")]),
        # “…,” said X, a …
        ("“Talks are going well,” said Steve Witkoff, the US envoy.",
         [("direct", "Talks are going well", "witkoff")]),
        # multi-sentence quote
        ("“The first round was useful. The second will be harder,” Peskov told reporters.",
         [("direct", "The first round was useful. The second will be harder", "peskov")]),
        # nested quotes stay inside the outer quote
        ("“He called it “a very good step” on Monday,” Ushakov said.",
         [("direct", "He called it “a very good step” on Monday", "ushakov")]),
        # straight quote marks
        ('"We want peace," Putin said.', [("direct", "We want peace", "putin")]),
        # X said that …
        ("Putin said that Russia would never accept NATO troops in Ukraine.",
         [("indirect", "Russia would never accept NATO troops in Ukraine", "putin")]),
        # according to X, …
        ("According to Dmitriev, sanctions relief would benefit American companies.",
         [("indirect", "sanctions relief would benefit American companies", "dmitriev")]),
        # a reporting verb inserted into the clause it reports
        ("The ceasefire would hold, Witkoff warned, only if both sides kept their word.",
         [("indirect", "The ceasefire would hold", "witkoff")]),
        ("Talks are stalling, as Foreign Minister Lavrov has underlined.",
         [("indirect", "Talks are stalling", "lavrov")]),
        # other cue verbs
        ("Zelensky warned that Ukraine would not recognise occupied territory as Russian.",
         [("indirect", "Ukraine would not recognise occupied territory as Russian", "zelensky")]),
        ("Ushakov stressed that no date had been set.",
         [("indirect", "no date had been set", "ushakov")]),
        # a participle naming what the speaker called something
        ("Dmitriev praised the vote, calling it a rejection of “lies and malice”.",
         [("direct", "lies and malice", "dmitriev")]),
        # "made it clear that" / "has been clear that"
        ("Putin made it clear that he will first seek broad concessions.",
         [("indirect", "he will first seek broad concessions", "putin")]),
        ("Moscow has been very clear that there must be a change of leadership in Kyiv.",
         [("indirect", "there must be a change of leadership in Kyiv", "russia")]),
    ],
)
def test_common_news_patterns(text: str, expected: list[tuple[str, str, str | None]]) -> None:
    assert summary(text) == expected


def test_a_quote_split_around_its_attribution_keeps_the_speaker() -> None:
    got = summary("“We are close,” Peskov said. “But there is still work to do.”")
    assert got == [("direct", "We are close", "peskov"),
                   ("direct", "But there is still work to do.", "peskov")]


def test_a_quote_continued_in_the_next_paragraph_keeps_the_speaker() -> None:
    got = summary("Asked about the plan, Peskov said: “We have nothing to add.”\n"
                  "“We will study it,” he added.\n“It is a long document.”")
    assert [a for _, _, a in got] == ["peskov", "peskov", "peskov"]


def test_pronoun_speakers_go_to_the_latest_compatible_person() -> None:
    q = quotes("Karaganov spoke at length. “It is a rational calculation,” he added.")[0]
    assert (q.speaker_text, q.actor_id, q.cue) == ("he", "karaganov", "added")
    # "she" skips the men mentioned in between (registry genders).
    q = quotes("Anastasia Likhacheva met Lavrov. She said the sanctions would stay.")[0]
    assert (q.kind, q.actor_id) == ("indirect", "likhacheva")


def test_role_noun_speakers_resolve_through_the_registry() -> None:
    q = quotes("Kirill Dmitriev met Witkoff in Riyadh. The adviser said the talks had been "
               "productive.")[0]
    assert (q.speaker_text, q.actor_id) == ("The adviser", "dmitriev")


def test_speakers_outside_the_registry_keep_their_words() -> None:
    q = quotes("“Markets hate uncertainty,” said Maria Novak, an analyst in Vienna.")[0]
    assert (q.speaker_text, q.actor_id) == ("Maria Novak", None)


def test_a_source_named_after_a_stripped_verb_is_the_speaker() -> None:
    # Pages whose links were stripped lose the verb: “…,” Outlet, a tabloid.
    q = quotes("“Kyiv is in panic,” Moskovsky Komsomolets, a popular tabloid.")[0]
    assert q.speaker_text == "Komsomolets" or q.speaker_text == "Moskovsky Komsomolets"


def test_scare_quotes_and_hearsay_are_not_attributed() -> None:
    assert quotes("Analysts call it the “guarantor” of the deal.") == []
    q = quotes("Trump and Witkoff are said to be confident that “the money will follow "
               "the peace”.")
    assert [(x.text, x.actor_id) for x in q] == [("the money will follow the peace", None)]
    assert quotes("It suggests that Moscow is not in a hurry.") == []


def test_offsets_point_at_the_quoted_words() -> None:
    text = "Lavrov said: “The ball is in Washington’s court.” Peskov added that talks go on."
    doc = load_pipeline()(text)
    for q in extract_quotes(doc, resolver().resolve(doc)):
        assert text[q.start:q.end] == q.text
        if q.speaker_start is not None and q.speaker_end is not None:
            assert text[q.speaker_start:q.speaker_end] == q.speaker_text


def test_the_quote_scanner_counts_nesting_and_resets_at_line_breaks() -> None:
    marked = _find_marked("A “b “c” d” e. “open quote\nnext “x”")
    assert [("A “b “c” d” e. “open quote\nnext “x”")[m.start:m.end] for m in marked] == [
        "b “c” d", "open quote", "x"]
    assert [m.closed for m in marked] == [True, False, True]


def test_extractor_parameters_are_explicit() -> None:
    doc = load_pipeline()("Analysts call the plan “a road to nowhere at all”.")
    mentions = resolver().resolve(doc)
    assert QuoteExtractor(min_unattributed_words=4).extract(doc, mentions)
    assert not QuoteExtractor(min_unattributed_words=10).extract(doc, mentions)


_chunks = st.sampled_from([
    "“", "”", '"', "‘", "’", " said Putin", ", Lavrov warned.", " He added ", "\n", "according to",
    " Witkoff ", "the talks", ".", ",", ":", " that ", "Russia ", "«", "»", "„",
])


@settings(max_examples=40, deadline=None)
@given(st.lists(_chunks, min_size=1, max_size=30))
def test_any_text_gives_well_formed_quotes(parts: list[str]) -> None:
    """Random runs of quote marks and attributions: no crash, offsets always consistent."""
    text = "".join(parts)
    doc = load_pipeline()(text)
    for q in extract_quotes(doc, resolver().resolve(doc)):
        assert 0 <= q.start < q.end <= len(text)
        assert text[q.start:q.end] == q.text
        assert q.kind in ("direct", "indirect")
        if q.speaker_start is not None:
            assert q.speaker_end is not None
            assert text[q.speaker_start:q.speaker_end] == q.speaker_text


@given(st.text(alphabet="ab “”\"\n«»„", max_size=60))
def test_the_scanner_gives_ordered_disjoint_spans(text: str) -> None:
    marked = _find_marked(text)
    for m in marked:
        assert 0 <= m.start < m.end <= len(text)
    for a, b in zip(marked, marked[1:], strict=False):
        assert a.end <= b.start

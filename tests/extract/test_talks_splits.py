"""Structure of the talks test splits built from news pages (tests/data/talks/test3..test23).

Nothing here runs extraction: a blind split stays unscored until it is scored once, by hand
(`python tests/extract/talks_gold.py test22`). These are the checks every split must pass before
it can be scored: each gold article has its text and each text its gold entry; each text carries
title, URL, outlet and publication date; the manifest lists exactly the split's files with their
URLs; every gold statement's text is found in its cleaned article; holders, alternatives and
targets are registry ids; issues, directions and strengths are those of the guideline. The
blind splits are not spent, and test8 to test23 and the training splits (train1 …) each share no
URL, site, outlet or sentence with the splits before them.
"""

from __future__ import annotations

import re
from functools import cache
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import pytest
import yaml
from tests.extract.talks_gold import DATA, SPENT_SPLITS, gold

from accord.corpus.process import process_bytes
from accord.corpus.readers import RawArticle, SourceFile
from accord.extract.registry import ActorRegistry

ISSUES = Path(__file__).resolve().parents[2] / "src" / "accord" / "extract" / "data" / "issues.yaml"
# Splits with a manifest of their sources (dev keeps the older layout: front matter only).
MANIFEST_SPLITS = (
    "test3", "test4", "test5", "test6", "test7", "test8", "test9", "test10", "test11", "test12",
    "test13", "test14", "test15", "test16", "test17", "train1", "train2", "train3", "test18",
    "test19", "train4", "train5", "test20", "test21", "test22", "test23", "test24", "test25",
    "test26", "test27", "test28")
# The blind splits, built side by side (test16 from registered sites a–l, test17 from m–z; after
# them test18, test20, test22, test24 and test26 from a–l, test19, test21, test23, test25 and
# test27 from m–z; test28 from both halves, its m–z half too short to stand alone) and scored
# once each; none is spent before it is scored.
BLIND_SPLITS: tuple[str, ...] = ("test28",)
# Splits built to share no URL, site, outlet or sentence with every split before them.
DISJOINT_SPLITS = (
    "test8", "test9", "test10", "test11", "test12", "test13", "test14", "test15", "test16",
    "test17", "train1", "train2", "train3", "test18", "test19", "train4", "train5", "test20",
    "test21", "test22", "test23", "test24", "test25", "test26", "test27", "test28")
DIRECTIONS = {"wants", "offers", "refuses", "demands"}
STRENGTHS = {"red_line", "demand", "openness"}


@cache
def _article(split: str, name: str) -> tuple[RawArticle, str]:
    raw = next(SourceFile(str(DATA / split / f"{name}.txt"), "text").read())
    assert isinstance(raw, RawArticle), raw
    return raw, process_bytes(raw.raw, kind="text").text


def _manifest(split: str) -> list[dict[str, Any]]:
    data = yaml.safe_load((DATA / split / "manifest.yaml").read_text(encoding="utf-8"))
    articles: list[dict[str, Any]] = data["articles"]
    return articles


def _site(url: str) -> str:
    """The registered domain of a URL ('www.x.co.uk' -> 'x.co.uk', 'news.x.com' -> 'x.com')."""
    parts = (urlsplit(url).hostname or "").split(".")
    keep = 3 if len(parts) > 2 and parts[-2] in {"co", "com"} else 2
    return ".".join(parts[-keep:])


def _sentences(text: str) -> set[str]:
    """Sentences (and quotations closed inside them) of six words or more, case and punctuation
    folded."""
    out = set()
    for sent in re.split(r"(?<=[.!?”\"])\s+|\n+", text):
        words = re.findall(r"[a-z0-9]+", sent.lower().replace("’", "'"))
        if len(words) >= 6:
            out.add(" ".join(words))
    return out


@pytest.mark.parametrize("split", MANIFEST_SPLITS)
def test_every_text_has_gold_front_matter_and_a_manifest_entry(split: str) -> None:
    files = {p.stem for p in (DATA / split).glob("*.txt")}
    assert set(gold(split)) == files
    listed = {Path(a["file"]).stem: a for a in _manifest(split)}
    assert set(listed) == files
    for name in files:
        raw, _ = _article(split, name)
        assert raw.title and raw.url and raw.source and raw.published, name
        assert listed[name]["url"] == raw.url, name


@pytest.mark.parametrize("split", MANIFEST_SPLITS)
def test_gold_statements_are_found_and_use_known_ids(split: str) -> None:
    registry = ActorRegistry.default()
    ids = set(registry.actors) | {team.id for team in registry.teams}
    issues = {i["id"] for i in yaml.safe_load(ISSUES.read_text(encoding="utf-8"))["issues"]}
    for name, items in gold(split).items():
        _, text = _article(split, name)
        for item in (items or {}).get("positions", []):
            where = (name, item["text"])
            assert item["text"] in text, where
            assert {item["holder"], *item.get("alt", [])} <= ids, where
            assert item["issue"] in issues, where
            assert item["direction"] in DIRECTIONS, where
            assert item["strength"] in STRENGTHS, where
            if "target" in item:
                assert item["direction"] == "demands" and item["target"] in ids, where


def test_blind_splits_are_not_spent() -> None:
    assert not set(BLIND_SPLITS) & set(SPENT_SPLITS)


@pytest.mark.parametrize("split", DISJOINT_SPLITS)
def test_split_shares_no_source_or_sentence_with_earlier_splits(split: str) -> None:
    earlier = ("dev", *MANIFEST_SPLITS[: MANIFEST_SPLITS.index(split)])
    urls, sites, outlets, sentences = set(), set(), set(), set()
    for other in earlier:
        for name in gold(other):
            raw, text = _article(other, name)
            assert raw.url and raw.source
            urls.add(raw.url)
            sites.add(_site(raw.url))
            outlets.add(raw.source.split(" (")[0].lower())
            sentences |= _sentences(text)
    assert len(gold(split)) >= 18
    for name in gold(split):
        raw, text = _article(split, name)
        assert raw.url and raw.source
        assert raw.url not in urls, name
        assert _site(raw.url) not in sites, name
        assert raw.source.split(" (")[0].lower() not in outlets, name
        assert not _sentences(text) & sentences, name

"""Story clustering: reposts and spun copies join their source; unrelated articles stay apart."""

from __future__ import annotations

import random
import re
import shutil
from pathlib import Path

import numpy as np
import pytest
from sqlalchemy import Engine, select
from sqlalchemy.orm import Session

from accord.corpus.cluster import (
    ClusterParams,
    candidate_pairs,
    cluster_articles,
    cluster_fingerprints,
    fingerprint,
    lsh_bands,
)
from accord.corpus.ingest import ingest_paths
from accord.store.corpus_queries import list_stories, story_members
from accord.store.corpus_tables import Article, StoryMember
from accord.store.db import open_engine

SYNONYMS = {
    "about": "regarding", "according": "in keeping with", "after": "following",
    "again": "once more", "against": "towards", "agreement": "settlement", "aimed": "geared",
    "already": "previously", "also": "additionally", "announced": "introduced", "answer": "reply",
    "appears": "seems", "approach": "method", "around": "round", "asked": "requested",
    "because": "as a result of", "before": "earlier than", "began": "started",
    "believe": "imagine", "big": "huge", "business": "enterprise", "but": "however",
    "called": "referred to as", "certain": "sure", "change": "alter", "changes": "adjustments",
    "close": "shut", "confident": "assured", "conflict": "battle", "construct": "assemble",
    "continue": "proceed", "country": "nation", "current": "present", "cut": "reduce",
    "deal": "settlement", "deals": "offers", "decided": "determined", "demands": "calls for",
    "despite": "regardless of", "direct": "straight", "discussions": "talks", "done": "achieved",
    "during": "throughout", "economic": "financial", "end": "finish", "ending": "finishing",
    "engage": "interact", "enough": "sufficient", "everything": "all the pieces",
    "exchange": "trade", "expected": "anticipated", "fact": "truth", "familiar": "acquainted",
    "far": "distant", "feature": "characteristic", "financial": "monetary",
    "focus": "concentrate", "following": "after", "foreign": "overseas", "forming": "creating",
    "goal": "objective", "goals": "targets", "government": "authorities", "great": "nice",
    "help": "assist", "high": "excessive", "however": "nevertheless", "idea": "thought",
    "important": "vital", "include": "embrace", "including": "together with",
    "instead": "as an alternative", "interest": "curiosity", "interests": "pursuits",
    "investors": "traders", "issue": "difficulty", "issues": "points", "large": "giant",
    "last": "final", "leader": "chief", "less": "much less", "level": "stage",
    "likely": "probably", "long": "lengthy", "main": "principal", "major": "main",
    "matters": "issues", "meet": "satisfy", "meeting": "assembly", "military": "navy",
    "model": "mannequin", "money": "cash", "more": "extra", "much": "a lot", "must": "should",
    "need": "want", "next": "subsequent", "number": "quantity", "offer": "provide",
    "offered": "supplied", "officially": "formally", "officials": "officers", "only": "solely",
    "part": "half", "particularly": "significantly", "people": "folks", "played": "performed",
    "point": "level", "policy": "coverage", "position": "place", "possible": "potential",
    "power": "energy", "pressure": "strain", "previous": "earlier", "problem": "drawback",
    "process": "course of", "question": "query", "quickly": "rapidly", "rather": "moderately",
    "really": "actually", "recent": "latest", "remain": "stay", "result": "consequence",
    "role": "function", "said": "stated", "security": "safety", "seems": "appears",
    "several": "a number of", "show": "present", "side": "aspect", "signals": "indicators",
    "something": "one thing", "soon": "quickly", "start": "begin", "still": "nonetheless",
    "strong": "robust", "support": "help", "sure": "positive", "team": "staff",
    "things": "issues", "think": "assume", "though": "although", "through": "by means of",
    "top": "high", "toward": "in direction of", "traditional": "conventional", "under": "below",
    "understand": "perceive", "until": "till", "want": "need", "wants": "desires",
    "war": "struggle", "way": "method", "well": "properly", "whether": "whether or not",
    "while": "whereas", "whole": "entire", "within": "inside", "without": "with out",
    "year": "yr",
}
_POOL = sorted(set(SYNONYMS.values()))


def spin(text: str, rate: float = 0.5, seed: int = 7) -> str:
    """A synonym spinner: dictionary synonyms everywhere, plus a random common word for
    ``rate`` of the other lower-case words (names and numbers survive, as with real spinners).
    At 0.5 the shingle Jaccard to the source is 0.16-0.20, like seed 002."""
    rng = random.Random(seed)

    def swap(m: re.Match[str]) -> str:
        w = m.group(0)
        s = SYNONYMS.get(w.lower())
        if s is None and w.islower() and len(w) > 3 and rng.random() < rate:
            s = rng.choice(_POOL)
        if s is None:
            return w
        return s[:1].upper() + s[1:] if w[:1].isupper() else s

    return re.sub(r"[A-Za-z]+", swap, text)


def repost(text: str, seed: int = 3) -> str:
    """Site boilerplate above and below, and five words changed."""
    rng = random.Random(seed)
    lines = text.splitlines()
    for _ in range(5):
        i = rng.randrange(len(lines))
        words = lines[i].split(" ")
        if len(words) > 3:
            words[rng.randrange(len(words))] = "meanwhile"
            lines[i] = " ".join(words)
    head = ["Share on Facebook", "Share on Twitter", "Subscribe to our newsletter", ""]
    tail = ["", "Related articles", "Cookie policy | Privacy policy", "© 2025 Example Media"]
    return "\n".join(head + lines + tail) + "\n"


def _corpus(tmp_path: Path, seeds_dir: Path, source: str) -> tuple[Path, str]:
    folder = tmp_path / "corpus"
    shutil.copytree(seeds_dir, folder)
    text = (seeds_dir / source).read_text(encoding="utf-8")
    (folder / "zz_repost.txt").write_text(repost(text), encoding="utf-8")
    (folder / "zz_spun.txt").write_text(spin(text), encoding="utf-8")
    return folder, source


def _stories_by_file(engine: Engine) -> dict[str, int]:
    """File name -> story id of its current article."""
    with Session(engine) as session:
        rows = session.execute(
            select(Article.source_path, StoryMember.story_id)
            .join(StoryMember, StoryMember.article_id == Article.id)
            .where(Article.is_current.is_(True))
        )
        return {Path(path).name: story for path, story in rows}


@pytest.mark.parametrize(
    "source",
    ["000_bfc96784ff80d2f5.txt", "001_abb2e1d81dd64829.txt", "003_258dc5993ccb0ab8.txt",
     "004_06e5d23dc5b2d877.txt"],
)
def test_repost_and_spun_copy_join_their_source_and_nothing_else(
    tmp_path: Path, seeds_dir: Path, source: str
) -> None:
    folder, source = _corpus(tmp_path, seeds_dir, source)
    engine = open_engine(tmp_path / "accord.db")
    summary = ingest_paths([folder], engine)
    assert summary.ok and summary.added == 7
    story = _stories_by_file(engine)
    assert story["zz_repost.txt"] == story[source]
    assert story["zz_spun.txt"] == story[source]
    others = {name for name in story if name not in {source, "zz_repost.txt", "zz_spun.txt"}}
    assert len(others) == 4
    assert len({story[name] for name in others} | {story[source]}) == 5  # all apart
    with Session(engine) as session:
        (multi,) = list_stories(session)
        members = {m.article_id: m for m in story_members(session, multi.id)}
        assert multi.size == 3 and multi.id == min(members)  # story id = oldest member
        stages = sorted(m.stage for m in members.values())
        assert stages == ["repost", "seed", "spin"]


def test_spun_copy_is_invisible_to_shingles_alone(seeds_dir: Path) -> None:
    """Why stage 2 exists: shingle MinHash scores the spun copy near 0.2, far below 0.5."""
    text = (seeds_dir / "003_258dc5993ccb0ab8.txt").read_text(encoding="utf-8")
    a, b = fingerprint(text), fingerprint(spin(text))
    shingle_j = float((a.shingle_minhash == b.shingle_minhash).mean())
    assert shingle_j < 0.3
    assert len(a.names & b.names) >= 0.8 * len(a.names)  # names survive spinning
    assert a.numbers == b.numbers


def test_thresholds_are_real_parameters(tmp_path: Path, seeds_dir: Path) -> None:
    folder, source = _corpus(tmp_path, seeds_dir, "000_bfc96784ff80d2f5.txt")
    engine = open_engine(tmp_path / "accord.db")
    ingest_paths([folder], engine, cluster_params=ClusterParams(spin_threshold=0.99))
    story = _stories_by_file(engine)
    assert story["zz_repost.txt"] == story[source]
    assert story["zz_spun.txt"] != story[source]
    # Re-clustering with the default thresholds links it again.
    result = cluster_articles(engine)
    assert result.n_spin_links == 1
    assert _stories_by_file(engine)["zz_spun.txt"] == story[source]


def test_short_texts_are_never_linked() -> None:
    p = ClusterParams()
    fps = [fingerprint("", p), fingerprint("", p), fingerprint("Putin met Trump.", p)]
    result = cluster_fingerprints([1, 2, 3], fps, p)
    assert result.stories == {1: [1], 2: [2], 3: [3]}


def test_candidate_pairs_stay_bounded_for_a_huge_story() -> None:
    """3,000 near-copies of one article: candidates grow linearly, not quadratically."""
    rng = np.random.default_rng(0)
    base = rng.integers(0, 2**32, size=128, dtype=np.uint64).astype(np.uint32)
    n = 3000
    sigs = np.tile(base, (n, 1))
    noise = rng.random((n, 128)) < 0.1  # each copy differs in ~10 % of its hash values
    sigs[noise] = rng.integers(0, 2**32, size=int(noise.sum()), dtype=np.uint64).astype(np.uint32)
    bands, rows = lsh_bands(0.5, 128)
    params = ClusterParams()
    pairs = candidate_pairs(sigs, bands, rows, params.bucket_cap)
    assert len(pairs) <= n * bands * params.bucket_cap
    assert len(pairs) < n * (n - 1) // 2 // 50
    assert (pairs[:, 0] < pairs[:, 1]).all()


def test_cluster_fingerprints_on_many_copies_gives_one_story() -> None:
    rng = random.Random(1)
    words = [f"w{i}" for i in range(400)]
    base = [rng.choice(words) for _ in range(300)]
    texts = []
    for _ in range(800):
        copy = list(base)
        for _ in range(6):
            copy[rng.randrange(len(copy))] = rng.choice(words)
        texts.append(" ".join(copy))
    p = ClusterParams()
    result = cluster_fingerprints(list(range(1, 801)), [fingerprint(t, p) for t in texts], p)
    assert list(result.stories) == [1] and len(result.stories[1]) == 800


def test_lsh_bands_follow_datasketch() -> None:
    assert lsh_bands(0.5, 128) == (25, 5)

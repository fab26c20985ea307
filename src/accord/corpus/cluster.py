"""Group articles that report the same story: reposts, and machine-spun copies of a source.

Two stages, both driven by MinHash signatures computed once per article at ingest time
(:func:`fingerprint`, stored in ``article_fingerprints``):

1. **Reposts** — word 3-shingles of the cleaned text, MinHash (datasketch), LSH banding for
   candidates, estimated Jaccard ≥ ``repost_threshold`` links two articles. Extra boilerplate and
   a few changed words keep a repost well above 0.5.
2. **Spun copies** — a synonym spinner changes every few words, which leaves shingle Jaccard near
   0.2 (seed ``002`` is such a copy), but the *words* mostly survive and the *names, numbers and
   quoted phrases* nearly all do. Candidates come from LSH over word-set signatures at a lower
   threshold; a pair is linked when the weighted score of word Jaccard and IDF-weighted Jaccard of
   names, numbers and quoted words reaches ``spin_threshold``. IDF is taken over the clustered
   corpus, so names every article shares (Putin, Trump, Kremlin) count for little.

Scaling: candidates never come from all pairs. Band keys are grouped with a sort per band and
each article is paired only with the first ``bucket_cap`` (oldest) members of each bucket it
falls into, so the number of candidate pairs is at most ``n × bands × bucket_cap`` even when a
story has thousands of reposts. Verification is vectorised over candidate pairs.

Recomputation: fingerprints are incremental (computed when an article is ingested). The LSH
index lives in the database (:mod:`accord.corpus.story_index`): after an ingest, only the new
articles are clustered, against the whole corpus, by looking up their band buckets; the
corpus is never loaded. :func:`cluster_fingerprints` is the same clustering over fingerprints
held in memory (the reference the database path is tested against). A story's id is its
smallest article id, so ids are stable unless two stories merge.

>>> params = ClusterParams()
>>> fp = fingerprint("Putin met Trump in Riyadh on 12 March to discuss a ceasefire.", params)
>>> sorted(fp.names), sorted(fp.numbers)
(['march', 'riyadh', 'trump'], ['12'])
"""

from __future__ import annotations

import math
import os
import re
import sys
import time
import zlib
from collections import Counter
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from typing import TYPE_CHECKING

import numpy as np
from numpy.typing import NDArray

if TYPE_CHECKING:  # datasketch pulls in SciPy: load it when hashing, not with the CLI
    from datasketch import MinHash
    from sqlalchemy import Engine

FINGERPRINT_VERSION = 1
#: Test seam for interrupted runs: with ``ACCORD_PAUSE_IN=cluster`` in the environment,
#: :func:`accord.corpus.story_index.update_stories` writes ``paused: cluster`` on stderr and
#: sleeps inside its transaction, stories written but not committed, so that a test can
#: ``kill -9`` the process at exactly that point (tests/corpus/test_concurrency.py);
#: ``cluster:SECONDS`` sleeps that long and goes on (a test breaks the connection meanwhile).
#: Unset, it costs one lookup.
PAUSE_VAR = "ACCORD_PAUSE_IN"
# Pairs compared per step of estimated_jaccard: each step gathers two (step, num_perm) uint32
# matrices, 8 MB at 8,192 pairs and 128 permutations (65,536 pairs made it 67 MB, the
# largest allocation of story clustering; the step count does not change the time).
JACCARD_STEP = 8192
MIN_LSH_THRESHOLD = 0.05
MAX_LSH_THRESHOLD = 0.95

_WORD = re.compile(r"\w+(?:['’]\w+)*")
_CAPITALISED = re.compile(r"\b[A-Z][\w'’-]*")
_NUMBER = re.compile(r"\d[\d,.]*\d|\d")
_QUOTED = re.compile(r"[“\"]([^“”\"\n]{3,300})[”\"]")
_SENTENCE_START = re.compile(r"(^|[.!?:;\"“”‘’(—–]\s*|\n\s*)[A-Z][\w'’-]*")

# Function words carry no evidence of "same story"; kept inline so fingerprinting does not
# import spaCy.
STOPWORDS = frozenset(
    """a about above after again against all also am an and any are as at be because been
    before being below between both but by can could did do does doing down during each few
    for from further had has have having he her here hers herself him himself his how however
    i if in into is it its itself just me more most my myself no nor not now of off on once
    only or other our ours ourselves out over own same she should so some such than that the
    their theirs them themselves then there these they this those through to too under until
    up very was we were what when where which while who whom why will with would you your
    yours yourself yourselves said says say mr mrs ms one two new""".split()
)


@dataclass(frozen=True)
class ClusterParams:
    """Every threshold of story clustering, explicit.

    Defaults were calibrated on the five seed articles (docs/corpus-ingest.md): unrelated seeds
    (all on the same negotiations, sharing Putin/Trump/Kremlin) score at most 0.01 shingle
    Jaccard and 0.22 on :func:`spin_score`; copies spun at a 50 % word-substitution rate (shingle
    Jaccard 0.16-0.20, like seed 002) score 0.36-0.69; reposts with extra boilerplate and a few
    changed words keep shingle Jaccard at 0.95 or more.

    Fingerprint settings (``num_perm``, ``shingle_size``, ``seed``) are part of
    :meth:`fingerprint_key`; changing them makes stored fingerprints stale and they are recomputed
    from the article text on the next clustering.
    """

    num_perm: int = 128
    shingle_size: int = 3
    seed: int = 1
    repost_threshold: float = 0.5
    spin_candidate_threshold: float = 0.3
    spin_min_word_jaccard: float = 0.25
    spin_threshold: float = 0.3
    word_weight: float = 0.4
    names_weight: float = 0.3
    numbers_weight: float = 0.15
    quoted_weight: float = 0.15
    min_words: int = 25
    bucket_cap: int = 4

    def __post_init__(self) -> None:
        # LSH banding needs at least two bands: datasketch refuses thresholds above ~0.98.
        for name in ("repost_threshold", "spin_candidate_threshold"):
            value = getattr(self, name)
            if not MIN_LSH_THRESHOLD <= value <= MAX_LSH_THRESHOLD:
                raise ValueError(
                    f"{name} must be between {MIN_LSH_THRESHOLD} and {MAX_LSH_THRESHOLD}, "
                    f"got {value}"
                )
        for name in ("spin_min_word_jaccard", "spin_threshold"):
            value = getattr(self, name)
            if not 0.0 <= value <= 1.0:
                raise ValueError(f"{name} must be between 0 and 1, got {value}")
        if self.num_perm < 16 or self.shingle_size < 1 or self.bucket_cap < 1:
            raise ValueError("num_perm >= 16, shingle_size >= 1 and bucket_cap >= 1 are required")

    def fingerprint_key(self) -> str:
        """A string that changes whenever stored fingerprints would be computed differently."""
        return f"v{FINGERPRINT_VERSION}:p{self.num_perm}:k{self.shingle_size}:s{self.seed}"


@dataclass(frozen=True)
class Fingerprint:
    """What clustering needs to know about one text."""

    shingle_minhash: NDArray[np.uint32]
    word_minhash: NDArray[np.uint32]
    n_words: int
    names: frozenset[str]
    numbers: frozenset[str]
    quoted: frozenset[str]


@dataclass(frozen=True)
class StoryLink:
    """How an article joined its story: the neighbour it matched, by which stage, how well."""

    article_id: int
    story_id: int
    linked_to: int | None
    stage: str  # "seed" | "repost" | "spin"
    score: float | None


@dataclass
class ClusterResult:
    """The partition of current articles into stories (plain data).

    From the database (:mod:`accord.corpus.story_index`) the partition stays there: ``stories``
    and ``links`` are empty, ``story_count``/``multi_count`` give its size, and the link and
    candidate counts are those of the articles clustered in that call.
    """

    stories: dict[int, list[int]] = field(default_factory=dict)
    links: dict[int, StoryLink] = field(default_factory=dict)
    n_articles: int = 0
    n_candidates: int = 0
    n_repost_links: int = 0
    n_spin_links: int = 0
    story_count: int | None = None
    multi_count: int | None = None

    @property
    def n_stories(self) -> int:
        """Stories (of every size)."""
        return len(self.stories) if self.story_count is None else self.story_count

    @property
    def n_multi(self) -> int:
        """Stories with more than one article."""
        if self.multi_count is not None:
            return self.multi_count
        return sum(1 for members in self.stories.values() if len(members) > 1)

    def story_of(self, article_id: int) -> int:
        """The story id of ``article_id``."""
        return self.links[article_id].story_id


@lru_cache(maxsize=8)
def _permuter(num_perm: int, seed: int) -> MinHash:
    from datasketch import MinHash

    return MinHash(num_perm=num_perm, seed=seed, hashfunc=int)


def _minhash(hashes: NDArray[np.uint32], num_perm: int, seed: int) -> NDArray[np.uint32]:
    m = _permuter(num_perm, seed).copy()
    if hashes.size:
        m.update_batch(hashes.tolist())  # hashfunc=int: values are already hashes
    return np.asarray(m.hashvalues, dtype=np.uint32)


def tokens(text: str) -> list[str]:
    """Lower-cased word tokens of ``text`` (letters/digits, inner apostrophes kept)."""
    return _WORD.findall(text.lower())


def _shingle_hashes(word_hashes: NDArray[np.uint32], k: int) -> NDArray[np.uint32]:
    n = word_hashes.size
    if n < k:
        return word_hashes[:0]
    acc = word_hashes[: n - k + 1].astype(np.uint64)
    for i in range(1, k):
        # Polynomial combination mod 2**64; datasketch mixes the result (fmix) before permuting.
        acc = acc * np.uint64(0x100000001B3) + word_hashes[i : n - k + 1 + i].astype(np.uint64)
    folded: NDArray[np.uint32] = ((acc >> np.uint64(32)) ^ acc).astype(np.uint32)
    return np.unique(folded)


def _names(text: str) -> frozenset[str]:
    # Sentence-initial capitals are not evidence of a name: blank out each sentence's first word.
    body = _SENTENCE_START.sub(r"\1", text)
    found = set()
    for word in _CAPITALISED.findall(body):
        word = word.lower().rstrip("'’-")
        if word.endswith(("'s", "’s")):
            word = word[:-2]
        if len(word) > 1 and word not in STOPWORDS:
            found.add(word)
    return frozenset(found)


def _numbers(text: str) -> frozenset[str]:
    return frozenset(n.replace(",", "").rstrip(".") for n in _NUMBER.findall(text))


def _quoted(text: str) -> frozenset[str]:
    words: set[str] = set()
    for phrase in _QUOTED.findall(text):
        words.update(w for w in tokens(phrase) if len(w) > 2 and w not in STOPWORDS)
    return frozenset(words)


def fingerprint(text: str, params: ClusterParams | None = None) -> Fingerprint:
    """Compute the clustering features of a cleaned text.

    >>> fp = fingerprint("One two three four five", ClusterParams(num_perm=16))
    >>> fp.n_words, fp.shingle_minhash.shape
    (5, (16,))
    """
    params = params or ClusterParams()
    words = tokens(text)
    # Hash each distinct word once; CRC-32 is stable across runs and datasketch's affine32
    # scheme mixes (fmix) every value before permuting, so its linearity does not matter.
    vocab = {w: zlib.crc32(w.encode("utf-8")) for w in set(words)}
    word_hashes = np.fromiter(map(vocab.__getitem__, words), dtype=np.uint32, count=len(words))
    content = np.fromiter(
        (h for w, h in vocab.items() if w not in STOPWORDS and len(w) > 1), dtype=np.uint32
    )
    return Fingerprint(
        shingle_minhash=_minhash(
            _shingle_hashes(word_hashes, params.shingle_size), params.num_perm, params.seed
        ),
        word_minhash=_minhash(content, params.num_perm, params.seed),
        n_words=len(words),
        names=_names(text),
        numbers=_numbers(text),
        quoted=_quoted(text),
    )


def fingerprint_row(article_id: int, fp: Fingerprint, params: ClusterParams) -> dict[str, object]:
    """The ``article_fingerprints`` row for ``fp`` (for bulk inserts)."""
    return {
        "article_id": article_id,
        "params": params.fingerprint_key(),
        "shingle_minhash": fp.shingle_minhash.astype("<u4").tobytes(),
        "word_minhash": fp.word_minhash.astype("<u4").tobytes(),
        "n_words": fp.n_words,
        "names": sorted(fp.names),
        "numbers": sorted(fp.numbers),
        "quoted": sorted(fp.quoted),
    }


# -- candidate generation ------------------------------------------------------------------------


def lsh_bands(threshold: float, num_perm: int) -> tuple[int, int]:
    """(bands, rows) that datasketch's MinHashLSH picks for ``threshold`` (equal FP/FN weight)."""
    from datasketch import MinHashLSH

    lsh = MinHashLSH(threshold=threshold, num_perm=num_perm)
    return int(lsh.b), int(lsh.r)


def band_keys(signatures: NDArray[np.uint32], band: int, rows: int) -> NDArray[np.uint64]:
    """One 64-bit key per row of ``signatures`` for LSH band number ``band`` (``rows`` values)."""
    values = signatures[:, band * rows : (band + 1) * rows].astype(np.uint64)
    key = np.zeros(signatures.shape[0], dtype=np.uint64)
    for c in range(values.shape[1]):
        key = key * np.uint64(0x9E3779B97F4A7C15) + values[:, c] + np.uint64(c + 1)
    return key


def candidate_pairs(
    signatures: NDArray[np.uint32], bands: int, rows: int, bucket_cap: int
) -> NDArray[np.int64]:
    """Pairs (i, j), i < j, of rows of ``signatures`` that share at least one LSH band.

    Each row is paired with at most ``bucket_cap`` earlier rows per band (the first members of
    the bucket), so the output has at most ``n * bands * bucket_cap`` pairs.
    """
    n = signatures.shape[0]
    if n < 2:
        return np.empty((0, 2), dtype=np.int64)
    index = np.arange(n, dtype=np.int64)
    codes: list[NDArray[np.int64]] = []
    for b in range(bands):
        key = band_keys(signatures, b, rows)
        order = np.lexsort((index, key))
        sorted_key = key[order]
        new_group = np.empty(n, dtype=bool)
        new_group[0] = True
        new_group[1:] = sorted_key[1:] != sorted_key[:-1]
        group_start = np.maximum.accumulate(np.where(new_group, np.arange(n), 0))
        position = np.arange(n)
        for t in range(bucket_cap):
            partner = group_start + t
            ok = partner < position
            if not ok.any():
                break
            first = order[partner[ok]]
            second = order[position[ok]]
            lo, hi = np.minimum(first, second), np.maximum(first, second)
            codes.append(lo * n + hi)
    if not codes:
        return np.empty((0, 2), dtype=np.int64)
    unique = np.unique(np.concatenate(codes))
    return np.stack([unique // n, unique % n], axis=1)


def estimated_jaccard(
    signatures: NDArray[np.uint32], pairs: NDArray[np.int64]
) -> NDArray[np.float64]:
    """MinHash Jaccard estimate for each pair, :data:`JACCARD_STEP` pairs at a time to bound
    memory."""
    out = np.empty(len(pairs), dtype=np.float64)
    step = JACCARD_STEP
    for s in range(0, len(pairs), step):
        chunk = pairs[s : s + step]
        out[s : s + step] = (signatures[chunk[:, 0]] == signatures[chunk[:, 1]]).mean(axis=1)
    return out


class UnionFind:
    """Union-find over integer ids (created on first sight); the smaller root stays root, so a
    story is rooted at its oldest article (or its stored story id).

    >>> uf = UnionFind()
    >>> uf.union(5, 3), uf.union(3, 5), uf.find(5)
    (True, False, 3)
    """

    def __init__(self) -> None:
        self.parent: dict[int, int] = {}

    def find(self, i: int) -> int:
        """The root of ``i`` (paths are compressed on the way)."""
        parent = self.parent
        parent.setdefault(i, i)
        root = i
        while parent[root] != root:
            root = parent[root]
        while parent[i] != root:
            parent[i], i = root, parent[i]
        return root

    def union(self, i: int, j: int) -> bool:
        """Join the sets of ``i`` and ``j``; False when they were one already."""
        ri, rj = self.find(i), self.find(j)
        if ri == rj:
            return False
        if rj < ri:
            ri, rj = rj, ri
        self.parent[rj] = ri
        return True


class StoryLinks:
    """The links one clustering pass makes: stories joined (union-find over ``node(article)``:
    the article itself in memory, its stored story in the database index), links counted per
    stage in ``result``, and each later article's best link (``best[j] = (i, stage, score)``).
    """

    def __init__(self, result: ClusterResult, node: Callable[[int], int] | None = None) -> None:
        self.result = result
        self.node: Callable[[int], int] = node or int
        self.components = UnionFind()
        self.best: dict[int, tuple[int, str, float]] = {}

    def together(self, i: int, j: int) -> bool:
        """True when ``i`` and ``j`` are in one story already."""
        find = self.components.find
        return find(self.node(i)) == find(self.node(j))

    def link(self, i: int, j: int, stage: str, score: float) -> None:
        """Link the later article ``j`` to the earlier ``i`` (``stage``: repost or spin)."""
        if self.components.union(self.node(i), self.node(j)):
            if stage == "repost":
                self.result.n_repost_links += 1
            else:
                self.result.n_spin_links += 1
        if j not in self.best or self.best[j][2] < score:
            self.best[j] = (i, stage, score)


def repost_matches(
    shingles: NDArray[np.uint32], pairs: NDArray[np.int64], params: ClusterParams
) -> list[tuple[int, int, float]]:
    """Stage 1: the candidate ``pairs`` (rows of ``shingles``) whose estimated shingle Jaccard
    reaches ``repost_threshold``, as (i, j, score)."""
    if not len(pairs):
        return []
    jac = estimated_jaccard(shingles, pairs)
    hit = jac >= params.repost_threshold
    return [
        (i, j, score)
        for (i, j), score in zip(pairs[hit].tolist(), jac[hit].tolist(), strict=True)
    ]


def spin_candidates(
    words: NDArray[np.uint32], pairs: NDArray[np.int64], params: ClusterParams
) -> tuple[NDArray[np.int64], NDArray[np.float64]]:
    """Stage 2's first filter: the candidate ``pairs`` (rows of ``words``) whose estimated
    word-set Jaccard reaches ``spin_min_word_jaccard``, with that Jaccard."""
    wj = estimated_jaccard(words, pairs)
    keep = wj >= params.spin_min_word_jaccard
    return pairs[keep], wj[keep]


def _weighted_jaccard(a: frozenset[str], b: frozenset[str], idf: Mapping[str, float]) -> float:
    union = a | b
    if not union:
        return 0.0
    den = sum(idf.get(x, 1.0) for x in union)
    return sum(idf.get(x, 1.0) for x in a & b) / den


def _idf(sets: Sequence[frozenset[str]]) -> dict[str, float]:
    df: Counter[str] = Counter()
    for s in sets:
        df.update(s)
    n = len(sets)
    return {term: math.log(1.0 + n / count) for term, count in df.items()}


def spin_score(
    word_jaccard: float,
    a: Fingerprint,
    b: Fingerprint,
    params: ClusterParams,
    idf: Mapping[str, float] | None = None,
) -> float:
    """Weighted evidence that ``b`` is a spun copy of ``a`` (or vice versa), in [0, 1].

    Components with no items on either side (e.g. no numbers in both texts) drop out and the
    remaining weights are renormalised.
    """
    idf = idf or {}
    total = params.word_weight * word_jaccard
    weight = params.word_weight
    for w, x, y in (
        (params.names_weight, a.names, b.names),
        (params.numbers_weight, a.numbers, b.numbers),
        (params.quoted_weight, a.quoted, b.quoted),
    ):
        if x or y:
            total += w * _weighted_jaccard(x, y, idf)
            weight += w
    return total / weight if weight else 0.0


def cluster_fingerprints(
    ids: Sequence[int], fingerprints: Sequence[Fingerprint], params: ClusterParams | None = None
) -> ClusterResult:
    """Partition articles (``ids`` ascending, oldest first) into stories. Pure function.

    >>> p = ClusterParams(min_words=3)
    >>> text = "the talks in Riyadh ended without a deal on the Black Sea ceasefire plan today"
    >>> r = cluster_fingerprints([1, 2], [fingerprint(text, p), fingerprint(text + " ok", p)], p)
    >>> r.stories
    {1: [1, 2]}
    """
    params = params or ClusterParams()
    n = len(ids)
    result = ClusterResult(n_articles=n)
    if n == 0:
        return result
    eligible = np.array([fp.n_words >= params.min_words for fp in fingerprints], dtype=bool)
    links = StoryLinks(result)  # over row indices; i < j: j records the earlier i it matched

    # Stage 1: reposts.
    shingles = np.stack([fp.shingle_minhash for fp in fingerprints])
    bands, rows = lsh_bands(params.repost_threshold, params.num_perm)
    pairs = candidate_pairs(shingles, bands, rows, params.bucket_cap)
    pairs = pairs[eligible[pairs[:, 0]] & eligible[pairs[:, 1]]] if len(pairs) else pairs
    result.n_candidates += len(pairs)
    for i, j, score in repost_matches(shingles, pairs, params):
        links.link(i, j, "repost", score)

    # Stage 2: spun copies, between articles stage 1 left apart.
    words = np.stack([fp.word_minhash for fp in fingerprints])
    bands, rows = lsh_bands(params.spin_candidate_threshold, params.num_perm)
    pairs = candidate_pairs(words, bands, rows, params.bucket_cap)
    pairs = pairs[eligible[pairs[:, 0]] & eligible[pairs[:, 1]]] if len(pairs) else pairs
    result.n_candidates += len(pairs)
    pairs, wj = spin_candidates(words, pairs, params)
    if len(pairs):
        idf = _idf([fp.names for fp in fingerprints])
        idf.update(_idf([fp.numbers for fp in fingerprints]))
        idf.update(_idf([fp.quoted for fp in fingerprints]))
        step = 8192  # Python lists of all pairs at once would cost ~100 bytes per pair
        for s in range(0, len(pairs), step):
            chunk = zip(pairs[s : s + step].tolist(), wj[s : s + step].tolist(), strict=True)
            for (i, j), w in chunk:
                if links.together(i, j):
                    continue
                score = spin_score(w, fingerprints[i], fingerprints[j], params, idf)
                if score >= params.spin_threshold:
                    links.link(i, j, "spin", score)

    for i in range(n):
        root = links.components.find(i)
        story_id = ids[root]
        result.stories.setdefault(story_id, []).append(ids[i])
        if i in links.best:
            partner, stage, score = links.best[i]
            result.links[ids[i]] = StoryLink(ids[i], story_id, ids[partner], stage, score)
        else:
            result.links[ids[i]] = StoryLink(ids[i], story_id, None, "seed", None)
    return result


# -- database ------------------------------------------------------------------------------------


def cluster_articles(engine: Engine, params: ClusterParams | None = None) -> ClusterResult:
    """Recompute all stories over the current articles with ``params`` and store them (one
    transaction): the story index is rebuilt from the stored fingerprints in bounded memory
    (:func:`accord.corpus.story_index.update_stories` with ``rebuild=True``).

    >>> from accord.store.db import open_engine
    >>> result = cluster_articles(open_engine(":memory:"))
    >>> result.n_articles
    0
    """
    from accord.corpus.story_index import update_stories

    return update_stories(engine, params, rebuild=True)


def pause_here(point: str) -> None:
    """Stop at ``point`` when :data:`PAUSE_VAR` names it: for good, or ``point:SECONDS``."""
    name, _, seconds = os.environ.get(PAUSE_VAR, "").partition(":")
    if name != point:
        return
    sys.stderr.write(f"paused: {point}\n")
    sys.stderr.flush()
    if seconds:
        time.sleep(float(seconds))
        return
    while True:
        time.sleep(60)

"""Story clustering against the index in the database, in memory bounded by the batch.

The LSH index of :mod:`accord.corpus.cluster` lives in three tables
(:mod:`accord.store.corpus_tables`):

* ``story_bands`` — one row per (bucket, article): for each stage (reposts over shingle
  signatures, spun copies over word signatures) and each LSH band, the band's MinHash values
  hashed into a 63-bit ``bucket``. Only the first ``bucket_cap`` articles of a bucket (smallest
  ids) are stored, since clustering pairs an article with those alone.
* ``story_terms`` — document frequencies of names, numbers and quoted words (the IDF of spin
  scores).
* ``story_index`` — the parameters the index was built with, how many articles it holds, the
  largest article id, and when and why it was last rebuilt.

A batch of new articles (current articles in no story) is clustered in chunks of
:data:`CHUNK` articles, oldest first: their buckets are looked up with ``bucket IN (...)``,
candidate pairs are verified exactly as :func:`accord.corpus.cluster.cluster_fingerprints`
verifies them (loading the signatures of the candidates, and names, numbers and quotes only
for those that reach the spin score), and the stories they join are
merged in place (a story's id stays its smallest article id). Memory depends on the chunk, not
on the corpus.

Same stories as the in-memory clustering: an article is paired with the first ``bucket_cap``
older members of each of its buckets, which is what :func:`~accord.corpus.cluster.
candidate_pairs` does, and the IDF of spin scores is taken over every indexed article
including the batch. Clustering everything in one call (the first ingest, ``accord corpus
cluster``, any rebuild) therefore gives exactly the stories of ``cluster_fingerprints`` over
the whole corpus (``tests/corpus/test_story_index.py`` checks it on SQLite and PostgreSQL).
Across several calls, a spin link is decided with the IDF of the corpus at the time the later
article was clustered and is kept afterwards; ``accord corpus cluster`` recomputes every link
with today's IDF.

A clustered article superseded by a new version leaves the index in place: its bucket rows
and term counts are removed, the stories it was in are dissolved and their other members are
clustered again with the new articles (removing an article can split the story it held
together), which gives what a rebuild gives. That is exact only when none of its buckets is
full (``bucket_cap`` stored articles): a full bucket may have members beyond the cap, never
stored, and one of them would move up; then the index is rebuilt.

Committed in steps: :func:`update_stories` writes the index's state (a rebuild started, or
superseded articles taken out), then the term counts of the new articles, then their stories,
each step at most :data:`CHUNK` articles in one transaction of its own, so that other
writers wait for one step, not for the whole batch (the process's memory does not depend on
it: measured in the README, Scale). Between two steps the database is consistent: the state
says how many articles the index holds and up to which id, and the current articles up to
that id that are in no story yet are exactly those waiting for their stories; a later call
(after a ``kill -9``, say) links them, with the IDF it would have used. Readers may see a batch's
stories appear chunk by chunk, and during a rebuild the stories fill in the same way.

Rebuilds: the index and the stories are rebuilt from the stored fingerprints (same chunked
code, from empty) when there is no ``story_index`` row yet (a database from before the index:
the backfill happens on first use), when the clustering parameters differ from those recorded,
when a superseded article was in a full bucket (above), when a clustered article was deleted,
or when new articles have ids below the largest indexed one (committed out of order by
concurrent writers). The reason and time are recorded in ``story_index``.
"""

from __future__ import annotations

import bisect
import dataclasses
import datetime as dt
import json
import math
from array import array
from collections import Counter, defaultdict
from collections.abc import Iterable, Iterator, Sequence
from typing import Any, TypeVar

import numpy as np
from numpy.typing import NDArray
from sqlalchemy import Engine, delete, func, insert, select, update
from sqlalchemy.orm import Session

from accord.corpus.cluster import (
    FINGERPRINT_VERSION,
    ClusterParams,
    ClusterResult,
    Fingerprint,
    StoryLinks,
    UnionFind,
    band_keys,
    fingerprint,
    fingerprint_row,
    lsh_bands,
    pause_here,
    repost_matches,
    spin_candidates,
    spin_score,
)
from accord.store.corpus_tables import (
    Article,
    ArticleFingerprint,
    Story,
    StoryBand,
    StoryIndexState,
    StoryMember,
    StoryTerm,
)
from accord.store.dialect import write_session

CHUNK = 500  # articles clustered per step (bounds memory)
IN_BATCH = 2000  # values per IN (...) list
SPIN_SLICE = 2000  # candidate pairs spin-scored per step (bounds the term sets loaded)
SIGNATURE_SLICE = 2000  # older candidates whose signatures are loaded at once
TERM_KINDS = ("names", "numbers", "quoted")  # in this order: later kinds win (as in IDF)
STATE_ID = 1
T = TypeVar("T")

_MIX = np.uint64(0xBF58476D1CE4E5B9)
_MIX2 = np.uint64(0x94D049BB133111EB)
_LOW63 = np.uint64((1 << 63) - 1)


def params_key(params: ClusterParams) -> str:
    """Every setting that changes the index or the stories, as one string."""
    return json.dumps(
        {"fingerprint": FINGERPRINT_VERSION, **dataclasses.asdict(params)}, sort_keys=True
    )


def bucket_keys(
    signatures: NDArray[np.uint32], bands: int, rows: int, stage: int
) -> NDArray[np.int64]:
    """``(n, bands)`` bucket ids: each band's key mixed with ``stage`` and the band number
    (splitmix64 finaliser), kept to 63 bits so that every database stores it as BIGINT.

    >>> sig = np.arange(32, dtype=np.uint32).reshape(2, 16)
    >>> keys = bucket_keys(sig, 4, 4, 0)
    >>> keys.shape, bool((keys >= 0).all()), bool((bucket_keys(sig, 4, 4, 1) != keys).all())
    ((2, 4), True, True)
    """
    out = np.empty((signatures.shape[0], bands), dtype=np.int64)
    for b in range(bands):
        salt = (((stage << 16) + b + 1) * int(_MIX2)) & ((1 << 64) - 1)
        x = band_keys(signatures, b, rows) ^ np.uint64(salt)
        x = (x ^ (x >> np.uint64(30))) * _MIX
        x = (x ^ (x >> np.uint64(27))) * _MIX2
        x = x ^ (x >> np.uint64(31))
        out[:, b] = (x & _LOW63).astype(np.int64)
    return out


def update_stories(
    engine: Engine, params: ClusterParams | None = None, *, rebuild: bool = False
) -> ClusterResult:
    """Cluster the current articles that are in no story yet into the stored stories,
    rebuilding the index first when it is missing or stale (see the module docstring) or when
    ``rebuild`` is true.

    Committed in bounded steps, each its own transaction under the writer lock: the index's
    state (rebuilt, or superseded articles taken out), then the term counts of the new
    articles :data:`CHUNK` at a time, then their stories :data:`CHUNK` articles at a time.
    Each step leaves the database consistent (see :func:`_rebuild_reason`): after an
    interruption the next call goes on where it stopped, with the same stories.

    The result carries counts (``n_articles`` indexed, links and candidates of this call,
    ``n_stories``/``n_multi`` in the database); the partition itself stays in the database.

    >>> from accord.store.db import open_engine
    >>> update_stories(open_engine(":memory:")).n_articles
    0
    """
    params = params or ClusterParams()
    result = ClusterResult()
    with write_session(engine) as session:
        ensure_fingerprints(session, params)
        state = session.get(StoryIndexState, STATE_ID)
        reason = "requested" if rebuild else _rebuild_reason(session, state, params)
        if reason is None and state is not None:
            reason = _drop_superseded(session, state, params)
        if reason is not None:
            now = _now()
            _clear(session)
            session.add(
                StoryIndexState(
                    id=STATE_ID,
                    params=params_key(params),
                    articles=0,
                    last_article_id=0,
                    rebuilt_at=now,
                    rebuild_reason=reason,
                    updated_at=now,
                )
            )
    # The terms of every new article first: the IDF of spin scores is over the whole batch.
    while _count_terms_step(engine):
        pass
    after, paused = 0, False
    while True:
        with write_session(engine) as session:
            state = session.get(StoryIndexState, STATE_ID)
            assert state is not None
            ids = _new_ids(session, after, CHUNK, upto=state.last_article_id)
            if not ids:
                break
            now = _now()
            _link_chunk(session, ids, params, state.articles, result, now)
            state.updated_at = now
            session.flush()
            if not paused:
                pause_here("cluster")  # a chunk's stories written, not committed
        if not paused:
            pause_here("cluster-committed")  # the first chunk committed, the rest not
            paused = True
        after = ids[-1]
    with Session(engine) as session:
        state = session.get(StoryIndexState, STATE_ID)
        result.n_articles = state.articles if state is not None else 0
        result.story_count = session.scalar(select(func.count()).select_from(Story)) or 0
        result.multi_count = (
            session.scalar(select(func.count()).select_from(Story).where(Story.size > 1)) or 0
        )
    return result


def _count_terms_step(engine: Engine) -> bool:
    """Count the terms of up to :data:`CHUNK` new articles (in no story, above the last
    indexed id) into the index, in one transaction; False when there were none."""
    with write_session(engine) as session:
        state = session.get(StoryIndexState, STATE_ID)
        assert state is not None
        ids = _new_ids(session, state.last_article_id, CHUNK)
        if not ids:
            return False
        _add_terms(session, load_fingerprints(session, ids).values())
        state.articles += len(ids)
        state.last_article_id = ids[-1]
        state.updated_at = _now()
    return True


def index_state(engine: Engine) -> dict[str, object] | None:
    """The recorded state of the story index (``None`` before the first clustering)."""
    with Session(engine) as session:
        state = session.get(StoryIndexState, STATE_ID)
        if state is None:
            return None
        return {
            "articles": state.articles,
            "last_article_id": state.last_article_id,
            "rebuilt_at": state.rebuilt_at,
            "rebuild_reason": state.rebuild_reason,
            "updated_at": state.updated_at,
            "params": json.loads(state.params),
        }


def ensure_fingerprints(session: Session, params: ClusterParams) -> int:
    """Compute fingerprints missing (or stale) for current articles, :data:`CHUNK` texts at a
    time; returns how many."""
    key = params.fingerprint_key()
    count, after = 0, 0
    while True:
        todo = session.execute(
            select(Article.id, Article.text)
            .outerjoin(ArticleFingerprint, ArticleFingerprint.article_id == Article.id)
            .where(Article.is_current.is_(True), Article.id > after)
            .where((ArticleFingerprint.article_id.is_(None)) | (ArticleFingerprint.params != key))
            .order_by(Article.id)
            .limit(CHUNK)
        ).all()
        if not todo:
            return count
        batch = [fingerprint_row(aid, fingerprint(text, params), params) for aid, text in todo]
        session.execute(
            delete(ArticleFingerprint).where(
                ArticleFingerprint.article_id.in_([r["article_id"] for r in batch])
            )
        )
        session.execute(insert(ArticleFingerprint), batch)
        count += len(batch)
        after = todo[-1][0]


# -- state ---------------------------------------------------------------------------------------


def _now() -> dt.datetime:
    return dt.datetime.now(dt.UTC).replace(tzinfo=None)


def _rebuild_reason(
    session: Session, state: StoryIndexState | None, params: ClusterParams
) -> str | None:
    """Why the index must be rebuilt, or None.

    Between two committed steps of :func:`update_stories` the index holds ``articles``
    articles: every article up to ``last_article_id`` that is in a story, and every current
    one up to it that is in none yet (counted, waiting for its stories: the rest of an
    interrupted call, or the members of a story a superseded article left). Fewer means
    articles were deleted; more, that an article with a smaller id than the last indexed one
    was committed afterwards (concurrent writers) and was never counted.
    """
    if state is None:
        return "first use"
    if state.params != params_key(params):
        return "parameters changed"
    members = session.scalar(select(func.count()).select_from(StoryMember)) or 0
    waiting = (
        session.scalar(
            select(func.count())
            .select_from(Article)
            .where(Article.is_current.is_(True), Article.id <= state.last_article_id)
            .where(_in_no_story())
        )
        or 0
    )
    if members + waiting < state.articles:
        return "articles deleted"
    if members + waiting > state.articles:
        return "ids out of order"
    return None


def _drop_superseded(
    session: Session, state: StoryIndexState, params: ClusterParams
) -> str | None:
    """Take clustered articles that were superseded out of the index, or say why the index
    must be rebuilt instead (``"articles superseded"``).

    Done in place when every bucket such an article is stored in holds fewer than
    ``bucket_cap`` articles: such a bucket stores all its members, so removing one changes no
    other article's first ``bucket_cap`` partners (in a full bucket an article beyond the cap,
    never stored, would move up: only a rebuild finds it). Its bucket rows and term counts are
    removed, and the stories it was in are dissolved: their other members are in no story
    again and are clustered anew with the new articles (removing an article can split a story
    it held together), against the rest of the index, as a rebuild would.
    """
    gone = list(
        session.scalars(
            select(StoryMember.article_id)
            .join(Article, Article.id == StoryMember.article_id)
            .where(Article.is_current.is_(False))
            .order_by(StoryMember.article_id)
        )
    )
    if not gone:
        return None
    stories: set[int] = set()
    for batch in _batches(gone):
        full = (
            select(StoryBand.bucket)
            .where(
                StoryBand.bucket.in_(
                    select(StoryBand.bucket).where(StoryBand.article_id.in_(batch))
                )
            )
            .group_by(StoryBand.bucket)
            .having(func.count() >= params.bucket_cap)
            .limit(1)
        )
        if session.execute(full).first() is not None:
            return "articles superseded"
        stories.update(
            session.scalars(
                select(StoryMember.story_id).where(StoryMember.article_id.in_(batch))
            )
        )
    fingerprints = load_fingerprints(session, gone)
    if len(fingerprints) != len(gone):  # a term count cannot be taken back: rebuild
        return "articles superseded"
    _add_terms(session, fingerprints.values(), sign=-1)
    for batch in _batches(gone):
        session.execute(delete(StoryBand).where(StoryBand.article_id.in_(batch)))
    for batch in _batches(sorted(stories)):
        session.execute(delete(StoryMember).where(StoryMember.story_id.in_(batch)))
        session.execute(delete(Story).where(Story.id.in_(batch)))
    state.articles -= len(gone)
    session.flush()
    return None


def _clear(session: Session) -> None:
    for table in (StoryMember, Story, StoryBand, StoryTerm, StoryIndexState):
        session.execute(delete(table))


def _in_no_story() -> Any:
    return ~select(StoryMember.article_id).where(StoryMember.article_id == Article.id).exists()


def _new_ids(session: Session, after: int, limit: int, upto: int | None = None) -> list[int]:
    """Ids of current articles in no story, above ``after`` (and at most ``upto``), oldest
    first, ``limit`` of them."""
    stmt = select(Article.id).where(Article.is_current.is_(True), Article.id > after)
    if upto is not None:
        stmt = stmt.where(Article.id <= upto)
    stmt = stmt.where(_in_no_story()).order_by(Article.id).limit(limit)
    return list(session.scalars(stmt))


def _batches(values: Sequence[T]) -> Iterator[list[T]]:
    """``values`` as ``IN (...)`` lists of at most :data:`IN_BATCH`, each padded (its last
    value repeated) to a power of two or to :data:`IN_BATCH`.

    Every list length is another SQL text, and SQLite keeps a prepared statement per text
    (Python's ``sqlite3`` caches 128 per connection; one with 2,000 parameters takes about
    270 kB): with free lengths that cache filled as the corpus grew (17 MB after clustering
    10⁴ articles, 4 MB after 10³). Padded, each query has at most a dozen lengths.

    >>> [len(b) for b in _batches(list(range(IN_BATCH + 5)))], list(_batches([1, 2, 3]))
    ([2000, 8], [[1, 2, 3, 3]])
    """
    for start in range(0, len(values), IN_BATCH):
        batch = list(values[start : start + IN_BATCH])
        size = min(IN_BATCH, 1 << (len(batch) - 1).bit_length())
        yield batch + batch[-1:] * (size - len(batch))


_SIGNATURES = (
    ArticleFingerprint.shingle_minhash,
    ArticleFingerprint.word_minhash,
    ArticleFingerprint.n_words,
)


def _fingerprint_rows(session: Session, ids: Iterable[int], *columns: Any) -> Iterator[Any]:
    """``(article_id, *columns)`` rows of the stored fingerprints of ``ids``, in batches."""
    for batch in _batches(sorted(set(ids))):
        yield from session.execute(
            select(ArticleFingerprint.article_id, *columns).where(
                ArticleFingerprint.article_id.in_(batch)
            )
        )


def load_fingerprints(session: Session, ids: Iterable[int]) -> dict[int, Fingerprint]:
    """The stored fingerprints of ``ids`` (those that have one), by article id."""
    out: dict[int, Fingerprint] = {}
    rows = _fingerprint_rows(
        session,
        ids,
        *_SIGNATURES,
        ArticleFingerprint.names,
        ArticleFingerprint.numbers,
        ArticleFingerprint.quoted,
    )
    for aid, sh, wd, nw, names, numbers, quoted in rows:
        out[aid] = Fingerprint(
            np.frombuffer(sh, dtype="<u4").astype(np.uint32),
            np.frombuffer(wd, dtype="<u4").astype(np.uint32),
            nw,
            frozenset(names),
            frozenset(numbers),
            frozenset(quoted),
        )
    return out


def _load_signatures(
    session: Session, ids: Iterable[int], column: Any
) -> dict[int, tuple[NDArray[np.uint32], int]]:
    """(signature in ``column``, word count) of ``ids``, without the term sets."""
    rows = _fingerprint_rows(session, ids, column, ArticleFingerprint.n_words)
    return {aid: (np.frombuffer(sig, dtype="<u4"), nw) for aid, sig, nw in rows}


def _add_terms(session: Session, fingerprints: Iterable[Fingerprint], sign: int = 1) -> None:
    """Count the terms of ``fingerprints`` into ``story_terms`` (``sign=-1``: take them out;
    a term no article has any more is deleted)."""
    counts: Counter[tuple[str, str]] = Counter()
    for fp in fingerprints:
        for kind in TERM_KINDS:
            counts.update((kind, term) for term in getattr(fp, kind))
    terms = sorted({term for _, term in counts})
    known: dict[tuple[str, str], int] = {}
    for batch in _batches(terms):
        rows = session.execute(
            select(StoryTerm.kind, StoryTerm.term, StoryTerm.df).where(StoryTerm.term.in_(batch))
        )
        known.update(((kind, term), df) for kind, term, df in rows)
    df = {key: known[key] + sign * c for key, c in counts.items() if key in known}
    changed = [{"kind": k, "term": t, "df": n} for (k, t), n in df.items() if n > 0]
    emptied = [key for key, n in df.items() if n <= 0]
    added = [
        {"kind": k, "term": t, "df": c}
        for (k, t), c in counts.items()
        if (k, t) not in known and sign > 0
    ]
    if changed:
        session.execute(update(StoryTerm), changed)
    if added:
        session.execute(insert(StoryTerm), added)
    for kind, term in emptied:
        session.execute(delete(StoryTerm).where(StoryTerm.kind == kind, StoryTerm.term == term))


def _idf(session: Session, fingerprints: Iterable[Fingerprint], n: int) -> dict[str, float]:
    """IDF of every term of ``fingerprints`` over ``n`` indexed articles; a term that is both a
    name and a quoted word takes the later kind's value, as in ``cluster_fingerprints``."""
    terms: set[str] = set()
    for fp in fingerprints:
        terms.update(fp.names, fp.numbers, fp.quoted)
    by_kind: dict[str, dict[str, float]] = defaultdict(dict)
    for batch in _batches(sorted(terms)):
        rows = session.execute(
            select(StoryTerm.kind, StoryTerm.term, StoryTerm.df).where(StoryTerm.term.in_(batch))
        )
        for kind, term, df in rows:
            by_kind[kind][term] = math.log(1.0 + n / df)
    idf: dict[str, float] = {}
    for kind in TERM_KINDS:
        idf.update(by_kind[kind])
    return idf


# -- linking one chunk ---------------------------------------------------------------------------


def _candidates(
    session: Session,
    ids: list[int],
    signatures: NDArray[np.uint32],
    stage: int,
    bands: int,
    rows: int,
    cap: int,
) -> NDArray[np.int64]:
    """Pairs (i, j), j in ``ids``: i is one of the first ``cap`` members of a bucket of j and
    older than j; stores j in the buckets where it is among the first ``cap`` (if not yet)."""
    keys = bucket_keys(signatures, bands, rows, stage)
    members: dict[int, list[int]] = {}
    for batch in _batches(np.unique(keys).tolist()):
        found = session.execute(
            select(StoryBand.bucket, StoryBand.article_id)
            .where(StoryBand.bucket.in_(batch))
            .order_by(StoryBand.bucket, StoryBand.article_id)
        )
        for bucket, aid in found:
            members.setdefault(bucket, []).append(aid)
    # Two flat int64 arrays, not a set of tuples: a chunk can have chunk × bands × cap pairs.
    left, right = array("q"), array("q")
    stored: list[dict[str, int]] = []
    for j, row in zip(ids, keys.tolist(), strict=True):
        for bucket in row:
            bucket_members = members.setdefault(bucket, [])
            # Older members only: an article clustered again (its story was dissolved) is
            # already stored, and so may be newer ones.
            for i in bucket_members:
                if i < j:
                    left.append(i)
                    right.append(j)
            if len(bucket_members) < cap and j not in bucket_members:
                bisect.insort(bucket_members, j)
                stored.append({"bucket": bucket, "article_id": j})
    if stored:
        session.execute(insert(StoryBand), stored)
    if not left:
        return np.empty((0, 2), dtype=np.int64)
    pairs = np.stack([np.frombuffer(left, dtype=np.int64), np.frombuffer(right, dtype=np.int64)])
    return np.unique(pairs.T, axis=0)  # sorted by (i, j)


def _pair_slices(
    session: Session,
    pairs: NDArray[np.int64],
    chunk: dict[int, Fingerprint],
    attr: str,
    min_words: int,
) -> Iterator[tuple[NDArray[np.int64], NDArray[np.uint32], NDArray[np.int64]]]:
    """The candidate ``pairs`` (article ids, sorted by older article) whose two articles both
    have ``min_words`` words, a slice at a time and in order, as ``(ids, signatures, rows)``:
    the articles' ids, their signatures in ``attr`` (one row each), the pairs as rows.

    The signatures of older articles are loaded for :data:`SIGNATURE_SLICE` of them at once:
    a chunk's older candidates can number chunk × bands × ``bucket_cap``, which is most of the
    corpus until that bound is reached (10⁴ articles: 7,696 for the last chunk).
    """
    if not len(pairs):
        return
    column = getattr(ArticleFingerprint, attr)
    firsts = np.flatnonzero(np.r_[True, pairs[1:, 0] != pairs[:-1, 0]])
    bounds = [*firsts[::SIGNATURE_SLICE].tolist(), len(pairs)]
    for start, stop in zip(bounds[:-1], bounds[1:], strict=True):
        part = pairs[start:stop]
        older = set(np.unique(part[:, 0]).tolist()) - chunk.keys()
        signatures = {a: (getattr(fp, attr), fp.n_words) for a, fp in chunk.items()}
        signatures.update(_load_signatures(session, older, column))
        order = sorted(signatures)
        row_of = {aid: r for r, aid in enumerate(order)}
        eligible = np.array([signatures[a][1] >= min_words for a in order], dtype=bool)
        rows = np.vectorize(row_of.__getitem__, otypes=[np.int64])(part)
        keep = eligible[rows[:, 0]] & eligible[rows[:, 1]]
        matrix = np.stack([signatures[a][0] for a in order])
        yield np.array(order, dtype=np.int64), matrix, rows[keep]


def _stories_of(session: Session, ids: Iterable[int]) -> dict[int, int]:
    """The stored story of each of ``ids`` that is in one."""
    out: dict[int, int] = {}
    for batch in _batches(sorted(set(ids))):
        out.update(
            session.execute(
                select(StoryMember.article_id, StoryMember.story_id).where(
                    StoryMember.article_id.in_(batch)
                )
            ).all()
        )
    return out


def _link_chunk(
    session: Session,
    ids: list[int],
    params: ClusterParams,
    indexed: int,
    result: ClusterResult,
    now: dt.datetime,
) -> None:
    fps = load_fingerprints(session, ids)
    stages = (
        ("shingle_minhash", params.repost_threshold),
        ("word_minhash", params.spin_candidate_threshold),
    )
    found: list[NDArray[np.int64]] = []
    for stage, (attr, threshold) in enumerate(stages):
        bands, rows = lsh_bands(threshold, params.num_perm)
        signatures = np.stack([getattr(fps[i], attr) for i in ids])
        found.append(_candidates(session, ids, signatures, stage, bands, rows, params.bucket_cap))

    # Both stages' MinHash filters first, in pair order (signatures of older candidates loaded a
    # slice at a time); the stories of the older articles only for the pairs that pass.
    reposts: list[tuple[int, int, float]] = []
    for aids, shingles, part in _pair_slices(
        session, found[0], fps, "shingle_minhash", params.min_words
    ):
        result.n_candidates += len(part)
        reposts.extend(
            (int(aids[i]), int(aids[j]), score)
            for i, j, score in repost_matches(shingles, part, params)
        )
    spin_parts: list[NDArray[np.int64]] = []
    spin_wj: list[NDArray[np.float64]] = []
    for aids, words, part in _pair_slices(
        session, found[1], fps, "word_minhash", params.min_words
    ):
        result.n_candidates += len(part)
        if len(part):
            kept, wj = spin_candidates(words, part, params)
            spin_parts.append(aids[kept])
            spin_wj.append(wj)
    pairs = np.concatenate(spin_parts) if spin_parts else np.empty((0, 2), dtype=np.int64)
    wj = np.concatenate(spin_wj) if spin_wj else np.empty(0, dtype=np.float64)
    del found, spin_parts, spin_wj

    new = set(ids)
    story_of = _stories_of(
        session,
        {i for i, _, _ in reposts if i not in new}
        | {i for i in pairs[:, 0].tolist() if i not in new},
    )
    for j in ids:
        story_of[j] = j
    links = StoryLinks(result, story_of.__getitem__)  # joins stories: stored ones and new
    for j in ids:
        links.components.find(j)

    # Stage 1: reposts.
    for i, j, score in reposts:
        links.link(i, j, "repost", score)

    # Stage 2: spun copies, between articles not already in one story.
    if len(pairs):
        apart = [not links.together(i, j) for i, j in pairs.tolist()]
        pairs, wj = pairs[apart], wj[apart]
    # In order, SPIN_SLICE pairs at a time: names, numbers and quotes of older articles are
    # loaded for the slice only.
    for start in range(0, len(pairs), SPIN_SLICE):
        part, part_wj = pairs[start : start + SPIN_SLICE], wj[start : start + SPIN_SLICE]
        involved = set(np.unique(part).tolist())
        terms = {a: fps[a] for a in involved if a in fps}
        terms.update(load_fingerprints(session, involved - terms.keys()))
        idf = _idf(session, terms.values(), indexed)
        for (a, b), w in zip(part.tolist(), part_wj.tolist(), strict=True):
            if links.together(a, b):
                continue
            score = spin_score(w, terms[a], terms[b], params, idf)
            if score >= params.spin_threshold:
                links.link(a, b, "spin", score)

    _store_chunk(session, ids, links.components, links.best, now)


def _store_chunk(
    session: Session,
    ids: list[int],
    components: UnionFind,
    best: dict[int, tuple[int, str, float]],
    now: dt.datetime,
) -> None:
    """Write the chunk's memberships; merge the stored stories its links joined."""
    new = set(ids)
    groups: dict[int, list[int]] = defaultdict(list)  # root -> stored stories in it
    for node in list(components.parent):
        if node not in new:
            groups[components.find(node)].append(node)
    added: Counter[int] = Counter(components.find(j) for j in ids)
    stored = sorted({s for members in groups.values() for s in members})
    sizes: dict[int, int] = {}
    for batch in _batches(stored):
        sizes.update(session.execute(select(Story.id, Story.size).where(Story.id.in_(batch))).all())
    fresh = sorted(root for root in added if root in new)
    titles = _titles(session, fresh)
    if fresh:
        # A new root can absorb stored stories (an article clustered again is older than
        # the story it joins): their members count too.
        session.execute(
            insert(Story),
            [
                {
                    "id": r,
                    "size": added[r] + sum(sizes[s] for s in groups.get(r, ())),
                    "title": titles.get(r),
                    "computed_at": now,
                }
                for r in fresh
            ],
        )
    session.execute(
        insert(StoryMember),
        [
            {
                "article_id": j,
                "story_id": components.find(j),
                "linked_to": best[j][0] if j in best else None,
                "stage": best[j][1] if j in best else "seed",
                "score": best[j][2] if j in best else None,
            }
            for j in ids
        ],
    )
    for root, members in groups.items():
        merged = [s for s in members if s != root]
        if merged:
            session.execute(
                update(StoryMember).where(StoryMember.story_id.in_(merged)).values(story_id=root)
            )
            session.execute(delete(Story).where(Story.id.in_(merged)))
        if root not in new and (merged or added[root]):
            size = sum(sizes[s] for s in members) + added[root]
            session.execute(
                update(Story).where(Story.id == root).values(size=size, computed_at=now)
            )


def _titles(session: Session, ids: Sequence[int]) -> dict[int, str | None]:
    """A story's title: its first article's title, else that article's first real line."""
    out: dict[int, str | None] = {}
    for batch in _batches(ids):
        rows = session.execute(
            select(Article.id, Article.title, func.substr(Article.text, 1, 400)).where(
                Article.id.in_(batch)
            )
        )
        for aid, title, head in rows:
            out[aid] = title or _headline(head)
    return out


def _headline(head: str) -> str | None:
    """A label for an untitled story: its first line that is not just a dateline."""
    from accord.corpus.dates import parse_date

    for line in head.splitlines():
        line = line.strip()
        if not line:
            continue
        found = parse_date(line)
        if found is not None and len(line) - (found[1][1] - found[1][0]) < 8:
            continue  # "Monday, 1 December 2025"
        return line[:120]
    return None

"""Scale: ingest and extraction locally vs on a Dask LocalCluster, memory vs corpus size,
PostgreSQL vs SQLite.

Every figure is measured in a fresh child process (so its peak memory is its own) on corpora
generated from the seed articles (bench_ingest.generate, plain text), with its baseline in the
same run:

* ingest and extract, N articles: local (one process) vs Dask LocalCluster with 1 and 2
  workers (cluster start-up reported apart; the timed run starts with the cluster up). Ratios:
  Dask overhead at 1 worker = t(dask 1) / t(local) - 1 (target <= 15 %), scaling 1 -> 2
  workers = t(dask 1) / t(dask 2) (target >= 1.7x for extraction). The CPU of each run (the
  writer, which hosts the LocalCluster's scheduler, plus the workers) is printed too, and the
  Dask CPU at 1 worker over the local run's: wall-clock ratios need an idle machine, CPU
  ratios hardly move with other load.
* peak memory of an ingest (with story clustering) at each corpus size (writer process, and
  the largest worker process).
* story clustering against the index in the database: a batch of new articles clustered into
  a corpus of each size (time and peak memory of the process), with the in-memory clustering
  of the whole corpus (every fingerprint loaded, ``cluster_fingerprints``) as the baseline.
* PostgreSQL vs SQLite: ingest throughput, and the corpus listing / filter / story / search
  queries.

The CPU is shared: the load average is printed at the start and end of every section.

    .venv/bin/python bench/bench_scale.py --quick
    .venv/bin/python bench/bench_scale.py --n-ingest 10000 --n-extract 10000 \
        --sizes 1000,10000,50000 --n-db 50000
    .venv/bin/python bench/bench_scale.py --only cluster --sizes 1000,10000 --batch 500
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

POSTGRES = (
    os.environ.get("ACCORD_TEST_POSTGRES") or "postgresql+psycopg://postgres@127.0.0.1:5432/test"
)


# -- child side ------------------------------------------------------------------------------


def _peak_mb() -> tuple[float, float]:
    me = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    children = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
    return me, children


def _cpu_seconds() -> float:
    """User + system CPU seconds of this process so far (run in each Dask worker)."""
    usage = resource.getrusage(resource.RUSAGE_SELF)
    return usage.ru_utime + usage.ru_stime


def _workers_cpu(executor: Any) -> float:
    """CPU seconds the executor's worker processes have used so far (0 without one)."""
    if executor is None:
        return 0.0
    return float(sum(executor.client.run(_cpu_seconds).values()))


def _executor(mode: str) -> Any:
    if mode == "local":
        return None
    from accord.parallel import get_executor

    return get_executor(mode)  # "local:N": a Dask LocalCluster of N workers


def child_ingest(db: str, folder: str, mode: str, cluster: bool) -> dict[str, Any]:
    from accord.corpus.ingest import ingest_paths
    from accord.store.db import open_engine

    engine = open_engine(db)
    start = time.perf_counter()
    executor = _executor(mode)
    started = time.perf_counter() - start
    w0 = _workers_cpu(executor)
    t0, c0 = time.perf_counter(), time.process_time()
    summary = ingest_paths([folder], engine, cluster=cluster, workers=1, executor=executor)
    seconds, cpu = time.perf_counter() - t0, time.process_time() - c0
    workers_cpu = _workers_cpu(executor) - w0
    if executor is not None:
        executor.close()
    engine.dispose()
    me, kids = _peak_mb()
    assert summary.ok, summary.errors[:3]
    return {"seconds": seconds, "writer_cpu": cpu, "workers_cpu": workers_cpu, "start": started,
            "articles": summary.articles_read, "peak_mb": me, "worker_peak_mb": kids}


def child_extract(db: str, mode: str) -> dict[str, Any]:
    from accord.extract.nlp import load_pipeline
    from accord.extract.pipeline import Extractor, extract_articles
    from accord.store.db import open_engine

    engine = open_engine(db)
    extractor = Extractor(load_pipeline())  # the writer's, loaded before the clock starts
    start = time.perf_counter()
    executor = _executor(mode)
    started = time.perf_counter() - start
    w0 = _workers_cpu(executor)
    t0, c0 = time.perf_counter(), time.process_time()
    report = extract_articles(engine, extractor, executor=executor)
    seconds, cpu = time.perf_counter() - t0, time.process_time() - c0
    workers_cpu = _workers_cpu(executor) - w0
    if executor is not None:
        executor.close()
    me, kids = _peak_mb()
    return {"seconds": seconds, "writer_cpu": cpu, "workers_cpu": workers_cpu, "start": started,
            "articles": report.processed, "peak_mb": me, "worker_peak_mb": kids}


def child_cluster_batch(db: str, folder: str) -> dict[str, Any]:
    """Ingest ``folder`` (no clustering), then cluster its articles into the indexed corpus."""
    from accord.corpus.ingest import ingest_paths
    from accord.corpus.story_index import index_state, update_stories
    from accord.store.db import open_engine

    engine = open_engine(db)
    summary = ingest_paths([folder], engine, cluster=False, workers=1)
    before = _peak_mb()[0]
    previous = index_state(engine)
    t0 = time.perf_counter()
    result = update_stories(engine)
    seconds = time.perf_counter() - t0
    state = index_state(engine)
    assert state is not None
    return {"seconds": seconds, "articles": summary.added, "indexed": result.n_articles,
            "peak_mb": _peak_mb()[0], "peak_before_mb": before,
            "rebuilt": previous is None or state["rebuilt_at"] != previous["rebuilt_at"],
            "reason": state["rebuild_reason"]}


def child_cluster_in_memory(db: str) -> dict[str, Any]:
    """Baseline: every current fingerprint loaded and clustered in memory."""
    from sqlalchemy import select
    from sqlalchemy.orm import Session

    from accord.corpus.cluster import ClusterParams, cluster_fingerprints
    from accord.corpus.story_index import load_fingerprints
    from accord.store.corpus_tables import Article
    from accord.store.db import open_engine

    engine = open_engine(db)
    before = _peak_mb()[0]
    t0 = time.perf_counter()
    with Session(engine) as session:
        ids = list(session.scalars(select(Article.id).where(Article.is_current.is_(True))))
        fps = load_fingerprints(session, ids)
    ids = sorted(fps)
    result = cluster_fingerprints(ids, [fps[i] for i in ids], ClusterParams())
    return {"seconds": time.perf_counter() - t0, "articles": result.n_articles,
            "peak_mb": _peak_mb()[0], "peak_before_mb": before}


def child_queries(db: str) -> dict[str, Any]:
    from sqlalchemy.orm import Session

    from accord.store.corpus_queries import list_articles, list_stories
    from accord.store.db import open_engine
    from accord.web.queries import ArticleFilter, search_articles

    engine = open_engine(db)
    out: dict[str, Any] = {}
    cases = {
        "list first 100": lambda s: list_articles(s, limit=100),
        "list all": lambda s: list_articles(s),
        "filter by flag": lambda s: list_articles(s, flag="too-short"),
        "stories": lambda s: list_stories(s),
        "search 'ceasefire' (first page)": lambda s: search_articles(
            s, ArticleFilter(q="ceasefire")
        )[0],
        "search 'kremlin riyadh' (first page)": lambda s: search_articles(
            s, ArticleFilter(q="kremlin riyadh")
        )[0],
    }
    for name, query in cases.items():
        best = float("inf")
        for _ in range(3):
            with Session(engine) as session:
                t0 = time.perf_counter()
                n = len(query(session))
                best = min(best, time.perf_counter() - t0)
        out[name] = {"seconds": best, "rows": n}
    return out


# -- parent side -----------------------------------------------------------------------------


def run_child(*args: str) -> dict[str, Any]:
    """Run one measurement in a fresh interpreter; its JSON result."""
    proc = subprocess.run(
        [sys.executable, __file__, "--child", *args], capture_output=True, text=True, check=False
    )
    if proc.returncode != 0:
        raise RuntimeError(proc.stderr[-3000:])
    return json.loads(proc.stdout.strip().splitlines()[-1])  # type: ignore[no-any-return]


def load() -> str:
    one, five, _ = os.getloadavg()
    return f"load average {one:.1f} (5 min {five:.1f}) on {os.cpu_count()} CPUs"


def line(label: str, value: str) -> None:
    print(f"{label:<58} {value}", flush=True)


def _remove_db(db: str) -> None:
    for suffix in ("", "-wal", "-shm"):
        Path(db + suffix).unlink(missing_ok=True)


def make_corpus(root: Path, n: int) -> Path:
    from bench_ingest import generate

    folder = root / f"corpus-{n}"
    if not folder.exists():
        generate(folder, n, html_share=0.0, seed=42)
    return folder


def new_pg_schema() -> tuple[str, str]:
    sys.path.insert(0, str(HERE.parent / "tests"))
    import testdb

    os.environ.setdefault("ACCORD_TEST_POSTGRES", POSTGRES)
    return testdb.create_schema()


def drop_pg_schema(name: str) -> None:
    import testdb

    testdb.drop_schema(name)


def bench_local_vs_dask(root: Path, n_ingest: int, n_extract: int) -> None:
    print(f"== ingest and extract: local vs Dask LocalCluster ({load()})", flush=True)
    folder = make_corpus(root, n_ingest)
    results: dict[str, dict[str, Any]] = {}
    for mode in ("local", "local:1", "local:2"):
        db = str(root / f"ingest-{mode.replace(':', '')}.db")
        _remove_db(db)  # a database left by an earlier run (--keep) would find nothing new
        results[mode] = run_child("ingest", db, str(folder), mode, "0")
        r = results[mode]
        name = "local (1 process)" if mode == "local" else f"Dask {mode[-1]} worker(s)"
        start = f", cluster start {r['start']:.1f} s" if mode != "local" else ""
        line(f"ingest {n_ingest} articles, {name}",
             f"{r['seconds']:.1f} s = {r['articles'] / r['seconds']:.0f} articles/s, "
             f"{_cpu_text(r)}{start}")
    _ratios("ingest", results)
    if n_extract <= 0:
        print(f"   ({load()})", flush=True)
        return

    # Extraction on the first n_extract articles of one ingested database, copied per mode.
    source = root / "extract-source.db"
    if not source.exists():
        run_child("ingest", str(source), str(make_corpus(root, n_extract)), "local", "0")
    results = {}
    for mode in ("local", "local:1", "local:2"):
        db = root / f"extract-{mode.replace(':', '')}.db"
        _remove_db(str(db))  # a stale -wal of an interrupted run would corrupt the copy
        shutil.copy(source, db)
        results[mode] = run_child("extract", str(db), mode)
        r = results[mode]
        name = "local (1 process)" if mode == "local" else f"Dask {mode[-1]} worker(s)"
        start = f", cluster start {r['start']:.1f} s" if mode != "local" else ""
        line(f"extract {r['articles']} articles, {name}",
             f"{r['seconds']:.1f} s = {r['articles'] / r['seconds']:.1f} articles/s, "
             f"{_cpu_text(r)}{start}")
    _ratios("extract", results)
    print(f"   ({load()})", flush=True)


def _cpu_text(r: dict[str, Any]) -> str:
    if not r["workers_cpu"]:
        return f"CPU {r['writer_cpu']:.1f} s"
    return f"CPU writer {r['writer_cpu']:.1f} s + workers {r['workers_cpu']:.1f} s"


def _ratios(what: str, results: dict[str, dict[str, Any]]) -> None:
    local, one, two = (results[m]["seconds"] for m in ("local", "local:1", "local:2"))
    line(f"{what}: Dask overhead at 1 worker vs local", f"{(one / local - 1) * 100:+.1f} %")
    # CPU of the whole run (writer, with the LocalCluster's scheduler, plus its workers) over
    # the local run's: the work Dask adds, a figure that other load on the machine barely moves.
    cpu = {m: results[m]["writer_cpu"] + results[m]["workers_cpu"] for m in results}
    line(f"{what}: Dask CPU at 1 worker vs local (writer + workers)",
         f"{(cpu['local:1'] / cpu['local'] - 1) * 100:+.1f} %")
    line(f"{what}: scaling 1 -> 2 Dask workers", f"{one / two:.2f}x")


def bench_memory(root: Path, sizes: list[int]) -> None:
    print(f"== peak memory per process vs corpus size, ingest + clustering ({load()})",
          flush=True)
    for n in sizes:
        folder = make_corpus(root, n)
        for mode in ("local", "local:2"):
            db = str(root / f"mem-{n}-{mode.replace(':', '')}.db")
            _remove_db(db)  # left by an interrupted run
            r = run_child("ingest", db, str(folder), mode, "1")
            workers = f", largest worker {r['worker_peak_mb']:.0f} MB" if mode != "local" else ""
            line(f"ingest {n} articles, {'local' if mode == 'local' else 'Dask 2 workers'}",
                 f"writer peak {r['peak_mb']:.0f} MB{workers}, {r['seconds']:.0f} s")
            _remove_db(db)


def bench_cluster(root: Path, sizes: list[int], batch: int) -> None:
    print(f"== story clustering: a batch of {batch} new articles into an indexed corpus "
          f"({load()})", flush=True)
    extra = root / f"batch-{batch}"
    if not extra.exists():
        from bench_ingest import generate

        generate(extra, batch, html_share=0.0, seed=4242)
    for n in sizes:
        folder = make_corpus(root, n)
        base = root / f"cluster-{n}.db"
        if not base.exists():
            run_child("ingest", str(base), str(folder), "local", "1")
        db = root / f"cluster-{n}-batch.db"
        shutil.copy(base, db)
        r = run_child("cluster-batch", str(db), str(extra))
        line(f"cluster {r['articles']} new into {n} indexed (database index)",
             f"{r['seconds']:.1f} s, process peak {r['peak_mb']:.0f} MB "
             f"(after the batch's ingest {r['peak_before_mb']:.0f} MB)"
             + (f", index rebuilt ({r['reason']})" if r["rebuilt"] else ", no rebuild"))
        m = run_child("cluster-memory", str(db))
        line(f"baseline: all {m['articles']} clustered in memory",
             f"{m['seconds']:.1f} s, process peak {m['peak_mb']:.0f} MB "
             f"(after start-up {m['peak_before_mb']:.0f} MB)")
        for path in (db, base):
            path.unlink()
            for suffix in ("-wal", "-shm"):
                Path(str(path) + suffix).unlink(missing_ok=True)
    print(f"   ({load()})", flush=True)


def bench_databases(root: Path, n: int) -> None:
    print(f"== PostgreSQL vs SQLite at {n} articles ({load()})", flush=True)
    folder = make_corpus(root, n)
    sqlite_db = str(root / f"db-{n}.db")
    schema, pg_db = new_pg_schema()
    try:
        for name, db in (("SQLite", sqlite_db), ("PostgreSQL", pg_db)):
            r = run_child("ingest", db, str(folder), "local", "1")
            line(f"ingest {n} articles into {name} (1 process, with clustering)",
                 f"{r['seconds']:.1f} s = {r['articles'] / r['seconds']:.0f} articles/s")
        for name, db in (("SQLite", sqlite_db), ("PostgreSQL", pg_db)):
            q = run_child("queries", db)
            for query, v in q.items():
                line(f"{name}: {query} ({v['rows']} rows)", f"{v['seconds'] * 1000:.0f} ms")
        size = Path(sqlite_db).stat().st_size / 1e6
        import sqlalchemy as sa

        engine = sa.create_engine(pg_db)
        with engine.connect() as conn:
            pg_size = conn.execute(
                sa.text(
                    "SELECT sum(pg_total_relation_size(c.oid)) FROM pg_class c JOIN "
                    "pg_namespace n ON n.oid = c.relnamespace WHERE n.nspname = :s "
                    "AND c.relkind = 'r'"
                ),
                {"s": schema},
            ).scalar_one()
        engine.dispose()
        line(f"database size at {n} articles", f"SQLite {size:.0f} MB, PostgreSQL "
             f"{int(pg_size) / 1e6:.0f} MB ({size / n * 1e3:.1f} / "
             f"{int(pg_size) / n / 1e3:.1f} kB per article)")
    finally:
        drop_pg_schema(schema)
    print(f"   ({load()})", flush=True)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="small sizes (minutes, not hours)")
    parser.add_argument("--n-ingest", type=int, default=10_000)
    parser.add_argument("--n-extract", type=int, default=10_000, help="0: no extraction")
    parser.add_argument("--sizes", default="1000,10000,50000", help="memory figure sizes")
    parser.add_argument("--n-db", type=int, default=50_000, help="PostgreSQL vs SQLite size")
    parser.add_argument("--batch", type=int, default=1000, help="new articles to cluster")
    parser.add_argument("--only", default="dask,memory,cluster,db", help="sections to run")
    parser.add_argument("--keep", type=Path, help="keep generated corpora in this folder")
    args = parser.parse_args()
    if args.quick:
        args.n_ingest, args.n_extract, args.sizes, args.n_db = 1000, 200, "300,1000,3000", 3000
        args.batch = 200
    sizes = [int(s) for s in args.sizes.split(",")]
    root = args.keep or Path(tempfile.mkdtemp(prefix="accord-scale-"))
    root.mkdir(parents=True, exist_ok=True)
    only = set(args.only.split(","))
    try:
        if "dask" in only:
            bench_local_vs_dask(root, args.n_ingest, args.n_extract)
        if "memory" in only:
            bench_memory(root, sizes)
        if "cluster" in only:
            bench_cluster(root, sizes, args.batch)
        if "db" in only:
            bench_databases(root, args.n_db)
    finally:
        if args.keep is None:
            shutil.rmtree(root, ignore_errors=True)


if __name__ == "__main__":
    if len(sys.argv) > 1 and sys.argv[1] == "--child":
        what, *rest = sys.argv[2:]
        if what == "ingest":
            db, folder, mode, cluster = rest
            result = child_ingest(db, folder, mode, cluster == "1")
        elif what == "extract":
            result = child_extract(*rest)
        elif what == "cluster-batch":
            result = child_cluster_batch(*rest)
        elif what == "cluster-memory":
            result = child_cluster_in_memory(*rest)
        else:
            result = child_queries(*rest)
        print(json.dumps(result))
    else:
        main()

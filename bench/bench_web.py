"""Workbench benchmark: latency percentiles under 50 concurrent clients on a 10,000-article
corpus, and the time to build the example model's report.

Generates ``--n`` articles from the seeds as bench_ingest.py does, ingests them (2 workers),
extracts the five real sample articles with the spaCy pipeline and then gives every generated
article a copy of the items (mentions, quotes, positions, events, figures) of one sample article
(round robin), so the item tables have the size a 10,000-article corpus would give them without
an hour of parsing. Then it starts ``accord serve`` in its own process on a free loopback port
and runs, per route, ``--requests`` requests from 50 concurrent clients (closed loop, each
client waits for its answer before the next request), printing one line per figure:

* p50 / p95 / max latency and requests/s for the article page, search, actor page and forecast
  (cached engine result), and for the baseline: a static file served by the same process under
  the same load (the framework's own floor);
* the report of the example model: built in this process from scratch (analysis + HTML), by
  ``accord report`` in a new process (Python start-up and imports included), and served by the
  workbench, first (cold: analysis included) and again (cached);
* the server's CPU time per request (the figure that does not depend on other load on the
  machine: with 50 clients and one server process, latency ≈ queue length × CPU per request),
  each route measured after an unmeasured warm-up of 2 × ``--clients`` requests (steady state:
  one-time loading such as the actor registry is left out);
* the machine's load average before and after.

Processes it starts run as an installed package runs: sources byte-compiled first and
``PYTHONDONTWRITEBYTECODE`` removed from their environment (as in ``bench_startup.py``).

Building the corpus takes a minute or more; ``--corpus DIR`` keeps it in ``DIR`` and reuses it
on the next run (the database is migrated to the current schema when opened).

Loopback only; bounded request counts. Usage:
``.venv/bin/python bench/bench_web.py [--n 10000] [--requests 500] [--clients 50]
[--corpus DIR] [--workers 2] [--report-baseline REV [--report-repeat 3]] [--report-only]
[--page-cache-mb 0 64 [--rounds 2]] [--pages-only] [--postgres URL]``

``--postgres URL`` builds the corpus in that PostgreSQL database instead of an SQLite file (the
database must be empty, or hold the corpus of an earlier run, which is reused) and serves the
workbench from it; the copied items are analyzed after the copy, as autovacuum would. Over
PostgreSQL the workbench keeps no page cache, so ``--page-cache-mb`` changes nothing there.

``--page-cache-mb`` starts one server per value (``accord serve --page-cache-mb``; 0 turns the
cache of rendered pages off), measured in turn, ``--rounds`` times interleaved: the cache off
and on under the same load. The routes repeat a fixed set of URLs (97 articles, 6 searches, 6
actors), so with the cache on the figures are those of repeat views; the first view of a page
costs what it costs with the cache off.

``--report-baseline REV`` adds the report's figures before → after: the code of git revision
``REV`` (its ``src`` folder, put first on ``PYTHONPATH``) against this tree's, measured in turn
in new processes so both see the same load — built in a fresh process after its imports, as a
new ``accord report`` process, and served cold by a new ``accord serve`` — with the CPU time of
each (the figure that does not depend on other load on the shared machine).
``--report-only`` stops after the report's figures.
"""

from __future__ import annotations

import argparse
import asyncio
import importlib.util
import os
import resource
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
MODEL = ROOT / "examples" / "ukraine-2025" / "model.yaml"
SAMPLES = ROOT / "examples" / "corpus"
# New processes run with bytecode caching on, their sources compiled first, as an installed
# package runs (as in bench_startup.py): with PYTHONDONTWRITEBYTECODE set, every `accord`
# process compiled accord's own modules from source again (~0.1 s CPU).
ENV = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}


def compile_sources(src: Path) -> None:
    """Byte-compile ``src`` (what installing a package does), unmeasured."""
    subprocess.run([sys.executable, "-m", "compileall", "-q", str(src)], env=ENV, check=True,
                   stdout=subprocess.DEVNULL)


def _bench_ingest() -> object:
    path = ROOT / "bench" / "bench_ingest.py"
    spec = importlib.util.spec_from_file_location("bench_ingest", path)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def build_corpus(folder: Path, db: Path | str, n: int) -> dict[str, float]:
    """Generated articles + the samples, ingested; items copied round robin from the samples."""
    from sqlalchemy import select, text
    from sqlalchemy.orm import Session

    from accord.corpus.ingest import ingest_paths
    from accord.extract.nlp import load_pipeline
    from accord.extract.pipeline import Extractor, extract_articles
    from accord.store.corpus_tables import Article
    from accord.store.db import open_engine
    from accord.store.extract_tables import ITEM_TABLES

    t0 = time.perf_counter()
    _bench_ingest().generate(folder / "gen", n, 0.2)  # type: ignore[attr-defined]
    engine = open_engine(db)
    ingest_paths([SAMPLES], engine)
    samples = [a for (a,) in Session(engine).execute(select(Article.id).order_by(Article.id))]
    extract_articles(engine, Extractor(load_pipeline()))
    ingest_paths([folder / "gen"], engine, workers=2)
    t1 = time.perf_counter()
    with engine.begin() as c:
        ids = [r[0] for r in c.execute(text("SELECT id FROM articles WHERE id > :m"),
                                       {"m": max(samples)})]
        for table in ITEM_TABLES:
            name = table.__tablename__
            # Quoted: some column names are reserved words in PostgreSQL ("end").
            others = [f'"{col.name}"' for col in table.__table__.columns
                      if col.name not in ("id", "article_id")]
            for k, sample in enumerate(samples):
                targets = ids[k::len(samples)]
                c.execute(text("CREATE TEMP TABLE IF NOT EXISTS t_ids (id INTEGER)"))
                c.execute(text("DELETE FROM t_ids"))
                c.execute(text("INSERT INTO t_ids (id) VALUES (:id)"), [{"id": i} for i in targets])
                c.execute(text(
                    f"INSERT INTO {name} (article_id, {', '.join(others)}) "
                    f"SELECT t_ids.id, {', '.join('s.' + o for o in others)} "
                    f"FROM {name} s, t_ids WHERE s.article_id = :sample"
                ), {"sample": sample})
    if engine.dialect.name == "postgresql":
        with engine.connect().execution_options(isolation_level="AUTOCOMMIT") as c:
            c.execute(text("ANALYZE"))
    engine.dispose()
    return {"ingest_s": t1 - t0, **corpus_counts(db)}


def corpus_counts(db: Path | str) -> dict[str, float]:
    """Rows in the articles table and in each item table of ``db``."""
    from sqlalchemy import text

    from accord.store.db import open_engine
    from accord.store.extract_tables import ITEM_TABLES

    engine = open_engine(db)
    with engine.connect() as c:
        counts = {t.__tablename__: c.execute(text(f"SELECT count(*) FROM {t.__tablename__}"))
                  .scalar() for t in ITEM_TABLES}
        counts["articles"] = c.execute(text("SELECT count(*) FROM articles")).scalar()
    engine.dispose()
    return {k: float(v or 0) for k, v in counts.items()}


def cpu_seconds(pid: int) -> float:
    """User + system CPU seconds of process ``pid`` (Linux /proc)."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def _children(pid: int) -> list[int]:
    """Child process ids of ``pid`` (Linux /proc)."""
    out: list[int] = []
    for task in Path(f"/proc/{pid}/task").iterdir():
        try:
            out += [int(c) for c in (task / "children").read_text().split()]
        except OSError:
            continue
    return out


_IN_PROCESS = """
import json, sys, time
from accord.report.html import build_report, render_report
t, c = time.perf_counter(), time.process_time()
render_report(build_report(sys.argv[1], db=sys.argv[2]))
print(json.dumps([time.perf_counter() - t, time.process_time() - c]))
"""


def _report_once(src: Path, db: Path | str, out: Path) -> dict[str, tuple[float, float]]:
    """The example model's report with the code of ``src`` (a ``src`` folder): (wall, CPU)
    seconds built in a fresh process after its imports, as a new ``accord report`` process,
    and served cold by a new ``accord serve`` process."""
    import json

    import httpx

    env = {**ENV, "PYTHONPATH": str(src)}
    fig: dict[str, tuple[float, float]] = {}
    done = subprocess.run([sys.executable, "-c", _IN_PROCESS, str(MODEL), str(db)], env=env,
                          check=True, capture_output=True, text=True)
    wall, cpu = json.loads(done.stdout.strip().splitlines()[-1])
    fig["in a fresh process, imports excluded"] = (wall, cpu)
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    t = time.perf_counter()
    subprocess.run([sys.executable, "-m", "accord.cli", "report", str(MODEL), "--db", str(db),
                    "-o", str(out)], env=env, check=True, stdout=subprocess.DEVNULL)
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    fig["`accord report`, new process"] = (
        time.perf_counter() - t,
        after.ru_utime + after.ru_stime - before.ru_utime - before.ru_stime)
    port = free_port()
    server = subprocess.Popen(
        [sys.executable, "-m", "accord.cli", "serve", "--db", str(db), "--model", str(MODEL),
         "--port", str(port), "--read-only"], env=env,
        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    base = f"http://127.0.0.1:{port}"
    try:
        wait_until_serving(base, server)
        t, c = time.perf_counter(), cpu_seconds(server.pid)
        httpx.get(base + "/models/ukraine-2025/report", timeout=600).raise_for_status()
        fig["served cold"] = (time.perf_counter() - t, cpu_seconds(server.pid) - c)
    finally:
        server.terminate()
        server.wait(timeout=20)
    return fig


def report_before_after(db: Path | str, tmp: Path, rev: str, repeat: int) -> None:
    """The report's three figures with the code of git revision ``rev`` and of this tree,
    measured in turn (``repeat`` rounds, interleaved so both see the same load), medians."""
    old = tmp / "baseline"
    old.mkdir()
    archive = subprocess.run(["git", "-C", str(ROOT), "archive", rev, "src"], check=True,
                             capture_output=True).stdout
    subprocess.run(["tar", "-x", "-C", str(old)], input=archive, check=True)
    compile_sources(old / "src")
    runs: dict[str, list[dict[str, tuple[float, float]]]] = {"before": [], "after": []}
    loads = [os.getloadavg()[0]]
    for _ in range(repeat):
        for name, src in (("before", old / "src"), ("after", ROOT / "src")):
            runs[name].append(_report_once(src, db, tmp / f"report-{name}.html"))
            loads.append(os.getloadavg()[0])
    for key in runs["after"][0]:
        b = [statistics.median(r[key][k] for r in runs["before"]) for k in (0, 1)]
        a = [statistics.median(r[key][k] for r in runs["after"]) for k in (0, 1)]
        print(f"report {key}: {b[1]:.2f} → {a[1]:.2f} s CPU, {b[0]:.2f} → {a[0]:.2f} s wall "
              f"(before: {rev}, after: this tree; medians of {repeat}, load average "
              f"{min(loads):.1f}–{max(loads):.1f})")


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


async def _get(reader: asyncio.StreamReader, writer: asyncio.StreamWriter, host: str,
               path: str) -> int:
    """One keep-alive HTTP/1.1 GET on an open connection; the status code (body read, dropped)."""
    writer.write(f"GET {path} HTTP/1.1\r\nHost: {host}\r\nCookie: accord_session=bench\r\n"
                 "Accept-Encoding: identity\r\n\r\n".encode("ascii"))
    head = await reader.readuntil(b"\r\n\r\n")
    lines = head.decode("latin-1").split("\r\n")
    status = int(lines[0].split()[1])
    fields = {k.strip().lower(): v.strip()
              for k, _, v in (x.partition(":") for x in lines[1:] if x)}
    if "content-length" in fields:
        await reader.readexactly(int(fields["content-length"]))
    elif fields.get("transfer-encoding", "").lower() == "chunked":
        while True:
            size = int((await reader.readuntil(b"\r\n")).split(b";")[0], 16)
            await reader.readexactly(size + 2)
            if size == 0:
                break
    else:
        raise ConnectionError("response without a length")
    return status


async def load(base: str, paths: list[str], requests: int, clients: int) -> dict[str, float]:
    """``requests`` GETs spread over ``paths`` from ``clients`` concurrent closed-loop clients.

    Each client holds one keep-alive connection and waits for each answer before its next
    request. The client is plain asyncio streams, not an HTTP library: at ~0.1 ms of CPU per
    request it leaves the machine's cores to the server (an httpx client took ~5 ms per request
    and was itself the bottleneck). ``client_cpu`` is this process's CPU per request.
    """
    host_port = base.removeprefix("http://")
    host, _, port = host_port.partition(":")
    latencies: list[float] = []
    errors = 0
    counter = iter(range(requests))

    async def client() -> None:
        nonlocal errors
        reader, writer = await asyncio.open_connection(host, int(port))
        try:
            for i in counter:
                t = time.perf_counter()
                try:
                    status = await _get(reader, writer, host_port, paths[i % len(paths)])
                except (ConnectionError, asyncio.IncompleteReadError, ValueError):
                    errors += 1
                    writer.close()
                    reader, writer = await asyncio.open_connection(host, int(port))
                    continue
                latencies.append(time.perf_counter() - t)
                if status != 200:
                    errors += 1
        finally:
            writer.close()

    t0, c0 = time.perf_counter(), time.process_time()
    await asyncio.gather(*(client() for _ in range(clients)))
    wall, cpu = time.perf_counter() - t0, time.process_time() - c0
    q = statistics.quantiles(latencies, n=100)
    return {"p50": q[49] * 1e3, "p95": q[94] * 1e3, "max": max(latencies) * 1e3,
            "rps": len(latencies) / wall, "errors": float(errors),
            "client_cpu": cpu / max(1, len(latencies)) * 1e3}


def wait_until_serving(base: str, server: subprocess.Popen[bytes]) -> None:
    """Wait (at most 60 s) until the server at ``base`` answers; exit with its stderr if it
    stops or never answers."""
    import httpx

    deadline = time.monotonic() + 60
    while True:
        try:
            httpx.get(base + "/static/app.css", timeout=2)
            return
        except httpx.HTTPError:
            if time.monotonic() > deadline or server.poll() is not None:
                raise SystemExit("server did not start: " + server.stderr.read().decode()
                                 if server.stderr else "server did not start") from None
            time.sleep(0.2)


def measure_server(db: Path | str, args: argparse.Namespace, mb: float, n: int,
                   report: bool) -> None:
    """Start ``accord serve`` with a page cache of ``mb`` MB (0: off) and print the latency
    and server CPU per request of each route (and, with ``report``, the served report's)."""
    port = free_port()
    server = subprocess.Popen(
        [sys.executable, "-m", "accord.cli", "serve", "--db", str(db), "--model", str(MODEL),
         "--port", str(port), "--read-only", "--workers", str(args.workers),
         "--page-cache-mb", str(mb)],
        stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, env=ENV,
    )
    base = f"http://127.0.0.1:{port}"
    try:
        import httpx

        wait_until_serving(base, server)
        def server_cpu() -> float:
            """CPU of the server and, with --workers, of its worker processes."""
            return cpu_seconds(server.pid) + sum(
                cpu_seconds(p) for p in _children(server.pid) if Path(f"/proc/{p}").exists()
            )

        if report:
            t, c = time.perf_counter(), server_cpu()
            httpx.get(base + "/models/ukraine-2025/report", timeout=600).raise_for_status()
            cold = time.perf_counter() - t
            cold_cpu = server_cpu() - c
            t = time.perf_counter()
            httpx.get(base + "/models/ukraine-2025/report", timeout=300).raise_for_status()
            warm = time.perf_counter() - t
            print(f"report served: first {cold:.2f} s wall / {cold_cpu:.2f} s server CPU "
                  f"(analysis included), then {warm:.3f} s (cached)")
        httpx.get(base + "/api/forecast/ukraine-2025?engine=eum", timeout=60).raise_for_status()
        step = max(1, n // 97)
        routes = {
            "baseline: static file": ["/static/app.css"],
            "article page": [f"/articles/{i}" for i in range(1, n + 1, step)],
            "search (words, first page)": [f"/articles?q={w}" for w in
                                           ("Kremlin", "ceasefire", "Witkoff", "sanctions",
                                            "Zelensky", "reconstruction")],
            "search (rare word)": ["/articles?q=Scriptovich"],
            "actor page": [f"/actors/{a}" for a in ("putin", "witkoff", "zelensky",
                                                    "dmitriev", "trump", "lavrov")],
            "forecast (API, cached)": [f"/api/forecast/ukraine-2025?engine={e}" for e in
                                       ("compromise", "median", "eum")],
        }
        for name, paths in routes.items():
            # Unmeasured warm-up: every server process reads the actor registry and fills
            # its statement caches once; at 200 requests per route that one-time cost was
            # up to ~3 ms per request of a process's first route, with --workers 2 twice.
            asyncio.run(load(base, paths, 2 * args.clients, args.clients))
            c = server_cpu()
            r = asyncio.run(load(base, paths, args.requests, args.clients))
            per = (server_cpu() - c) / args.requests * 1e3
            print(f"{name:32s} p50 {r['p50']:7.1f} ms  p95 {r['p95']:7.1f} ms  "
                  f"max {r['max']:7.1f} ms  {r['rps']:6.1f} req/s  server CPU "
                  f"{per:5.1f} ms/request  client CPU {r['client_cpu']:4.1f} ms/request  "
                  f"errors {r['errors']:.0f}  "
                  f"({args.requests} requests, {args.clients} clients, "
                  f"{args.workers} server process{'es' if args.workers > 1 else ''}, "
                  f"page cache {mb:g} MB, load {os.getloadavg()[0]:.2f})")
    finally:
        server.terminate()
        server.wait(timeout=20)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--n", type=int, default=10_000)
    parser.add_argument("--requests", type=int, default=500, help="requests per route")
    parser.add_argument("--clients", type=int, default=50)
    parser.add_argument("--workers", type=int, default=1,
                        help="server processes (accord serve --workers)")
    parser.add_argument("--corpus", type=Path, default=None,
                        help="keep the generated corpus in this folder and reuse it")
    parser.add_argument("--report-baseline", metavar="REV", default=None,
                        help="also measure the report with the code of git revision REV, "
                             "interleaved with this tree's (before → after)")
    parser.add_argument("--report-repeat", type=int, default=3,
                        help="rounds of the before/after report measurement")
    parser.add_argument("--page-cache-mb", type=float, nargs="+", default=[64.0],
                        help="accord serve --page-cache-mb: one server per value, measured in "
                             "turn (e.g. 0 64: the page cache off and on in one run)")
    parser.add_argument("--rounds", type=int, default=1,
                        help="rounds over the --page-cache-mb values (interleaved)")
    parser.add_argument("--pages-only", action="store_true",
                        help="skip the report's figures: only the workbench's routes")
    parser.add_argument("--postgres", metavar="URL", default=None,
                        help="build (or reuse) the corpus in this PostgreSQL database and "
                             "serve it from there")
    parser.add_argument("--report-only", action="store_true",
                        help="measure the report only, not the workbench's latency")
    args = parser.parse_args()
    print(f"load average before: {' '.join(f'{x:.2f}' for x in os.getloadavg())} "
          f"({os.cpu_count()} CPUs)")
    with tempfile.TemporaryDirectory(prefix="accord-bench-web-") as tmp:
        # With --postgres the generated files are temporary: the database holds the corpus.
        folder = Path(tmp) if args.postgres else (args.corpus or Path(tmp))
        db: Path | str = args.postgres or folder / f"accord-{args.n}.db"
        info = corpus_counts(db) if args.postgres else {}
        if info.get("articles") or (args.corpus is not None and Path(db).exists()):
            info = info or corpus_counts(db)
            print(f"corpus: {info['articles']:.0f} articles, {info['quotes']:.0f} quotes, "
                  f"{info['mentions']:.0f} mentions, {info['events']:.0f} events "
                  f"(reused {db})")
        else:
            folder.mkdir(parents=True, exist_ok=True)
            info = build_corpus(folder, db, args.n)
            print(f"corpus: {info['articles']:.0f} articles, {info['quotes']:.0f} quotes, "
                  f"{info['mentions']:.0f} mentions, {info['events']:.0f} events "
                  f"(generated and ingested in {info['ingest_s']:.0f} s)")

        compile_sources(ROOT / "src")
        if not args.pages_only:
            from accord.report.html import build_report, render_report

            t, c = time.perf_counter(), time.process_time()
            render_report(build_report(MODEL, db=db))
            print(f"report of the example model, built in-process (analysis + HTML): "
                  f"{time.perf_counter() - t:.2f} s wall, {time.process_time() - c:.2f} s CPU "
                  "(target < 2 s)")

            before = resource.getrusage(resource.RUSAGE_CHILDREN)
            t = time.perf_counter()
            subprocess.run(
                [sys.executable, "-m", "accord.cli", "report", str(MODEL), "--db", str(db),
                 "-o", str(Path(tmp) / "report.html")],
                check=True, stdout=subprocess.DEVNULL, env=ENV,
            )
            after = resource.getrusage(resource.RUSAGE_CHILDREN)
            cpu = after.ru_utime + after.ru_stime - before.ru_utime - before.ru_stime
            print(f"report of the example model, `accord report` in a new process (start-up and "
                  f"imports included): {time.perf_counter() - t:.2f} s wall, {cpu:.2f} s CPU")

        if args.report_baseline:
            report_before_after(db, Path(tmp), args.report_baseline, args.report_repeat)
        if args.report_only:
            print(f"load average after: {' '.join(f'{x:.2f}' for x in os.getloadavg())}")
            return

        for rnd in range(args.rounds):
            for mb in args.page_cache_mb:
                measure_server(db, args, mb, int(info["articles"]),
                               report=rnd == 0 and mb == args.page_cache_mb[0]
                               and not args.pages_only)
    print(f"load average after: {' '.join(f'{x:.2f}' for x in os.getloadavg())}")


if __name__ == "__main__":
    main()

"""Ingest benchmark: throughput of the whole pipeline, 1 and 2 workers, vs the bare library
stages, and memory.

Generates a synthetic corpus of ``--n`` articles from the five seed articles into a temporary
folder (written one file at a time, never held in memory): new articles assembled from seed
paragraphs with words perturbed, some with mojibake (UTF-8 read as cp1252 or GBK), some reposts
of earlier articles with extra boilerplate, and a share wrapped in an HTML page. Then, in the
same run, it ingests the .txt files and then the .html files into a fresh SQLite file, once
with ``workers=1`` and once with ``workers=2`` (another fresh file), and prints one line per
figure:

* articles/s of the whole pipeline (read, hash, decode, repair, clean, flag, fingerprint,
  write) for plain text and for HTML, wall and per CPU-second (CPU of this process *and* of the
  worker processes), for 1 and 2 workers; and of story clustering;
* articles/s of the bare library stages alone on the same files (charset-normalizer + ftfy for
  plain text; plus trafilatura for HTML), in one process and in two (a process pool, like the
  ingest), alternating with the ingest in blocks of a quarter of the files so both see the same
  machine load, and the ratios pipeline / bare with the same number of processes;
* peak RSS (this process plus its workers) after 2,500 / 5,000 / 10,000 articles;
* the part of the HTML cost that remains beyond the bare stages: htmldate's date search, per
  article (warm) and once per process (dateparser's locale tables), against the bare stages.

CPU seconds are the stable figures: the machine is shared, so wall times swing with other
people's load.

Usage: ``.venv/bin/python bench/bench_ingest.py [--n 10000] [--html-share 0.2] [--profile]``
"""

from __future__ import annotations

import argparse
import cProfile
import os
import pstats
import random
import re
import resource
import sys
import tempfile
import time
from collections import deque
from collections.abc import Callable, Iterator
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SEEDS = ROOT.parent / "shared" / "corpus" / "seeds"
if not SEEDS.is_dir():
    SEEDS = ROOT / "examples" / "corpus"

BOILERPLATE_TOP = [
    ["Share on Facebook", "Share on Twitter", "Share on Telegram"],
    ["Subscribe to our newsletter"],
    ["Home | World | Politics | Economy"],
]
BOILERPLATE_BOTTOM = [
    ["Related posts", "Cookie policy | Privacy policy"],
    ["Comments", "Popular posts from this blog"],
    ["© 2025 Example Media. All rights reserved."],
]


def rss_mb() -> float:
    """Peak resident set size of this process so far, in MB (Linux reports KiB)."""
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def _child_pids(pid: int | str = "self") -> list[int]:
    """Live children of ``pid`` (none when it has ended meanwhile)."""
    pids: list[int] = []
    try:
        tasks = list(Path(f"/proc/{pid}/task").iterdir())
    except OSError:  # ended meanwhile
        return pids
    for task in tasks:
        try:
            pids += [int(p) for p in (task / "children").read_text().split()]
        except OSError:
            continue
    return pids


def _descendant_pids() -> list[int]:
    """Live children, grandchildren... of this process: a pool's workers are the children of
    its fork server, itself a child of this process."""
    found: list[int] = []
    frontier = _child_pids()
    while frontier:
        found += frontier
        frontier = [c for p in frontier for c in _child_pids(p)]
    return found


def _descendants_cpu() -> float:
    """CPU seconds of this process's live descendants and of what they reaped (a fork
    server's finished workers), from /proc (clock ticks)."""
    tick = os.sysconf("SC_CLK_TCK")
    total = 0
    for pid in _descendant_pids():
        try:
            fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        # utime, stime, cutime, cstime: fields 14-17 of proc(5), 12-15 after the name
        total += sum(int(f) for f in fields[11:15])
    return total / tick


def rss_with_children_mb() -> float:
    """Peak RSS of this process plus the peaks of its live descendants (a pool's workers, under
    its fork server; their VmHWM from /proc) and of children already finished
    (RUSAGE_CHILDREN's max), in MB."""
    total = rss_mb()
    live = 0.0
    for pid in _descendant_pids():
        try:
            status = Path(f"/proc/{pid}/status").read_text()
        except OSError:
            continue
        for line in status.splitlines():
            if line.startswith("VmHWM:"):
                live += int(line.split()[1]) / 1024
    finished = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
    return total + max(live, finished)


def seed_paragraphs() -> list[str]:
    paragraphs: list[str] = []
    for path in sorted(SEEDS.glob("*.txt")):
        text = path.read_text(encoding="utf-8")
        paragraphs += [p.strip() for p in re.split(r"\n\s*\n|\n", text) if len(p.split()) >= 12]
    return paragraphs


def perturb(paragraph: str, rng: random.Random, vocab: list[str], rate: float) -> str:
    words = paragraph.split(" ")
    for i in range(len(words)):
        if rng.random() < rate:
            words[i] = rng.choice(vocab)
    return " ".join(words)


def mojibake(text: str, rng: random.Random) -> str:
    """UTF-8 bytes read with the wrong codec, as in seed 004 (GBK) or classic cp1252."""
    codec = rng.choice(["cp1252", "gbk"])
    return text.encode("utf-8").decode(codec, errors="replace")


def generate(folder: Path, n: int, html_share: float, seed: int = 42) -> tuple[int, int]:
    """Write ``n`` articles, .txt and .html interleaved, into ``folder``; (n_txt, n_html)."""
    rng = random.Random(seed)
    paragraphs = seed_paragraphs()
    vocab = sorted({w for p in paragraphs for w in p.split() if w.isalpha()})
    recent: deque[str] = deque(maxlen=64)  # bounded: reposts come from recent articles
    folder.mkdir(parents=True)
    n_txt = n_html = 0
    for i in range(n):
        if recent and rng.random() < 0.15:
            body = rng.choice(recent)  # a repost: same story, new boilerplate
        else:
            picked = rng.sample(paragraphs, rng.randint(4, 10))
            body = "\n\n".join(perturb(p, rng, vocab, 0.03) for p in picked)
            body = f"Report {i}: {rng.choice(picked).split('.')[0][:90]}\n\n{body}"
            recent.append(body)
        if rng.random() < html_share:
            title, _, rest = body.partition("\n\n")
            paras = "".join(f"<p>{p}</p>\n" for p in rest.split("\n\n"))
            page = (
                f"<!doctype html><html><head><meta charset='utf-8'><title>{title}</title></head>"
                f"<body><nav><a href='/'>Home</a> | <a href='/world'>World</a></nav>"
                f"<article><h1>{title}</h1>\n{paras}</article>"
                f"<aside>Most read: Markets rally on ceasefire hopes</aside>"
                f"<footer>© 2025 Example Media · <a href='/privacy'>Privacy</a></footer>"
                f"</body></html>"
            )
            (folder / f"{i:06d}.html").write_text(page, encoding="utf-8")
            n_html += 1
        else:
            text = body
            if rng.random() < 0.3:
                text = "\n".join(rng.choice(BOILERPLATE_TOP)) + "\n" + text
            if rng.random() < 0.3:
                text = text + "\n" + "\n".join(rng.choice(BOILERPLATE_BOTTOM))
            if rng.random() < 0.1:
                text = mojibake(text, rng)
            (folder / f"{i:06d}.txt").write_text(text + "\n", encoding="utf-8")
            n_txt += 1
    return n_txt, n_html


def files(folder: Path, suffix: str) -> Iterator[Path]:
    yield from sorted(folder.glob(f"*{suffix}"))


class Clock:
    """Wall time and CPU time of this process, its finished child processes and its live
    descendants with what they reaped (a pool's workers start from a fork server, which
    outlives the pool and reaps them). Other engineers share the two cores, so wall times swing
    with their load; CPU time only counts our own work (SQLite runs in-process), so CPU-time
    ratios are the stable figures."""

    def __init__(self) -> None:
        self.wall = time.perf_counter()
        t = os.times()
        self.cpu = t.user + t.system + t.children_user + t.children_system + _descendants_cpu()

    def since(self, other: Clock) -> tuple[float, float]:
        return self.wall - other.wall, self.cpu - other.cpu


def bare_text_file(path: Path) -> None:
    """charset-normalizer + ftfy on one plain-text file."""
    import charset_normalizer
    import ftfy

    best = charset_normalizer.from_bytes(path.read_bytes()).best()
    ftfy.fix_text(str(best) if best is not None else "")


def bare_html_file(path: Path) -> None:
    """charset-normalizer + ftfy + trafilatura on one HTML file."""
    import charset_normalizer
    import ftfy
    import trafilatura

    best = charset_normalizer.from_bytes(path.read_bytes()).best()
    html = ftfy.fix_text(str(best) if best is not None else "")
    trafilatura.extract(html)


def _bare_chunk(kind: str, paths: list[Path]) -> None:
    work = bare_text_file if kind == "text" else bare_html_file
    for path in paths:
        work(path)


def bare(paths: list[Path], kind: str, processes: int) -> tuple[float, float]:
    """(wall, cpu) seconds of the bare stages over ``paths`` in ``processes`` processes
    (a pool of the local executor, as the ingest's, fed chunks of 16 files, as the ingest
    feeds its workers)."""
    from accord.parallel import LocalExecutor

    start = Clock()
    if processes == 1:
        _bare_chunk(kind, paths)
    else:
        chunks = [paths[i : i + 16] for i in range(0, len(paths), 16)]
        with LocalExecutor(processes) as pool:
            list(pool.map_chunks(_bare_chunk, chunks, shared=kind))
    return Clock().since(start)


def rate(n: int, seconds: float) -> str:
    return f"{n / seconds:.0f}" if seconds > 0 else "inf"


BLOCKS = 4  # pipeline / bare alternations per kind of file


def ingest_run(
    corpus: Path, db: Path, workers: int, profiler: cProfile.Profile | None
) -> dict[str, object]:
    """Ingest the .txt files, then the .html files, into a fresh database; time each, and the
    bare stages on the same files with as many processes, alternating in blocks."""
    from accord.corpus.cluster import cluster_articles
    from accord.corpus.ingest import IngestProgress, ingest_paths
    from accord.store.db import open_engine

    engine = open_engine(db)
    marks = {2_500, 5_000, 10_000}
    seen: dict[int, float] = {}
    done = [0]

    def progress(p: IngestProgress) -> None:
        for mark in marks:
            if done[0] + p.articles_done >= mark and mark not in seen:
                seen[mark] = rss_with_children_mb()

    times: dict[str, tuple[float, float]] = {}
    for kind, suffix in (("text", ".txt"), ("html", ".html")):
        paths = list(files(corpus, suffix))
        # Pipeline and bare stages alternate in blocks, in the same process and with the same
        # number of processes, so both see the same machine load: the ratio is like for like.
        step = max(1, -(-len(paths) // BLOCKS))
        pipe = [0.0, 0.0]
        base = [0.0, 0.0]
        for i in range(0, len(paths), step):
            block = paths[i : i + step]
            start = Clock()
            if profiler:
                profiler.enable()
            summary = ingest_paths(block, engine, cluster=False, progress=progress, workers=workers)
            if profiler:
                profiler.disable()
            wall, cpu = Clock().since(start)
            pipe[0] += wall
            pipe[1] += cpu
            assert summary.ok, summary.errors[:3]
            done[0] += summary.articles_read
            wall, cpu = bare(block, kind, workers)
            base[0] += wall
            base[1] += cpu
        times[kind] = (pipe[0], pipe[1])
        times["bare " + kind] = (base[0], base[1])
    start = Clock()
    result = cluster_articles(engine)
    times["cluster"] = Clock().since(start)
    engine.dispose()
    return {"times": times, "rss": seen, "stories": result.n_multi}


def html_date_costs(corpus: Path) -> dict[str, object]:
    """CPU seconds of the part of the HTML pipeline that remains its largest cost beyond the
    bare stages: htmldate's date search (kept to the page markup, as accord runs it), over
    every HTML file twice in this (fresh) process, and the bare stages once as the baseline.
    The first pass minus the second is what date finding pays once per process (dateparser
    builds its tables for every locale the first time a string no locale parses reaches it)."""
    from htmldate import find_date
    from trafilatura.utils import load_html

    from accord.corpus.htmltext import date_search_params

    paths = list(files(corpus, ".html"))
    pages = [path.read_text(encoding="utf-8") for path in paths]
    passes = []
    for _ in range(2):
        start = Clock()
        for page in pages:
            find_date(load_html(page), **date_search_params())
        passes.append(Clock().since(start)[1])
    _, bare_cpu = bare(paths, "html", 1)
    return {"n": len(paths), "cold": passes[0], "warm": passes[1], "bare": bare_cpu}


def isolated(func: Callable[..., dict[str, object]], *args: object) -> dict[str, object]:
    """Run ``func`` in a fresh (forked) process so its peak RSS is its own, not this one's."""
    import multiprocessing

    context = multiprocessing.get_context("fork")
    queue = context.Queue()
    process = context.Process(target=lambda: queue.put(func(*args)))
    process.start()
    result = queue.get()
    process.join()
    assert process.exitcode == 0, process.exitcode
    return result  # type: ignore[no-any-return]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--n", type=int, default=10_000, help="articles to generate")
    parser.add_argument("--html-share", type=float, default=0.2, help="share wrapped in HTML")
    parser.add_argument("--profile", action="store_true", help="cProfile the 1-worker ingest")
    args = parser.parse_args()

    import accord.corpus.process  # noqa: F401  - import cost is not per-article work

    with tempfile.TemporaryDirectory(prefix="accord-bench-") as tmp:
        corpus = Path(tmp) / "corpus"
        t0 = time.perf_counter()
        n_txt, n_html = generate(corpus, args.n, args.html_share)
        counts = {"text": n_txt, "html": n_html}
        print(f"generated {n_txt} txt + {n_html} html articles in "
              f"{time.perf_counter() - t0:.1f} s", flush=True)
        print(f"RSS before ingest: {rss_mb():.0f} MB", flush=True)
        profiler = cProfile.Profile() if args.profile else None
        runs = {}
        for workers in (1, 2):
            db = Path(tmp) / f"bench{workers}.db"
            if profiler is not None and workers == 1:
                runs[workers] = ingest_run(corpus, db, workers, profiler)
            else:
                runs[workers] = isolated(ingest_run, corpus, db, workers, None)
            times = runs[workers]["times"]
            for kind, label in (("text", "plain text"), ("html", "HTML")):
                wall, cpu = times[kind]
                print(f"ingest {label}, whole pipeline, workers={workers}: "
                      f"{rate(counts[kind], wall)} articles/s wall, {rate(counts[kind], cpu)} "
                      f"articles/s per CPU-second ({counts[kind]} articles)", flush=True)
            all_wall = sum(times[k][0] for k in ("text", "html", "cluster"))
            all_cpu = sum(times[k][1] for k in ("text", "html", "cluster"))
            print(f"ingest + clustering, all articles, workers={workers}: "
                  f"{rate(args.n, all_wall)} articles/s wall, {rate(args.n, all_cpu)} per "
                  f"CPU-second", flush=True)
        cl_wall, _ = runs[1]["times"]["cluster"]
        print(f"story clustering, full recompute: {rate(args.n, cl_wall)} articles/s wall "
              f"({cl_wall:.1f} s, {runs[1]['stories']} multi-article stories)")
        for kind, label in (
            ("text", "plain text (charset-normalizer + ftfy)"),
            ("html", "HTML (charset-normalizer + ftfy + trafilatura)"),
        ):
            for processes in (1, 2):
                b_wall, b_cpu = runs[processes]["times"]["bare " + kind]
                p_wall, p_cpu = runs[processes]["times"][kind]
                n = counts[kind]
                print(f"bare stages, {label}, {processes} process(es): "
                      f"{rate(n, b_wall)} articles/s wall, {rate(n, b_cpu)} "
                      f"per CPU-second -> pipeline (workers={processes})/bare CPU-time ratio "
                      f"{p_cpu / b_cpu:.2f} (wall {p_wall / b_wall:.2f})", flush=True)
        for workers in (1, 2):
            for mark, mb in sorted(runs[workers]["rss"].items()):
                print(f"peak RSS after {mark} articles, workers={workers} "
                      f"(this process + workers): {mb:.0f} MB")
        print(f"peak RSS at the end (incl. clustering): {rss_with_children_mb():.0f} MB")
        dates = isolated(html_date_costs, corpus)
        n_pages, warm, bare_cpu = dates["n"], dates["warm"], dates["bare"]
        print(f"HTML date search (htmldate, markup only, part of the pipeline), warm: "
              f"{1000 * warm / n_pages:.2f} ms/article CPU = {warm / bare_cpu:.2f}x the bare "
              f"HTML stages ({1000 * bare_cpu / n_pages:.2f} ms/article, same files)")
        print(f"HTML date search, first pass in a fresh process: "
              f"{dates['cold'] - warm:.1f} CPU-s more than the second (once per process; "
              f"= {(dates['cold'] - warm) / bare_cpu:.2f}x the bare HTML stages over these "
              f"{n_pages} pages)")
        if profiler:
            pstats.Stats(profiler, stream=sys.stdout).sort_stats("cumulative").print_stats(25)


if __name__ == "__main__":
    main()

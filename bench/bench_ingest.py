"""Ingest benchmark: throughput of the whole pipeline vs the bare library stages, and memory.

Generates a synthetic corpus of ``--n`` articles from the five seed articles into a temporary
folder (written one file at a time, never held in memory): new articles assembled from seed
paragraphs with words perturbed, some with mojibake (UTF-8 read as cp1252 or GBK), some reposts
of earlier articles with extra boilerplate, and a share wrapped in an HTML page. Then it ingests
the folder into a fresh SQLite file and prints one line per figure:

* articles/s of the whole pipeline for plain text and for HTML (read, hash, decode, repair,
  clean, flag, fingerprint, write), and of story clustering;
* in the same run, articles/s of the bare library stages alone on the same files
  (charset-normalizer + ftfy for plain text; plus trafilatura for HTML), and the ratio
  pipeline time / bare time, so our own overhead shows even on a noisy machine;
* peak RSS after 2,500 / 5,000 / 10,000 articles (flat memory = streaming works).

Usage: ``.venv/bin/python bench/bench_ingest.py [--n 10000] [--html-share 0.2] [--profile]``
"""

from __future__ import annotations

import argparse
import cProfile
import pstats
import random
import re
import resource
import sys
import tempfile
import time
from collections import deque
from collections.abc import Iterator
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
    """Wall time and this process's CPU time. Other engineers share the two cores, so wall
    times swing with their load; CPU time (process_time) only counts our own work, and SQLite
    runs in-process, so CPU-time ratios are the stable figures."""

    def __init__(self) -> None:
        self.wall = time.perf_counter()
        self.cpu = time.process_time()

    def since(self, other: Clock) -> tuple[float, float]:
        return self.wall - other.wall, self.cpu - other.cpu


def bare_text(folder: Path) -> tuple[float, float]:
    """(wall, cpu) seconds for charset-normalizer + ftfy over every .txt file in ``folder``."""
    import charset_normalizer
    import ftfy

    start = Clock()
    for path in files(folder, ".txt"):
        best = charset_normalizer.from_bytes(path.read_bytes()).best()
        ftfy.fix_text(str(best) if best is not None else "")
    return Clock().since(start)


def bare_html(folder: Path) -> tuple[float, float]:
    """(wall, cpu) seconds for charset-normalizer + ftfy + trafilatura over ``folder``."""
    import charset_normalizer
    import ftfy
    import trafilatura

    start = Clock()
    for path in files(folder, ".html"):
        best = charset_normalizer.from_bytes(path.read_bytes()).best()
        html = ftfy.fix_text(str(best) if best is not None else "")
        trafilatura.extract(html)
    return Clock().since(start)


def rate(n: int, seconds: float) -> str:
    return f"{n / seconds:.0f}" if seconds > 0 else "inf"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--n", type=int, default=10_000, help="articles to generate")
    parser.add_argument("--html-share", type=float, default=0.2, help="share wrapped in HTML")
    parser.add_argument("--profile", action="store_true", help="cProfile the ingest, top 25")
    args = parser.parse_args()

    import accord.corpus.process  # noqa: F401  - import cost is not per-article work
    from accord.corpus.cluster import cluster_articles
    from accord.corpus.ingest import IngestProgress, ingest_paths
    from accord.store.db import open_engine

    with tempfile.TemporaryDirectory(prefix="accord-bench-") as tmp:
        corpus = Path(tmp) / "corpus"
        t0 = time.perf_counter()
        n_txt, n_html = generate(corpus, args.n, args.html_share)
        print(f"generated {n_txt} txt + {n_html} html articles in "
              f"{time.perf_counter() - t0:.1f} s", flush=True)
        engine = open_engine(Path(tmp) / "bench.db")
        print(f"RSS before ingest: {rss_mb():.0f} MB", flush=True)

        marks = {2_500, 5_000, 10_000, args.n}
        seen: dict[int, float] = {}
        # Files are interleaved, so each file's time goes to its kind: the time between two
        # progress callbacks is the time of the file just reported.
        spent = {".txt": [0.0, 0.0], ".html": [0.0, 0.0]}
        last = [Clock()]

        def progress(p: IngestProgress) -> None:
            now = Clock()
            wall, cpu = now.since(last[0])
            last[0] = now
            bucket = spent[Path(p.path).suffix]
            bucket[0] += wall
            bucket[1] += cpu
            for mark in marks:
                if p.articles_done >= mark and mark not in seen:
                    seen[mark] = rss_mb()

        profiler = cProfile.Profile() if args.profile else None
        start = Clock()
        last[0] = start
        if profiler:
            profiler.enable()
        summary = ingest_paths([corpus], engine, cluster=False, progress=progress)
        if profiler:
            profiler.disable()
        ingested = Clock()
        txt_wall, txt_cpu = spent[".txt"]
        html_wall, html_cpu = spent[".html"]
        result = cluster_articles(engine)
        cl_wall, cl_cpu = Clock().since(ingested)
        all_wall, all_cpu = Clock().since(start)
        assert summary.ok, summary.errors[:3]

        print(f"ingest plain text, whole pipeline: {rate(n_txt, txt_wall)} articles/s wall, "
              f"{rate(n_txt, txt_cpu)} articles/s per CPU-second ({n_txt} articles)")
        if n_html:
            print(f"ingest HTML, whole pipeline: {rate(n_html, html_wall)} articles/s wall, "
                  f"{rate(n_html, html_cpu)} articles/s per CPU-second ({n_html} articles)")
        print(f"story clustering, full recompute: {rate(args.n, cl_wall)} articles/s wall "
              f"({cl_wall:.1f} s, {result.n_multi} multi-article stories)")
        print(f"ingest + clustering, all articles: {rate(args.n, all_wall)} articles/s wall, "
              f"{rate(args.n, all_cpu)} per CPU-second")
        bt_wall, bt_cpu = bare_text(corpus)
        print(f"bare stages, plain text (charset-normalizer + ftfy): {rate(n_txt, bt_wall)} "
              f"articles/s wall, {rate(n_txt, bt_cpu)} per CPU-second -> pipeline/bare "
              f"CPU-time ratio {txt_cpu / bt_cpu:.2f} (wall {txt_wall / bt_wall:.2f})")
        if n_html:
            bh_wall, bh_cpu = bare_html(corpus)
            print(f"bare stages, HTML (charset-normalizer + ftfy + trafilatura): "
                  f"{rate(n_html, bh_wall)} articles/s wall, {rate(n_html, bh_cpu)} per "
                  f"CPU-second -> pipeline/bare CPU-time ratio {html_cpu / bh_cpu:.2f} "
                  f"(wall {html_wall / bh_wall:.2f})")
        for mark in sorted(seen):
            print(f"peak RSS after {mark} articles: {seen[mark]:.0f} MB")
        print(f"peak RSS after clustering: {rss_mb():.0f} MB")
        if profiler:
            pstats.Stats(profiler, stream=sys.stdout).sort_stats("cumulative").print_stats(25)


if __name__ == "__main__":
    main()

"""Benchmark: extraction throughput (articles/s) against bare ``nlp.pipe`` in the same run.

Figures (one line each; the ratio is measured in the same run so it holds on a noisy machine):

* bare ``nlp.pipe`` over the articles, n_process=1 and n_process=2 (the baseline: parsing only);
* :meth:`accord.extract.pipeline.Extractor.extract` over the same articles with the same
  ``n_process`` — parsing plus actor resolution, quotes, positions, figures, dates and events;
  the overhead is ``extract time / bare time - 1`` (target: ≤ 25 %);
* the post-parse extraction alone on already-parsed docs (what our code costs per article).

Articles: the five seeds, cleaned by ``accord.corpus.process.process_bytes`` (what ``accord
ingest`` stores), repeated to ``--articles`` documents. Each timing is the best of
``--repeats`` runs, bare and full runs alternating (least disturbed by other processes).

Run: ``.venv/bin/python bench/bench_extract.py [--articles 60] [--repeats 2]``
"""

from __future__ import annotations

import argparse
import time
from collections.abc import Callable
from pathlib import Path

from accord.corpus.process import process_bytes
from accord.extract.nlp import load_pipeline
from accord.extract.pipeline import Extractor

SEEDS = Path(__file__).resolve().parents[2] / "shared" / "corpus" / "seeds"


def best_of(fn: Callable[[], object], repeats: int) -> float:
    """Fastest of ``repeats`` wall-clock runs."""
    best = float("inf")
    for _ in range(repeats):
        t0 = time.perf_counter()
        fn()
        best = min(best, time.perf_counter() - t0)
    return best


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, default=60)
    parser.add_argument("--repeats", type=int, default=2)
    parser.add_argument("--batch-size", type=int, default=16)
    args = parser.parse_args()

    seeds = [process_bytes(p.read_bytes(), kind="text").text for p in sorted(SEEDS.glob("*.txt"))]
    texts = [seeds[i % len(seeds)] for i in range(args.articles)]
    n = len(texts)
    chars = sum(len(t) for t in texts)
    nlp = load_pipeline()
    extractor = Extractor(nlp, batch_size=args.batch_size)
    list(extractor.extract([(t, None) for t in texts[:5]]))  # warm caches (matchers, lexicons)

    print(f"articles: {n} ({chars / n:,.0f} chars each on average), batch_size {args.batch_size}")
    for n_process in (1, 2):
        extractor.n_process = n_process
        # Alternate bare and full runs so a change in the machine's load hits both alike.
        bare = full = float("inf")
        for _ in range(args.repeats):
            bare = min(bare, best_of(
                lambda n_process=n_process: list(
                    nlp.pipe(texts, batch_size=args.batch_size, n_process=n_process)
                ),
                1,
            ))
            full = min(full, best_of(
                lambda: list(extractor.extract([(t, None) for t in texts])), 1
            ))
        print(f"n_process={n_process} bare nlp.pipe: {n / bare:6.1f} articles/s ({bare:.2f} s)")
        print(
            f"n_process={n_process} Extractor.extract: {n / full:6.1f} articles/s ({full:.2f} s); "
            f"overhead {full / bare - 1:+.1%} over bare nlp.pipe (target <= +25%)"
        )

    docs = list(nlp.pipe(texts, batch_size=args.batch_size))

    def post_parse() -> None:
        for d in docs:
            d.user_data.clear()  # as fresh from the parser: no cached text from a previous pass
            extractor.extract_doc(d)

    post = best_of(post_parse, args.repeats)
    print(
        f"post-parse extraction alone: {n / post:6.1f} articles/s "
        f"({post / n * 1000:.1f} ms/article)"
    )


if __name__ == "__main__":
    main()

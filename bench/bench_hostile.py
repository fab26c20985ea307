"""Hostile ingest inputs under the default input limits: time and peak memory of one ingest
each, next to a normal article of the same size ingested in the same run (the baseline).

    .venv/bin/python bench/bench_hostile.py

Each input is ingested by a fresh ``accord ingest`` process into a fresh SQLite file, killed
after ``TIMEOUT`` seconds. One line per input: seconds, peak RSS (MB, the process sampled every
20 ms), and the one ``error:`` line it gave (or "landed").
"""

from __future__ import annotations

import gzip
import json
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

import psutil

TIMEOUT = 600
SENTENCE = "The envoys met in Geneva on Monday to discuss the ceasefire and the prisoners. "


def normal_html(size: int) -> str:
    paragraphs = "".join(f"<p>{SENTENCE * 8}</p>\n" for _ in range(size // (len(SENTENCE) * 8)))
    return f"<html><body><article>{paragraphs}</article></body></html>"


def write_inputs(folder: Path) -> dict[str, Path]:
    made: dict[str, Callable[[Path], None]] = {
        "baseline: 1 MB normal page.html": lambda p: p.write_text(normal_html(1 << 20)),
        "1 MB page, 100,000 attributes on one tag.html": lambda p: p.write_text(
            "<html><body><div " + " ".join(f'a{i}="v"' for i in range(100_000)) + "><p>x</p>"
        ),
        "300,000 <p>x</p> (2.4 MB).html": lambda p: p.write_text(
            "<html><body>" + "<p>x</p>" * 300_000
        ),
        "baseline: 5 MB normal text.txt": lambda p: p.write_text(
            (SENTENCE + "\n") * (5_000_000 // (len(SENTENCE) + 1))
        ),
        "one 5 MB word.txt": lambda p: p.write_text("Talks resumed. " + "a" * 5_000_000),
        "1 MB .jsonl.gz of 1 GB blank lines.jsonl.gz": _blank_gzip,
        "3 JSONL lines of 45 MB.jsonl.gz": lambda p: p.write_bytes(gzip.compress(
            "".join(json.dumps({"text": SENTENCE * (45_000_000 // len(SENTENCE))}) + "\n"
                    for _ in range(3)).encode()
        )),
        "WARC header line of 1 GB.warc.gz": _long_header,
    }
    paths = {}
    for name, write in made.items():
        path = folder / name.replace(" ", "_").replace("/", "-")
        write(path)
        paths[name] = path
    return paths


def _blank_gzip(path: Path) -> None:
    with gzip.open(path, "wb", compresslevel=9) as fh:
        for _ in range(1024):
            fh.write(b"\n" * (1 << 20))


def _long_header(path: Path) -> None:
    with gzip.open(path, "wb", compresslevel=9) as fh:
        fh.write(b"WARC/1.0\r\nWARC-Type: response\r\nX-Long: ")
        for _ in range(1024):
            fh.write(b"a" * (1 << 20))
        fh.write(b"\r\n\r\n")


def ingest_once(path: Path, db: Path) -> tuple[float, float, str]:
    """Seconds, peak RSS of the ingest process and its workers (sampled every 20 ms, MB),
    and the first error line's message (or "landed")."""
    start = time.perf_counter()
    proc = subprocess.Popen(
        [sys.executable, "-m", "accord.cli", "ingest", str(path), "--db", str(db),
         "--workers", "1", "--no-progress"],
        stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True,
    )
    peak = 0
    watched = psutil.Process(proc.pid)
    while proc.poll() is None:
        if time.perf_counter() - start > TIMEOUT:
            proc.kill()
            proc.wait()
            return TIMEOUT, peak / 2**20, f"killed after {TIMEOUT} s"
        try:
            tree = [watched, *watched.children(recursive=True)]
            peak = max(peak, sum(p.memory_info().rss for p in tree))
        except psutil.Error:
            pass
        time.sleep(0.02)
    seconds = time.perf_counter() - start
    assert proc.stderr is not None
    errors = [line for line in proc.stderr.read().splitlines() if line.startswith("error: ")]
    outcome = errors[0].split(": ", 2)[-1] if errors else "landed"
    return seconds, peak / 2**20, outcome


def main() -> None:
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        for i, (name, path) in enumerate(write_inputs(folder).items()):
            seconds, rss_mb, outcome = ingest_once(path, folder / f"{i}.db")
            print(f"{name:48s} {seconds:7.1f} s  {rss_mb:7.0f} MB  {outcome}")


if __name__ == "__main__":
    main()

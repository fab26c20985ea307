"""`accord ingest` and `accord corpus list|show|clusters|cluster` through the real CLI."""

from __future__ import annotations

import csv
import io
import json
import shutil
import subprocess
from pathlib import Path

import pytest
from typer.testing import CliRunner

from accord.cli import app

runner = CliRunner()
ROOT = Path(__file__).resolve().parents[2]
ACCORD = ROOT / ".venv" / "bin" / "accord"


@pytest.fixture()
def ingested(seeds_dir: Path, db_url: str) -> Path:
    result = runner.invoke(app, ["ingest", str(seeds_dir), "--db", str(db_url), "--json"])
    assert result.exit_code == 0, result.output
    return db_url


def test_ingest_prints_a_summary_table(seeds_dir: Path, db_url: str) -> None:
    result = runner.invoke(app, ["ingest", str(seeds_dir), "--db", str(db_url)])
    assert result.exit_code == 0, result.output
    assert "ingest summary" in result.stdout
    assert "articles added" in result.stdout and "flag: spun-text" in result.stdout
    again = runner.invoke(app, ["ingest", str(seeds_dir), "--db", str(db_url), "--json"])
    summary = json.loads(again.stdout)
    assert (summary["added"], summary["unchanged"], summary["errors"]) == (0, 5, [])


def test_ingest_with_bad_files_exits_1_names_them_and_keeps_the_good(
    seeds_dir: Path, tmp_path: Path, db_url: str
) -> None:
    folder = tmp_path / "in"
    folder.mkdir()
    shutil.copy(seeds_dir / "001_abb2e1d81dd64829.txt", folder / "good.txt")
    (folder / "empty.txt").write_bytes(b"")
    (folder / "feed.jsonl").write_text('{"text": "Talks resumed in Riyadh today."}\n[oops\n')
    result = runner.invoke(app, ["ingest", str(folder), "--db", str(db_url), "--json"])
    assert result.exit_code == 1
    errors = [line for line in result.stderr.splitlines() if line.startswith("error:")]
    assert errors == [
        f"error: {folder / 'empty.txt'}: content: empty input: no text",
        f"error: {folder / 'feed.jsonl'}:2: malformed JSON: Expecting value (column 2)",
    ]
    summary = json.loads(result.stdout)
    assert summary["added"] == 2 and len(summary["errors"]) == 2
    listing = runner.invoke(app, ["corpus", "list", "--db", str(db_url), "--json"])
    assert sorted(Path(r["location"]).name for r in json.loads(listing.stdout)) == [
        "feed.jsonl:1",
        "good.txt",
    ]


def test_workers_option_gives_the_same_errors_and_summary(
    seeds_dir: Path, tmp_path: Path
) -> None:
    folder = tmp_path / "in"
    shutil.copytree(seeds_dir, folder)
    (folder / "empty.txt").write_bytes(b"")
    (folder / "feed.jsonl").write_text('{"text": "Talks resumed in Riyadh today."}\n[oops\n')
    outputs = []
    for workers in ("1", "2"):
        db = tmp_path / f"w{workers}.db"
        result = runner.invoke(
            app, ["ingest", str(folder), "--db", str(db), "--workers", workers, "--json"]
        )
        assert result.exit_code == 1
        outputs.append((result.stderr, json.loads(result.stdout)))
    assert outputs[0] == outputs[1]
    assert outputs[0][1]["added"] == 6
    bad = runner.invoke(
        app, ["ingest", str(folder), "--db", str(tmp_path / "x.db"), "--workers", "0"]
    )
    assert bad.exit_code == 1
    assert bad.stderr.strip() == "error: --workers: must be at least 1, not 0"


def test_max_bytes_option(seeds_dir: Path, db_url: str) -> None:
    result = runner.invoke(
        app, ["ingest", str(seeds_dir), "--db", str(db_url), "--max-bytes", "8000", "--json"]
    )
    assert result.exit_code == 1
    assert ("000_bfc96784ff80d2f5.txt: file is 10014 bytes, over the size cap of 8000 bytes "
            "(--max-bytes)\n") in result.stderr
    assert json.loads(result.stdout)["added"] == 4


def test_a_line_over_the_size_cap_names_the_flag(tmp_path: Path) -> None:
    import gzip

    folder = tmp_path / "in"
    folder.mkdir()
    with gzip.open(folder / "a.jsonl.gz", "wt", encoding="utf-8") as fh:
        fh.write(json.dumps({"text": "x" * 5000}) + "\n")
    result = runner.invoke(app, ["ingest", str(folder), "--db", str(tmp_path / "x.db"),
                                 "--max-bytes", "2000", "--no-progress"])
    assert result.exit_code == 1
    assert (f"error: {folder / 'a.jsonl.gz'}:1: line is over the size cap of 2000 bytes "
            "(--max-bytes)") in result.stderr


def test_corpus_list_json_and_csv(ingested: Path) -> None:
    rows = json.loads(
        runner.invoke(app, ["corpus", "list", "--db", str(ingested), "--json"]).stdout
    )
    assert [r["id"] for r in rows] == [1, 2, 3, 4, 5]
    assert rows[4]["repairs"] > 0 and "encoding-repaired" in rows[4]["flags"]
    assert all(r["story"] is not None for r in rows)
    out = runner.invoke(app, ["corpus", "list", "--db", str(ingested), "--csv"]).stdout
    table = list(csv.DictReader(io.StringIO(out)))
    assert len(table) == 5 and table[0]["id"] == "1" and "location" in table[0]
    flagged = json.loads(
        runner.invoke(
            app, ["corpus", "list", "--db", str(ingested), "--flag", "spun-text", "--json"]
        ).stdout
    )
    assert [Path(r["location"]).name for r in flagged] == ["002_048b79d3524bd487.txt"]
    table_out = runner.invoke(app, ["corpus", "list", "--db", str(ingested)]).stdout
    assert "articles" in table_out


def test_corpus_show_text_and_json(ingested: Path) -> None:
    result = runner.invoke(app, ["corpus", "show", "5", "--db", str(ingested)])
    assert result.exit_code == 0, result.output
    for heading in ("cleaned text", "removed lines", "repairs", "flags"):
        assert heading in result.stdout
    assert "乐鱼" in result.stdout  # the removed spam header is shown as removed
    doc = json.loads(
        runner.invoke(app, ["corpus", "show", "5", "--db", str(ingested), "--json"]).stdout
    )
    assert doc["text"].startswith("Kremlin Frames Trump’s Negotiations")
    assert doc["repairs"][0]["original"] and doc["removed_lines"] and doc["flags"]
    missing = runner.invoke(app, ["corpus", "show", "99", "--db", str(ingested)])
    assert missing.exit_code == 1
    assert "no article with id 99" in missing.stderr


def test_corpus_clusters_and_recluster(seeds_dir: Path, tmp_path: Path, db_url: str) -> None:
    folder = tmp_path / "in"
    shutil.copytree(seeds_dir, folder)
    text = (seeds_dir / "003_258dc5993ccb0ab8.txt").read_text()
    edited = text.replace("Kremlin", "Kremlin palace").replace("Europe", "the EU")
    edited = edited.replace("meeting", "meet-up").replace("polarised", "split")
    (folder / "repost.txt").write_text("Share on Facebook\nSubscribe\n" + edited + "\nRelated\n")
    assert runner.invoke(app, ["ingest", str(folder), "--db", str(db_url)]).exit_code == 0
    stories = json.loads(
        runner.invoke(app, ["corpus", "clusters", "--db", str(db_url), "--json"]).stdout
    )
    assert [(s["size"], s["members"], s["repost_links"]) for s in stories] == [(2, [4, 6], 1)]
    every = runner.invoke(app, ["corpus", "clusters", "--all", "--db", str(db_url), "--csv"])
    assert len(every.stdout.strip().splitlines()) == 1 + 5
    # Thresholds are options: demand near-identity and no spin evidence, and the pair splits.
    strict = runner.invoke(
        app,
        [
            "corpus",
            "cluster",
            "--db",
            str(db_url),
            "--repost-threshold",
            "0.95",
            "--spin-threshold",
            "1.0",
            "--json",
        ],
    )
    assert json.loads(strict.stdout)["multi_article_stories"] == 0
    too_high = runner.invoke(
        app, ["corpus", "cluster", "--db", str(db_url), "--repost-threshold", "1.0"]
    )
    assert too_high.exit_code == 2 and "--repost-threshold" in too_high.output
    back = runner.invoke(app, ["corpus", "cluster", "--db", str(db_url), "--json"])
    assert json.loads(back.stdout)["multi_article_stories"] == 1


@pytest.mark.skipif(not ACCORD.exists(), reason="the accord console script is not installed")
def test_the_installed_command_runs_end_to_end(seeds_dir: Path, tmp_path: Path) -> None:
    folder = tmp_path / "in"
    shutil.copytree(seeds_dir, folder)
    (folder / "broken.jsonl.gz").write_bytes(b"\x1f\x8b\x08\x00garbage")
    db = tmp_path / "cli.db"
    proc = subprocess.run(
        [str(ACCORD), "ingest", str(folder), "--db", str(db)],
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    assert proc.returncode == 1, proc.stderr
    # one located line for the broken file (the detail after the colon comes from zlib)
    (line,) = proc.stderr.strip().splitlines()
    assert line.startswith(f"error: {folder / 'broken.jsonl.gz'}:1: broken gzip stream: ")
    assert "articles added" in proc.stdout and "│ 5" in proc.stdout
    listing = subprocess.run(
        [str(ACCORD), "corpus", "list", "--db", str(db), "--json"],
        capture_output=True,
        text=True,
        timeout=300,
        check=True,
    )
    assert len(json.loads(listing.stdout)) == 5

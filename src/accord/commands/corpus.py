"""CLI commands for the corpus: ``accord ingest`` and ``accord corpus list|show|clusters|cluster``.

Each parses its options, calls one :class:`accord.Corpus` method and renders the result.
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer
from rich.console import Console

from accord.commands._common import (
    CsvFlag,
    DaskOption,
    DbOption,
    FormatOption,
    JsonFlag,
    MaxBytesOption,
    RepostOption,
    SpinOption,
    cli_errors,
    pick_format,
    print_error,
    print_warning,
    progress_bar,
)
from accord.corpus.limits import DEFAULT_LIMITS
from accord.corpus_db import DEFAULT_MAX_BYTES, REPOST_THRESHOLD, SPIN_THRESHOLD
from accord.errors import InputError
from accord.report.output import OutputFormat, emit, emit_json

if TYPE_CHECKING:
    from accord.corpus.counters import IngestSummary

def _limit(flag: str, help: str) -> Any:
    return typer.Option(
        flag, help=help + " See README, Input limits.", rich_help_panel="Input limits"
    )


_L = DEFAULT_LIMITS
MaxDecompressed = Annotated[int, _limit("--max-decompressed", "Decompressed bytes of a .gz file.")]
MaxLineBytes = Annotated[int, _limit("--max-line-bytes", "Bytes of a JSONL line / WARC payload.")]
MaxHeaderBytes = Annotated[int, _limit("--max-header-bytes", "Bytes of one WARC header block.")]
MaxHtmlNodes = Annotated[int, _limit("--max-html-nodes", "Elements of one HTML page.")]
MaxHtmlAttributes = Annotated[int, _limit("--max-html-attributes", "Attributes of one HTML tag.")]
MaxHtmlDepth = Annotated[int, _limit("--max-html-depth", "Nesting depth of HTML elements.")]
MaxWordChars = Annotated[int, _limit("--max-word-chars", "Characters of the longest word.")]
ArticleTimeout = Annotated[
    float, _limit("--article-timeout", "Seconds to process one article (0: no limit).")
]

corpus_app = typer.Typer(
    name="corpus",
    help="Inspect ingested articles and stories.",
    no_args_is_help=True,
)

ARTICLE_COLUMNS = ["id", "version", "location", "title", "published", "language", "encoding",
                   "chars", "repairs", "removed", "flags", "story"]

@cli_errors
def ingest(
    paths: Annotated[
        list[Path],
        typer.Argument(help="Files or folders: .txt .html .htm .jsonl(.gz) .warc(.gz)."),
    ],
    db: DbOption = None,
    max_bytes: MaxBytesOption = DEFAULT_MAX_BYTES,
    follow_links: Annotated[
        bool,
        typer.Option(
            "--follow-links",
            help="Follow symbolic links that point out of the given folders (default: skip "
            "them, with a note).",
        ),
    ] = False,
    no_cluster: Annotated[
        bool, typer.Option("--no-cluster", help="Do not recompute stories afterwards.")
    ] = False,
    repost_threshold: RepostOption = REPOST_THRESHOLD,
    spin_threshold: SpinOption = SPIN_THRESHOLD,
    progress: Annotated[
        bool | None,
        typer.Option(
            "--progress/--no-progress",
            help="Show a progress bar (default: only when stderr is a terminal).",
            show_default=False,
        ),
    ] = None,
    workers: Annotated[
        int | None,
        typer.Option(
            "--workers",
            help="Processes for decoding/cleaning/fingerprinting (default: all CPUs when the "
            "input has 64+ files or 1 MB+, else 1). The database ends up the same either way.",
            show_default=False,
        ),
    ] = None,
    dask: DaskOption = None,
    json_flag: JsonFlag = False,
    max_decompressed: MaxDecompressed = _L.max_decompressed,
    max_line_bytes: MaxLineBytes = _L.max_line_bytes,
    max_header_bytes: MaxHeaderBytes = _L.max_header_bytes,
    max_html_nodes: MaxHtmlNodes = _L.max_html_nodes,
    max_html_attributes: MaxHtmlAttributes = _L.max_html_attributes,
    max_html_depth: MaxHtmlDepth = _L.max_html_depth,
    max_word_chars: MaxWordChars = _L.max_word_chars,
    article_timeout: ArticleTimeout = _L.article_timeout,
) -> None:
    """Ingest articles; print a summary. Exit 1 if any file, line or record failed.

    Re-ingesting unchanged files adds nothing; a changed file adds a new version.
    """
    import accord
    from accord.corpus.readers import count_files

    if dask is not None and workers is not None:
        raise InputError("give --workers or --dask, not both", field="--workers")
    show = sys.stderr.isatty() if progress is None else progress
    total = count_files(paths, follow_links=follow_links) if show else None
    with progress_bar("ingest", "files · {task.fields[articles]} articles", show,
                      total=total, articles=0) as update:
        summary = accord.Corpus(db).ingest(
            paths, max_bytes=max_bytes, follow_links=follow_links, cluster=not no_cluster,
            workers=workers,
            repost_threshold=repost_threshold, spin_threshold=spin_threshold,
            progress=update and (lambda p: update(p.files_done, articles=p.articles_done)),
            dask=dask, max_decompressed=max_decompressed, max_line_bytes=max_line_bytes,
            max_header_bytes=max_header_bytes, max_html_nodes=max_html_nodes,
            max_html_attributes=max_html_attributes, max_html_depth=max_html_depth,
            max_word_chars=max_word_chars, article_timeout=article_timeout,
        )
    for note in summary.notes:
        print_warning(note, label="note")
    for error in summary.errors:
        print_error(error)
    if json_flag:
        emit_json(summary.to_dict())
    else:
        emit(_summary_rows(summary), ["what", "count"], title="ingest summary")
    if not summary.ok:
        raise typer.Exit(1)


def _summary_rows(summary: IngestSummary) -> list[dict[str, Any]]:
    d = summary.to_dict()
    rows = [{"what": label, "count": value} for _, label, value in summary.counts()]
    rows.append({"what": "errors", "count": len(d["errors"])})
    rows += [{"what": f"flag: {name}", "count": n} for name, n in d["flags"].items()]
    if d["stories"] is not None:
        rows.append({"what": "stories (multi-article)",
                     "count": d["stories"]["multi_article_stories"]})
        rows.append({"what": "stories (all)", "count": d["stories"]["stories"]})
    return rows


@corpus_app.command("list")
@cli_errors
def list_cmd(
    db: DbOption = None,
    all_versions: Annotated[
        bool, typer.Option("--all", help="Include superseded versions.")
    ] = False,
    flag: Annotated[
        str | None, typer.Option("--flag", help="Only articles with this quality flag.")
    ] = None,
    limit: Annotated[int | None, typer.Option("--limit", min=1)] = None,
    fmt: FormatOption = OutputFormat.table,
    json_flag: JsonFlag = False,
    csv_flag: CsvFlag = False,
) -> None:
    """List articles: id, version, source location, title, outlet, date, language, flags, story."""
    import accord

    rows = accord.Corpus(db).articles(all=all_versions, flag=flag, limit=limit)
    emit([r.to_dict() for r in rows], ARTICLE_COLUMNS, pick_format(fmt, json_flag, csv_flag),
         title="articles")


@corpus_app.command("show")
@cli_errors
def show_cmd(
    article_id: Annotated[int, typer.Argument(help="Article id (see `accord corpus list`).")],
    db: DbOption = None,
    json_flag: JsonFlag = False,
) -> None:
    """Show one article: metadata, cleaned text, removed lines, repairs and quality flags."""
    import accord

    doc = accord.Corpus(db).article(article_id)
    if json_flag:
        emit_json(doc)
    else:
        _print_article(doc)


def _print_article(doc: dict[str, Any]) -> None:
    from rich.markup import escape as escape_markup

    from accord.report.output import printable

    def escape(value: str) -> str:  # data, never markup; controls escaped
        return escape_markup(printable(value))

    out = Console(soft_wrap=True, highlight=False)
    state = "current" if doc["is_current"] else "superseded"
    out.print(f"[bold]#{doc['id']}[/] v{doc['version']} ({state}) {escape(doc['location'])}")
    for key in ("title", "outlet", "url", "published", "language", "encoding", "story"):
        if doc[key] is not None:
            out.print(f"  {key}: {escape(str(doc[key]))}")
    out.print(f"  raw: {doc['raw_bytes']} bytes, sha256 {doc['raw_sha256'][:16]}…")
    if doc["aliases"]:
        out.print(f"  identical copies: {escape(', '.join(doc['aliases']))}")
    out.rule("cleaned text")
    out.print(escape_markup(printable(doc["text"], multiline=True)))
    out.rule(f"removed lines ({len(doc['removed_lines'])})")
    for r in doc["removed_lines"]:
        reason, text = escape(r['reason']), escape(r['text'].rstrip())
        out.print(f"  [{r['start']}:{r['end']}] {reason}: {text}")
    out.rule(f"repairs ({len(doc['repairs'])})")
    for r in doc["repairs"]:
        sure = "" if r["certain"] else " (guess)"
        out.print(
            f"  [{r['start']}:{r['end']}] {r['kind']}{sure}: "
            f"{escape(repr(r['original']))} → {escape(repr(r['replacement']))} — "
            f"{escape(r['reason'])}"
        )
    out.rule(f"flags ({len(doc['flags'])})")
    for f in doc["flags"]:
        score = "" if f["score"] is None else f" {f['score']:.3g}"
        out.print(f"  {f['name']}{score}: {len(f['spans'])} span(s) in {f['span_space'] or '?'}")


@corpus_app.command("clusters")
@cli_errors
def clusters_cmd(
    db: DbOption = None,
    all_stories: Annotated[
        bool, typer.Option("--all", help="Include single-article stories.")
    ] = False,
    fmt: FormatOption = OutputFormat.table,
    json_flag: JsonFlag = False,
    csv_flag: CsvFlag = False,
) -> None:
    """List stories (clusters of reposts and spun copies) with their member article ids."""
    import accord

    rows = accord.Corpus(db).clusters(all=all_stories)
    emit([r.to_dict() for r in rows], ["id", "size", "members", "repost_links", "spin_links",
                                       "title"], pick_format(fmt, json_flag, csv_flag),
         title="stories")


@corpus_app.command("cluster")
@cli_errors
def cluster_cmd(
    db: DbOption = None,
    repost_threshold: RepostOption = REPOST_THRESHOLD,
    spin_threshold: SpinOption = SPIN_THRESHOLD,
    json_flag: JsonFlag = False,
) -> None:
    """Recompute all stories now (e.g. with other thresholds)."""
    import accord

    result = accord.Corpus(db).cluster(repost_threshold=repost_threshold,
                                       spin_threshold=spin_threshold)
    doc = {
        "articles": result.n_articles,
        "stories": result.n_stories,
        "multi_article_stories": result.n_multi,
        "repost_links": result.n_repost_links,
        "spin_links": result.n_spin_links,
        "candidate_pairs": result.n_candidates,
    }
    if json_flag:
        emit_json(doc)
    else:
        emit([{"what": k, "count": v} for k, v in doc.items()], ["what", "count"],
             title="clustering")


def register(app: typer.Typer) -> None:
    """Add ``accord ingest`` and the ``accord corpus`` group to ``app``."""
    app.command("ingest")(ingest)
    app.add_typer(corpus_app, name="corpus")

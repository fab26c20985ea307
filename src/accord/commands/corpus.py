"""CLI commands for the corpus: ``accord ingest`` and ``accord corpus list|show|clusters|cluster``.

Thin wrappers over :mod:`accord.corpus.ingest`, :mod:`accord.corpus.cluster` and
:mod:`accord.store.corpus_queries`.
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Annotated, Any

import typer
from rich.console import Console
from rich.progress import (
    BarColumn,
    MofNCompleteColumn,
    Progress,
    TextColumn,
    TimeElapsedColumn,
    TimeRemainingColumn,
)
from sqlalchemy.orm import Session

from accord.commands._common import (
    CsvFlag,
    DaskOption,
    DbOption,
    FormatOption,
    JsonFlag,
    cli_errors,
    pick_format,
    print_error,
    start_executor,
)
from accord.corpus.readers import DEFAULT_MAX_BYTES
from accord.errors import InputError
from accord.report.output import OutputFormat, emit, emit_json

corpus_app = typer.Typer(
    name="corpus",
    help="Inspect ingested articles and stories.",
    no_args_is_help=True,
)

MaxBytesOption = Annotated[
    int,
    typer.Option(
        "--max-bytes",
        min=1,
        help="Size cap per file (and per JSONL line / WARC record), in bytes.",
    ),
]
RepostOption = Annotated[
    float,
    typer.Option(
        "--repost-threshold",
        min=0.05,
        max=0.95,
        help="Shingle-MinHash Jaccard above which two articles are reposts of one story.",
    ),
]
SpinOption = Annotated[
    float,
    typer.Option(
        "--spin-threshold",
        min=0.0,
        max=1.0,
        help="Weighted word/name/number/quote score above which a spun copy joins its source.",
    ),
]


def _cluster_params(repost: float, spin: float) -> Any:
    from accord.corpus.cluster import ClusterParams

    return ClusterParams(repost_threshold=repost, spin_threshold=spin)


def _defaults() -> tuple[float, float]:
    from accord.corpus.cluster import ClusterParams

    p = ClusterParams()
    return p.repost_threshold, p.spin_threshold


_REPOST_DEFAULT, _SPIN_DEFAULT = _defaults()


@cli_errors
def ingest(
    paths: Annotated[
        list[Path],
        typer.Argument(help="Files or folders: .txt .html .htm .jsonl(.gz) .warc(.gz)."),
    ],
    db: DbOption = None,
    max_bytes: MaxBytesOption = DEFAULT_MAX_BYTES,
    no_cluster: Annotated[
        bool, typer.Option("--no-cluster", help="Do not recompute stories afterwards.")
    ] = False,
    repost_threshold: RepostOption = _REPOST_DEFAULT,
    spin_threshold: SpinOption = _SPIN_DEFAULT,
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
) -> None:
    """Ingest articles; print a summary. Exit 1 if any file, line or record failed.

    Re-ingesting unchanged files adds nothing; a changed file adds a new version.
    """
    from accord.corpus.ingest import IngestProgress, ingest_paths
    from accord.corpus.readers import count_files
    from accord.store.db import open_engine

    if workers is not None and workers < 1:
        raise InputError(f"must be at least 1, not {workers}", field="--workers")
    if dask is not None and workers is not None:
        raise InputError("give --workers or --dask, not both", field="--workers")
    engine = open_engine(db)
    executor = start_executor(dask)
    show_bar = sys.stderr.isatty() if progress is None else progress
    params = _cluster_params(repost_threshold, spin_threshold)
    if show_bar:
        total = count_files(paths)
        bar = Progress(
            TextColumn("[bold]ingest"),
            BarColumn(),
            MofNCompleteColumn(),
            TextColumn("files · {task.fields[articles]} articles"),
            TimeElapsedColumn(),
            TimeRemainingColumn(),
            console=Console(stderr=True),
            transient=True,
        )
        with bar:
            task = bar.add_task("ingest", total=total, articles=0)

            def advance(p: IngestProgress) -> None:
                bar.update(task, completed=p.files_done, articles=p.articles_done)

            summary = ingest_paths(
                paths,
                engine,
                max_bytes=max_bytes,
                cluster=not no_cluster,
                cluster_params=params,
                progress=advance,
                workers=workers,
                executor=executor,
            )
    else:
        summary = ingest_paths(
            paths,
            engine,
            max_bytes=max_bytes,
            cluster=not no_cluster,
            cluster_params=params,
            workers=workers,
            executor=executor,
        )
    if executor is not None:
        executor.close()
    for error in summary.errors:
        print_error(error)
    if json_flag:
        emit_json(summary.to_dict())
    else:
        d = summary.to_dict()
        rows = [{"what": label, "count": value} for _, label, value in summary.counts()]
        rows.append({"what": "errors", "count": len(d["errors"])})
        rows += [{"what": f"flag: {name}", "count": n} for name, n in d["flags"].items()]
        if d["stories"] is not None:
            s = d["stories"]
            rows.append({"what": "stories (multi-article)", "count": s["multi_article_stories"]})
            rows.append({"what": "stories (all)", "count": s["stories"]})
        emit(rows, ["what", "count"], OutputFormat.table, title="ingest summary")
    if not summary.ok:
        raise typer.Exit(1)


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
    from accord.store.corpus_queries import list_articles
    from accord.store.db import open_engine

    with Session(open_engine(db)) as session:
        rows = list_articles(session, include_old=all_versions, flag=flag, limit=limit)
    columns = [
        "id",
        "version",
        "location",
        "title",
        "published",
        "language",
        "encoding",
        "chars",
        "repairs",
        "removed",
        "flags",
        "story",
    ]
    emit(
        [r.to_dict() for r in rows],
        columns,
        pick_format(fmt, json_flag, csv_flag),
        title="articles",
    )


@corpus_app.command("show")
@cli_errors
def show_cmd(
    article_id: Annotated[int, typer.Argument(help="Article id (see `accord corpus list`).")],
    db: DbOption = None,
    json_flag: JsonFlag = False,
) -> None:
    """Show one article: metadata, cleaned text, removed lines, repairs and quality flags."""
    from accord.store.corpus_queries import article_aliases, get_article, story_of
    from accord.store.db import open_engine

    with Session(open_engine(db)) as session:
        article = get_article(session, article_id)
        if article is None:
            raise InputError(f"no article with id {article_id}", field="ID")
        doc = {
            "id": article.id,
            "identity": article.identity,
            "version": article.version,
            "is_current": article.is_current,
            "location": article.location,
            "kind": article.kind,
            "title": article.title,
            "outlet": article.outlet,
            "url": article.url,
            "published": article.published,
            "language": article.language,
            "encoding": article.encoding,
            "raw_bytes": len(article.raw),
            "raw_sha256": article.raw_sha256,
            "content_hash": article.content_hash,
            "story": story_of(session, article.id),
            "aliases": [a.source_path for a in article_aliases(session, article.id)],
            "text": article.text,
            "removed_lines": [
                {"start": r.start, "end": r.end, "reason": r.reason, "text": r.text}
                for r in article.removed_lines
            ],
            "repairs": [
                {
                    "start": r.start,
                    "end": r.end,
                    "original": r.original,
                    "replacement": r.replacement,
                    "kind": r.kind,
                    "certain": r.certain,
                    "reason": r.reason,
                }
                for r in article.repairs
            ],
            "flags": [
                {
                    "name": f.name,
                    "score": f.score,
                    "spans": f.spans,
                    "span_space": f.span_space,
                    "detail": f.detail,
                }
                for f in article.flags
            ],
        }
    if json_flag:
        emit_json(doc)
        return
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
    from accord.store.corpus_queries import list_stories
    from accord.store.db import open_engine

    with Session(open_engine(db)) as session:
        rows = list_stories(session, min_size=1 if all_stories else 2)
    emit(
        [r.to_dict() for r in rows],
        ["id", "size", "members", "repost_links", "spin_links", "title"],
        pick_format(fmt, json_flag, csv_flag),
        title="stories",
    )


@corpus_app.command("cluster")
@cli_errors
def cluster_cmd(
    db: DbOption = None,
    repost_threshold: RepostOption = _REPOST_DEFAULT,
    spin_threshold: SpinOption = _SPIN_DEFAULT,
    json_flag: JsonFlag = False,
) -> None:
    """Recompute all stories now (e.g. with other thresholds)."""
    from accord.corpus.cluster import cluster_articles
    from accord.store.db import open_engine

    result = cluster_articles(open_engine(db), _cluster_params(repost_threshold, spin_threshold))
    doc = {
        "articles": result.n_articles,
        "stories": len(result.stories),
        "multi_article_stories": result.n_multi,
        "repost_links": result.n_repost_links,
        "spin_links": result.n_spin_links,
        "candidate_pairs": result.n_candidates,
    }
    if json_flag:
        emit_json(doc)
    else:
        emit(
            [{"what": k, "count": v} for k, v in doc.items()], ["what", "count"], title="clustering"
        )


def register(app: typer.Typer) -> None:
    """Add ``accord ingest`` and the ``accord corpus`` group to ``app``."""
    app.command("ingest")(ingest)
    app.add_typer(corpus_app, name="corpus")

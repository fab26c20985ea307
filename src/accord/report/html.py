"""The self-contained HTML report of a model: one file, no script, no network at view time.

Styles are inlined (and allowed by their hash in the file's own Content-Security-Policy), plots
are SVG (inline figures, and matplotlib drawings as ``data:`` images), and every text from the
model or the corpus goes through Jinja2's autoescaping. The file prints cleanly from a browser.

>>> from accord.report.html import write_report
>>> write_report("model.yaml", "report.html", db="accord.db")  # doctest: +SKIP
"""

from __future__ import annotations

import base64
import datetime as dt
import hashlib
import os
from collections.abc import Callable, Mapping
from pathlib import Path
from typing import Any

import jinja2

from accord import __version__
from accord.model.load import model_errors_in_file
from accord.model.schema import NegotiationModel
from accord.report.analysis import (
    ENGINE_NAMES,
    EvidenceItem,
    Explanation,
    ModelReport,
    Statement,
    analyse_model,
)
from accord.report.drift import DriftPoint
from accord.report.evidence import safe_url
from accord.report.figures import colour, scale_svg, trajectory_svg
from accord.report.prose import fmt_number, fmt_percent
from accord.report.svg import data_uri

TEMPLATES = Path(__file__).with_name("templates")
MAX_MOVES_SHOWN = 200
# Engines whose trajectories are drawn per issue (the static ones have a single round).
DYNAMIC_ENGINES = ("eum", "smp", "exchange")


def report_css() -> str:
    """The report's stylesheet (inlined into the file)."""
    return (TEMPLATES / "report.css").read_text(encoding="utf-8")


def style_hash(css: str) -> str:
    """The CSP source expression that allows exactly this ``<style>`` block."""
    digest = hashlib.sha256(css.encode("utf-8")).digest()
    return "'sha256-" + base64.b64encode(digest).decode("ascii") + "'"


def report_csp(css: str | None = None) -> str:
    """The report's Content-Security-Policy: nothing but its own style block and data: images."""
    return (
        f"default-src 'none'; style-src {style_hash(css or report_css())}; img-src data:; "
        "base-uri 'none'; form-action 'none'"
    )


class _TemplateCache(jinja2.FileSystemBytecodeCache):
    """Jinja's cache of compiled templates in a private folder of the user's temporary
    directory (Jinja checks that the folder is the user's own, mode 0700; an entry is used only
    for the same template source and the same Jinja and Python): compiling the report's
    template took ~0.06 s of CPU in every new `accord report` process, loading it ~1 ms. A
    cache that cannot be written is skipped."""

    def dump_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
        """Store a compiled template; a full or read-only disk is not an error."""
        try:
            super().dump_bytecode(bucket)
        except OSError:
            pass


def _template_cache() -> jinja2.BytecodeCache | None:
    try:
        return _TemplateCache()
    except (OSError, RuntimeError):  # no usable temporary directory: compile every time
        return None


def _env() -> jinja2.Environment:
    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(str(TEMPLATES)),
        autoescape=True,
        trim_blocks=True,
        lstrip_blocks=True,
        bytecode_cache=_template_cache(),
    )
    env.filters["num"] = fmt_number
    env.filters["pct"] = fmt_percent
    env.filters["safe_url"] = safe_url
    env.filters["data_uri"] = data_uri
    return env


_ENV = _env()


def _default_article_link(item: EvidenceItem) -> str | None:
    return safe_url(item.url)


def _default_statement_link(s: Statement) -> str | None:
    return safe_url(s.url)


def _default_drift_link(p: DriftPoint) -> str | None:
    return safe_url(p.url)


def render_report(
    rep: ModelReport,
    *,
    article_link: Callable[[EvidenceItem], str | None] | None = None,
    statement_link: Callable[[Statement], str | None] | None = None,
    drift_link: Callable[[DriftPoint], str | None] | None = None,
) -> str:
    """The report as one HTML document. Links to articles go to their own http(s) URL unless
    ``article_link`` / ``statement_link`` / ``drift_link`` say otherwise (the workbench links
    to its pages)."""
    colours = {d.id: colour(k) for k, d in enumerate(rep.dossiers)}
    labels = {d.id: d.label for d in rep.dossiers}
    scales = {i.id: scale_svg(i, colours) for i in rep.issues}
    trajs: dict[str, list[Any]] = {i.id: [] for i in rep.issues}
    for engine in DYNAMIC_ENGINES:
        result = rep.results.get(engine)
        if result is None or result.history.shape[0] < 2:
            continue
        for k, issue in enumerate(rep.issues):
            d = list(result.dimensions).index(issue.id)
            stake = [a for a, p in enumerate(result.actors)
                     if any(pos.actor == p for pos in issue.positions)]
            hist = result.history[:, stake, d].tolist()
            trajs[issue.id].append(
                trajectory_svg(
                    hist, [result.actors[a] for a in stake], labels, colours,
                    (issue.scale_min, issue.scale_max), float(result.forecast[d]),
                    title=ENGINE_NAMES.get(engine, engine),
                )
            )
            del k
    explain_by_engine: dict[str, list[Explanation]] = {e: [] for e in rep.engines
                                                       if e in DYNAMIC_ENGINES}
    for e in rep.explanations:
        explain_by_engine.setdefault(e.engine, []).append(e)
    zones = {b.track: b for b in rep.bargains}
    binding_by_issue: dict[str, list[str]] = {}
    for b in rep.bargains:
        for text in b.binding:
            for issue in rep.issues:
                if f" {issue.id} " in f" {text} " or f"on {issue.id}" in text:
                    binding_by_issue.setdefault(issue.id, []).append(text)
    css = report_css()
    return _ENV.get_template("report.html.j2").render(
        rep=rep,
        css=css,
        csp=report_csp(css),
        version=__version__,
        colours=colours,
        labels=labels,
        scales=scales,
        trajs=trajs,
        plots={e: data_uri(svg) for e, svg in rep.trajectories_svg.items()},
        explain_by_engine=explain_by_engine,
        zones=zones,
        binding_by_issue=binding_by_issue,
        engine_names=ENGINE_NAMES,
        max_moves=MAX_MOVES_SHOWN,
        article_link=article_link or _default_article_link,
        statement_link=statement_link or _default_statement_link,
        drift_link=drift_link or _default_drift_link,
        drift_plot=data_uri(rep.drift_svg) if rep.drift_svg else None,
    )


@model_errors_in_file
def build_report(
    model: str | os.PathLike[str] | NegotiationModel,
    *,
    db: str | os.PathLike[str] | None = None,
    sweep: str | Mapping[str, Any] | None = None,
    as_of: dt.date | str | None = None,
    plots: bool = True,
) -> ModelReport:
    """Load and validate ``model`` (a path or a model object), open ``db`` if given (a corpus
    to link evidence and dossiers to) and analyse it. ``sweep`` is a sweep id in ``db`` or a
    sweep summary; ``as_of`` (date or ISO text) leaves out later evidence."""
    from accord.errors import InputError

    source = None
    if isinstance(model, NegotiationModel):
        loaded_model = model
    else:
        from accord.model.load import load_checked

        source = str(model)
        loaded_model = load_checked(Path(model)).model
    if isinstance(as_of, str):
        try:
            as_of = dt.date.fromisoformat(as_of)
        except ValueError:
            raise InputError(
                f"expected a date YYYY-MM-DD, got {as_of!r}", field="as_of"
            ) from None
    sweep_data: Mapping[str, Any] | None = None
    if db is None:
        if isinstance(sweep, str):
            raise InputError("a sweep id needs --db (sweeps are stored in the database)",
                             field="sweep")
        sweep_data = sweep
        return analyse_model(loaded_model, source=source, sweep=sweep_data, as_of=as_of,
                             plots=plots)
    from sqlalchemy.orm import Session

    from accord.store.db import open_engine

    if "://" not in str(db) and not Path(db).is_file():
        raise InputError("no such database (run `accord ingest` first)", file=str(db),
                         field="db")
    database = open_engine(db)
    try:
        with Session(database) as session:
            if isinstance(sweep, str):
                from accord.report.sweeps import sweep_summary

                sweep_data = sweep_summary(session, sweep)
            else:
                sweep_data = sweep
            return analyse_model(loaded_model, session=session, source=source,
                                 sweep=sweep_data, as_of=as_of, plots=plots)
    finally:
        database.dispose()


def write_report(
    model: str | os.PathLike[str] | NegotiationModel,
    output: str | os.PathLike[str],
    *,
    db: str | os.PathLike[str] | None = None,
    sweep: str | Mapping[str, Any] | None = None,
    as_of: dt.date | str | None = None,
) -> Path:
    """Write the HTML report of ``model`` to ``output`` atomically; return the path."""
    from accord.files import atomic_write_text

    rep = build_report(model, db=db, sweep=sweep, as_of=as_of)
    out = Path(output)
    atomic_write_text(out, render_report(rep))
    return out


def report(
    model: str | os.PathLike[str] | NegotiationModel,
    output: str | os.PathLike[str] | None = None,
    *,
    db: str | os.PathLike[str] | None = None,
    sweep: str | Mapping[str, Any] | None = None,
    as_of: dt.date | str | None = None,
) -> str | Path:
    """The HTML report of ``model``: written to ``output`` (returns the path) or returned as
    text. Same options as ``accord report``.

    >>> import accord
    >>> html = accord.report("examples/ukraine-2025/model.yaml")  # doctest: +SKIP
    >>> accord.report("model.yaml", "report.html", db="accord.db")  # doctest: +SKIP
    """
    if output is not None:
        return write_report(model, output, db=db, sweep=sweep, as_of=as_of)
    return render_report(build_report(model, db=db, sweep=sweep, as_of=as_of))

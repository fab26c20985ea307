"""What the extracted position statements say: ``timeline``, ``model_draft`` and ``model_check``
(``accord timeline``, ``accord model draft``, ``accord model check``).

Each reads the current position statements of a corpus database (``accord extract`` puts
them there) with an actor registry and the issue lexicon that places them on issue scales:

>>> import accord, tempfile
>>> db = accord.Corpus(":memory:")
>>> _ = db.ingest(["examples/corpus-extra"]); _ = db.extract()
>>> rows = accord.timeline(db, issue="territory", since="2025-12-01").rows
>>> rows[0]["date"], rows[0]["what"], rows[0]["actors"], rows[0]["outlets"]
('2025-12-03', 'refuses', 'russia', 'The Global News Watch')
>>> path = f"{tempfile.mkdtemp()}/draft.yaml"
>>> accord.model_draft(path, db=db, as_of="2025-12-03").summary()
'3 actors, 4 issues, 7 positions, 12 evidence items'
>>> check = accord.model_check(path, db=db)
>>> [(r.actor, r.issue, len(r.supporting), len(r.contradicting)) for r in check.positions][:3]
[('russia', 'territory', 4, 0), ('russia', 'peace_plan', 0, 1), ('ukraine', 'territory', 2, 3)]
"""

from __future__ import annotations

import datetime as dt
import os
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeAlias

if TYPE_CHECKING:
    from accord.corpus_db import Corpus
    from accord.drafting.check import PositionCheck
    from accord.drafting.draft import Statement
    from accord.extract.positions import IssueLexicon
    from accord.extract.registry import ActorRegistry
    from accord.model.schema import NegotiationModel
    from accord.model.validate import Finding

PathLike = str | os.PathLike[str]
DbSource: TypeAlias = "PathLike | Corpus | None"


@contextmanager
def _corpus(db: DbSource) -> Iterator[Corpus]:
    """``db`` itself, or the database it names (default ``./accord.db``), which must exist
    already; one opened here is closed on leaving."""
    from accord.corpus_db import Corpus

    if isinstance(db, Corpus):
        yield db
        return
    with Corpus("accord.db" if db is None else db, create=False) as corpus:
        yield corpus


def _statements(corpus: Corpus) -> list[Statement]:
    from accord.drafting.draft import statements_from_rows

    return statements_from_rows(corpus.positions())


def _registry_and_lexicon(
    registry: PathLike | ActorRegistry | None, lexicon: PathLike | None
) -> tuple[ActorRegistry, IssueLexicon]:
    from accord.corpus_db import load_registry
    from accord.extract.positions import IssueLexicon

    return load_registry(registry), IssueLexicon.load(Path(lexicon) if lexicon else None)


@dataclass
class Timeline:
    """The rows of ``accord timeline`` (date, kind, what, actors, issue, place, n_sources,
    outlets, text, sources) and, when a plot was asked for, its path and as-of dates."""

    rows: list[dict[str, Any]]
    plot: Path | None = None
    plot_dates: int = 0


def timeline(
    db: DbSource = None,
    *,
    actor: str | None = None,
    issue: str | None = None,
    since: dt.date | str | None = None,
    until: dt.date | str | None = None,
    window: int = 1,
    plot: PathLike | None = None,
    registry: PathLike | ActorRegistry | None = None,
    lexicon: PathLike | None = None,
) -> Timeline:
    """One dated row per merged event (every source of it) and per position statement.

    ``actor`` (registry id, name or alias; a state keeps its people's statements) and
    ``issue`` (lexicon id or alias) filter the rows, ``since``/``until`` bound their dates;
    events reported up to ``window`` days apart merge. ``plot`` also writes the forecast per
    issue against the as-of dates (PNG or SVG): ``accord timeline --plot PATH``.
    """
    from accord.drafting.draft import registry_id
    from accord.errors import InputError
    from accord.extract.event_merge import merge_events
    from accord.model.as_of import parse_as_of
    from accord.report.timeline import forecast_series, plot_forecast_series, timeline_rows

    reg, lex = _registry_and_lexicon(registry, lexicon)
    issue_id = None
    if issue is not None:
        found = lex.resolve(issue)
        if found is None:
            raise InputError(f"unknown issue {issue!r} (ids: {', '.join(lex.issues)})",
                             field="issue")
        issue_id = found.id
    start, end = parse_as_of(since, "since"), parse_as_of(until, "until")
    with _corpus(db) as corpus:
        positions, events = corpus.positions(), corpus.events()
    rows = timeline_rows(merge_events(events, window_days=window), positions,
                         actor_ids=[registry_id(reg, actor)] if actor else [], issue=issue_id,
                         since=start, until=end, registry=reg)
    if plot is None:
        return Timeline(rows)
    from accord.drafting.draft import statements_from_rows

    series = forecast_series(statements_from_rows(positions), reg, lex)
    return Timeline(rows, plot_forecast_series(series, Path(plot)), len(series))


@dataclass
class Draft:
    """A drafted model (``model``), the YAML text written (``text``) and, for a draft merged
    into an analyst's model, the one-line ``merge_report``."""

    model: NegotiationModel
    text: str
    merge_report: str | None = None

    def summary(self) -> str:
        """What the draft holds (or, merged, what the merge changed), in one line."""
        if self.merge_report is not None:
            return self.merge_report
        m = self.model
        return (f"{len(m.actors)} actors, {len(m.issues)} issues, {len(m.positions)} positions, "
                f"{sum(len(p.evidence) for p in m.positions)} evidence items")


def model_draft(
    output: PathLike | None = None,
    *,
    db: DbSource = None,
    as_of: dt.date | str | None = None,
    actors: Sequence[str] = (),
    issues: Sequence[str] = (),
    merge: PathLike | None = None,
    registry: PathLike | ActorRegistry | None = None,
    lexicon: PathLike | None = None,
) -> Draft:
    """Propose a model from the position statements (every number marked ``proposed:`` with
    its basis, every statement cited as evidence), written to ``output`` when given.

    ``as_of`` keeps only what was published by then; ``actors`` (registry ids, names or
    aliases) and ``issues`` (lexicon ids or aliases) restrict the draft; ``merge`` names an
    analyst's model whose values and comments are kept, the draft filling only what is
    missing or still marked proposed: ``accord model draft -o OUTPUT``.
    """
    from accord.drafting.draft import draft_model, issue_alias
    from accord.files import atomic_write_text
    from accord.model.as_of import parse_as_of
    from accord.model.io import format_yaml
    from accord.model.merge import merge_into

    reg, lex = _registry_and_lexicon(registry, lexicon)
    day = parse_as_of(as_of, "as_of")
    with _corpus(db) as corpus:
        statements = _statements(corpus)
    model = draft_model(statements, reg, lex, as_of=day, actors=actors, issues=issues)
    report = None
    if merge is None:
        text = format_yaml(model)
    else:
        text, report = merge_into(Path(merge).read_text(encoding="utf-8"), model, str(merge),
                                  issue_alias=issue_alias(lex))
    if output is not None:
        atomic_write_text(Path(output), text)
    return Draft(model, text, report)


@dataclass
class ModelCheck:
    """``accord model check``: per position of ``file``'s model, the newer statements that
    support or contradict it (``positions``), dated after ``since``; ``warnings`` of loading."""

    file: str
    since: str
    positions: list[PositionCheck]
    warnings: list[Finding] = field(default_factory=list)

    @property
    def n_contradicting(self) -> int:
        """How many newer statements contradict a position of the model."""
        return sum(len(r.contradicting) for r in self.positions)

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready: the file, the date and every position's findings."""
        return {"file": self.file, "since": self.since,
                "positions": [r.to_dict() for r in self.positions]}


def model_check(
    file: PathLike,
    *,
    db: DbSource = None,
    since: dt.date | str | None = None,
    tolerance: float = 20.0,
    registry: PathLike | ActorRegistry | None = None,
    lexicon: PathLike | None = None,
) -> ModelCheck:
    """Check a model file against newer evidence: per position, the statements published after
    ``since`` (default the model's ``as_of``) that land within ``tolerance`` scale points of it
    (support) or not (contradict), positions with no evidence, and evidence that no longer
    verifies against the corpus: ``accord model check FILE``.
    """
    from accord.drafting.check import check_model
    from accord.model.as_of import parse_as_of
    from accord.model.load import load_checked

    reg, lex = _registry_and_lexicon(registry, lexicon)
    day = parse_as_of(since, "since")
    checked = load_checked(Path(file))
    with _corpus(db) as corpus:
        statements, articles = _statements(corpus), corpus.texts()
    results = check_model(checked.model, statements, reg, lex, since=day, articles=articles,
                          tolerance=tolerance)
    when = day or checked.model.as_of
    return ModelCheck(str(file), when.isoformat() if when else "", results,
                      list(checked.warnings))

"""accord: evidence-backed models of multi-party negotiations from uneven news.

One name per command-line verb, with the same parameters::

    import accord
    db = accord.Corpus("accord.db")              # a SQLite file (or an SQLAlchemy URL)
    db.ingest(["examples/corpus"])               # accord ingest
    db.extract()                                 # accord extract
    db.quotes(actor="Witkoff")                   # accord quotes --actor Witkoff
    model = accord.load_model("examples/ukraine-2025/model.yaml")
    accord.validate("examples/ukraine-2025/model.yaml", db=db)  # accord validate --db
    accord.forecast(model, engine="eum", track="settlement")    # accord forecast
    accord.bargain(model, track="settlement", transfers=True)  # accord bargain

Corpus and extraction
    Corpus                  a database handle: ingest, articles, article, clusters, cluster,
                            extract, quotes, figures, events, positions, digest, candidates, texts
    actors                  the actor registry's actors (merge, accept, ignore edit it)
    timeline                merged events and position statements by date, with sources
    db_upgrade, db_downgrade, db_current   the database's schema migrations
Models
    load_model              read and check a model file (YAML, KTAB CSV/XML, BdM CSV)
    load_checked            the same, keeping the file's locations and the warnings
    validate                located errors, warnings and evidence checks of a model file
    convert, model_schema   format conversion; the JSON Schema
    NegotiationModel        the model itself (pydantic)
    model_draft             propose a model from the extracted position statements
    model_check             a model's positions against newer statements
Forecasts
    get_engine              an engine built with rounds, the model's own settings and parameters
    forecast, explain       forecast each issue (a Forecast: result, table, notes, plots);
                            why an actor moved
    at_date                 a model as it stood on a date (evidence published by then)
    forecast_drift          the forecast as of every publication date of the evidence
    engine_names            the engines: compromise, median, eum, smp, exchange
Bargaining and coalitions
    bargain                 zone of agreement, Pareto frontier, Nash/KS/…, side payments
    power, game, apportion  power indices, TU-game solutions, claims rules
Uncertainty
    sweep                   Monte Carlo over a model's uncertain inputs (stored with db=)
    sensitivity, compare    which inputs move each forecast; scenarios side by side
Reports and the workbench
    report                  the self-contained HTML report of a model (callable package)
    serve                   the web workbench over a corpus database and model files
Errors
    AccordError, InputError  one located line: file:line:column: field: message

Names load on first use, so ``import accord`` stays cheap (no spaCy, SciPy, pandas or
pydantic until a name that needs them is used).

>>> import accord
>>> accord.power([7] * 5 + [1] * 10, 39).indices.shapley_shubik[0]
Fraction(421, 2145)
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

__version__ = "0.1.0"

if TYPE_CHECKING:
    from accord import report
    from accord.bargaining import Bargaining, bargain
    from accord.coalitions import Apportionment, GameSolution, Power, apportion, game, power
    from accord.corpus_db import Corpus
    from accord.database import DbStatus, db_current, db_downgrade, db_upgrade
    from accord.errors import AccordError, InputError
    from accord.forecasting import (
        DriftPoint,
        Engine,
        Explanation,
        Forecast,
        at_date,
        engine_names,
        explain,
        forecast,
        forecast_drift,
        get_engine,
    )
    from accord.model.load import CheckedModel, load_checked, load_model
    from accord.model.schema import NegotiationModel
    from accord.model_files import convert, model_schema, validate
    from accord.registry import RegistryEdit, accept, actors, ignore, merge
    from accord.serving import serve
    from accord.statements import Draft, ModelCheck, Timeline, model_check, model_draft, timeline
    from accord.uncertainty import compare, sensitivity, sweep

_WHERE = {
    "Corpus": "accord.corpus_db",
    "actors": "accord.registry",
    "merge": "accord.registry",
    "accept": "accord.registry",
    "ignore": "accord.registry",
    "RegistryEdit": "accord.registry",
    "timeline": "accord.statements",
    "Timeline": "accord.statements",
    "db_upgrade": "accord.database",
    "db_downgrade": "accord.database",
    "db_current": "accord.database",
    "DbStatus": "accord.database",
    "load_model": "accord.model.load",
    "load_checked": "accord.model.load",
    "CheckedModel": "accord.model.load",
    "NegotiationModel": "accord.model.schema",
    "validate": "accord.model_files",
    "convert": "accord.model_files",
    "model_draft": "accord.statements",
    "Draft": "accord.statements",
    "model_check": "accord.statements",
    "ModelCheck": "accord.statements",
    "model_schema": "accord.model_files",
    "get_engine": "accord.forecasting",
    "engine_names": "accord.forecasting",
    "forecast": "accord.forecasting",
    "explain": "accord.forecasting",
    "Engine": "accord.forecasting",
    "Explanation": "accord.forecasting",
    "Forecast": "accord.forecasting",
    "at_date": "accord.forecasting",
    "forecast_drift": "accord.forecasting",
    "DriftPoint": "accord.forecasting",
    "bargain": "accord.bargaining",
    "Bargaining": "accord.bargaining",
    "power": "accord.coalitions",
    "game": "accord.coalitions",
    "apportion": "accord.coalitions",
    "Power": "accord.coalitions",
    "GameSolution": "accord.coalitions",
    "Apportionment": "accord.coalitions",
    "report": "accord.report",
    "serve": "accord.serving",
    "sweep": "accord.uncertainty",
    "sensitivity": "accord.uncertainty",
    "compare": "accord.uncertainty",
    "AccordError": "accord.errors",
    "InputError": "accord.errors",
}

__all__ = [
    "AccordError",
    "Apportionment",
    "Bargaining",
    "CheckedModel",
    "Corpus",
    "DbStatus",
    "Draft",
    "DriftPoint",
    "Engine",
    "Explanation",
    "Forecast",
    "GameSolution",
    "InputError",
    "ModelCheck",
    "NegotiationModel",
    "Power",
    "RegistryEdit",
    "Timeline",
    "accept",
    "actors",
    "apportion",
    "at_date",
    "bargain",
    "compare",
    "convert",
    "db_current",
    "db_downgrade",
    "db_upgrade",
    "engine_names",
    "explain",
    "forecast",
    "forecast_drift",
    "game",
    "get_engine",
    "ignore",
    "load_checked",
    "load_model",
    "merge",
    "model_check",
    "model_draft",
    "model_schema",
    "power",
    "report",
    "sensitivity",
    "serve",
    "sweep",
    "timeline",
    "validate",
]


def __getattr__(name: str) -> Any:
    """Load a public name on first use (PEP 562)."""
    where = _WHERE.get(name)
    if where is None:
        raise AttributeError(f"module 'accord' has no attribute {name!r}")
    module = importlib.import_module(where)
    value = module if where == f"accord.{name}" else getattr(module, name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted({*globals(), *_WHERE})

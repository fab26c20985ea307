"""Extracted items. Every item carries character offsets into the article's cleaned text.

``start``/``end`` are Python string offsets (``text[start:end]`` is the evidence). Items are
plain dataclasses so they can be stored, serialised and compared in tests.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date


@dataclass
class Mention:
    """A named mention (PERSON, ORG, GPE, NORP or a descriptive reference like "the adviser").

    ``actor_id`` is the registry actor it resolves to, or None (a candidate for the analyst).
    ``method`` says how it was resolved: alias, fuzzy, context, coref, title, ...
    """

    start: int
    end: int
    text: str
    label: str
    actor_id: str | None = None
    method: str | None = None
    score: float | None = None


@dataclass
class Quote:
    """A direct or indirect quote with its speaker.

    ``start``/``end`` span the quoted words (without the quote marks for direct quotes);
    ``speaker_start``/``speaker_end`` span the words naming the speaker (may be a pronoun).
    """

    start: int
    end: int
    text: str
    kind: str  # "direct" | "indirect"
    speaker_text: str | None = None
    speaker_start: int | None = None
    speaker_end: int | None = None
    actor_id: str | None = None
    cue: str | None = None
    #: The principal the speaker speaks for when the text or the registry says so
    #: ("Kremlin spokesman Dmitry Peskov said" → russia); stored as ``quotes.on_behalf_of``.
    on_behalf_of: str | None = None


@dataclass
class Figure:
    """A money amount, percentage, count or range, normalised."""

    start: int
    end: int
    text: str
    kind: str  # "money" | "percent" | "count" | "ratio"
    value: float
    unit: str | None = None  # ISO currency (USD, EUR, RUB ...), "percent", "people", "cents", ...
    value_high: float | None = None  # upper bound for ranges


@dataclass
class DateMention:
    """A date expression resolved to a calendar date with its precision."""

    start: int
    end: int
    text: str
    value: date | None
    precision: str  # "day" | "week" (value = its Monday) | "month" | "year" | "decade"
    relative: bool = False


@dataclass
class Event:
    """A meeting, call, visit, proposal, sanction ... typed with PLOVER."""

    start: int
    end: int
    text: str
    plover: str  # CONSULT, AGREE, DEMAND, REJECT, THREATEN, ...
    trigger: str
    participants: list[str] = field(default_factory=list)  # actor ids
    place: str | None = None
    date: date | None = None
    date_text: str | None = None
    date_precision: str | None = None  # as DateMention.precision: "2022" is a year, not 1 Jan
    # Surface text of every participant mention, resolved or not (unresolved ones have no id).
    participant_texts: list[str] = field(default_factory=list)
    trigger_start: int | None = None  # offset of the trigger word in the cleaned text


@dataclass
class PositionStatement:
    """An actor saying what it wants, offers, refuses or demands of another party on an issue.

    ``target`` is the party a demand is made of (the side of the person or state named:
    "Putin insisted that Kyiv must surrender territory" → target ``ukraine``); ``strength`` is
    ``red_line`` (never, outright, any, non-negotiable …), ``demand`` or ``openness`` (an
    offer, or a hedged refusal: "may reject some of …").
    """

    start: int
    end: int
    text: str
    actor_id: str | None
    issue: str
    direction: str  # "wants" | "offers" | "refuses" | "demands"
    cue: str | None = None
    target: str | None = None
    strength: str | None = None
    #: The person whose words state it when ``actor_id`` is the principal they speak for
    #: ("Kremlin spokesman Dmitry Peskov said …": speaker peskov); stored as
    #: ``positions.speaker``.
    speaker: str | None = None

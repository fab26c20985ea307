"""The actor registry (an analyst-edited YAML file) and mention → actor resolution.

The registry lists who matters in a negotiation: states, blocs, organisations and people with
their aliases, misspellings seen in bad copies, roles (title + whose + dates + source), team
memberships and ``speaks_for`` links (a spokesperson voices a principal). See
``examples/ukraine-2025/actors.yaml``.

:class:`ActorResolver` turns a parsed article into :class:`~accord.extract.types.Mention`
items. It compiles its spaCy matchers once per vocabulary and then, per document:

1. matches every alias and misspelling (case-sensitive, token-aligned) and every role
   description ("the Russian president", "Putin's spokesperson", "Foreign Minister of Russia")
   anywhere in the text, whatever label spaCy's NER gave (the small model often tags
   "Witkoff" as ORG or GPE), longest match first;
2. takes the named entities (PERSON, ORG, GPE, NORP) no registry match covers and resolves
   them by first name in context ("Kirill" when Kirill Dmitriev is mentioned in the same
   article and no other Kirill is), then by fuzzy match (Jaro–Winkler, for "Witkov");
3. leaves the rest unresolved (``actor_id=None``): these are the candidates the analyst can
   accept, merge or ignore (``accord actors candidates``).

>>> registry = ActorRegistry.default()
>>> registry.get("peskov").speaks_for
'putin'
"""

from __future__ import annotations

import bisect
import functools
import os
import re
import unicodedata
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any

import yaml
from rapidfuzz import process
from rapidfuzz.distance import JaroWinkler

if TYPE_CHECKING:  # spaCy loads in ~1 s: the registry (and `accord actors`) must not need it
    from spacy.matcher import PhraseMatcher
    from spacy.tokens import Doc, Span
    from spacy.vocab import Vocab

from accord.errors import InputError
from accord.extract.types import Mention

KINDS = ("person", "state", "organisation", "bloc")
GENDERS = ("male", "female")
ENV_VAR = "ACCORD_REGISTRY"
PACKAGED = Path(__file__).with_name("data") / "actors-ukraine-2025.yaml"
LOCAL_NAME = "actors.yaml"

# Spelling variants of role titles in English news; the registry names one canonical title
# per role and these let "Kremlin spokesman" or "top diplomat" find it.
TITLE_SYNONYMS: dict[str, tuple[str, ...]] = {
    "spokesperson": ("spokesman", "spokeswoman", "press secretary"),
    "president": (),
    "foreign minister": ("top diplomat",),
    "envoy": ("special envoy", "special representative"),
    "adviser": ("advisor", "aide"),
    "aide": ("adviser", "advisor"),
    "chief executive": ("CEO", "chief executive officer"),
    "deputy chair": ("deputy chairman", "deputy head"),
    "head": ("chief", "director"),
    "crown prince": (),
}

# A demonym stands for its state only when it describes who acts or speaks for it
# ("Russian officials", "the Ukrainian side", "Russians"), not an attribute ("a Russian
# artist", "Russian custody"). Lemmas of such head nouns:
AGENT_HEADS: frozenset[str] = frozenset(
    {
        "official", "government", "authority", "diplomat", "diplomacy", "side", "delegation",
        "negotiator", "president", "leader", "leadership", "force", "troop", "military", "army",
        "medium", "media", "ministry", "minister", "team", "parliament", "lawmaker", "officer",
        "envoy", "counterpart", "position", "proposal", "demand", "offer", "stance", "state",
        "spokesperson", "spokesman", "intelligence", "embassy", "ambassador", "administration",
        "strategy", "interest", "claim", "narrative", "response", "plan", "objective", "goal",
        "negotiation", "talk", "security", "representative", "elite", "establishment",
    }
)

# Label a registry match by the actor's kind, not by what the NER guessed.
KIND_LABEL = {"person": "PERSON", "state": "GPE", "organisation": "ORG", "bloc": "ORG"}
NER_LABELS = ("PERSON", "ORG", "GPE", "NORP")

_ID_RE = re.compile(r"^[a-z][a-z0-9_]*$")
_APOSTROPHES = ("'", "\u2019")


@dataclass(frozen=True)
class Role:
    """A title held for (``of``) another actor, e.g. president of ``russia``."""

    title: str
    of: str | None = None
    start: date | None = None
    end: date | None = None
    source: str | None = None

    def active(self, when: date | None) -> bool:
        """True when the role is held on ``when`` (always true without a date)."""
        if when is None:
            return True
        return (self.start is None or self.start <= when) and (self.end is None or when <= self.end)


@dataclass
class Actor:
    """One registry entry."""

    id: str
    name: str
    kind: str
    aliases: list[str] = field(default_factory=list)
    misspellings: list[str] = field(default_factory=list)
    demonyms: list[str] = field(default_factory=list)
    gender: str | None = None
    roles: list[Role] = field(default_factory=list)
    speaks_for: str | None = None
    note: str | None = None

    def surface_forms(self) -> list[str]:
        """Canonical name, aliases and misspellings (no demonyms)."""
        return _unique([self.name, *self.aliases, *self.misspellings])

    def first_names(self) -> set[str]:
        """Given names of a person: first token of each multi-word name form."""
        if self.kind != "person":
            return set()
        return {f.split()[0] for f in self.surface_forms() if len(f.split()) > 1}


@dataclass
class Team:
    """A negotiating team: members (actor ids) on one side."""

    id: str
    name: str
    side: str | None = None
    members: list[str] = field(default_factory=list)
    source: str | None = None


class _LineLoader(yaml.SafeLoader):
    """A YAML loader that remembers the line of every mapping (for error messages)."""


def _construct_mapping(loader: _LineLoader, node: yaml.MappingNode) -> dict[str, Any]:
    pairs = loader.construct_mapping(node, deep=True).items()
    mapping: dict[str, Any] = {str(k): v for k, v in pairs}
    mapping["__line__"] = node.start_mark.line + 1
    return mapping


_LineLoader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, _construct_mapping)
# Dates stay strings until validated, so a bad one is reported with its line and field.
_LineLoader.yaml_implicit_resolvers = {
    first: [(tag, rx) for tag, rx in resolvers if tag != "tag:yaml.org,2002:timestamp"]
    for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}


def _unique(items: Iterable[str]) -> list[str]:
    seen: dict[str, None] = {}
    for item in items:
        if item and item not in seen:
            seen[item] = None
    return list(seen)


def normalise_name(text: str) -> str:
    """Fold a surface form for comparison: NFKC, straight apostrophes, no possessive, lower.

    >>> normalise_name("  Trump’s ")
    'trump'
    """
    text = unicodedata.normalize("NFKC", text).replace("\u2019", "'").strip()
    text = re.sub(r"'s$|'$", "", text)
    text = re.sub(r"^(the|The)\s+", "", text)
    return " ".join(text.split()).lower()


def slugify(name: str) -> str:
    """A registry id for a new actor name.

    >>> slugify("Anastasia Likhacheva")
    'anastasia_likhacheva'
    """
    folded = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode()
    slug = re.sub(r"[^a-z0-9]+", "_", folded.lower()).strip("_")
    return slug if slug and slug[0].isalpha() else f"actor_{slug}"


class ActorRegistry:
    """The actors of one negotiation, loaded from (and saved to) a YAML file.

    >>> reg = ActorRegistry.default()
    >>> reg.get("dmitriev").name
    'Kirill Dmitriev'
    >>> reg.principal("peskov")
    'putin'
    """

    def __init__(
        self,
        actors: Sequence[Actor],
        teams: Sequence[Team] = (),
        ignore: Sequence[str] = (),
        *,
        path: Path | None = None,
        header: str = "",
        version: int = 1,
    ) -> None:
        self.actors: dict[str, Actor] = {}
        for actor in actors:
            if actor.id in self.actors:
                raise InputError(f"duplicate actor id {actor.id!r}", file=_s(path), field="id")
            self.actors[actor.id] = actor
        self.teams = list(teams)
        self.ignore = list(ignore)
        self.path = path
        self.header = header
        self.version = version

    # -- loading and saving -------------------------------------------------------------

    @classmethod
    def load(cls, path: str | os.PathLike[str]) -> ActorRegistry:
        """Read a registry file; bad content is an :class:`InputError` naming file and line."""
        path = Path(path)
        text = path.read_text(encoding="utf-8")
        try:
            data = yaml.load(text, Loader=_LineLoader)  # noqa: S506 - SafeLoader subclass
        except yaml.YAMLError as exc:
            mark = getattr(exc, "problem_mark", None)
            raise InputError(
                f"not valid YAML: {getattr(exc, 'problem', exc)}",
                file=str(path),
                line=mark.line + 1 if mark else None,
                column=mark.column + 1 if mark else None,
            ) from None
        registry = cls.from_dict(data, path=path)
        registry.header = _header_comments(text)
        return registry

    @classmethod
    def default(cls) -> ActorRegistry:
        """The packaged registry for the 2025 US–Russia talks on Ukraine."""
        return cls.load(PACKAGED)

    @classmethod
    def from_dict(cls, data: Any, *, path: Path | None = None) -> ActorRegistry:
        """Build a registry from parsed YAML, validating every field."""
        file = _s(path)
        if not isinstance(data, dict) or not isinstance(data.get("actors"), list):
            raise InputError("expected a mapping with an 'actors' list", file=file, field="actors")
        actors = [_parse_actor(entry, file) for entry in data["actors"]]
        teams = [_parse_team(entry, file) for entry in data.get("teams") or []]
        ignore = data.get("ignore") or []
        if not isinstance(ignore, list) or not all(isinstance(x, str) for x in ignore):
            raise InputError("expected a list of names", file=file, field="ignore")
        registry = cls(actors, teams, ignore, path=path, version=int(data.get("version", 1)))
        registry._check_references(data)
        return registry

    def _check_references(self, data: dict[str, Any]) -> None:
        file = _s(self.path)
        lines = {e.get("id"): e.get("__line__") for e in data["actors"] if isinstance(e, dict)}
        for actor in self.actors.values():
            line = lines.get(actor.id)
            if actor.speaks_for is not None and actor.speaks_for not in self.actors:
                raise InputError(
                    f"unknown actor id {actor.speaks_for!r}", file=file, line=line,
                    field=f"{actor.id}.speaks_for",
                )
            for role in actor.roles:
                if role.of is not None and role.of not in self.actors:
                    raise InputError(
                        f"unknown actor id {role.of!r}", file=file, line=line,
                        field=f"{actor.id}.roles.of",
                    )
        for team in self.teams:
            for member in [*team.members, *([team.side] if team.side else [])]:
                if member not in self.actors:
                    raise InputError(
                        f"unknown actor id {member!r}", file=file, field=f"teams.{team.id}"
                    )

    def to_dict(self) -> dict[str, Any]:
        """Plain data in the file's layout (empty fields left out)."""
        return {
            "version": self.version,
            "actors": [_actor_dict(a) for a in self.actors.values()],
            "teams": [_team_dict(t) for t in self.teams],
            "ignore": list(self.ignore),
        }

    def save(self, path: str | os.PathLike[str] | None = None) -> Path:
        """Write the registry back, deterministically, atomically (temp file + rename).

        The comment block at the top of the file is kept; comments inside entries are not
        (PyYAML does not keep them).
        """
        target = Path(path) if path is not None else self.path
        if target is None:
            raise InputError("no file to save the registry to", field="registry")
        body = yaml.dump(
            self.to_dict(), Dumper=_RegistryDumper, sort_keys=False, allow_unicode=True,
            width=100,
        )
        tmp = target.with_name(f".{target.name}.tmp")
        tmp.write_text(self.header + body, encoding="utf-8")
        os.replace(tmp, target)
        self.path = target
        return target

    # -- lookups ------------------------------------------------------------------------

    def get(self, actor_id: str) -> Actor:
        """The actor with this id (KeyError if absent)."""
        return self.actors[actor_id]

    def __contains__(self, actor_id: object) -> bool:
        return actor_id in self.actors

    def __iter__(self) -> Iterator[Actor]:
        return iter(self.actors.values())

    def __len__(self) -> int:
        return len(self.actors)

    def principal(self, actor_id: str) -> str:
        """Follow ``speaks_for`` links to the actor whose position is voiced.

        Cycles stop at the first repeated id.
        """
        seen = {actor_id}
        current = actor_id
        while (nxt := self.actors[current].speaks_for) is not None and nxt not in seen:
            seen.add(nxt)
            current = nxt
        return current

    def teams_of(self, actor_id: str) -> list[Team]:
        """Teams with this actor as a member."""
        return [t for t in self.teams if actor_id in t.members]

    def find(self, name: str) -> Actor | None:
        """The actor whose id, name, alias or misspelling equals ``name`` (folded)."""
        key = normalise_name(name)
        for actor in self.actors.values():
            if key == actor.id or key in {normalise_name(f) for f in actor.surface_forms()}:
                return actor
        return None

    def is_ignored(self, name: str) -> bool:
        """True when the analyst chose to ignore this name."""
        key = normalise_name(name)
        return any(normalise_name(n) == key for n in self.ignore)

    # -- edits (used by `accord actors merge/accept/ignore`) -----------------------------

    def add_alias(self, name: str, actor_id: str) -> bool:
        """Add ``name`` as an alias of ``actor_id``; False if it already names that actor."""
        if actor_id not in self.actors:
            raise InputError(f"unknown actor id {actor_id!r}", file=_s(self.path), field="--into")
        other = self.find(name)
        if other is not None and other.id != actor_id:
            raise InputError(
                f"{name!r} already names actor {other.id!r}", file=_s(self.path), field="aliases"
            )
        actor = self.actors[actor_id]
        if other is not None:
            return False
        actor.aliases.append(name)
        self._unignore(name)
        return True

    def add_actor(self, name: str, kind: str = "person", actor_id: str | None = None) -> Actor:
        """Add a new actor named ``name`` (id from the name unless given)."""
        if kind not in KINDS:
            raise InputError(f"kind must be one of {', '.join(KINDS)}", field="--kind")
        existing = self.find(name)
        if existing is not None:
            raise InputError(
                f"{name!r} already names actor {existing.id!r}", file=_s(self.path), field="name"
            )
        new_id = actor_id or slugify(name)
        if not _ID_RE.match(new_id):
            raise InputError("ids are lowercase letters, digits and _", field="--id")
        if new_id in self.actors:
            raise InputError(f"actor id {new_id!r} exists", file=_s(self.path), field="--id")
        aliases = [name]
        if kind == "person" and len(name.split()) > 1:
            aliases.append(name.split()[-1])  # surname alone, the usual second reference
        actor = Actor(id=new_id, name=name, kind=kind, aliases=_unique(aliases))
        self.actors[new_id] = actor
        self._unignore(name)
        return actor

    def add_ignore(self, name: str) -> bool:
        """Record ``name`` in the ignore list; False if already there."""
        if self.is_ignored(name):
            return False
        self.ignore.append(name)
        return True

    def _unignore(self, name: str) -> None:
        key = normalise_name(name)
        self.ignore = [n for n in self.ignore if normalise_name(n) != key]


@functools.lru_cache(maxsize=1)
def default_registry() -> ActorRegistry:
    """The packaged registry, loaded once per process (do not edit the returned object)."""
    return ActorRegistry.default()


class _RegistryDumper(yaml.SafeDumper):
    """Lists of plain values on one line (``aliases: [A, B]``), mappings as blocks."""


def _represent_list(dumper: yaml.SafeDumper, data: list[Any]) -> yaml.SequenceNode:
    flow = all(not isinstance(item, (dict, list)) for item in data)
    return dumper.represent_sequence("tag:yaml.org,2002:seq", data, flow_style=flow)


_RegistryDumper.add_representer(list, _represent_list)


def registry_path(option: str | os.PathLike[str] | None = None) -> Path:
    """Where the CLI reads the registry: ``--registry``, ``$ACCORD_REGISTRY``, ``./actors.yaml``
    when present, else the packaged 2025 registry."""
    if option:
        return Path(option)
    env = os.environ.get(ENV_VAR)
    if env:
        return Path(env)
    local = Path(LOCAL_NAME)
    return local if local.is_file() else PACKAGED


def _s(path: Path | None) -> str | None:
    return str(path) if path is not None else None


def _header_comments(text: str) -> str:
    lines = []
    for line in text.splitlines(keepends=True):
        if line.startswith("#") or not line.strip():
            lines.append(line)
        else:
            break
    return "".join(lines)


def _str_list(entry: dict[str, Any], key: str, file: str | None, where: str) -> list[str]:
    value = entry.get(key) or []
    if isinstance(value, str):
        value = [value]
    if not isinstance(value, list) or not all(isinstance(v, (str, int)) for v in value):
        raise InputError(
            "expected a list of strings", file=file, line=entry.get("__line__"),
            field=f"{where}.{key}",
        )
    return [str(v) for v in value]


def _date(value: Any, file: str | None, line: int | None, where: str) -> date | None:
    if value is None or isinstance(value, date):
        return value
    try:
        return date.fromisoformat(str(value))
    except ValueError:
        raise InputError(
            f"expected a date YYYY-MM-DD, got {value!r}", file=file, line=line, field=where
        ) from None


def _parse_actor(entry: Any, file: str | None) -> Actor:
    if not isinstance(entry, dict):
        raise InputError("each actor must be a mapping", file=file, field="actors")
    line = entry.get("__line__")
    actor_id = entry.get("id")
    if not isinstance(actor_id, str) or not _ID_RE.match(actor_id):
        raise InputError(
            "each actor needs an id of lowercase letters, digits and _", file=file, line=line,
            field="id",
        )
    name = entry.get("name")
    if not isinstance(name, str) or not name.strip():
        raise InputError("missing name", file=file, line=line, field=f"{actor_id}.name")
    kind = entry.get("kind")
    if kind not in KINDS:
        raise InputError(
            f"kind must be one of {', '.join(KINDS)}, got {kind!r}", file=file, line=line,
            field=f"{actor_id}.kind",
        )
    gender = entry.get("gender")
    if gender is not None and gender not in GENDERS:
        raise InputError(
            f"gender must be one of {', '.join(GENDERS)}", file=file, line=line,
            field=f"{actor_id}.gender",
        )
    roles = []
    for raw in entry.get("roles") or []:
        rline = raw.get("__line__", line) if isinstance(raw, dict) else line
        if not isinstance(raw, dict) or not isinstance(raw.get("title"), str):
            raise InputError(
                "each role needs a title", file=file, line=rline, field=f"{actor_id}.roles"
            )
        roles.append(
            Role(
                title=raw["title"],
                of=raw.get("of"),
                start=_date(raw.get("start"), file, rline, f"{actor_id}.roles.start"),
                end=_date(raw.get("end"), file, rline, f"{actor_id}.roles.end"),
                source=raw.get("source"),
            )
        )
    speaks_for = entry.get("speaks_for")
    if speaks_for is not None and not isinstance(speaks_for, str):
        raise InputError(
            "expected an actor id", file=file, line=line, field=f"{actor_id}.speaks_for"
        )
    return Actor(
        id=actor_id,
        name=name.strip(),
        kind=kind,
        aliases=_str_list(entry, "aliases", file, actor_id),
        misspellings=_str_list(entry, "misspellings", file, actor_id),
        demonyms=_str_list(entry, "demonyms", file, actor_id),
        gender=gender,
        roles=roles,
        speaks_for=speaks_for,
        note=entry.get("note"),
    )


def _parse_team(entry: Any, file: str | None) -> Team:
    if not isinstance(entry, dict) or not isinstance(entry.get("id"), str):
        raise InputError("each team needs an id", file=file, field="teams")
    return Team(
        id=entry["id"],
        name=str(entry.get("name") or entry["id"]),
        side=entry.get("side"),
        members=_str_list(entry, "members", file, f"teams.{entry['id']}"),
        source=entry.get("source"),
    )


def _actor_dict(actor: Actor) -> dict[str, Any]:
    out: dict[str, Any] = {"id": actor.id, "name": actor.name, "kind": actor.kind}
    if actor.gender:
        out["gender"] = actor.gender
    for key in ("aliases", "misspellings", "demonyms"):
        values = getattr(actor, key)
        if values:
            out[key] = list(values)
    if actor.roles:
        out["roles"] = [
            {k: v for k, v in vars(r).items() if v is not None} for r in actor.roles
        ]
    if actor.speaks_for:
        out["speaks_for"] = actor.speaks_for
    if actor.note:
        out["note"] = actor.note
    return out


def _team_dict(team: Team) -> dict[str, Any]:
    out = {k: v for k, v in vars(team).items() if v not in (None, [])}
    return out


# ---------------------------------------------------------------------------------------
# Resolution


@dataclass(frozen=True)
class _Target:
    """What a matcher key stands for."""

    actors: tuple[str, ...]  # candidate actor ids (one for aliases)
    method: str  # alias | misspelling | demonym | title | role_noun
    score: float


@dataclass
class _Compiled:
    alias: PhraseMatcher
    titles: PhraseMatcher
    targets: dict[str, _Target]
    fuzzy_choices: list[str]
    fuzzy_owner: list[str]
    person_choices: list[str]
    person_owner: list[str]
    first_names: dict[str, list[str]]


class ActorResolver:
    """Resolve the named mentions of a parsed article to registry actors.

    Parameters are explicit: ``fuzzy_threshold`` is the Jaro–Winkler similarity (0–1) a
    misspelt name needs to match an alias; ``min_fuzzy_length`` keeps short tokens out of
    fuzzy matching; ``when`` (an article date) picks the roles held on that day;
    ``labels`` are the NER labels kept as (possibly unresolved) mentions;
    ``demonym_heads`` are the head nouns (lemmas) for which "Russian …" means Russia acting
    ("Russian officials"); other demonyms ("a Russian artist") stay unresolved NORP mentions;
    ``role_noun_window`` is how many characters back "the adviser" looks for a holder.

    >>> from accord.extract.nlp import load_pipeline
    >>> nlp = load_pipeline()
    >>> resolver = ActorResolver(ActorRegistry.default())
    >>> [(m.text, m.actor_id) for m in resolver.resolve(nlp("Witkov met the Russian president."))]
    [('Witkov', 'witkoff'), ('the Russian president', 'putin')]
    """

    def __init__(
        self,
        registry: ActorRegistry,
        *,
        fuzzy_threshold: float = 0.9,
        min_fuzzy_length: int = 5,
        when: date | None = None,
        labels: Sequence[str] = NER_LABELS,
        demonym_heads: frozenset[str] = AGENT_HEADS,
        role_noun_window: int = 1500,
    ) -> None:
        if not 0.0 < fuzzy_threshold <= 1.0:
            raise ValueError("fuzzy_threshold must be in (0, 1]")
        self.registry = registry
        self.fuzzy_threshold = fuzzy_threshold
        self.min_fuzzy_length = min_fuzzy_length
        self.when = when
        self.labels = tuple(labels)
        self.demonym_heads = demonym_heads
        self.role_noun_window = role_noun_window
        self._compiled: dict[int, _Compiled] = {}

    # -- compile ------------------------------------------------------------------------

    def _compile(self, vocab: Vocab) -> _Compiled:
        key = id(vocab)
        if key in self._compiled:
            return self._compiled[key]
        import spacy  # local: only needed once per vocabulary

        tokenizer = spacy.blank("en", vocab=vocab).tokenizer
        from spacy.matcher import PhraseMatcher

        alias = PhraseMatcher(vocab, attr="ORTH")
        titles = PhraseMatcher(vocab, attr="LOWER")
        targets: dict[str, _Target] = {}
        fuzzy_choices: list[str] = []
        fuzzy_owner: list[str] = []
        first_names: dict[str, list[str]] = {}

        def add(matcher: PhraseMatcher, key: str, phrases: Iterable[str], target: _Target) -> None:
            phrases = _unique(phrases)
            if not phrases:
                return
            targets[key] = target
            matcher.add(key, [tokenizer(p) for p in phrases])

        for actor in self.registry:
            add(alias, f"alias:{actor.id}", [actor.name, *actor.aliases],
                _Target((actor.id,), "alias", 1.0))
            add(alias, f"miss:{actor.id}", actor.misspellings,
                _Target((actor.id,), "misspelling", 0.95))
            add(alias, f"demonym:{actor.id}", actor.demonyms,
                _Target((actor.id,), "demonym", 0.9))
            for form in actor.surface_forms():
                fuzzy_choices.append(normalise_name(form))
                fuzzy_owner.append(actor.id)
            for first in actor.first_names():
                first_names.setdefault(first, []).append(actor.id)

        # Role descriptions: every (title variant × owner form) phrase, grouped by role key.
        by_phrase: dict[str, set[str]] = {}
        role_nouns: dict[str, set[str]] = {}
        for actor in self.registry:
            for role in actor.roles:
                if not role.active(self.when):
                    continue
                variants = [role.title, *TITLE_SYNONYMS.get(role.title, ())]
                for phrase in self._role_phrases(variants, role.of):
                    by_phrase.setdefault(phrase.lower(), set()).add(actor.id)
                for variant in variants:
                    role_nouns.setdefault(f"the {variant}".lower(), set()).add(actor.id)
        for i, (phrase, ids) in enumerate(sorted(by_phrase.items())):
            add(titles, f"title:{i}", [phrase], _Target(tuple(sorted(ids)), "title", 0.9))
        for i, (phrase, ids) in enumerate(sorted(role_nouns.items())):
            add(titles, f"noun:{i}", [phrase], _Target(tuple(sorted(ids)), "role_noun", 0.7))

        persons = [i for i, owner in enumerate(fuzzy_owner)
                   if self.registry.get(owner).kind == "person"]
        compiled = _Compiled(
            alias, titles, targets, fuzzy_choices, fuzzy_owner,
            [fuzzy_choices[i] for i in persons], [fuzzy_owner[i] for i in persons], first_names,
        )
        self._compiled[key] = compiled
        return compiled

    def _role_phrases(self, variants: Sequence[str], owner_id: str | None) -> Iterator[str]:
        if owner_id is None:
            return
        owner = self.registry.get(owner_id)
        names = [
            f for f in _unique([owner.name, *owner.aliases]) if not f.lower().startswith("the ")
        ]
        for title in variants:
            for demonym in owner.demonyms:
                yield f"{demonym} {title}"
                yield f"the {demonym} {title}"
            for name in names:
                for apos in _APOSTROPHES:
                    yield f"{name}{apos}s {title}"
                yield f"{name} {title}"
                yield f"the {name} {title}"
                yield f"{title} of {name}"
                yield f"the {title} of {name}"
                yield f"{title} to {name}"

    # -- resolve ------------------------------------------------------------------------

    def resolve(self, doc: Doc) -> list[Mention]:
        """All actor mentions in ``doc``, in text order, resolved where the registry allows."""
        compiled = self._compile(doc.vocab)
        proposals: list[tuple[Span, _Target]] = []
        for match_id, start, end in compiled.alias(doc):
            proposals.append((doc[start:end], compiled.targets[doc.vocab.strings[match_id]]))
        for match_id, start, end in compiled.titles(doc):
            proposals.append((doc[start:end], compiled.targets[doc.vocab.strings[match_id]]))
        # Longest first, then earliest; a token belongs to at most one mention.
        proposals.sort(key=lambda p: (-(p[0].end - p[0].start), p[0].start))
        taken = bytearray(len(doc))
        chosen: list[tuple[Span, _Target]] = []
        for span, target in proposals:
            if any(taken[span.start:span.end]):
                continue
            taken[span.start:span.end] = b"\x01" * (span.end - span.start)
            chosen.append((span, target))
        chosen.sort(key=lambda p: p[0].start)

        mentions: list[Mention] = []
        last_seen: dict[str, int] = {}  # actor id -> char offset of its latest mention
        named = {t.actors[0] for _, t in chosen if t.method in ("alias", "misspelling")}
        for idx, (span, target) in enumerate(chosen):
            if target.method == "role_noun" and span.end < len(doc) and doc[span.end].lower_ in (
                "of", "at", "for"
            ):
                continue  # "the head of the IMF": a description of someone else's post
            actor_id = self._pick(target, last_seen, span.start_char)
            if target.method in ("title", "role_noun") and self._before_name(chosen, idx):
                continue  # "Russian President Vladimir Putin": the name carries the mention
            if actor_id is None and target.method == "role_noun":
                continue  # "the president" with nobody in context is not a named mention
            if target.method == "demonym" and not self._agentive(span):
                mentions.append(Mention(span.start_char, span.end_char, span.text, "NORP"))
                continue
            kind = self.registry.get(actor_id).kind if actor_id else "person"
            label = "NORP" if target.method == "demonym" else KIND_LABEL[kind]
            mentions.append(
                Mention(span.start_char, span.end_char, span.text, label, actor_id,
                        "title" if target.method == "role_noun" else target.method,
                        target.score if actor_id else None)
            )
            if actor_id is not None:
                last_seen[actor_id] = span.start_char

        for ent in doc.ents:
            if ent.label_ not in self.labels or any(taken[ent.start:ent.end]):
                continue
            trimmed = _trim(ent)
            if trimmed is None:
                continue
            mentions.append(self._resolve_entity(trimmed, ent.label_, compiled, named))
        # First names that NER missed ("his name is Kirill"): proper nouns only.
        for token in doc:
            if taken[token.i] or token.ent_iob_ in ("B", "I") or token.pos_ != "PROPN":
                continue
            if token.text in compiled.first_names:
                m = self._by_first_name(doc[token.i:token.i + 1], "PERSON", compiled, named)
                if m is not None:
                    mentions.append(m)
        mentions.sort(key=lambda m: (m.start, m.end))
        return mentions

    def _pick(self, target: _Target, last_seen: dict[str, int], offset: int) -> str | None:
        if target.method == "role_noun":
            # "the adviser said": the most recently mentioned holder of that role, if recent.
            recent = [a for a in target.actors
                      if a in last_seen and offset - last_seen[a] <= self.role_noun_window]
            return max(recent, key=lambda a: last_seen[a]) if recent else None
        if len(target.actors) == 1:
            return target.actors[0]
        seen = [a for a in target.actors if a in last_seen]
        if len(seen) >= 1:
            return max(seen, key=lambda a: last_seen[a])
        return None

    def _agentive(self, span: Span) -> bool:
        """True when a demonym stands for its state (see :data:`AGENT_HEADS`)."""
        token = span.root
        while token.dep_ == "conj" and token.head.i != token.i:  # "Russian and American officers"
            token = token.head
        if token.dep_ not in ("amod", "compound", "nmod") and token.pos_ in ("NOUN", "PROPN"):
            return True  # used as a noun: "Russians", "the Ukrainians"
        if token.dep_ not in ("amod", "compound", "nmod"):
            return False
        return token.head.lemma_.lower() in self.demonym_heads

    @staticmethod
    def _before_name(chosen: Sequence[tuple[Span, _Target]], idx: int) -> bool:
        span = chosen[idx][0]
        if idx + 1 >= len(chosen):
            return False
        nxt_span, nxt = chosen[idx + 1]
        return (
            nxt_span.start == span.end
            and nxt.method in ("alias", "misspelling")
            and span.doc[nxt_span.start].pos_ == "PROPN"
        )

    def _resolve_entity(
        self, span: Span, label: str, compiled: _Compiled, named: set[str]
    ) -> Mention:
        text = span.text
        if self.registry.is_ignored(text):
            return Mention(span.start_char, span.end_char, text, label, None, "ignored", None)
        if label == "PERSON" and len(span) == 1:
            by_first = self._by_first_name(span, label, compiled, named)
            if by_first is not None:
                return by_first
        # Demonyms are matched exactly; fuzzy "European" → "European Union" would be wrong.
        if label != "NORP":
            # The whole name, then (for a multi-word name whose first word may be NER noise,
            # "Later Witkof") its last word alone.
            # A PERSON never fuzzy-matches an organisation ("Jacob Rothschild" is not
            # Rothschild & Co); the last-word fallback is for people's surnames only.
            tries = [(span, label == "PERSON")]
            if len(span) > 1:
                tries.append((span[-1:], True))
            for part, persons_only in tries:
                found = self._fuzzy(normalise_name(part.text), compiled, persons_only)
                if found is not None:
                    actor_id, score = found
                    return Mention(part.start_char, part.end_char, part.text,
                                   KIND_LABEL[self.registry.get(actor_id).kind], actor_id,
                                   "fuzzy", score)
        return Mention(span.start_char, span.end_char, text, label, None, None, None)

    def _fuzzy(
        self, key: str, compiled: _Compiled, persons_only: bool
    ) -> tuple[str, float] | None:
        choices, owners = (
            (compiled.person_choices, compiled.person_owner) if persons_only
            else (compiled.fuzzy_choices, compiled.fuzzy_owner)
        )
        if len(key) < self.min_fuzzy_length or not choices:
            return None
        best = process.extractOne(
            key, choices, scorer=JaroWinkler.normalized_similarity,
            score_cutoff=self.fuzzy_threshold,
        )
        if best is None or best[0][:1] != key[:1]:
            return None
        if min(len(key), len(best[0])) / max(len(key), len(best[0])) < 0.75:
            return None
        return owners[best[2]], round(float(best[1]), 3)

    def _by_first_name(
        self, span: Span, label: str, compiled: _Compiled, named: set[str]
    ) -> Mention | None:
        candidates = [a for a in compiled.first_names.get(span.text, []) if a in named]
        if len(candidates) != 1:
            return None
        return Mention(span.start_char, span.end_char, span.text, "PERSON", candidates[0],
                       "context", 0.8)


def _trim(ent: Span) -> Span | None:
    """Drop a leading "the", a trailing possessive and punctuation; None if nothing is left.

    Entities that cross a line break, start with a pronoun or with a lowercase word are NER
    noise, not names.
    """
    start, end = ent.start, ent.end
    doc = ent.doc
    while start < end and (doc[start].lower_ in ("the", "'s", "\u2019s") or doc[start].is_punct
                           or doc[start].is_space):
        start += 1
    while end > start and (doc[end - 1].is_punct or doc[end - 1].is_space
                           or doc[end - 1].lower_ in ("'s", "\u2019s", "'", "\u2019")):
        end -= 1
    if start >= end:
        return None
    span = doc[start:end]
    if "\n" in span.text or doc[start].pos_ == "PRON" or not span.text[0].isupper():
        return None  # names start with a capital; "’s son" or "it’s" are NER noise
    return span


def mention_index(mentions: Sequence[Mention]) -> MentionIndex:
    """Index mentions by position for fast "which mention is here / before here" lookups."""
    return MentionIndex(mentions)


class MentionIndex:
    """Mentions sorted by start offset, with bisect lookups (no O(n²) scans)."""

    def __init__(self, mentions: Sequence[Mention]) -> None:
        self.mentions = sorted(mentions, key=lambda m: (m.start, m.end))
        self.starts = [m.start for m in self.mentions]

    def covering(self, start: int, end: int) -> list[Mention]:
        """Mentions overlapping the character range [start, end)."""
        i = bisect.bisect_left(self.starts, end)
        out = []
        j = i - 1
        while j >= 0:
            m = self.mentions[j]
            if m.end > start:
                out.append(m)
            elif start - m.start > 200:
                break
            j -= 1
        return out[::-1]

    def before(self, offset: int) -> Iterator[Mention]:
        """Mentions starting before ``offset``, nearest first."""
        i = bisect.bisect_left(self.starts, offset)
        for j in range(i - 1, -1, -1):
            yield self.mentions[j]


__all__ = [
    "Actor",
    "ActorRegistry",
    "ActorResolver",
    "Mention",
    "MentionIndex",
    "Role",
    "Team",
    "default_registry",
    "normalise_name",
    "registry_path",
    "slugify",
]

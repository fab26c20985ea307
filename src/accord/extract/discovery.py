"""Unknown people in the news: one candidate per person, with a proposed side and role.

Unresolved PERSON mentions are grouped into one candidate per person: the full name ("Marco
Rubio"), titled variants whose title the tagger swallowed ("Secretary Rubio") and bare surnames
("Rubio") count together when exactly one full-name candidate has that surname. For each
mention, the words around the name propose an affiliation and a role:

* a **title before the name** — "U.S. Secretary of State Marco Rubio", "Ukraine's national
  security secretary Rustem Umerov", "Kremlin aide Yuri Ushakov", "Army Secretary Dan
  Driscoll": the run of title words, possessives and registry names right before it;
* an **apposition after it** — "Rustem Umerov, secretary of Ukraine's National Security
  Council, …".

A registry name in that phrase gives the affiliation (the side it stands for: Kremlin → Russia);
the other title words give the role. Each proposal keeps its evidence (article and the words).
The most frequent proposal wins; ties go to the earliest.

>>> from accord.extract.registry import ActorRegistry
>>> text = ("U.S. Secretary of State Marco Rubio met Yermak. Later Rubio said talks went well. "
...         "Rustem Umerov, secretary of Ukraine's National Security Council, agreed.")
>>> rows = [MentionText(1, text, text.index(n), text.index(n) + len(n), "PERSON")
...         for n in ("Marco Rubio", "Rubio said", "Rustem Umerov")]
>>> rows[1] = MentionText(1, text, rows[1].start, rows[1].start + 5, "PERSON")
>>> reg = ActorRegistry.from_dict({"actors": [
...     {"id": "united_states", "name": "United States", "kind": "state", "aliases": ["U.S."]},
...     {"id": "ukraine", "name": "Ukraine", "kind": "state", "aliases": ["Ukraine"]}]})
>>> [(c.name, c.count, c.forms, c.affiliation, c.role) for c in discover_people(rows, reg)]
[('Marco Rubio', 2, ['Marco Rubio', 'Rubio'], 'united_states', 'secretary of state'), \
('Rustem Umerov', 1, ['Rustem Umerov'], 'ukraine', 'secretary of national security council')]
"""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

from accord.extract.registry import ActorRegistry, normalise_name, side_of

# Words that make up titles and offices in English news ("national security secretary",
# "special envoy", "head of the presidential office").
TITLE_WORDS = frozenset("""
secretary minister adviser advisor aide envoy spokesman spokeswoman spokesperson head chief
negotiator president vice general director deputy national security foreign defense defence
army navy state special top senior representative ambassador of the for council office
presidential military intelligence prime chancellor commissioner official economic policy
affairs staff delegation delegate lead leader chair chairman chairwoman permanent first
diplomatic to
press governor mayor commander ministry department treasury finance justice interior and
lieutenant colonel major admiral sovereign wealth fund investment direct presidential's
""".split())
_LEADING_TITLES = frozenset({"secretary", "minister", "president", "envoy", "general", "aide",
                             "adviser", "advisor", "spokesman", "ambassador", "chancellor",
                             "senator", "gen.", "mr", "mr.", "ms", "ms.", "dr", "dr."})
# Where a title run cannot reach back past: sentence ends (not the dots of "U.S."), commas,
# quotes, and the verbs and links that start a clause.
_STOP = re.compile(
    r"[;:!?\"“”(\n]|(?<=[a-z0-9)])\.(?=\s)|,|\b(?:and|said|told|says|met|with|by|to|from)\b"
)


@dataclass(frozen=True)
class MentionText:
    """An unresolved mention and the text of its article."""

    article_id: int
    text: str
    start: int
    end: int
    label: str


@dataclass
class Candidate:
    """One unknown person: name forms, counts, proposed affiliation/role and their evidence."""

    name: str
    forms: list[str]
    count: int
    articles: int
    labels: list[str]
    affiliation: str | None = None
    role: str | None = None
    evidence: list[str] = field(default_factory=list)
    example: str | None = None

    @property
    def key(self) -> str:
        """The normalised full name (the group key)."""
        return normalise_name(self.name)


def discover_people(
    mentions: Iterable[MentionText], registry: ActorRegistry, *, context: int = 60
) -> list[Candidate]:
    """Candidates from unresolved mentions, most frequent first (see the module docs)."""
    forms = _Forms(registry)
    by_person: dict[str, list[tuple[MentionText, str]]] = defaultdict(list)
    bare: list[tuple[MentionText, str]] = []
    for m in mentions:
        name = _strip_title(m.text[m.start:m.end])
        if not name:
            continue
        words = name.split()
        if len(words) == 1:
            bare.append((m, name))
        else:
            by_person[normalise_name(name)].append((m, name))
    # Transliterations of one person ("Andriy", "Andrii", "Andrey Yermak") are one candidate:
    # same surname, same first letter of the given name.
    merged: dict[str, list[tuple[MentionText, str]]] = {}
    first_of: dict[tuple[str, str], str] = {}  # (surname, initial) -> the candidate's key
    for key in sorted(by_person, key=lambda k: -len(by_person[k])):
        twin = first_of.setdefault((key.split()[-1], key[0]), key)
        merged.setdefault(twin, []).extend(by_person[key])
    by_person = defaultdict(list, merged)
    surnames: dict[str, list[str]] = defaultdict(list)
    for key in by_person:
        surnames[key.split()[-1]].append(key)
    for m, name in bare:
        owners = surnames.get(normalise_name(name), [])
        key = owners[0] if len(owners) == 1 else normalise_name(name)
        by_person[key].append((m, name))
    out = []
    for items in by_person.values():
        names = Counter(n for _, n in items if len(n.split()) > 1) or Counter(n for _, n in items)
        best = max(names.items(), key=lambda kv: (kv[1], len(kv[0])))[0]
        affiliations: Counter[str] = Counter()
        roles: Counter[str] = Counter()
        evidence: list[str] = []
        for m, _ in items:
            for phrase in _title_phrases(m):
                aff, role = forms.read(phrase)
                if aff:
                    affiliations[aff] += 1
                if role:
                    roles[role] += 1
                if (aff or role) and len(evidence) < 3:
                    evidence.append(f"article {m.article_id}: {' '.join(phrase.split())}")
        first = items[0][0]
        lo, hi = max(0, first.start - context), min(len(first.text), first.end + context)
        out.append(Candidate(
            name=best, forms=sorted({n for _, n in items}), count=len(items),
            articles=len({m.article_id for m, _ in items}),
            labels=sorted({m.label for m, _ in items}),
            affiliation=affiliations.most_common(1)[0][0] if affiliations else None,
            role=roles.most_common(1)[0][0] if roles else None,
            evidence=evidence, example=" ".join(first.text[lo:hi].split()),
        ))
    out.sort(key=lambda c: (-c.count, c.key))
    return out


class _Forms:
    """Registry names and demonyms found in a title phrase."""

    def __init__(self, registry: ActorRegistry) -> None:
        self.registry = registry
        self.table: dict[str, str] = {}
        for actor in registry:
            for f in [*actor.surface_forms(), *actor.demonyms]:
                self.table.setdefault(f, actor.id)
        self.longest = max((len(f.split()) for f in self.table), default=1)

    def read(self, phrase: str) -> tuple[str | None, str | None]:
        """(affiliation side, role words) of a title phrase."""
        words = [w.rstrip(",") for w in phrase.split()]
        words = [re.sub(r"['’]s$", "", w) for w in words]
        affiliation = None
        role: list[str] = []
        i = 0
        while i < len(words):
            hit = None
            for n in range(min(self.longest, len(words) - i), 0, -1):
                cand = " ".join(words[i:i + n])
                if cand in self.table:
                    hit = (n, self.table[cand])
                    break
            if hit is not None:
                if affiliation is None:
                    affiliation = side_of(self.registry, hit[1])
                i += hit[0]
                continue
            if words[i].lower() in TITLE_WORDS:
                role.append(words[i].lower())
            i += 1
        while role and role[0] in ("of", "the", "for", "and"):
            role.pop(0)
        while role and role[-1] in ("of", "the", "for", "and"):
            role.pop()
        text = " ".join(w for k, w in enumerate(role) if not (
            w == "the" and k > 0 and role[k - 1] == "of"))
        return affiliation, (text or None)


def _title_phrases(m: MentionText) -> list[str]:
    """The title run right before the name and the apposition right after it."""
    out = []
    before = m.text[max(0, m.start - 80):m.start]
    cut = max((x.end() for x in _STOP.finditer(before)), default=0)
    words = before[cut:].split()
    run: list[str] = []
    for w in reversed(words):
        bare = re.sub(r"['’]s$", "", w).strip(",")
        if bare.lower() in TITLE_WORDS or (bare[:1].isupper()) or bare in ("U.S.", "US", "UK"):
            run.insert(0, w)
        else:
            break
    if run and any(w.lower().strip(",") in TITLE_WORDS for w in run):
        out.append(" ".join(run))
    elif before.rstrip().endswith(","):
        # "Trump's special envoy for Ukraine, Keith Kellogg": the title before a comma
        head = before.rstrip()[:-1]
        seg = re.split(r"[.;:!?\"“”(\n]|(?<=[a-z0-9)])\.(?=\s)|,", head)[-1].split()
        if seg and any(w.lower() in TITLE_WORDS for w in seg):
            out.append(" ".join(seg[-10:]))
    after = m.text[m.end:m.end + 140]
    if after.startswith(", "):
        seg = re.split(r"[,;:()\n]|(?<=[a-z0-9)])\.(?=\s)", after[2:], maxsplit=1)[0]
        first = seg.split()[0].lower() if seg.split() else ""
        if first in TITLE_WORDS or (first in ("a", "an", "the") and len(seg.split()) > 1
                                    and seg.split()[1].lower() in TITLE_WORDS):
            out.append(" ".join(seg.split()[:14]))
    return out


def _strip_title(name: str) -> str:
    words = name.replace("’s", "").replace("'s", "").split()
    while words and words[0].lower() in _LEADING_TITLES:
        words.pop(0)
    return " ".join(words)


def candidate_dicts(candidates: Sequence[Candidate]) -> list[dict[str, object]]:
    """Plain rows for tables, JSON and CSV."""
    return [
        {"name": c.name, "key": c.key, "count": c.count, "articles": c.articles,
         "labels": c.labels, "forms": c.forms, "affiliation": c.affiliation, "role": c.role,
         "evidence": c.evidence, "example": c.example}
        for c in candidates
    ]


__all__ = ["Candidate", "MentionText", "candidate_dicts", "discover_people"]

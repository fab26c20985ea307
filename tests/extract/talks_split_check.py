"""Check a talks split while it is built (texts, manifest, draft gold), before it is merged:
the checks ``tests/extract/test_talks_splits.py`` applies to every split, run on the new one
against every earlier split, and a list of the runs of 8 words it shares with them for the
builder to judge (names, titles, stock phrases and officials' quoted words are allowed).

    .venv/bin/python tests/extract/talks_split_check.py SPLIT [--gold DRAFT.yaml] [--also OTHER]

``SPLIT`` is a folder under ``tests/data/talks`` (test22); ``--gold`` the draft annotation (a
mapping of each text's file stem to ``{positions: [...]}``, in gold.yaml's form), kept apart
until the split is merged; ``--also`` adds a split built side by side to the earlier ones. No
extraction runs here: a blind split stays blind. Exit status 1 lists every problem.
"""
import re
import sys
from collections import Counter
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

import yaml  # noqa: E402
from tests.extract.talks_gold import DATA  # noqa: E402
from tests.extract.test_talks_splits import (  # noqa: E402
    DIRECTIONS,
    ISSUES,
    MANIFEST_SPLITS,
    STRENGTHS,
    _article,
    _sentences,
    _site,
)

from accord.extract.registry import ActorRegistry  # noqa: E402


def _words8(text: str) -> set[str]:
    """Every run of 8 words, case and punctuation folded."""
    w = re.findall(r"[a-z0-9]+", text.lower().replace("’", "'"))
    return {" ".join(w[i:i + 8]) for i in range(len(w) - 7)}


def _read_split(split: str, problems: list[str]) -> dict[str, tuple[Any, str]]:
    """The split's texts, checked for front matter and against its manifest."""
    files = sorted(p.stem for p in (DATA / split).glob("*.txt"))
    print(f"{split}: {len(files)} texts")
    if len(files) < 18:
        problems.append(f"only {len(files)} texts (18 needed)")
    listed: dict[str, Any] = {}
    manifest = DATA / split / "manifest.yaml"
    if not manifest.exists():
        problems.append("no manifest.yaml")
    else:
        entries = yaml.safe_load(manifest.read_text(encoding="utf-8"))["articles"]
        listed = {Path(a["file"]).stem: a for a in entries}
        if set(listed) != set(files):
            problems.append(f"manifest and texts differ: {sorted(set(listed) ^ set(files))}")
    texts = {}
    for name in files:
        try:
            raw, text = _article(split, name)
        except Exception as exc:  # noqa: BLE001 - report every unreadable text, go on
            problems.append(f"{name}: cannot read: {exc}")
            continue
        texts[name] = (raw, text)
        if not (raw.title and raw.url and raw.source and raw.published):
            problems.append(f"{name}: front matter lacks title, url, outlet or published")
        elif name in listed and listed[name]["url"] != raw.url:
            problems.append(f"{name}: the manifest's url is not the front matter's")
    return texts


def _check_overlap(split: str, also: str | None, texts: dict[str, tuple[Any, str]],
                   problems: list[str]) -> None:
    """No URL, site, outlet or sentence of an earlier split; shared 8-word runs listed."""
    earlier = [s for s in ["dev", *MANIFEST_SPLITS] if s != split] + ([also] if also else [])
    urls: dict[str, str] = {}
    sites: dict[str, str] = {}
    outlets: dict[str, str] = {}
    sentences: dict[str, str] = {}
    grams: dict[str, str] = {}
    for other in earlier:
        for path in sorted((DATA / other).glob("*.txt")):
            raw, text = _article(other, path.stem)
            where = f"{other}/{path.stem}"
            urls[raw.url] = sites[_site(raw.url)] = where
            outlets[raw.source.split(" (")[0].lower()] = where
            sentences.update(dict.fromkeys(_sentences(text), where))
            for g in _words8(text):
                grams.setdefault(g, where)
    seen = Counter(_site(raw.url) for raw, _ in texts.values())
    problems.extend(f"site {s} is used {n} times in this split" for s, n in seen.items() if n > 1)
    for name, (raw, text) in texts.items():
        if raw.url in urls:
            problems.append(f"{name}: URL used in {urls[raw.url]}")
        if _site(raw.url) in sites:
            problems.append(f"{name}: site {_site(raw.url)} used in {sites[_site(raw.url)]}")
        outlet = raw.source.split(" (")[0].lower()
        if outlet in outlets:
            problems.append(f"{name}: outlet {outlet!r} used in {outlets[outlet]}")
        problems.extend(f"{name}: sentence shared with {sentences[s]}: {s[:80]}"
                        for s in _sentences(text) if s in sentences)
        shared = sorted(g for g in _words8(text) if g in grams)
        if shared:
            print(f"  NOTE {name}: {len(shared)} runs of 8 words shared (allowed only for names, "
                  "titles, stock phrases and officials' quoted words):")
            for g in shared[:12]:
                print(f"      {g!r}  ({grams[g]})")


def _check_gold(draft: Path, texts: dict[str, tuple[Any, str]], problems: list[str]) -> None:
    """Every statement found in its cleaned text, with known ids, issue, direction, strength."""
    registry = ActorRegistry.default()
    ids = set(registry.actors) | {t.id for t in registry.teams}
    issues = {i["id"] for i in yaml.safe_load(ISSUES.read_text(encoding="utf-8"))["issues"]}
    annotated = yaml.safe_load(draft.read_text(encoding="utf-8")) or {}
    if set(annotated) != set(texts):
        problems.append(f"draft gold and texts differ: {sorted(set(annotated) ^ set(texts))}")
    n = 0
    for name, items in annotated.items():
        if name not in texts:
            continue
        for it in (items or {}).get("positions") or []:
            n += 1
            where = f"{name}: {str(it.get('text', ''))[:60]!r}"
            if it.get("text") not in texts[name][1]:
                problems.append(f"{where}: text not found verbatim in the cleaned article")
            if unknown := {it.get("holder"), *it.get("alt", [])} - ids:
                problems.append(f"{where}: unknown ids {sorted(map(str, unknown))}")
            if it.get("issue") not in issues:
                problems.append(f"{where}: unknown issue {it.get('issue')}")
            if it.get("direction") not in DIRECTIONS or it.get("strength") not in STRENGTHS:
                problems.append(f"{where}: direction or strength not of the guideline")
            if "target" in it and (it["direction"] != "demands" or it["target"] not in ids):
                problems.append(f"{where}: a target goes with a demand and is a registry id")
    print(f"  draft gold: {n} statements")


def main(args: list[str]) -> int:
    """Run every check on the split named in ``args``; 1 when any problem was found."""
    split = args[0]
    draft = Path(args[args.index("--gold") + 1]) if "--gold" in args else None
    also = args[args.index("--also") + 1] if "--also" in args else None
    problems: list[str] = []
    texts = _read_split(split, problems)
    _check_overlap(split, also, texts, problems)
    if draft is not None:
        _check_gold(draft, texts, problems)
    print("\n".join("PROBLEM " + p for p in problems) or "OK: no problems")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))

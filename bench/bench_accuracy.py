"""Accuracy on real articles the rules were not written on: encoding repair, main text, quotes.

Data: ``tests/data/accuracy/{dev,test}/`` (every article with its source URL). Tune on dev;
the test split is scored once. Prints one line per figure, with the baseline measured in the
same run.

    .venv/bin/python bench/bench_accuracy.py repair dev
    .venv/bin/python bench/bench_accuracy.py cjk
    .venv/bin/python bench/bench_accuracy.py maintext dev
    .venv/bin/python bench/bench_accuracy.py quotes dev
    .venv/bin/python bench/bench_accuracy.py merges       # events merged across articles
"""

from __future__ import annotations

import html
import importlib.resources
import json
import random
import re
import sys
from collections import Counter
from pathlib import Path
from typing import Any

import ftfy
import ftfy.bad_codecs  # noqa: F401 - registers sloppy-windows-1252

from accord.corpus.decode import decode_bytes
from accord.corpus.repair import FTFY_CONFIG, repair_text
from accord.errors import InputError

DATA = Path(__file__).resolve().parent.parent / "tests" / "data" / "accuracy"


def articles(split: str) -> list[dict[str, str]]:
    """The articles of one split: ``id``, ``url`` and ``text``."""
    path = DATA / split / "articles.jsonl"
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line]


def paragraphs(split: str) -> list[str]:
    """Every non-blank line of every article of the split."""
    return [line for a in articles(split) for line in a["text"].splitlines() if line.strip()]


def gbk_mojibake(text: str, form: str) -> str:
    """``text`` as UTF-8 bytes read as GBK, with one of the real-world loss patterns:
    ``replace`` (U+FFFD, Python/browsers), ``question`` (the lost byte written as "?",
    converters such as iconv and MySQL), ``ignore`` (the byte dropped)."""
    data = text.encode("utf-8")
    if form == "ignore":
        return data.decode("gbk", errors="ignore")
    mojibake = data.decode("gbk", errors="replace")
    return mojibake.replace("\ufffd", "?") if form == "question" else mojibake


def _restored(paras: list[str], broken: list[str], fix: object) -> tuple[int, int]:
    exact = 0
    for clean, bad in zip(paras, broken, strict=True):
        exact += fix(bad) == clean  # type: ignore[operator]
    return exact, len(paras)


def bench_repair(split: str) -> None:
    paras = paragraphs(split)
    non_ascii = [p for p in paras if not p.isascii()]

    def ftfy_fix(text: str) -> str:  # ftfy's encoding fixes, without uncurling quotes
        return ftfy.fix_text(text, FTFY_CONFIG)

    ours = lambda text: repair_text(text)[0]  # noqa: E731
    print(
        f"repair/{split}: {len(articles(split))} articles, {len(paras)} paragraphs, "
        f"{len(non_ascii)} with non-ASCII characters"
    )
    for form in ("replace", "question", "ignore"):
        broken = [gbk_mojibake(p, form) for p in non_ascii]
        exact, n = _restored(non_ascii, broken, ours)
        base, _ = _restored(non_ascii, broken, ftfy_fix)
        print(
            f"gbk-{form}: {exact}/{n} = {exact / n:.1%} restored exactly "
            f"(baseline ftfy {base / n:.1%})"
        )
    for codec in ("latin-1", "sloppy-windows-1252"):
        # UTF-8 read as Latin-1/cp1252 and saved again as UTF-8: what the reader gets.
        # (sloppy-windows-1252: as browsers do, the five undefined bytes become C1 controls)
        broken = [p.encode("utf-8").decode(codec) for p in non_ascii]
        exact = refused = 0
        for clean, bad in zip(non_ascii, broken, strict=True):
            try:
                decoded = decode_bytes(bad.encode("utf-8")).text
            except InputError:
                refused += 1
                continue
            exact += repair_text(decoded)[0] == clean
        base, n = _restored(non_ascii, broken, ftfy_fix)
        print(
            f"{codec}: {exact}/{n} = {exact / n:.1%} restored exactly, {refused} refused "
            f"as binary (baseline ftfy {base / n:.1%})"
        )
    untouched = sum(repair_text(p) == (p, []) for p in paras)
    print(f"clean paragraphs left alone: {untouched}/{len(paras)}")


def bench_cjk() -> None:
    """Every word of jieba's dictionary, in Chinese sentences and inside English ones."""
    path = importlib.resources.files("jieba") / "dict.txt"
    words = [line.split(" ", 1)[0] for line in path.read_text(encoding="utf-8").splitlines()]
    words = [w for w in words if re.fullmatch("[\u3400-\u9fff]+", w)]
    rng = random.Random(15)
    chinese = ["".join(words[k : k + 8]) + "。" for k in range(0, len(words), 8)]
    english = [
        f"The word {w} appears in the report (“{rng.choice(words)}”), officials said."
        for w in words
    ]
    glued = [f"据报道，iPhone{w}在2024年增长85%{rng.choice(words)}。" for w in words]
    for name, lines in (("chinese", chinese), ("english", english), ("glued", glued)):
        text = "\n".join(lines)
        _, repairs = repair_text(text)
        base = sum(ftfy.fix_text(line, FTFY_CONFIG) != line for line in lines)
        print(
            f"cjk-{name}: {len(words)} words, {len(repairs)} changes "
            f"(baseline ftfy's encoding fixes: {base} lines changed)"
        )


_TOKEN = re.compile(r"\w+")


def _tokens(text: str) -> Counter[str]:
    return Counter(t.lower() for t in _TOKEN.findall(text))


def token_f1(kept: str, gold: str) -> tuple[float, float, float]:
    """Precision, recall and F1 of the kept text's word tokens against the gold main text's
    (multisets, as main-text extraction benchmarks score)."""
    k, g = _tokens(kept), _tokens(gold)
    hit = sum((k & g).values())
    p = hit / max(1, sum(k.values()))
    r = hit / max(1, sum(g.values()))
    return p, r, (2 * p * r / (p + r) if p + r else 0.0)


def as_html(text: str) -> str:
    """The page's lines as an HTML document, one ``<p>`` per line (the pages are stored as
    text; this is the markup both extractors are given)."""
    body = "".join(f"<p>{html.escape(line)}</p>\n" for line in text.splitlines() if line.strip())
    return f"<html><head><title></title></head><body><article>\n{body}</article></body></html>"


def bench_maintext(split: str) -> None:
    from trafilatura import bare_extraction

    from accord.corpus.clean import clean_plain_text
    from accord.corpus.htmltext import extract_html

    pages = [json.loads(line) for line in (DATA / split / "maintext.jsonl").open(encoding="utf-8")]
    systems: dict[str, list[tuple[float, float, float]]] = {
        "keep everything": [],
        "trafilatura (bare_extraction on <p> lines)": [],
        "accord HTML path (trafilatura + line rules)": [],
        "accord plain-text path (line rules)": [],
    }
    lines = boiler = 0
    for page in pages:
        text = page["text"]
        bad = set(page["boilerplate"])
        gold = "\n".join(x for x in text.splitlines() if x.strip() and x.strip() not in bad)
        lines += sum(1 for x in text.splitlines() if x.strip())
        boiler += len(bad)
        doc = bare_extraction(as_html(text), include_comments=False, include_tables=True)
        traf = (doc.text if doc is not None else "") or ""
        outputs = [text, traf, extract_html(as_html(text)).text, clean_plain_text(text).text]
        for name, out in zip(systems, outputs, strict=True):
            systems[name].append(token_f1(out, gold))
    print(f"maintext/{split}: {len(pages)} pages, {lines} lines, {boiler} boilerplate lines")
    for name, scores in systems.items():
        p = sum(x[0] for x in scores) / len(scores)
        r = sum(x[1] for x in scores) / len(scores)
        f = sum(x[2] for x in scores) / len(scores)
        print(f"{name}: P {p:.3f} R {r:.3f} F1 {f:.3f} (mean over pages)")


def _speaker_agrees(pred: Any, gold: dict[str, Any]) -> bool:
    if gold.get("speaker") is not None:
        return bool(pred.actor_id == gold["speaker"])
    if pred.actor_id is not None:
        return False
    said = (pred.speaker_text or "").lower()
    want = (gold.get("speaker_text") or "").lower()
    return not want or (bool(said) and (want in said or said in want))


def score_quotes(split: str, *, verbose: bool = False) -> dict[str, float]:
    """Direct-quote precision, recall and speaker accuracy on one split."""
    import yaml

    from accord.corpus.process import process_bytes
    from accord.extract.actors import ActorRegistry, ActorResolver
    from accord.extract.nlp import load_pipeline
    from accord.extract.quotes import extract_quotes

    gold = yaml.safe_load((DATA / split / "quotes.yaml").read_text(encoding="utf-8"))["articles"]
    nlp = load_pipeline()
    registry = ActorRegistry.default()
    predicted = matched = gold_n = right = optional_hits = 0
    for article in articles(split):
        items = gold.get(article["id"], [])
        text = process_bytes(article["text"].encode("utf-8"), kind="text").text
        doc = nlp(text)
        mentions = ActorResolver(registry).resolve(doc)
        preds = [q for q in extract_quotes(doc, mentions, registry) if q.kind == "direct"]
        spans = []
        for item in items:
            start = text.find(item["text"])
            if start < 0:
                raise SystemExit(f"{split}/{article['id']}: gold text {item['text']!r} not found")
            spans.append((start, start + len(item["text"])))
        pairs = []
        for i, q in enumerate(preds):
            for j, (a, b) in enumerate(spans):
                ov = max(0, min(q.end, b) - max(q.start, a))
                if ov >= 0.5 * min(q.end - q.start, b - a) and ov > 0:
                    pairs.append((ov / (max(q.end, b) - min(q.start, a)), i, j))
        pairs.sort(reverse=True)
        used_p: set[int] = set()
        used_g: set[int] = set()
        for _, i, j in pairs:
            if i in used_p or j in used_g:
                continue
            used_p.add(i)
            used_g.add(j)
            if items[j].get("optional"):
                optional_hits += 1
                continue
            matched += 1
            agrees = _speaker_agrees(preds[i], items[j])
            right += agrees
            if verbose and not agrees:
                print(
                    f"  speaker {article['id']}: {items[j]['text'][:40]!r} gold "
                    f"{items[j].get('speaker') or items[j].get('speaker_text')} got "
                    f"{preds[i].actor_id} / {preds[i].speaker_text!r}"
                )
        predicted += len(preds)
        gold_n += sum(1 for item in items if not item.get("optional"))
        if verbose:
            for i, q in enumerate(preds):
                if i not in used_p:
                    print(f"  false {article['id']}: {q.text[:60]!r} ({q.speaker_text})")
            for j, item in enumerate(items):
                if j not in used_g and not item.get("optional"):
                    print(f"  missed {article['id']}: {item['text'][:60]!r}")
    counted = predicted - optional_hits
    return {
        "articles": len(articles(split)),
        "gold": gold_n,
        "predicted": counted,
        "matched": matched,
        "precision": matched / max(1, counted),
        "recall": matched / max(1, gold_n),
        "speaker_accuracy": right / max(1, matched),
    }


def bench_quotes(split: str, verbose: bool) -> None:
    r = score_quotes(split, verbose=verbose)
    print(
        f"quotes/{split}: {r['articles']} articles, {r['gold']} gold direct quotes "
        f"(optional ones not counted), {r['predicted']} predicted"
    )
    print(
        f"direct quotes: P {r['precision']:.3f} R {r['recall']:.3f}, speaker accuracy "
        f"{r['speaker_accuracy']:.3f} ({r['matched']} matched)"
    )


def bench_merges() -> None:
    """Event merging across articles on the talks articles (tests/data/talks/dev, which holds
    the scored test2 split): pairwise precision/recall of merges against the gold meeting ids,
    with the baseline that merges any two events of one type dated within the window, measured
    in the same run."""
    root = str(Path(__file__).resolve().parent.parent)
    if root not in sys.path:
        sys.path.insert(0, root)
    from tests.extract.talks_gold import main_merges

    main_merges()


def main(argv: list[str]) -> None:
    """Run the figures named on the command line."""
    what = argv[1] if len(argv) > 1 else "repair"
    split = argv[2] if len(argv) > 2 else "dev"
    if what == "repair":
        bench_repair(split)
    elif what == "cjk":
        bench_cjk()
    elif what == "maintext":
        bench_maintext(split)
    elif what == "quotes":
        bench_quotes(split, verbose="-v" in argv)
    elif what == "merges":
        bench_merges()
    else:
        raise SystemExit(f"unknown figure {what!r}: use repair, cjk, maintext, quotes or merges")


if __name__ == "__main__":
    main(sys.argv)

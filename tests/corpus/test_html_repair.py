"""HTML: encoding repair runs on the extracted text and title, not on the whole source, with the
same results as repairing the whole source first (the earlier order)."""

from __future__ import annotations

import html
from pathlib import Path

import pytest

from accord.corpus.htmltext import extract_html
from accord.corpus.process import process_bytes
from accord.corpus.repair import repair_text
from accord.corpus.spans import apply_repairs

SEEDS = ["000_bfc96784ff80d2f5.txt", "002_048b79d3524bd487.txt", "004_06e5d23dc5b2d877.txt"]


def _page(title: str, paragraphs: list[str], script: str = "") -> str:
    body = "".join(f"<p>{html.escape(p, quote=False)}</p>\n" for p in paragraphs if p.strip())
    return (
        f"<html><head><meta charset='utf-8'><title>{html.escape(title)}</title>"
        f"<script>{script}</script></head><body><nav>Home | World | Business</nav>"
        f"<article>\n{body}</article><footer>Contact us</footer></body></html>"
    )


def _both_ways(page: str) -> tuple[object, tuple[str, str | None]]:
    processed = process_bytes(page.encode("utf-8"), kind="html")
    repaired, _ = repair_text(page)
    earlier = extract_html(repaired)
    return processed, (earlier.text, earlier.title)


def _mojibake(text: str, how: str) -> str:
    if how == "gbk":
        return text.encode("utf-8").decode("gbk", errors="replace")
    if how == "cp1252":
        return text.encode("utf-8").decode("cp1252", errors="replace")
    return text


@pytest.mark.parametrize("how", ["none", "gbk", "cp1252"])
@pytest.mark.parametrize("name", SEEDS)
def test_same_text_and_title_as_repairing_the_whole_source(
    seeds_dir: Path, name: str, how: str
) -> None:
    lines = (seeds_dir / name).read_text(encoding="utf-8").splitlines()
    page = _page(_mojibake("Kremlin’s “plan” — talks", how), [_mojibake(x, how) for x in lines])
    processed, (text, title) = _both_ways(page)
    assert processed.text == text  # type: ignore[attr-defined]
    assert processed.title == title  # type: ignore[attr-defined]
    assert apply_repairs(processed.decoded, processed.repairs) == processed.repaired  # type: ignore[attr-defined]


def test_mojibake_in_markup_only_is_not_repaired_and_text_repairs_map_to_the_source() -> None:
    paragraphs = ["The envoy’s “offer” was rejected on Monday in Geneva, officials said. " * 3]
    page = _page("Talks", [_mojibake(p, "gbk") for p in paragraphs], script="var s='Trumpâ€™s';")
    processed = process_bytes(page.encode("utf-8"), kind="html")
    assert processed.text.strip() == paragraphs[0].strip()
    assert "Trumpâ€™s" in processed.repaired  # the script was not touched
    for repair in processed.repairs:
        assert processed.decoded[repair.start : repair.end] == repair.original
        assert processed.decoded.rfind("<article>", 0, repair.start) >= 0
    a = processed.text.index("rejected")
    assert processed.decoded[slice(*processed.to_decoded_span(a, a + 8))] == "rejected"

"""Property tests: any bytes give a ProcessedText or a clear InputError, and cleaning only ever
keeps slices of the repaired text, which is the decoded text with the recorded repairs applied."""

from __future__ import annotations

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from accord.corpus.process import ProcessedText, process_bytes
from accord.corpus.spans import apply_repairs
from accord.errors import InputError

LINES = [
    "Join us on Telegram",
    ", Twitter",
    ".",
    "Contact us: desk@example.org",
    "Comments",
    "Popular posts from this blog",
    "Image of the delegations",
    "乐鱼 体育",
    "Author",
    "The views expressed here are the author's own.",
    "",
    "\u00a0",
    "The envoys met in Riyadh on Monday and agreed to talk again.",
    "Officials said the talks were “useful” and the Kremlin’s team would return.",
    "Trump鈥檚 envoy said 鈥渘o鈥 and left.",
    "The Kremlin  these claims.",
    "Monday, 1 December 2025",
    "俄罗斯总统普京星期一表示，莫斯科愿意举行会谈。",
    "Trumpâ€™s plan",
    "White Home officials",
]

article_lines = st.lists(
    st.one_of(st.sampled_from(LINES), st.text(max_size=40)), min_size=1, max_size=25
)


def _check(processed: ProcessedText) -> None:
    if processed.text and processed.encoding not in ("utf-16", "utf-32", "utf-8-sig"):
        da, db = processed.to_decoded_span(0, len(processed.text))
        xa, xb = processed.to_raw_span(0, len(processed.text))
        assert processed.raw[xa:xb].decode(processed.encoding) == processed.decoded[da:db]
    assert apply_repairs(processed.decoded, processed.repairs) == processed.repaired
    if processed.kind == "text":
        kept = "".join(
            processed.repaired[s.source_start : s.source_start + s.length]
            for s in processed.segments
        )
        assert kept == processed.text
        assert all(s.exact for s in processed.segments)
        tiles = sorted(
            [(s.source_start, s.source_start + s.length) for s in processed.segments]
            + [(r.start, r.end) for r in processed.removed]
        )
        cursor = 0
        for start, end in tiles:
            assert start == cursor
            cursor = end
        assert cursor == len(processed.repaired)
    for removed in processed.removed if processed.kind == "text" else []:
        assert processed.repaired[removed.start : removed.end] == removed.text
    for flag in processed.flags:
        space = {
            "text": processed.text,
            "decoded": processed.decoded,
            "repaired": processed.repaired,
        }[flag.detail["span_space"]]
        assert all(0 <= a <= b <= len(space) for a, b in flag.spans)


def _run(raw: bytes, kind: str) -> None:
    try:
        processed = process_bytes(raw, kind=kind)  # type: ignore[arg-type]
    except InputError as error:
        assert "\n" not in str(error) and str(error)
        return
    _check(processed)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.binary(max_size=400))
def test_any_bytes_as_text(raw: bytes) -> None:
    _run(raw, "text")


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.binary(max_size=300))
def test_any_bytes_as_html(raw: bytes) -> None:
    _run(raw, "html")


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(article_lines, st.sampled_from(["\n", "\r\n"]))
def test_article_like_text_keeps_only_slices(lines: list[str], newline: str) -> None:
    _run(newline.join(lines).encode("utf-8"), "text")


@settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.text(alphabet=st.characters(codec="utf-8"), min_size=1, max_size=200))
def test_gbk_mojibake_of_any_text_is_handled(text: str) -> None:
    mojibake = text.encode("utf-8").decode("gbk", errors="replace")
    _run(mojibake.encode("utf-8"), "text")


@settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(article_lines, st.data())
def test_cleaned_offsets_map_to_raw_bytes(lines: list[str], data: st.DataObject) -> None:
    raw = "\n".join(lines).encode("utf-8")
    try:
        processed = process_bytes(raw, kind="text")
    except InputError:
        return
    if not processed.text:
        return
    a = data.draw(st.integers(0, len(processed.text)))
    b = data.draw(st.integers(a, len(processed.text)))
    ra, rb = processed.to_repaired_span(a, b)
    da, db = processed.to_decoded_span(a, b)
    xa, xb = processed.to_raw_span(a, b)
    assert processed.raw[xa:xb].decode("utf-8") == processed.decoded[da:db]
    touched = [r for r in processed.repairs if r.start < db and r.end > da]
    crosses_gap = any(s.text_start < b and s.text_start > a for s in processed.segments)
    if not crosses_gap:
        assert processed.repaired[ra:rb] == processed.text[a:b]
        if not touched:
            assert processed.decoded[da:db] == processed.text[a:b]


def test_a_span_ending_inside_a_repair_covers_its_whole_source() -> None:
    """Found by hypothesis: a span ending inside the repaired “n of 鈥渘o must take in the whole
    mojibake it came from, not stop at its start."""
    raw = "Trump鈥檚 envoy said 鈥渘o鈥 and left.".encode()
    p = process_bytes(raw, kind="text")
    a = p.text.index("envoy")
    b = p.text.index("“") + 2  # “n
    da, db = p.to_decoded_span(a, b)
    assert p.decoded[da:db] == "envoy said 鈥渘"
    xa, xb = p.to_raw_span(a, b)
    assert p.raw[xa:xb].decode("utf-8") == p.decoded[da:db]

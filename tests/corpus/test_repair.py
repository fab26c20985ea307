"""accord.corpus.repair: ftfy fixes and GBK mojibake, every repair recorded with offsets."""

from __future__ import annotations

from pathlib import Path

import ftfy
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from accord.corpus.repair import FTFY_CONFIG, ftfy_may_change, guess_lost_punctuation, repair_text
from accord.corpus.spans import apply_repairs

SEED_004 = "004_06e5d23dc5b2d877.txt"


def _check_consistent(decoded: str, repaired: str, repairs: list) -> None:
    assert apply_repairs(decoded, repairs) == repaired
    for repair in repairs:
        assert decoded[repair.start : repair.end] == repair.original
        assert repair.reason


def test_seed_004_gbk_mojibake_is_repaired_and_guesses_are_recorded(seeds_dir: Path) -> None:
    decoded = (seeds_dir / SEED_004).read_text(encoding="utf-8")
    repaired, repairs = repair_text(decoded)
    _check_consistent(decoded, repaired, repairs)
    assert "鈥" not in repaired
    assert "Trump’s Negotiations" in repaired
    assert "“immediately”" in repaired
    assert "“root causes”" in repaired
    assert "the ‘iron curtain’ the West" in repaired
    assert "responding—generally" in repaired
    assert "乐鱼 体育" in repaired  # genuine Chinese is not "repaired"
    guesses = [r for r in repairs if not r.certain]
    assert guesses, "the lost third bytes must be recorded as guesses"
    for guess in guesses:
        assert guess.original == "鈥"
        assert guess.kind == "gbk-lost-byte"
        assert "lost byte" in guess.reason
    certain = [r for r in repairs if r.certain]
    assert all(r.kind == "gbk-mojibake" for r in certain)


CLEAN_ENGLISH = (
    "The minister’s “final offer” was rejected. Officials said it wasn’t “serious.”\n"
    "Café owners in Zürich said “no”, and the envoy’s aides called the talks ‘useful’.\n"
    "“We’ll see,” he said. The delegation’s plan — drafted in Geneva — is “unchanged.”\n"
)


def test_synthetic_gbk_mojibake_is_restored_with_guesses_recorded() -> None:
    mojibake = CLEAN_ENGLISH.encode("utf-8").decode("gbk", errors="replace")
    assert "鈥" in mojibake and "\ufffd" in mojibake
    repaired, repairs = repair_text(mojibake)
    _check_consistent(mojibake, repaired, repairs)
    assert repaired == CLEAN_ENGLISH
    lost = mojibake.count("\ufffd")
    assert sum(1 for r in repairs if not r.certain) == lost
    for repair in repairs:
        if "\ufffd" in repair.original:
            assert not repair.certain


def test_an_unrecoverable_lost_byte_becomes_a_replacement_character() -> None:
    clean = "The envoy’é said the talks were over, officials told reporters on Monday.\n"
    mojibake = clean.encode("utf-8").decode("gbk", errors="replace")
    repaired, repairs = repair_text(mojibake)
    assert repaired == clean.replace("é", "\ufffd")
    (guess,) = [r for r in repairs if not r.certain]
    assert "cannot be inferred" in guess.reason and guess.replacement == "’\ufffd"


def test_replacement_characters_read_as_gbk_are_restored() -> None:
    # The famous 锟斤拷: two U+FFFD (EF BF BD EF BF BD) read as GBK.
    repaired, repairs = repair_text("Status: 锟斤拷 unknown in the Kremlin report")
    assert repaired == "Status: \ufffd\ufffd unknown in the Kremlin report"
    assert repairs[0].certain


def test_lost_byte_before_dash_is_guessed_not_invented() -> None:
    clean = "Experts say – for now – that the talks will go on, officials said today.\n"
    mojibake = clean.encode("utf-8").decode("gbk", errors="replace")
    repaired, repairs = repair_text(mojibake)
    assert "鈥" not in repaired and "\ufffd" not in repaired
    assert [r.replacement for r in repairs if not r.certain] == ["—", "—"]  # – is unrecoverable
    assert all("dash" in r.reason for r in repairs if not r.certain)


CHINESE_NEWS = (
    "俄罗斯总统普京星期一表示，莫斯科愿意与华盛顿举行会谈。克里姆林宫发言人佩斯科夫说，"
    "双方代表将于下周在利雅得会面，讨论停火和能源设施问题。外交部长拉夫罗夫强调，"
    "任何协议都必须考虑俄罗斯的安全关切。茅台酒和鈥字在中文里都是正常的字。"
)


def test_genuine_chinese_text_is_left_alone() -> None:
    repaired, repairs = repair_text(CHINESE_NEWS)
    assert repairs == []
    assert repaired == CHINESE_NEWS


@pytest.mark.parametrize(
    "text",
    [
        "The Chinese foreign ministry said: “我们希望各方保持克制” (we hope for restraint).",
        "Xinhua’s headline read 普京 鈥 特朗普 会谈 on Tuesday morning.",
        "乐鱼 体育\n\nKremlin Frames the Negotiations as a Russian Victory",
        "Kweichow Moutai (茅台) shares rose 3% in Shanghai on Monday, traders said.",
    ],
)
def test_english_quoting_chinese_is_left_alone(text: str) -> None:
    repaired, repairs = repair_text(text)
    assert repairs == [] and repaired == text


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "Xinhua said 中国鈥檚 economy grew, officials said.",
            "Xinhua said 中国’s economy grew, officials said.",
        ),
        (
            "The 鈥檚中国 economy grew, officials said on Monday.",
            "The ’s中国 economy grew, officials said on Monday.",
        ),
    ],
)
def test_mojibake_glued_to_chinese_is_repaired_and_the_chinese_kept(
    text: str, expected: str
) -> None:
    repaired, repairs = repair_text(text)
    assert repaired == expected
    assert [r.original for r in repairs] == ["鈥檚"]
    assert "glued to other CJK" in repairs[0].reason


def test_ftfy_fixes_latin1_mojibake_without_touching_good_text() -> None:
    decoded = "Trumpâ€™s envoy met “quietly” in Ｔｏｋｙｏ – officials said.\n"
    repaired, repairs = repair_text(decoded)
    _check_consistent(decoded, repaired, repairs)
    assert repaired == "Trump’s envoy met “quietly” in Ｔｏｋｙｏ – officials said.\n"
    assert [r.kind for r in repairs] == ["ftfy"]
    assert repairs[0].original == "â€™" and repairs[0].start == decoded.index("â€™")
    assert "ftfy" in repairs[0].reason


def test_ftfy_and_gbk_repairs_in_one_text_compose_in_decoded_offsets() -> None:
    decoded = "Ã©lite sources: Trump鈥檚 plan and the cafÃ© deal 鈥渨orked鈥 well.\n"
    repaired, repairs = repair_text(decoded)
    _check_consistent(decoded, repaired, repairs)
    assert repaired == "élite sources: Trump’s plan and the café deal “worked” well.\n"
    kinds = {r.kind for r in repairs}
    assert {"ftfy", "gbk-mojibake", "gbk-lost-byte"} <= kinds


def test_clean_text_is_untouched() -> None:
    text = "Officials said the “talks” — held in Riyadh — were ‘useful’… Next: Geneva.\n"
    assert repair_text(text) == (text, [])


@pytest.mark.parametrize(
    ("before", "after", "expected"),
    [
        ("He said “we agree", " and left", "”"),
        ("the ‘iron curtain", " the West", "’"),
        ("“Not the ‘iron curtain", " yet", "’"),
        ("talks ended ", " for now", "—"),
        ("the years 2014", "15", "–"),
        ("They agreed.", "\n", "”"),
        ("the officials", " concerns", "’"),
    ],
)
def test_lost_punctuation_is_inferred_from_context(before: str, after: str, expected: str) -> None:
    assert guess_lost_punctuation(before, after)[0] == expected


MOJIBAKE_PIECES = ["â€™", "Ã©", "Â ", "â€œ", "\x85", "\x93", "é", "’", "“", "Ð¿", "a", " ", "\n"]


@settings(max_examples=300, deadline=None)
@given(
    st.one_of(
        st.text(max_size=80),
        st.lists(st.sampled_from(MOJIBAKE_PIECES), max_size=30).map("".join),
    )
)
def test_ftfy_prefilter_never_skips_a_change(text: str) -> None:
    """Skipping ftfy when ``ftfy_may_change`` is False must never lose one of its fixes."""
    if not ftfy_may_change(text):
        assert ftfy.fix_text(text, FTFY_CONFIG) == text


CLEAN_PIECES = ["The envoy’s ", "“talks” ", "café ", "— ", "Zürich ", "said. ", "it’s ", "\n", "a "]


@settings(max_examples=200, deadline=None)
@given(st.lists(st.tuples(st.sampled_from(CLEAN_PIECES), st.sampled_from(["ok", "1252", "gbk"]))))
def test_mixed_ftfy_and_gbk_mojibake_compose_consistently(pieces: list[tuple[str, str]]) -> None:
    """Both passes on one text: the recorded repairs always rebuild the repaired text."""
    parts = []
    for piece, how in pieces:
        if how == "1252":
            parts.append(piece.encode("utf-8").decode("cp1252", errors="replace"))
        elif how == "gbk":
            parts.append(piece.encode("utf-8").decode("gbk", errors="replace"))
        else:
            parts.append(piece)
    decoded = "".join(parts)
    repaired, repairs = repair_text(decoded)
    _check_consistent(decoded, repaired, repairs)
    assert all(a.end <= b.start for a, b in zip(repairs, repairs[1:], strict=False))


def test_ftfy_repairs_on_a_long_line_are_one_per_mojibake_sequence() -> None:
    clean = "The envoy’s “offer” was rejected in Zürich — again. " * 200
    decoded = clean.encode("utf-8").decode("latin-1")
    repaired, repairs = repair_text(decoded)
    _check_consistent(decoded, repaired, repairs)
    assert repaired == clean
    assert len(repairs) == 5 * 200
    assert {r.replacement for r in repairs} == {"’", "“", "”", "ü", "—"}
    assert all(r.kind == "ftfy" for r in repairs)


def _gbk(text: str, form: str = "replace") -> str:
    mojibake = text.encode("utf-8").decode("gbk", errors="replace")
    return mojibake.replace("\ufffd", "?") if form == "question" else mojibake


@pytest.mark.parametrize("form", ["replace", "question"])
@pytest.mark.parametrize(
    "clean",
    [
        "The fund pledged €40bn and then €7 billion more, the ministry said on Friday.",
        "Analysts called the offer “bold”“late” and “vague” in separate notes on Monday.",
        "The envoy posted a thumbs-up 👍 and a smile 🙂 after the talks ended in Geneva.",
        "Turnout rose to 97%–98% in the 2014–2015 votes, the commission reported today.",
        "Back in ’90 the treaty talks stalled, and again in ’98, a historian recalled.",
        "“We were just talkin’ about the border,” the negotiator told the press later.",
        "The delegation’s offer — drafted overnight — was “final,” a spokesman insisted.",
    ],
)
def test_gbk_lost_bytes_of_real_world_forms_are_restored(clean: str, form: str) -> None:
    mojibake = _gbk(clean, form)
    repaired, repairs = repair_text(mojibake)
    _check_consistent(mojibake, repaired, repairs)
    assert repaired == clean


def test_spaced_dashes_follow_the_texts_own_dash_style() -> None:
    clean = (
        "Ministers met in Riyadh – the first such talks in years – and agreed a text.\n"
        "The pre–war border and the post–war plan were the main issues, officials said.\n"
    )
    repaired, _ = repair_text(_gbk(clean))
    assert repaired == clean
    em = clean.replace("–", "—")
    assert repair_text(_gbk(em))[0] == em


def test_latin1_mojibake_with_c1_controls_is_decoded_and_restored() -> None:
    from accord.corpus.decode import decode_bytes

    clean = "Trump’s envoy said the talks were “very productive” and “frank” — again.\n" * 3
    raw = clean.encode("utf-8").decode("latin-1").encode("utf-8")  # C1 controls inside
    decoded = decode_bytes(raw).text
    assert "\x9d" in decoded
    assert repair_text(decoded)[0] == clean

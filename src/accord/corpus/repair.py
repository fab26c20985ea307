"""Repair broken encodings in decoded text and record every repair with its offsets.

Two passes, both recorded as :class:`~accord.corpus.records.Repair` in *decoded* coordinates:

1. **ftfy** (encoding fixes only: no quote uncurling, width folding, ligature or line-break
   changes, which would alter good text) for UTF-8 read as Latin-1/Windows-1252 and similar.
2. **GBK/GB18030 mojibake**, which ftfy does not handle: UTF-8 bytes decoded as GBK turn
   ``Trump’s`` into ``Trump鈥檚``. Runs of CJK-range characters are re-encoded as GB18030 and the
   bytes decoded as UTF-8; a run is replaced only when that gives plausible Western text and its
   context says it is not genuine Chinese (see :func:`find_gbk_mojibake`). When the third byte of
   an ``E2 80 xx`` punctuation sequence was lost (a lone ``鈥`` before a space, punctuation or line
   end, or ``鈥`` followed by U+FFFD) the character is inferred from context and the repair is
   marked ``certain=False`` with the reason.
"""

from __future__ import annotations

import difflib
import re
import re._constants as sre_constants  # the parsed form of ftfy's regex, see below
import re._parser as sre_parser
from bisect import bisect_right
from collections.abc import Sequence
from dataclasses import dataclass

import ftfy

from accord.corpus.records import Repair
from accord.corpus.spans import apply_repairs

FTFY_CONFIG = ftfy.TextFixerConfig(
    unescape_html=False,
    remove_terminal_escapes=False,
    fix_encoding=True,
    restore_byte_a0=True,
    replace_lossy_sequences=True,
    decode_inconsistent_utf8=True,
    fix_c1_controls=True,
    fix_latin_ligatures=False,
    fix_character_width=False,
    uncurl_quotes=False,
    fix_line_breaks=False,
    fix_surrogates=True,
    remove_control_chars=False,
    normalization=None,
    explain=False,
)
_FTFY_EXPLAIN = FTFY_CONFIG._replace(explain=True)
_ASCII_ALNUM = re.compile("[A-Za-z0-9]+")
_FTFY_SEGMENT = re.compile("[^\n]*\n|[^\n]+")  # ftfy's segments: lines with their "\n"
_FTFY_TRIGGERS = re.compile("[\x80-\x9f\ud800-\udfff]")

# Characters that UTF-8-read-as-GBK produces: CJK ideographs and symbols, the private-use
# area (GB18030 maps GBK's user-defined pairs there) and U+FFFD (a byte the decoder dropped).
# A "?" right after 鈥 (E2 80) or 鈧 (E2 82) is a lost third byte written as "?" by the
# converter: E2 80 must be followed by a continuation byte, never by a real "?".
_CJK_CLASS = (
    "\u2e80-\u2fdf\u3000-\u303f\u3400-\u4dbf\u4e00-\u9fff\ue000-\uf8ff\uf900-\ufaff"
    "\ufe30-\ufe4f\uff00-\uffef\ufffd"
)
# The same holds after the pairs that end in E2, the lead of a second mark (”“ → 鈥濃 + lost 80).
_LOST_AS_QUESTION_AFTER = "\u9225\u9227\u6493\u65fa\u6a37\u6b0c\u6e3e\u6fc3\ufe39"
_RUN = re.compile(f"(?:[{_CJK_CLASS}]|(?<=[{_LOST_AS_QUESTION_AFTER}])\\?)+")
_HAN = re.compile("[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]")
_LATIN = re.compile("[A-Za-z\u00c0-\u024f]")
# What a UTF-8 decode of a mojibake run may legitimately give: Latin, Greek, Cyrillic,
# general punctuation, currency and letter-like symbols, emoji. No controls, CJK or combining
# marks.
_PLAUSIBLE = re.compile(
    "[\ufffd\t\n\r\x20-\x7e\u00a0-\u024f\u0370-\u03ff\u0400-\u04ff\u2010-\u205e"
    "\u20a0-\u20cf\u2100-\u214f\u2190-\u21ff\u2600-\u27bf\ufe0f\U0001f000-\U0001faff]*"
)
# Without a 鈥/馃 marker, a decode is only believed when it gives letters of European
# languages (Latin-1, Latin Extended-A, Romanian ș ț) glued to ASCII letters, or the symbols
# that sit next to digits (£ ° ±). Greek, Cyrillic and Latin Extended-B decodes are what
# genuine Chinese gives (一 → һ, 为 → Ϊ, 乾 → Ǭ).
_WESTERN_LETTERS = re.compile("[\u00c0-\u00d6\u00d8-\u00f6\u00f8-\u017f\u0218-\u021b]+")
_DIGIT_SYMBOLS = re.compile("[£°±©®«»·]+")
_LOST = -1  # a byte the GBK decoder replaced by U+FFFD (or "?")
_MOJIBAKE_LEAD = "\u9225"  # 鈥 = bytes E2 80, the lead of every U+2000..U+203F character
_EURO_LEAD = "\u9227"  # 鈧 = bytes E2 82, the lead of € (E2 82 AC)
_EMOJI_LEAD = "\u9983"  # 馃 = bytes F0 9F, the lead of every emoji in U+1F000..U+1FFFF
_MARKERS = (_MOJIBAKE_LEAD, _EMOJI_LEAD)
_ALL_MARKERS = (*_MARKERS, _EURO_LEAD)
_LOST_MARKS = re.compile("\ufffd+")
_EMOJI = re.compile("[\U0001f000-\U0001faff]")


def repair_text(decoded: str) -> tuple[str, list[Repair]]:
    """Repair ``decoded`` and return ``(repaired, repairs)``.

    ``repaired == apply_repairs(decoded, repairs)`` always holds.

    >>> repaired, repairs = repair_text("Trump鈥檚 team")
    >>> repaired, [(r.start, r.end, r.kind, r.certain) for r in repairs]
    ('Trump’s team', [(5, 7, 'gbk-mojibake', True)])
    """
    ftfy_repairs = ftfy_edits(decoded)
    step1 = apply_repairs(decoded, ftfy_repairs) if ftfy_repairs else decoded
    gbk_repairs = find_gbk_mojibake(step1)
    repairs = compose(ftfy_repairs, gbk_repairs, decoded, step1) if gbk_repairs else ftfy_repairs
    return (apply_repairs(decoded, repairs) if repairs else decoded), repairs


def ftfy_edits(text: str) -> list[Repair]:
    """Run ftfy's encoding fixes and turn its changes into character-level repairs."""
    if not ftfy_may_change(text):
        return []
    fixed = ftfy.fix_text(text, FTFY_CONFIG)
    if fixed == text:
        return []
    old_lines = text.splitlines(keepends=True)
    new_lines = fixed.splitlines(keepends=True)
    if len(old_lines) != len(new_lines):
        return _diff(text, fixed, 0, _explain(text))
    repairs: list[Repair] = []
    offset = 0
    for old, new in zip(old_lines, new_lines, strict=True):
        if old != new:
            repairs.extend(_diff(old, new, offset, _explain(old)))
        offset += len(old)
    return repairs


def ftfy_may_change(text: str) -> bool:
    """False when ftfy, with :data:`FTFY_CONFIG`, certainly leaves ``text`` unchanged.

    With this configuration ftfy only changes text that its badness regex flags as mojibake,
    or that holds C1 control characters or surrogates; checking that once per line skips ftfy's
    per-line fixing work for clean articles.
    """
    if _FTFY_TRIGGERS.search(text):
        return True
    # ftfy judges each line ("\n"-terminated segment) on its own, and its badness regex
    # depends on what precedes a character, so the check is per line as well.
    prefilter = _BADNESS_PREFILTER
    if prefilter is not None and not prefilter.search(text):
        return False  # no line can match: the common case, one C-level scan
    is_bad = ftfy.badness.is_bad
    return any(
        is_bad(segment)
        for segment in _FTFY_SEGMENT.findall(text)
        if prefilter is None or prefilter.search(segment)
    )


# Characters commonly found in good English news; the prefilter avoids them where it can.
_COMMON_NON_ASCII = frozenset("‘’“”—–…•·é©®™°\xa0«»")


def badness_prefilter(pattern: re.Pattern[str]) -> re.Pattern[str] | None:
    """A one-class regex that matches every string ``pattern`` can match somewhere in.

    ftfy's badness regex is one alternation; every alternative needs at least one character
    from some mandatory non-ASCII character class. Taking one such class per alternative (the
    one with the fewest characters common in good English text) and joining them gives a
    necessary condition that one fast scan checks: a line without any of these characters
    cannot be "bad", so the ~4,000-character regex never runs on it. Derived from the regex
    itself, so it follows ftfy upgrades; None (no prefilter) if its shape is not as expected.

    >>> pre = badness_prefilter(ftfy.badness.BADNESS_RE)
    >>> pre is not None and not pre.search("Trump’s “deal”") and bool(pre.search("Trumpâ€™s"))
    True
    """
    try:
        tree = sre_parser.parse(pattern.pattern, pattern.flags)
    except Exception:  # noqa: BLE001 - private parser API: any surprise means "no prefilter"
        return None
    items = list(tree)
    if len(items) != 1 or items[0][0] is not sre_constants.BRANCH:
        return None
    required: set[str] = set()
    for branch in items[0][1][1]:
        candidates = [s for s in _mandatory_sets(list(branch)) if s and min(map(ord, s)) > 127]
        if not candidates:
            return None
        required |= min(candidates, key=lambda s: (len(s & _COMMON_NON_ASCII), len(s)))
    return re.compile("[" + "".join(re.escape(c) for c in sorted(required)) + "]")


def _mandatory_sets(sequence: list[tuple[object, object]]) -> list[frozenset[str]]:
    """The character sets of the items every match of ``sequence`` must contain."""
    out: list[frozenset[str]] = []
    for op, av in sequence:
        if op is sre_constants.LITERAL and isinstance(av, int):
            out.append(frozenset(chr(av)))
        elif op is sre_constants.IN and isinstance(av, list):
            chars: set[str] = set()
            for sub_op, sub_av in av:
                if sub_op is sre_constants.LITERAL:
                    chars.add(chr(sub_av))
                elif sub_op is sre_constants.RANGE and sub_av[1] - sub_av[0] < 5000:
                    chars.update(map(chr, range(sub_av[0], sub_av[1] + 1)))
                else:  # a negated class or a category (\\w): not a usable set
                    break
            else:
                out.append(frozenset(chars))
        elif op in (sre_constants.MAX_REPEAT, sre_constants.MIN_REPEAT) and isinstance(av, tuple):
            low, _, sub = av
            if low >= 1:
                out.extend(_mandatory_sets(list(sub)))
        elif op is sre_constants.SUBPATTERN and isinstance(av, tuple):
            out.extend(_mandatory_sets(list(av[-1])))
    return out


_BADNESS_PREFILTER = badness_prefilter(ftfy.badness.BADNESS_RE)


def _explain(text: str) -> str:
    steps = ftfy.fix_and_explain(text, _FTFY_EXPLAIN).explanation or []
    return "ftfy: " + ", ".join(f"{action} {arg}" for action, arg in steps)


def _diff(old: str, new: str, offset: int, reason: str) -> list[Repair]:
    """Character-level edits turning ``old`` into ``new`` (ftfy's output for it).

    Mojibake only ever replaces non-ASCII characters, so the runs of ASCII letters and digits
    are the same in both strings and split them into small gaps; only the gaps that differ
    are diffed (linear overall, where one ``SequenceMatcher`` on a long line is quadratic).
    """
    old_runs = _ASCII_ALNUM.findall(old)
    if old_runs != _ASCII_ALNUM.findall(new):
        return _sequence_diff(old, new, offset, reason)
    edits: list[Repair] = []
    old_pos = new_pos = 0
    for old_run, new_run in zip(
        _ASCII_ALNUM.finditer(old), _ASCII_ALNUM.finditer(new), strict=True
    ):
        gap_old = old[old_pos : old_run.start()]
        gap_new = new[new_pos : new_run.start()]
        if gap_old != gap_new:
            edits.extend(_sequence_diff(gap_old, gap_new, offset + old_pos, reason))
        old_pos, new_pos = old_run.end(), new_run.end()
    if old[old_pos:] != new[new_pos:]:
        edits.extend(_sequence_diff(old[old_pos:], new[new_pos:], offset + old_pos, reason))
    return edits


def _sequence_diff(old: str, new: str, offset: int, reason: str) -> list[Repair]:
    matcher = difflib.SequenceMatcher(None, old, new, autojunk=False)
    return [
        Repair(offset + i1, offset + i2, old[i1:i2], new[j1:j2], "ftfy", True, reason)
        for tag, i1, i2, j1, j2 in matcher.get_opcodes()
        if tag != "equal"
    ]


@dataclass
class _Decoded:
    text: str
    guesses: list[str]  # one reason per inferred character


def find_gbk_mojibake(text: str) -> list[Repair]:
    """Find UTF-8-read-as-GBK runs in ``text`` and return their repairs (``text`` coordinates).

    A run of CJK-range characters is repaired when (1) re-encoding it as GB18030 and decoding
    as UTF-8 succeeds (up to lost bytes, inferred from context and recorded as guesses) and
    gives only Latin, Greek, Cyrillic, punctuation or emoji characters, and (2) its context
    says it is not Chinese: it contains 鈥 (E2 80, the lead of curly quotes and dashes) or 馃
    (F0 9F, the lead of emoji), or it decodes to European letters glued to an ASCII letter
    (``Caf茅``) or to a symbol glued to a digit (``拢5``) in a line without genuine Chinese.
    Genuine Chinese either fails (1) or decodes to Greek, Cyrillic or Latin Extended-B
    (一 → һ, 为 → Ϊ), which (2) refuses; a Latin-looking decode is refused in any line that
    also holds Chinese that does not decode.
    """
    if not _HAN.search(text) and "\ufffd" not in text:
        return []
    repairs: list[Repair] = []
    pieces: list[str] = []  # the current line so far, repaired, for quote context
    cursor = 0
    lines = _LineCounts(text)
    style = _DashStyle(text)
    for match in _RUN.finditer(text):
        for group in _candidate_spans(match.start(), match.group()):
            for start, end in group:
                run = text[start:end]
                decoded = _decode_run(run, text, start, end, pieces, cursor, style)
                if decoded is None or not _context_allows(run, decoded, text, start, end, lines):
                    continue
                certain = not decoded.guesses
                if certain:
                    reason = (
                        "UTF-8 bytes decoded as GBK: re-encoded as GB18030 and decoded as UTF-8"
                    )
                else:
                    reason = "; ".join(decoded.guesses)
                if (start, end) != match.span():
                    reason += " (part of a run glued to other CJK characters, which were kept)"
                repairs.append(
                    Repair(
                        start,
                        end,
                        run,
                        decoded.text,
                        "gbk-mojibake" if certain else "gbk-lost-byte",
                        certain,
                        reason,
                    )
                )
                gap = text[cursor:start]
                newline = gap.rfind("\n")
                if newline >= 0:  # a new line: the context starts again
                    pieces.clear()
                    gap = gap[newline + 1 :]
                pieces.append(gap)
                pieces.append(decoded.text)
                cursor = end
                break
            if cursor == match.end():
                break  # the whole run (or its last piece) is repaired
    return repairs


MAX_PIECE = 16


def _candidate_spans(offset: int, run: str) -> list[list[tuple[int, int]]]:
    """Spans to try for one run, in groups; the first span of a group that decodes is taken.

    The whole run comes first. If it holds 鈥 after other characters, or more than one, the
    pieces that start at each 鈥 follow, each tried from its full length (at most 16) down:
    UTF-8 punctuation mojibake glued to genuine Chinese (``中国鈥檚``) is repaired and the
    characters around it are left alone.
    """
    whole = [[(offset, offset + len(run))]]
    starts = [k for k, ch in enumerate(run) if ch == _MOJIBAKE_LEAD]
    if not starts or len(run) == 1:
        return whole
    groups = whole
    bounds = [*starts, len(run)]
    for k, next_k in zip(bounds, bounds[1:], strict=False):
        top = min(next_k, k + MAX_PIECE)
        spans = [
            (offset + k, offset + j)
            for j in range(top, k, -1)
            if (k, j) != (0, len(run)) and run[j : j + 1] not in ("\ufffd", "?")
        ]  # a piece never ends before a lost byte: that byte belongs to its last character
        if spans:
            groups.append(spans)
    return groups


def _run_bytes(run: str) -> list[int] | None:
    out: list[int] = []
    for ch in run:
        if ch == "\ufffd" or ch == "?":  # "?" only enters a run where a byte was lost
            out.append(_LOST)
            continue
        try:
            encoded = ch.encode("gb18030")
        except UnicodeEncodeError:
            return None
        if len(encoded) < 2:
            return None
        out.extend(encoded)
    return out


def _is_continuation(byte: int) -> bool:
    return 0x80 <= byte <= 0xBF


def _decode_run(
    run: str,
    text: str,
    start: int,
    end: int,
    pieces: list[str],
    cursor: int,
    style: _DashStyle,
) -> _Decoded | None:
    data = _run_bytes(run)
    if data is None:
        return None
    out: list[str] = []
    guesses: list[str] = []
    marked = _MOJIBAKE_LEAD in run
    i = 0
    n = len(data)
    while i < n:
        byte = data[i]
        if byte == _LOST:
            return None  # a lost byte that is not a continuation cannot be inferred
        if byte < 0x80:
            out.append(chr(byte))
            i += 1
            continue
        if 0xC2 <= byte <= 0xDF:
            need = 1
        elif 0xE0 <= byte <= 0xEF:
            need = 2
        elif 0xF0 <= byte <= 0xF4:
            need = 3
        else:
            return None
        seq = data[i : i + 1 + need]
        complete = len(seq) == need + 1 and all(b != _LOST for b in seq)
        if complete:
            try:
                out.append(bytes(seq).decode("utf-8"))
            except UnicodeDecodeError:
                return None
            i += need + 1
            continue
        # Incomplete: a byte was lost (U+FFFD or "?") or the run ends before it.
        at_end = i + len(seq) >= n
        if seq[:2] == [0xE2, 0x80] and all(b == _LOST for b in seq[2:]):
            # E2 80 xx is U+2000..U+203F: the character is inferred from context.
            gap = text[cursor:start]
            line = "".join(pieces) if "\n" not in gap else ""
            before = line + gap[gap.rfind("\n") + 1 :] + "".join(out)
            after = _line_after(text, end) if at_end else ""
            guess, why = guess_lost_punctuation(before, after, style.spaced_dash())
            out.append(guess)
            guesses.append(f"lost byte after E2 80: {guess!r}: {why}")
        elif len(seq) == 3 and seq[0] == 0xE2 and seq[1] == _LOST and _is_continuation(seq[2]):
            # 0x80 is never a GBK lead byte, so between two E2 80 xx characters (”“) the
            # decoder drops it: E2 ? xx is E2 80 xx.
            out.append(bytes((0xE2, 0x80, seq[2])).decode("utf-8"))
            guesses.append(
                f"lost byte between E2 and {seq[2]:02X}: 80 (never a GBK lead byte, dropped "
                "between two punctuation marks)"
            )
        elif seq[:2] == [0xE2, 0x82] and all(b == _LOST for b in seq[2:]):
            out.append("€")
            guesses.append(
                "lost byte after E2 82 (a currency sign) before a digit or space: '€', the "
                "only common one"
            )
        elif marked and all(b == _LOST or _is_continuation(b) for b in seq[1:]):
            # Any other character cannot be inferred; U+FFFD says so, the rest of the run is
            # still restored (the run holds 鈥, so it is UTF-8 mojibake, not Chinese).
            out.append("\ufffd")
            guesses.append(
                f"lost byte after {bytes(b for b in seq if b != _LOST).hex(' ')}: "
                "the character cannot be inferred, U+FFFD"
            )
        else:
            return None
        i += len(seq)
    decoded = "".join(out)
    if not decoded or not _PLAUSIBLE.fullmatch(decoded):
        return None
    return _Decoded(decoded, guesses)


def _line_after(text: str, end: int) -> str:
    """The rest of the line after ``end`` (at most 400 characters)."""
    stop = text.find("\n", end, end + 400)
    return text[end : stop + 1 if stop >= 0 else end + 400]


def _context_allows(
    run: str,
    decoded: _Decoded,
    text: str,
    start: int,
    end: int,
    lines: _LineCounts,
) -> bool:
    guessed = bool(decoded.guesses)
    if _MOJIBAKE_LEAD in run and not guessed:
        return True
    latin, han = lines.at(start)
    if _EMOJI_LEAD in run and not guessed and not _EMOJI.search(decoded.text):
        return False  # 馃 that does not give an emoji is the character 馃
    if guessed or _EMOJI_LEAD in run or _EURO_LEAD in run:
        # A lone 鈥 is only mojibake in a Latin-script line; in Chinese it is a character.
        before = text[max(0, start - 20) : start].rstrip(" \u00a0")
        after = text[end : end + 20].lstrip(" \u00a0")
        next_to_han = any(
            _HAN.match(ch) and ch not in _ALL_MARKERS for ch in (before[-1:], after[:1])
        )
        marked = any(marker in run for marker in _ALL_MARKERS)
        dropped = guessed and "\ufffd" not in run and "?" not in run
        if dropped and not lines.has_mojibake():
            return False  # a dropped byte and no other mojibake: 鈥 is the character 鈥
        return marked and latin >= han and latin >= 10 and not next_to_han
    if lines.genuine_han(start) or latin < 10:
        return False
    prev_ch = text[start - 1] if start > 0 else ""
    next_ch = text[end] if end < len(text) else ""
    glued_letter = (prev_ch.isascii() and prev_ch.isalpha()) or (
        next_ch.isascii() and next_ch.isalpha()
    )
    glued_digit = (prev_ch.isascii() and prev_ch.isdigit()) or (
        next_ch.isascii() and next_ch.isdigit()
    )
    if glued_letter and _WESTERN_LETTERS.fullmatch(decoded.text):
        return True
    if _LOST_MARKS.fullmatch(decoded.text):
        return latin >= 0.7 * (latin + han)  # 锟斤拷: U+FFFD characters read as GBK
    return glued_digit and bool(_DIGIT_SYMBOLS.fullmatch(decoded.text))


def _decodes_as_western(run: str) -> bool:
    """True when the run's GB18030 bytes are valid UTF-8 for European letters or symbols
    (the shape of ``Caf茅`` mojibake), or it holds a mojibake marker (鈥 or 馃)."""
    if any(marker in run for marker in _ALL_MARKERS) or "\ufffd" in run:
        return True
    try:
        decoded = run.encode("gb18030").decode("utf-8")
    except (UnicodeEncodeError, UnicodeDecodeError):
        return False
    return bool(
        _WESTERN_LETTERS.fullmatch(decoded)
        or _DIGIT_SYMBOLS.fullmatch(decoded)
        or _LOST_MARKS.fullmatch(decoded)
    )


class _LineCounts:
    """Per line: Latin letters, Han characters, and whether it holds genuine Chinese (Han
    characters in a run that cannot be Western mojibake). Each line is counted at most once.

    Line bounds come from a bisect over the newline positions (found once), so a text with one
    megabyte-long line and many runs stays linear.
    """

    def __init__(self, text: str) -> None:
        self._text = text
        self._newlines: list[int] | None = None
        self._cache: dict[int, tuple[int, int]] = {}
        self._genuine: dict[int, bool] = {}
        self._evidence: bool | None = None

    def _line(self, offset: int) -> tuple[int, str]:
        if self._newlines is None:
            self._newlines = [m.start() for m in _NEWLINE.finditer(self._text)]
        index = bisect_right(self._newlines, offset - 1)
        line_start = self._newlines[index - 1] + 1 if index > 0 else 0
        line_end = self._newlines[index] if index < len(self._newlines) else len(self._text)
        return index, self._text[line_start:line_end]

    def at(self, offset: int) -> tuple[int, int]:
        """Latin letters and Han characters of the line holding ``offset``."""
        index, line = self._line(offset)
        counts = self._cache.get(index)
        if counts is None:
            counts = (len(_LATIN.findall(line)), len(_HAN.findall(line)))
            self._cache[index] = counts
        return counts

    def has_mojibake(self) -> bool:
        """True when the text holds certain punctuation mojibake: 鈥 followed by a lost-byte
        mark (U+FFFD, "?") or by a character whose GB18030 bytes are a UTF-8 continuation byte
        and an ASCII byte (鈥檚 = 99 73, 鈥渨 = 9C 77): the third byte of a curly quote paired
        with the letter after it. Genuine Chinese after 鈥 (”, 中) has no ASCII byte."""
        if self._evidence is None:
            self._evidence = False
            for match in _MOJIBAKE_PAIR.finditer(self._text):
                follower = match.group(1)
                if follower in ("\ufffd", "?"):
                    self._evidence = True
                    break
                try:
                    pair = follower.encode("gb18030")
                except UnicodeEncodeError:
                    continue
                if len(pair) == 2 and _is_continuation(pair[0]) and pair[1] < 0x80:
                    self._evidence = True
                    break
        return self._evidence

    def genuine_han(self, offset: int) -> bool:
        """True when the line holding ``offset`` has Han characters that are not mojibake."""
        index, line = self._line(offset)
        genuine = self._genuine.get(index)
        if genuine is None:
            genuine = any(
                _HAN.search(run.group()) and not _decodes_as_western(run.group())
                for run in _RUN.finditer(line)
            )
            self._genuine[index] = genuine
        return genuine


class _DashStyle:
    """Which dash the text uses between clauses, from the dashes whose bytes survived.

    A spaced dash always loses its third byte (the space after it is not a GBK trail byte),
    so en dash and em dash cannot be told apart locally; the text's own intact dashes (clean
    ones, and mojibake ones followed by a letter) say which style it follows.
    """

    def __init__(self, text: str) -> None:
        self._text = text
        self._choice: str | None = None

    def spaced_dash(self) -> str:
        """ "–" when the text's intact dashes are mostly en dashes, else "—"."""
        if self._choice is None:
            en = em = 0
            for match in _DASH_EVIDENCE.finditer(self._text):
                ch = match.group(1) or ""
                if ch in "–—":
                    dash = ch
                else:
                    try:
                        second = ch.encode("gb18030")[:1]
                    except UnicodeEncodeError:
                        continue
                    dash = {b"\x93": "–", b"\x94": "—"}.get(second, "")
                before = self._text[max(0, match.start() - 1) : match.start()]
                if before.isdigit():
                    continue  # a number range, not a clause dash
                en += dash == "–"
                em += dash == "—"
            self._choice = "–" if en > em else "—"
        return self._choice


_DASH_EVIDENCE = re.compile("(?:\u9225|(?=[–—]))([^\\s])")
_NEWLINE = re.compile("\n")
_MOJIBAKE_PAIR = re.compile("\u9225(.)")
_OPENERS = {"“": "”", "‘": "’"}
_QUOTES = re.compile("[“”‘’]")
# Quote marks in the (not yet repaired) rest of a line: intact ones, and 鈥 followed by the
# character that holds the third byte (or by nothing: a lost byte, a closing candidate).
_LATER_MARK = re.compile("[“”‘]|\u9225(.?)")
_THIRD_BYTE_OPENS = {0x9C, 0x98}  # “ ‘
_THIRD_BYTE_CLOSES = {0x9D}  # ”


def _closes_later(after: str) -> bool:
    """True when, in ``after``, a closing quote (or a lost-byte candidate) comes before any
    opening quote: then the character before ``after`` did not close the open quote."""
    for match in _LATER_MARK.finditer(after):
        mark = match.group()
        if mark in "“‘":
            return False
        if mark == "”":
            return True
        follower = match.group(1)
        if not follower or follower in "\ufffd? \t\n\xa0,.;:!)":
            return True
        try:
            third = follower.encode("gb18030")[0]
        except UnicodeEncodeError:
            continue
        if third in _THIRD_BYTE_OPENS:
            return False
        if third in _THIRD_BYTE_CLOSES:
            return True
    return False


def guess_lost_punctuation(before: str, after: str, spaced_dash: str = "—") -> tuple[str, str]:
    """Infer a U+2000..U+203F character whose third UTF-8 byte was lost.

    ``before`` is the repaired text up to the character, ``after`` the text following it (the
    rest of its line); ``spaced_dash`` is the dash the text uses between clauses. Returns the
    character and the reason. Candidates: ‘ ’ “ ” – — ….

    >>> guess_lost_punctuation("He said “now", " and")
    ('”', 'closing quote after an opened “')
    >>> guess_lost_punctuation("Russia", "s plan")[0]
    '’'
    >>> guess_lost_punctuation("back in ", "80s")[0]
    '’'
    """
    line = before[before.rfind("\n") + 1 :]
    prev_ch = line[-1:] if line else ""
    if after[:1] in ("\ufffd", "?"):
        after = after[1:]  # the lost byte itself, when the run ended before it
    next_ch = after[:1]
    stack: list[str] = []
    for quote in _QUOTES.finditer(line):
        index, ch = quote.start(), quote.group()
        if ch in _OPENERS:
            stack.append(ch)
        elif ch == "”" and stack and stack[-1] == "“":
            stack.pop()
        elif ch == "’" and stack and stack[-1] == "‘":
            inner = (
                0 < index < len(line) - 1
                and line[index - 1].isalpha()
                and line[index + 1].isalpha()
            )
            if not inner:  # an apostrophe inside a word does not close a quote
                stack.pop()
    if prev_ch.isalpha() and next_ch.isalpha():
        return "’", "apostrophe inside a word"
    if (prev_ch.isdigit() or prev_ch == "%") and next_ch.isdigit():
        return "–", "dash in a number range"
    if prev_ch in ("", " ", "(") and re.match(r"\d\d(?:s\b|[^\w]|$)", after):
        return "’", "apostrophe before a two-digit year (’80s)"
    word = re.search(r"[A-Za-z]+$", line)
    # Only an open “ can be closed by ” or not; an open ‘ takes ’ either way.
    later_closer = (
        stack and stack[-1] == "“" and next_ch in (" ", ",", ".") and _closes_later(after[1:])
    )
    if word and later_closer:
        if word.group().endswith("in") and next_ch == " ":
            return "’", "apostrophe of a dropped g (the quote closes later on the line)"
        if word.group().endswith("s") and next_ch == " " and after[1:2].islower():
            return "’", "apostrophe after a plural s (the quote closes later on the line)"
        return "…", "ellipsis after a word (the quote closes later on the line)"
    if stack and not next_ch.isalnum():
        return _OPENERS[stack[-1]], f"closing quote after an opened {stack[-1]}"
    if prev_ch in ("", " ") and next_ch in ("", " ", "\n", "\r"):
        if not prev_ch and next_ch != " ":
            return "”", "closing quote alone on a line"
        what = "en dash" if spaced_dash == "–" else "dash"
        return spaced_dash, f"{what} between clauses (spaces on both sides; the text's style)"
    if prev_ch in ".,!?;:":
        return "”", "closing quote after sentence punctuation (quote opened on an earlier line)"
    if prev_ch == "s" and next_ch == " " and after[1:2].islower():
        return "’", "apostrophe after a plural s (sentence goes on)"
    if word and word.group().endswith("in") and next_ch == " " and after[1:2].islower():
        return "’", "apostrophe of a dropped g (takin’)"
    if prev_ch in ("", " ") and next_ch.isalnum():
        return "“", "opening quote before a word"
    if prev_ch.isalpha():
        return "…", "ellipsis after a word (no quote open on this line)"
    return "”", "closing quote (no better candidate)"


def compose(
    first: Sequence[Repair], second: Sequence[Repair], decoded: str, middle: str
) -> list[Repair]:
    """Express ``second`` (edits of ``middle = apply_repairs(decoded, first)``) in decoded
    coordinates and merge both lists.

    Edits whose spans overlap in ``middle`` coordinates (a GBK run inside an ftfy replacement,
    say) become one repair whose kind joins both kinds; all others are kept as they are. One
    sort and one sweep: O(n log n).
    """
    if not first:
        return list(second)
    # (middle start, middle end, which list, index)
    spans: list[tuple[int, int, int, int]] = []
    delta = 0
    for k, repair in enumerate(first):
        start = repair.start + delta
        spans.append((start, start + len(repair.replacement), 0, k))
        delta += len(repair.replacement) - (repair.end - repair.start)
    spans.extend((edit.start, edit.end, 1, k) for k, edit in enumerate(second))
    spans.sort()
    groups: list[list[tuple[int, int, int, int]]] = []
    group_end = -1
    for span in spans:
        if groups and span[0] < group_end:
            groups[-1].append(span)
            group_end = max(group_end, span[1])
        else:
            groups.append([span])
            group_end = span[1]
    merged: list[Repair] = []
    delta = 0  # middle offset minus decoded offset before the current group
    for group in groups:
        firsts = [first[k] for _, _, which, k in group if which == 0]
        seconds = [second[k] for _, _, which, k in group if which == 1]
        group_delta = sum(len(r.replacement) - (r.end - r.start) for r in firsts)
        if len(group) == 1 and firsts:
            merged.append(firsts[0])
        else:
            lo_mid = min(span[0] for span in group)
            hi_mid = max(span[1] for span in group)
            lo, hi = lo_mid - delta, hi_mid - delta - group_delta
            pieces: list[str] = []
            cursor = lo_mid
            for edit in sorted(seconds, key=lambda e: e.start):
                pieces.append(middle[cursor : edit.start])
                pieces.append(edit.replacement)
                cursor = edit.end
            pieces.append(middle[cursor:hi_mid])
            members = firsts + seconds
            merged.append(
                Repair(
                    lo,
                    hi,
                    decoded[lo:hi],
                    "".join(pieces),
                    "+".join(dict.fromkeys(r.kind for r in members)),
                    all(r.certain for r in members),
                    "; ".join(r.reason for r in members),
                )
            )
        delta += group_delta
    return merged

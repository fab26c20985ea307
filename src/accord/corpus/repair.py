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
_RUN = re.compile(
    "[\u2e80-\u2fdf\u3000-\u303f\u3400-\u4dbf\u4e00-\u9fff\ue000-\uf8ff\uf900-\ufaff\ufe30-\ufe4f\uff00-\uffef\ufffd]+"
)
_HAN = re.compile("[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]")
_LATIN = re.compile("[A-Za-z\u00c0-\u024f]")
# What a UTF-8 decode of a mojibake run may legitimately give: Latin, Greek, Cyrillic,
# general punctuation, currency and letter-like symbols. No controls, CJK or combining marks.
_PLAUSIBLE = re.compile(
    "[\ufffd\t\n\r\x20-\x7e\u00a0-\u024f\u0370-\u03ff\u0400-\u04ff\u2010-\u205e\u20a0-\u20cf\u2100-\u214f]*"
)
_LOST = -1  # a byte the GBK decoder replaced by U+FFFD
_MOJIBAKE_LEAD = "\u9225"  # 鈥 = bytes E2 80, the lead of every U+2000..U+203F character


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
    as UTF-8 succeeds (up to lost ``E2 80 xx`` third bytes) and gives only Latin, Greek,
    Cyrillic or punctuation characters, and (2) its context says it is not Chinese: it contains
    鈥 (E2 80, the lead of curly quotes and dashes), or it is glued to a Latin letter or digit,
    or its line is mostly Latin and the run is at most four characters long. Genuine Chinese
    text fails (1) in practice and sits in CJK-dominated lines for (2).
    """
    if not _HAN.search(text) and "\ufffd" not in text:
        return []
    repairs: list[Repair] = []
    pieces: list[str] = []  # repaired text so far, for quote context
    cursor = 0
    line_counts = _LineCounts(text)
    for match in _RUN.finditer(text):
        for group in _candidate_spans(match.start(), match.group()):
            for start, end in group:
                run = text[start:end]
                decoded = _decode_run(run, text, start, end, pieces, cursor)
                if decoded is None or not _context_allows(
                    run, text, start, end, bool(decoded.guesses), line_counts
                ):
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
                pieces.append(text[cursor:start])
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
        spans = [(offset + k, offset + j) for j in range(top, k, -1) if (k, j) != (0, len(run))]
        if spans:
            groups.append(spans)
    return groups


def _run_bytes(run: str) -> list[int] | None:
    out: list[int] = []
    for ch in run:
        if ch == "\ufffd":
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


def _decode_run(
    run: str, text: str, start: int, end: int, pieces: list[str], cursor: int
) -> _Decoded | None:
    data = _run_bytes(run)
    if data is None:
        return None
    out: list[str] = []
    guesses: list[str] = []
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
        # Incomplete: a continuation byte was lost (U+FFFD) or the run ends before it.
        if seq[:2] == [0xE2, 0x80] and all(b == _LOST for b in seq[2:]):
            # E2 80 xx is U+2000..U+203F: the character is inferred from context.
            before = "".join(pieces[-40:]) + text[cursor:start] + "".join(out)
            after = text[end : end + 3] if i + len(seq) >= n else ""
            guess, why = guess_lost_punctuation(before, after[:3])
            out.append(guess)
            guesses.append(f"lost byte after E2 80: {guess!r}: {why}")
        elif _MOJIBAKE_LEAD in run and all(b == _LOST or 0x80 <= b <= 0xBF for b in seq[1:]):
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


def _context_allows(
    run: str,
    text: str,
    start: int,
    end: int,
    guessed: bool,
    lines: _LineCounts,
) -> bool:
    if _MOJIBAKE_LEAD in run and not guessed:
        return True
    if guessed:
        # A lone 鈥 is only mojibake in a Latin-script line; in Chinese it is a character.
        latin, han = lines.at(start)
        before = text[max(0, start - 20) : start].rstrip(" \u00a0")
        after = text[end : end + 20].lstrip(" \u00a0")
        next_to_han = bool(_HAN.match(before[-1:]) or _HAN.match(after[:1]))
        return latin >= han and latin >= 10 and not next_to_han
    prev_ch = text[start - 1] if start > 0 else ""
    next_ch = text[end] if end < len(text) else ""
    if (prev_ch.isascii() and prev_ch.isalnum()) or (next_ch.isascii() and next_ch.isalnum()):
        return True
    latin, han = lines.at(start)
    return len(run) <= 4 and latin >= 0.7 * (latin + han) and latin >= 10


class _LineCounts:
    """Latin letters and Han characters per line, each line counted at most once.

    Line bounds come from a bisect over the newline positions (found once), so a text with one
    megabyte-long line and many runs stays linear.
    """

    def __init__(self, text: str) -> None:
        self._text = text
        self._newlines: list[int] | None = None
        self._cache: dict[int, tuple[int, int]] = {}

    def at(self, offset: int) -> tuple[int, int]:
        """Counts for the line holding ``offset``."""
        if self._newlines is None:
            self._newlines = [m.start() for m in _NEWLINE.finditer(self._text)]
        index = bisect_right(self._newlines, offset - 1)
        counts = self._cache.get(index)
        if counts is None:
            line_start = self._newlines[index - 1] + 1 if index > 0 else 0
            line_end = self._newlines[index] if index < len(self._newlines) else len(self._text)
            line = self._text[line_start:line_end]
            counts = (len(_LATIN.findall(line)), len(_HAN.findall(line)))
            self._cache[index] = counts
        return counts


_NEWLINE = re.compile("\n")
_OPENERS = {"“": "”", "‘": "’"}
_QUOTES = re.compile("[“”‘’]")


def guess_lost_punctuation(before: str, after: str) -> tuple[str, str]:
    """Infer a U+2000..U+203F character whose third UTF-8 byte was lost.

    ``before`` is the repaired text up to the character, ``after`` the text following it.
    Returns the character and the reason. Candidates: ‘ ’ “ ” – — ….

    >>> guess_lost_punctuation("He said “now", " and")
    ('”', 'closing quote after an opened “')
    >>> guess_lost_punctuation("Russia", "s plan")[0]
    '’'
    """
    line = before[before.rfind("\n") + 1 :]
    prev_ch = line[-1:] if line else ""
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
    if stack and not next_ch.isalnum():
        return _OPENERS[stack[-1]], f"closing quote after an opened {stack[-1]}"
    if prev_ch in ("", " ") and next_ch in ("", " ", "\n", "\r"):
        if not prev_ch and next_ch != " ":
            return "”", "closing quote alone on a line"
        return "—", "dash between clauses (spaces on both sides)"
    if prev_ch.isdigit() and next_ch.isdigit():
        return "–", "dash in a number range"
    if prev_ch in ".,!?;:":
        return "”", "closing quote after sentence punctuation (quote opened on an earlier line)"
    if prev_ch == "s" and next_ch == " " and after[1:2].islower():
        return "’", "apostrophe after a plural s (sentence goes on)"
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

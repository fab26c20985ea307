"""Remove boilerplate lines from flattened plain text, keeping every removal on record.

Rules look at line-level features, never at a list of known lines:

* ``share-links``: a short line whose words are all social-network names, share verbs and
  connectors ("Join us on Telegram", ", and VK", "Share | Tweet | Email"); punctuation-only
  lines next to such lines go with them;
* ``contact``: "Contact us: ..." / "Email: ..." / "Tips: ..." lines (a colon, or a dash and a
  space: "TIP-INS" is a heading), short lines with an e-mail address, a line that is only a
  URL when it stands alone or links to a social network (a list of URL lines, or one under a
  heading ending in a colon, is a list of sources and is kept);
* ``blog-footer``: blog-platform lines ("Comments", "Post a Comment", "Labels: ...") and, in
  the second half of the text, list headers ("Popular posts from this blog", "Related
  articles", "You may also like"...) together with the short headline lines that follow them;
* ``spam-header`` / ``spam-footer``: a short line with CJK characters and no Latin letters
  among the first or last three lines of a mostly-Latin article;
* ``caption``: lines that start like a caption ("Image of", "Photo:", "Illustration by") or end
  with a photo-agency credit (whole words in the agency's own case: "(EPA)", not "(ePA)");
* ``read-more``: a short line that is a link to the rest of the story ("Continue reading",
  "Read more", "Continua a leggere su ...");
* ``embed``: a flattened social-media post (a line ending in its ``pic.twitter.com`` link) and
  its signature line ("— Name (@handle) March 2, 2025");
* ``disclaimer``: "The views/opinions expressed ...", "... do not (necessarily) reflect ...";
* ``author-bio``: in the last part of the text, an "Author"/"About the author" heading and what
  follows it, or a biography sentence ("X is a senior fellow at ...") among the last lines.

Blank lines adjacent to a removed line are removed with it (as part of its span), so the
cleaned text is exactly the concatenation of the kept lines of the repaired text.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from accord.corpus.records import RemovedLine
from accord.corpus.spans import Segment

_SOCIAL = {
    "telegram",
    "twitter",
    "x",
    "vk",
    "vkontakte",
    "facebook",
    "instagram",
    "youtube",
    "linkedin",
    "whatsapp",
    "reddit",
    "tiktok",
    "pinterest",
    "rumble",
    "gab",
    "odnoklassniki",
    "viber",
    "mastodon",
    "bluesky",
    "threads",
    "substack",
    "rss",
    "flipboard",
    "weibo",
    "wechat",
    "discord",
    "gettr",
    "truth",
    "social",
    "email",
    "e-mail",
    "mail",
    "messenger",
    "tumblr",
}
_SHARE_VERBS = {"share", "tweet", "follow", "subscribe", "join", "like", "print", "pin", "email"}
_CONNECTORS = {
    "us",
    "on",
    "and",
    "or",
    "in",
    "at",
    "to",
    "via",
    "with",
    "the",
    "this",
    "our",
    "your",
    "page",
    "channel",
    "group",
    "account",
    "article",
    "post",
    "story",
    "find",
    "connect",
    "get",
    "updates",
    "news",
    "stay",
    "tuned",
    "copy",
    "link",
    "also",
    "more",
    "here",
    "now",
    "me",
    "by",
    "feed",
    "newsletter",
    "a",
    "friend",
    "send",
    "it",
    "is",
    "we",
    "are",
}
_WORD = re.compile(r"[\w@.+-]+", re.UNICODE)
_ALNUM = re.compile(r"\w", re.UNICODE)
_LATIN = re.compile("[A-Za-z\u00c0-\u024f]")
_CJK = re.compile("[\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uac00-\ud7af\uff00-\uffef]")
_ASCII_RUN = re.compile("[\x00-\x7f]+")
# The lookbehind starts a match only where a run of address characters starts (without it
# a long run with no "@" is tried from every one of its characters: quadratic).
_EMAIL = re.compile(r"(?<![\w.+-])[\w.+-]+@[\w-]+(?:\.[\w-]+)+")
_URL = re.compile(r"(?:https?://|www\.)\S+", re.I)
_CONTACT = re.compile(
    r"^\s*(?:contact(?:\s+us)?|e-?mail(?:\s+us)?|write\s+to\s+us|get\s+in\s+touch|send\s+(?:us\s+)?"
    r"(?:your\s+)?tips|tips?|press\s+enquiries|for\s+enquiries)\b"
    # a colon, or a dash followed by a space: "Tips - ..." is a label, "TIP-INS" a heading
    r"\s*(?::|[-–—](?=\s))",
    re.I,
)
_FOOTER_LINE = re.compile(
    r"^\s*(?:comments?|\d+\s+comments?|no\s+comments?|post\s+a\s+comment|leave\s+a\s+(?:comment|reply)"
    r"|labels?:.*|tags?:.*|newer\s+posts?|older\s+posts?|share\s+this(?:\s+(?:post|article|story))?"
    r"|subscribe\s+to:.*|powered\s+by\s+\w+|report\s+abuse|email\s+this|blogthis!?|home"
    r"|comments\s+are\s+closed\.?|blog\s+at(?:\s+wordpress\.com)?\.?|up\s*↑|%d\s+bloggers\s+like\s+this)"
    r"\s*:?\s*$",
    re.I,
)
_FOOTER_LIST = re.compile(
    r"^\s*(?:popular\s+posts(?:\s+from\s+this\s+blog)?|related\s+(?:posts|articles|stories|news|content)"
    r"|you\s+(?:may|might)\s+also\s+(?:like|be\s+interested\s+in)|read\s+next|more\s+from\s+.{1,40}"
    r"|more\s+stories|recommended(?:\s+for\s+you)?|trending(?:\s+now)?|most\s+(?:read|popular|viewed)"
    r"|latest\s+(?:posts|news|stories)|recent\s+posts|see\s+also|further\s+reading|read\s+more)\s*:?\s*$",
    re.I,
)
_CAPTION = re.compile(
    r"^\s*(?:(?:image|photo|picture|photograph|illustration|video|graphic|infographic|file\s+photo)"
    r"(?:\s+(?:of|by|courtesy|credit)\b|\s*[:|©])|\(?(?:photo|image)\s*(?:credit)?\s*:|©)",
    re.I,
)
_CAPTION_LABEL = re.compile(r"^\s*\(?[\w ]{1,20}(?:[:|©]|\bcredit\b)", re.I)
# Agency names as agencies write them (whole words, in their own case): "(ePA)" and
# "(eEPA)" are not credits.
_CREDIT_END = re.compile(
    r"(?:\(|/|\|)\s*(?i:photo:?\s*)?[^()]{0,40}\b(?:Getty\s+Images|GETTY\s+IMAGES|Reuters|REUTERS"
    r"|AFP|AP\s+Photo|AP\s+PHOTO|EPA(?:-EFE)?|TASS|Tass|Sputnik|SPUTNIK|RIA\s+Novosti"
    r"|Shutterstock|Wikimedia(?:\s+Commons)?|Pool|POOL)\b\s*\)?\s*$",
)
# "Continue reading", "Read more" (and the same link in other languages): a link to the rest
# of the story, on a short line of its own.
_READ_MORE = re.compile(
    r"^\s*(?:continue\s+reading|read\s+more|read\s+the\s+(?:full|rest\s+of\s+the)\s+"
    r"(?:story|article)|continua\s+a\s+leggere|lire\s+la\s+suite|weiterlesen|leer\s+m[aá]s"
    r"|läs\s+mer|читать\s+далее)\b",
    re.I,
)
_FOLLOW_US = re.compile(r"^\s*follow\s+us\b", re.I)
# An embedded social-media post flattened into the text: the post ending with its picture
# link, and the signature line "— Name (@handle) March 2, 2025".
_EMBED_POST = re.compile(r"\bpic\.twitter\.com/\w+\s*$")
_EMBED_SIGNATURE = re.compile(
    r"^\s*[—–-]\s*[^()]{1,60}\(@\w{1,30}\)\s+[A-Z][a-z]+\.?\s+\d{1,2},\s+\d{4}\s*$"
)
# A disclaimer *starts* like one anywhere; a line that only *contains* "do not (necessarily)
# reflect the views" counts among the last six lines only (in the body it is reported speech:
# "such statements do not reflect the position of the government, Peskov said").
_DISCLAIMER_START = re.compile(
    r"^\s*(?:disclaimer\b|(?:the\s+)?(?:views|opinions)\s+expressed\b|(?:the\s+)?(?:views|opinions)"
    r"\s+(?:in|of)\s+this\s+(?:article|piece|column|commentary)\b)",
    re.I,
)
_DISCLAIMER_ANY = re.compile(
    r"\b(?:views|opinions)\s+expressed\b|\bdo(?:es)?\s+not\s+(?:necessarily\s+)?"
    r"(?:reflect|represent)\s+(?:the\s+)?(?:views|opinions|position|policy|editorial)",
    re.I,
)
_AUTHOR_HEADING = re.compile(
    r"^\s*(?:about\s+the\s+authors?|authors?|written\s+by|by\s+the\s+same\s+author|more\s+by\s+this"
    r"\s+author|biography|contributors?)\s*:?\s*$",
    re.I,
)
# "Jane Doe is a senior fellow at ...": an author's biography (not "Dmitriev is the head of
# the fund", which is article text), only among the last two lines.
_BIO = re.compile(
    r"^\s*(?:[A-Z][\w.’'\-]*\s+){1,5}(?:is|was|serves\s+as)\s+(?:a|an|the)\b[^.]{0,100}?"
    r"\b(?:fellow|professor|columnist|contributor|editor|journalist|correspondent|researcher"
    r"|analyst|author|writer|lecturer|scholar|reporter)s?\b(?:\s+(?:at|of|with|for|in)\b)?",
)
_SENTENCE_END = re.compile(r"[.!?…]['\"”’)]*\s*$")


@dataclass(frozen=True)
class CleanResult:
    """Cleaned text, what was removed, and the kept segments (for offset mapping)."""

    text: str
    removed: list[RemovedLine]
    segments: list[Segment]


@dataclass
class _Line:
    start: int
    text: str
    stripped: str
    words: int

    @property
    def end(self) -> int:
        return self.start + len(self.text)

    @property
    def blank(self) -> bool:
        return not self.stripped


def clean_plain_text(text: str) -> CleanResult:
    """Remove boilerplate lines from ``text`` (the repaired text).

    >>> r = clean_plain_text("Talks resume\\nJoin us on Telegram\\n, Twitter\\nThe envoys met.\\n")
    >>> r.text, [x.reason for x in r.removed]
    ('Talks resume\\nThe envoys met.\\n', ['share-links', 'share-links'])
    """
    lines = _split(text)
    reasons = classify_lines(lines, text)
    return _assemble(text, lines, reasons)


def _split(text: str) -> list[_Line]:
    lines: list[_Line] = []
    offset = 0
    for raw in text.splitlines(keepends=True):
        stripped = raw.strip()
        lines.append(_Line(offset, raw, stripped, len(stripped.split())))
        offset += len(raw)
    return lines


def classify_lines(lines: list[_Line], text: str) -> list[str | None]:
    """A removal reason (or None to keep) for each line."""
    reasons: list[str | None] = [None] * len(lines)
    content = [i for i, line in enumerate(lines) if not line.blank]
    if not content:
        return reasons
    total = max(1, len(text))
    non_ascii = _ASCII_RUN.sub("", text)  # CJK is never ASCII: count it on the rest only
    cjk = len(_CJK.findall(non_ascii)) if non_ascii else 0
    # Without CJK in the text the foreign-script rule cannot fire, so skip counting Latin.
    mostly_latin = cjk > 0 and len(_LATIN.findall(text)) >= max(50, 4 * cjk)
    edge = set(content[:3]) | set(content[-3:])
    tail = set(content[-6:])
    for i in content:
        line = lines[i]
        reason = _line_reason(line)
        if (
            reason is None
            and i in tail
            and line.words <= 80
            and _DISCLAIMER_ANY.search(line.stripped)
        ):
            reason = "disclaimer"
        if reason is None and mostly_latin and i in edge and _is_foreign_script_line(line):
            reason = "spam-header" if i in content[:3] else "spam-footer"
        reasons[i] = reason
    _keep_link_lists(lines, content, reasons)
    _cascade_tail(lines, content, reasons, total)
    _attach_punctuation(lines, content, reasons)
    return reasons


def _line_reason(line: _Line) -> str | None:
    s = line.stripped
    if line.words > 80:
        return None  # every rule below is for short lines; a paragraph is article text
    if line.words <= 8 and _is_share_line(s):
        return "share-links"
    if line.words <= 6 and _FOLLOW_US.match(s):
        return "share-links"
    if line.words <= 8 and _READ_MORE.match(s):
        return "read-more"
    if (line.words <= 40 and _EMBED_POST.search(s)) or _EMBED_SIGNATURE.match(s):
        return "embed"
    if line.words <= 15 and (_CONTACT.match(s) or (_EMAIL.search(s) and line.words <= 10)):
        return "contact"
    if ("@" in s or "http" in s or "www." in s) and _only_links(s):
        return "link-only"  # decided with its neighbours in classify_lines
    if line.words <= 6 and _FOOTER_LINE.match(s):
        return "blog-footer"
    if line.words <= 30 and _CAPTION.match(s) and _caption_shaped(s, line.words):
        return "caption"
    if line.words <= 25 and _CREDIT_END.search(s):
        return "caption"
    if line.words <= 80 and _DISCLAIMER_START.match(s):
        return "disclaimer"
    return None


def _caption_shaped(stripped: str, words: int) -> bool:
    """ "Photo: ..." is a caption however it ends; "Image of ..." only when it does not read
    like a sentence of the article (no full stop, or short)."""
    if _CAPTION_LABEL.match(stripped):
        return True
    return words <= 15 or not _SENTENCE_END.search(stripped)


def _is_share_line(stripped: str) -> bool:
    words = [w.strip(".+-").lower() for w in _WORD.findall(stripped)]
    words = [w for w in words if w]
    if not words:
        return False
    has_signal = any(w in _SOCIAL or w in _SHARE_VERBS for w in words)
    return has_signal and all(w in _SOCIAL or w in _SHARE_VERBS or w in _CONNECTORS for w in words)


def _keep_link_lists(lines: list[_Line], content: list[int], reasons: list[str | None]) -> None:
    """A line that is only links is a contact line when it stands alone; inside a list of such
    lines, or under a heading that ends with a colon ("Sources:"), it is content (a list of
    sources, documents or products). Links to social-network profiles are contact either way.
    """
    k = 0
    while k < len(content):
        if reasons[content[k]] != "link-only":
            k += 1
            continue
        end = k
        while end + 1 < len(content) and reasons[content[end + 1]] == "link-only":
            end += 1
        previous = lines[content[k - 1]].stripped if k > 0 else ""
        listed = end > k or (previous.endswith(":") and reasons[content[k - 1]] is None)
        for j in range(k, end + 1):
            i = content[j]
            social = _SOCIAL_URL.search(lines[i].stripped) is not None
            reasons[i] = "contact" if social or not listed else None
        k = end + 1


_SOCIAL_URL = re.compile(
    r"(?:https?://|www\.|\b)(?:t\.me|telegram\.me|twitter\.com|x\.com|facebook\.com|fb\.com|vk\.com"
    r"|instagram\.com|youtube\.com|youtu\.be|tiktok\.com|linkedin\.com|wa\.me|whatsapp\.com)\b",
    re.I,
)


def _only_links(stripped: str) -> bool:
    rest = _EMAIL.sub(" ", _URL.sub(" ", stripped))
    return rest != stripped and not _ALNUM.search(rest.replace("|", ""))


def _is_foreign_script_line(line: _Line) -> bool:
    s = line.stripped
    return len(s) <= 40 and bool(_CJK.search(s)) and not _LATIN.search(s)


def _cascade_tail(
    lines: list[_Line], content: list[int], reasons: list[str | None], total: int
) -> None:
    """Footer lists and author blocks take the short lines after them with them."""
    last_quarter = [i for i in content if lines[i].start >= 0.5 * total]
    tail_from: tuple[int, str] | None = None
    for i in last_quarter:
        s = lines[i].stripped
        if lines[i].words <= 8 and _FOOTER_LIST.match(s):
            tail_from = (i, "blog-footer")
            break
        if lines[i].words <= 5 and _AUTHOR_HEADING.match(s):
            tail_from = (i, "author-bio")
            break
    if tail_from is not None:
        start, reason = tail_from
        for i in content:
            if i < start:
                continue
            if i > start and lines[i].words > 80:
                break  # a long paragraph is article text, not a list of headlines or a bio
            reasons[i] = reasons[i] or reason
    # Biography sentences among the last two lines, and short lines after a disclaimer/bio.
    final = content[-2:]
    for i in final:
        if reasons[i] is None and lines[i].words <= 80 and _BIO.match(lines[i].stripped):
            if lines[i].start >= 0.6 * total:
                reasons[i] = "author-bio"
    seen_tail = False
    for i in content:
        if reasons[i] in ("author-bio", "disclaimer") and lines[i].start >= 0.6 * total:
            seen_tail = True
        elif (
            seen_tail
            and reasons[i] is None
            and lines[i].words <= 6
            and not _SENTENCE_END.search(lines[i].stripped)
        ):
            reasons[i] = "author-bio"


def _attach_punctuation(lines: list[_Line], content: list[int], reasons: list[str | None]) -> None:
    """A line with no letters or digits between/after removed lines goes with them."""
    for k, i in enumerate(content):
        if reasons[i] is not None or _ALNUM.search(lines[i].stripped):
            continue
        prev_reason = reasons[content[k - 1]] if k > 0 else None
        next_reason = reasons[content[k + 1]] if k + 1 < len(content) else None
        if prev_reason is not None or next_reason is not None:
            reasons[i] = prev_reason or next_reason


def _assemble(text: str, lines: list[_Line], reasons: list[str | None]) -> CleanResult:
    # Blank lines join the removed line before them (or after them, at the top or between
    # a kept line and a removed one) so that removals do not leave holes of blank lines.
    owner: list[int | None] = [None] * len(lines)
    for i, reason in enumerate(reasons):
        if reason is not None:
            owner[i] = i
    for i, line in enumerate(lines):
        if line.blank and owner[i] is None and i > 0 and owner[i - 1] is not None:
            owner[i] = owner[i - 1]
    for i in range(len(lines) - 1, -1, -1):
        if lines[i].blank and owner[i] is None and i + 1 < len(lines) and owner[i + 1] is not None:
            before = next((j for j in range(i - 1, -1, -1) if not lines[j].blank), None)
            if before is None:  # blank lines at the very top go with the removed line below
                owner[i] = owner[i + 1]
    removed: list[RemovedLine] = []
    segments: list[Segment] = []
    pieces: list[str] = []
    text_pos = 0
    for i, line in enumerate(lines):
        who = owner[i]
        if who is None:
            if segments and segments[-1].source_start + segments[-1].length == line.start:
                last = segments[-1]
                segments[-1] = Segment(
                    last.text_start, last.source_start, last.length + len(line.text), True
                )
            else:
                segments.append(Segment(text_pos, line.start, len(line.text), True))
            pieces.append(line.text)
            text_pos += len(line.text)
            continue
        reason = reasons[who]
        assert reason is not None
        if (
            removed
            and removed[-1].end == line.start
            and (line.blank or who != i and owner[i - 1] == who)
        ):
            last_removed = removed[-1]
            removed[-1] = RemovedLine(
                last_removed.start, line.end, last_removed.text + line.text, last_removed.reason
            )
        elif line.blank and i + 1 < len(lines) and owner[i + 1] == who:
            removed.append(RemovedLine(line.start, line.end, line.text, reason))  # merged next
        else:
            removed.append(RemovedLine(line.start, line.end, line.text, reason))
    removed = _merge_blank_prefixes(removed)
    return CleanResult("".join(pieces), removed, segments)


def _merge_blank_prefixes(removed: list[RemovedLine]) -> list[RemovedLine]:
    merged: list[RemovedLine] = []
    for item in removed:
        if merged and merged[-1].end == item.start and not merged[-1].text.strip():
            prefix = merged.pop()
            item = RemovedLine(prefix.start, item.end, prefix.text + item.text, item.reason)
        merged.append(item)
    return merged

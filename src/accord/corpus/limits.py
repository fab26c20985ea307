"""Input limits: what one ingest run will read, so no file or article takes unbounded time or
memory, whatever is in it.

Each limit refuses what is over it with one located error (the file, line or record), whose
``setting`` names the limit to raise (the CLI shows its flag: ``max_html_nodes`` is
``--max-html-nodes``); everything else in the run still lands. The defaults are far above
real news articles and pages:

=======================  ====================  =================================================
limit                    default               what it bounds
=======================  ====================  =================================================
``max_bytes``            50 MB                 one file as stored (a ``.gz`` file: compressed)
``max_decompressed``     512 MB                all decompressed bytes of one ``.gz`` file
``max_line_bytes``       10 MB                 one JSONL line, one WARC record's payload
``max_header_bytes``     64 kB                 one WARC record's WARC and HTTP header block
``max_html_nodes``       100,000               elements of one HTML page
``max_html_attributes``  1,000                 attributes of one HTML tag
``max_html_depth``       1,000                 nesting of HTML elements
``max_word_chars``       20,000                the longest word (run without whitespace) of an
                                               article's text
``article_timeout``      60 s                  processing one article (decode, repair, extract,
                                               clean, flag, fingerprint); 0: no limit
=======================  ====================  =================================================

>>> InputLimits().max_line_bytes
10485760
>>> InputLimits(max_html_nodes=0)
Traceback (most recent call last):
...
accord.errors.InputError: max_html_nodes: must be at least 1, not 0
"""

from __future__ import annotations

import re
import signal
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, fields
from itertools import islice

from accord.errors import InputError

MB = 1024 * 1024

@dataclass(frozen=True, slots=True)
class InputLimits:
    """Caps on what ingest reads (see the module documentation for each and its default)."""

    max_bytes: int = 50 * MB
    max_decompressed: int = 512 * MB
    max_line_bytes: int = 10 * MB
    max_header_bytes: int = 64 * 1024
    max_html_nodes: int = 100_000
    max_html_attributes: int = 1_000
    max_html_depth: int = 1_000
    max_word_chars: int = 20_000
    article_timeout: float = 60.0

    def __post_init__(self) -> None:
        for f in fields(self):
            value = getattr(self, f.name)
            if f.name == "article_timeout":
                if not value >= 0:  # also refuses NaN
                    raise InputError(f"must be 0 (no limit) or more, not {value}", field=f.name)
            elif value < 1:
                raise InputError(f"must be at least 1, not {value}", field=f.name)

    @property
    def line_cap(self) -> int:
        """The cap on one JSONL line or WARC payload: never more than a whole file's cap."""
        return min(self.max_line_bytes, self.max_bytes)


DEFAULT_LIMITS = InputLimits()


def over(what: str, size: int, cap: int, unit: str = "bytes") -> str:
    """The message for ``what`` of ``size`` over ``cap`` (the error's ``setting`` names the
    limit, and the CLI its flag).

    >>> over("line", 2_000_000, 1_000_000)
    'line is 1.9 MB, over the size cap of 1000000 bytes'
    >>> over("elements nested", 5000, 1000, "deep")
    'elements nested 5,000 deep, over the cap of 1,000'
    """
    if unit == "bytes":
        return f"{what} is {size_text(size)}, over the size cap of {size_text(cap)}"
    return f"{what} {size:,} {unit}, over the cap of {cap:,}"


# What the HTML scan looks for: a comment, a start or end tag, or another markup declaration.
_MARKUP = re.compile(r"<(?:(!--)|(/?)([A-Za-z][^\s/>]*)|[!?])")
_ATTRIBUTE = re.compile(r"[^\s=/>\"']+(?:\s*=\s*(?:\"[^\"]*\"|'[^']*'|[^\s>]*))?")
_RAW_TEXT = {"script", "style", "textarea", "title", "xmp", "iframe", "noembed", "noframes",
             "noscript"}
# Elements with no end tag, or whose end tag HTML implies (they never make the tree deeper).
_FLAT = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source",
         "track", "wbr", "param", "keygen", "p", "li", "dt", "dd", "tr", "td", "th", "option",
         "optgroup", "rt", "rp", "thead", "tbody", "tfoot", "colgroup", "caption", "html",
         "head", "body"}


def check_html(html: str, limits: InputLimits, field: str | None = None) -> None:
    """Raise :class:`InputError` (with ``field``, and the limit as its ``setting``) when
    ``html`` is over the element, attribute or depth caps of ``limits``.

    A linear scan of the markup, made *before* the page reaches lxml and trafilatura (which
    take minutes on 100,000 attributes of one tag or 300,000 paragraphs). It counts start tags
    (outside comments, scripts and styles), the attributes of each, and nesting: start tags
    minus end tags, not counting elements whose end HTML implies (``p``, ``li``, ``td`` …) or
    that have none (``br``, ``img`` …), so unclosed paragraphs do not count as depth.

    >>> check_html("<div a=1 b c='x'><p>one<p>two</div>", InputLimits())
    >>> try:
    ...     check_html("<div a=1 b c='x'>", InputLimits(max_html_attributes=2))
    ... except InputError as exc:
    ...     print(exc)
    a <div> tag with more than 2 attributes, over the cap (max_html_attributes)
    >>> check_html("<b><i><u>x</u></i></b>", InputLimits(max_html_depth=2), "html")
    Traceback (most recent call last):
    ...
    accord.errors.InputError: html: elements nested 3 deep, over the cap of 2 (max_html_depth)
    """
    problem = _html_problem(html, limits)
    if problem is not None:
        raise InputError(problem[0], field=field, setting=problem[1])


def _html_problem(html: str, limits: InputLimits) -> tuple[str, str] | None:
    nodes = depth = 0
    pos, n = 0, len(html)
    while pos < n:
        found = _MARKUP.search(html, pos)
        if found is None:
            break
        if found.group(1):  # a comment: skip to its end
            end = html.find("-->", found.end())
            if end < 0:
                break
            pos = end + 3
            continue
        close = html.find(">", found.end())
        if close < 0:
            break
        name = (found.group(3) or "").lower()
        pos = close + 1
        if not name:  # <!DOCTYPE …>, <?xml …?>
            continue
        if found.group(2):  # an end tag
            if name not in _FLAT and depth:
                depth -= 1
            continue
        nodes += 1
        if nodes > limits.max_html_nodes:
            return f"more than {limits.max_html_nodes:,} elements, over the cap", "max_html_nodes"
        body = html[found.end():close]
        cap = limits.max_html_attributes
        if body.strip():
            count = sum(1 for _ in islice(_ATTRIBUTE.finditer(body), cap + 1))
            if count > cap:
                message = f"a <{name}> tag with more than {cap:,} attributes, over the cap"
                return message, "max_html_attributes"
        if name in _RAW_TEXT:  # its content is text, not markup
            end_tag = re.compile(rf"</{re.escape(name)}\s*>", re.I).search(html, pos)
            if end_tag is None:
                break
            pos = end_tag.end()
            continue
        if name not in _FLAT and not body.rstrip().endswith("/"):
            depth += 1
            if depth > limits.max_html_depth:
                return (
                    over("elements nested", depth, limits.max_html_depth, "deep"),
                    "max_html_depth",
                )
    return None


def check_words(text: str, limits: InputLimits, field: str | None = None) -> None:
    """Raise :class:`InputError` (with ``field``) when ``text`` has a word (a run without
    whitespace) over ``max_word_chars``.

    >>> check_words("a " + "x" * 30, InputLimits(max_word_chars=20), "text")
    Traceback (most recent call last):
    ...
    accord.errors.InputError: text: a word of 30 characters, over the cap of 20 (max_word_chars)
    """
    cap = limits.max_word_chars
    if len(text) <= cap:
        return
    longest = max(map(len, text.split()), default=0)
    if longest > cap:
        raise InputError(
            over("a word of", longest, cap, "characters"), field=field, setting="max_word_chars"
        )


class ArticleTimeout(BaseException):
    """Raised inside the processing of an article that ran past ``article_timeout``.

    A :class:`BaseException`, so that a library's ``except Exception`` cannot swallow it.
    """


@contextmanager
def deadline(seconds: float) -> Iterator[None]:
    """Raise :class:`ArticleTimeout` in the block once it has run ``seconds`` (then again
    each second, should something swallow it). A no-op for 0.

    In the main thread (this process, a local pool worker) a ``SIGALRM`` timer raises it; in
    any other thread (a Dask worker runs tasks in a thread pool, where no signal arrives) or
    where there is no ``SIGALRM`` (Windows), a watchdog thread does
    (:mod:`accord.corpus.thread_deadline`). Either interrupts Python code, not a single long
    call into C; every such call in the pipeline is kept short by the other limits.
    """
    if not seconds:
        yield
        return
    if (
        not hasattr(signal, "setitimer")
        or threading.current_thread() is not threading.main_thread()
    ):
        from accord.corpus.thread_deadline import thread_deadline

        with thread_deadline(seconds, ArticleTimeout):
            yield
        return

    def on_alarm(signum: int, frame: object) -> None:
        raise ArticleTimeout(seconds)

    previous = signal.signal(signal.SIGALRM, on_alarm)
    signal.setitimer(signal.ITIMER_REAL, seconds, 1.0)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)


def size_text(n: int) -> str:
    """``n`` bytes for a message: ``"65536 bytes"``, ``"1.5 MB"``."""
    if n < MB:
        return f"{n} bytes"
    return f"{n / MB:.1f} MB"


__all__ = [
    "DEFAULT_LIMITS", "ArticleTimeout", "InputLimits", "check_html", "check_words",
    "deadline", "over", "size_text",
]

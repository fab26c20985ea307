"""Reading and writing the files analysts edit: YAML with located errors, atomic writes.

Every layer reads YAML (model files, the actor registry, lexicons) and writes files a reader
may be looking at (model files, the registry, plots); both are done here, once.

Every YAML file is read with :class:`BoundedLoader`: a safe loader that refuses what could
exhaust memory or run code — aliases that repeat more than :data:`YAML_MAX_ALIAS_NODES` nodes
in all, recursive aliases, nesting deeper than :data:`YAML_MAX_DEPTH`, merge keys, tags other
than YAML's plain types (``!!python/…`` above all) — each as one located error.

>>> import tempfile, pathlib
>>> path = pathlib.Path(tempfile.mkdtemp()) / "x.yaml"
>>> atomic_write_text(path, "a: [1, 2\\n")
>>> read_yaml(path)
Traceback (most recent call last):
...
accord.errors.InputError: ...x.yaml:2:1: not valid YAML: expected ',' or ']', but got '<stream end>'
>>> parse_yaml_text("a: !!python/name:os.system x", "m.yaml")
Traceback (most recent call last):
...
accord.errors.InputError: m.yaml:1:4: a: the tag '...python/name:os.system' is not allowed: ...
"""

from __future__ import annotations

import os
import tempfile
from pathlib import Path
from typing import Any, NoReturn

import yaml
from yaml.events import AliasEvent

from accord.errors import InputError, field_path

#: Deepest nesting of lists and mappings a YAML file may have (aliases included).
YAML_MAX_DEPTH = 100
#: How many nodes aliases (``*name``) may repeat in one YAML file, in all.
YAML_MAX_ALIAS_NODES = 10_000

_CORE = "tag:yaml.org,2002:"
_PLAIN_TAGS = frozenset(
    _CORE + t for t in ("null", "bool", "int", "float", "str", "seq", "map", "timestamp", "value")
)


class YamlRefused(yaml.MarkedYAMLError):
    """YAML that is well formed but refused by :class:`BoundedLoader`, with its field path."""

    def __init__(self, message: str, mark: Any, field: str | None) -> None:
        super().__init__(problem=message, problem_mark=mark)
        self.field = field


class BoundedLoader(yaml.SafeLoader):
    """PyYAML's safe loader with bounds: no alias bombs, no recursion, no tags, no code.

    Composing refuses, at the line and column where it happens: an alias to a node that is
    still open (a recursive alias); aliases that repeat more than :data:`YAML_MAX_ALIAS_NODES`
    nodes in all; nesting deeper than :data:`YAML_MAX_DEPTH` (counting what aliases bring);
    merge keys (``<<``); and any tag but YAML's plain types. A value that cannot be
    constructed (an out-of-range date, an integer too long to convert) is refused too.
    """

    def __init__(self, stream: str) -> None:
        super().__init__(stream)
        self._path: list[int | str] = []
        self._depth = 0
        self._open: set[str] = set()
        self._shape: dict[int, tuple[int, int]] = {}  # id(node) -> (expanded size, height)
        self._repeated = 0

    def _refuse(self, message: str, mark: Any, last: int | str | None = None) -> NoReturn:
        path = [*self._path, last] if last is not None else self._path
        raise YamlRefused(message, mark, field_path(path) if path else None)

    def compose_node(self, parent: yaml.Node | None, index: Any) -> yaml.Node:
        """Compose one node (PyYAML's method), enforcing the bounds above."""
        event: Any = self.peek_event()  # type: ignore[no-untyped-call]
        label: int | str | None = None
        if isinstance(index, yaml.ScalarNode):
            label = str(index.value)
        elif isinstance(index, int):
            label = index
        elif isinstance(parent, yaml.MappingNode):
            label = "(key)"
        if isinstance(event, AliasEvent):
            if event.anchor in self._open:
                self._refuse(
                    f"recursive alias *{event.anchor} (used inside its own anchor); "
                    "write the value out",
                    event.start_mark,
                    label,
                )
            node: yaml.Node | None = super().compose_node(parent, index)
            assert node is not None
            size, height = self._shape[id(node)]
            self._repeated += size
            if self._repeated > YAML_MAX_ALIAS_NODES:
                self._refuse(
                    f"aliases repeat more than {YAML_MAX_ALIAS_NODES:,} nodes; "
                    "write the values out or use fewer aliases",
                    event.start_mark,
                    label,
                )
            if self._depth + height > YAML_MAX_DEPTH:
                self._refuse(
                    f"alias *{event.anchor} nests deeper than {YAML_MAX_DEPTH} levels",
                    event.start_mark,
                    label,
                )
            return node
        if self._depth >= YAML_MAX_DEPTH:
            self._refuse(f"nested deeper than {YAML_MAX_DEPTH} levels", event.start_mark, label)
        tag = getattr(event, "tag", None)
        if tag not in (None, "!"):
            self._check_tag(tag, event.start_mark, label)
        anchor = event.anchor
        if anchor is not None:
            self._open.add(anchor)
        if label is not None:
            self._path.append(label)
        self._depth += 1
        try:
            node = super().compose_node(parent, index)
            assert node is not None
        finally:
            self._depth -= 1
            if label is not None:
                self._path.pop()
            if anchor is not None:
                self._open.discard(anchor)
        self._check_tag(node.tag, node.start_mark, label)
        if isinstance(node, yaml.ScalarNode):
            self._shape[id(node)] = (1, 1)
        else:
            children = (
                [c for pair in node.value for c in pair]
                if isinstance(node, yaml.MappingNode)
                else node.value
            )
            shapes = [self._shape[id(c)] for c in children]
            self._shape[id(node)] = (
                1 + sum(s for s, _ in shapes),
                1 + max((h for _, h in shapes), default=0),
            )
        return node

    def _check_tag(self, tag: str, mark: Any, label: int | str | None) -> None:
        if tag in _PLAIN_TAGS:
            return
        if tag == _CORE + "merge":
            self._refuse("merge keys (<<) are not supported; write the keys out", mark, label)
        if tag.startswith((_CORE + "python/", "!python/", "tag:yaml.org,2002:python")):
            self._refuse(
                f"the tag {tag!r} is not allowed: no code runs from a file; write a plain value",
                mark,
                label,
            )
        self._refuse(
            f"unknown tag {tag!r}; only plain values (text, numbers, true/false, null, lists, "
            "mappings) are allowed",
            mark,
            label,
        )

    def construct_object(self, node: yaml.Node, deep: bool = False) -> Any:
        """Construct a node (PyYAML's method); a value Python cannot hold is located."""
        try:
            return super().construct_object(node, deep=deep)
        except (ValueError, OverflowError, KeyError, AttributeError, IndexError, TypeError) as exc:
            kind = str(node.tag).rsplit(":", 1)[-1]
            detail = f": {exc}" if isinstance(exc, ValueError | OverflowError) else ""
            raise YamlRefused(
                f"cannot read {node.value!r} as {kind}{detail}", node.start_mark, None
            ) from None


def _construct_value(loader: BoundedLoader, node: yaml.ScalarNode) -> str:
    """A plain ``=`` is text (YAML 1.1's "value" key type has no meaning in accord's files)."""
    return str(loader.construct_scalar(node))


BoundedLoader.add_constructor(_CORE + "value", _construct_value)


def decode_utf8(raw: bytes, file: str | None) -> str:
    """``raw`` as text (a UTF-8 byte-order mark dropped); invalid UTF-8 is an error at its
    line and column (counted in characters), naming the offending byte.

    >>> decode_utf8(b"a: 1\\nb: \\xff\\n", "m.yaml")
    Traceback (most recent call last):
    ...
    accord.errors.InputError: m.yaml:2:4: not valid UTF-8 (byte 0xff at offset 8); save the ...
    """
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        start = exc.start
        line_start = raw.rfind(b"\n", 0, start) + 1
        column = len(raw[line_start:start].decode("utf-8", errors="replace")) + 1
        raise InputError(
            f"not valid UTF-8 (byte 0x{raw[start]:02x} at offset {start}); save the file as UTF-8",
            file=file,
            line=raw.count(b"\n", 0, start) + 1,
            column=column,
        ) from None


def yaml_error(exc: yaml.YAMLError, file: str | None, text: str | None = None) -> InputError:
    """The :class:`InputError` for a YAML error: file, line and column of the problem (and the
    field, for what :class:`BoundedLoader` refuses). ``text`` locates a forbidden character.

    >>> try:
    ...     yaml.safe_load("a: [1")
    ... except yaml.YAMLError as exc:
    ...     print(yaml_error(exc, "m.yaml"))
    m.yaml:1:6: not valid YAML: expected ',' or ']', but got '<stream end>'
    """
    if isinstance(exc, YamlRefused):
        mark = exc.problem_mark
        return InputError(
            str(exc.problem),
            file=file,
            line=mark.line + 1 if mark else None,
            column=mark.column + 1 if mark else None,
            field=exc.field,
        )
    if isinstance(exc, yaml.reader.ReaderError):
        line = column = None
        if text is not None and isinstance(exc.position, int):
            pos = exc.position
            line = text.count("\n", 0, pos) + 1
            column = pos - (text.rfind("\n", 0, pos) + 1) + 1
        code = exc.character if isinstance(exc.character, int) else ord(exc.character)
        return InputError(
            f"not valid YAML: character #x{code:04x} is not allowed (control characters "
            "such as NUL cannot appear in YAML)",
            file=file,
            line=line,
            column=column,
        )
    mark = problem = None
    if isinstance(exc, yaml.MarkedYAMLError):
        mark = exc.problem_mark or exc.context_mark
        problem = exc.problem or exc.context
    return InputError(
        f"not valid YAML: {problem or exc}",
        file=file,
        line=mark.line + 1 if mark else None,
        column=mark.column + 1 if mark else None,
    )


def compose_yaml_text(text: str, file: str | None) -> yaml.Node | None:
    """The node tree of ``text`` (with marks), composed by :class:`BoundedLoader`."""
    try:
        loader = BoundedLoader(text)
        try:
            return loader.get_single_node()
        finally:
            loader.dispose()
    except yaml.YAMLError as exc:
        raise yaml_error(exc, file, text) from None


def parse_yaml_text(
    text: str, file: str | None, loader: type[BoundedLoader] = BoundedLoader
) -> Any:
    """Parse ``text`` with ``loader`` (:class:`BoundedLoader` or a subclass); a syntax error or
    a refusal names file, line, column."""
    try:
        return yaml.load(text, Loader=loader)  # noqa: S506 - a SafeLoader subclass
    except yaml.YAMLError as exc:
        raise yaml_error(exc, file, text) from None


#: accord's own folder: YAML files under it (the packaged issue lexicon and actor registry)
#: ship with accord and are parsed by libyaml when PyYAML has it (see :func:`parse_yaml_file`).
PACKAGE_DIR = Path(__file__).resolve().parent
_PACKAGED_LOADERS: dict[type[BoundedLoader], type[Any]] = {}


def _packaged_loader(loader: type[BoundedLoader]) -> type[Any] | None:
    """libyaml's safe loader with ``loader``'s constructors and resolvers (None: no libyaml)."""
    if not yaml.__with_libyaml__:
        return None
    found = _PACKAGED_LOADERS.get(loader)
    if found is None:
        found = type(f"Packaged{loader.__name__}", (yaml.CSafeLoader,), {
            "yaml_constructors": dict(loader.yaml_constructors),
            "yaml_implicit_resolvers": dict(loader.yaml_implicit_resolvers),
        })
        _PACKAGED_LOADERS[loader] = found
    return found


def parse_yaml_file(text: str, path: Path, loader: type[BoundedLoader] = BoundedLoader) -> Any:
    """:func:`parse_yaml_text` for the text of the file ``path``.

    accord's own packaged data files are parsed by libyaml with the same constructors and
    resolvers (the same values; a test compares both readings): they ship with accord, so the
    bounds need not be checked, and the pure-Python composer took ~0.05 s of CPU for each of the
    lexicon and the registry in every process that reads them (a new `accord report`, the
    workbench). Every other file — the user's registry, lexicon, model — goes through
    ``loader`` with its bounds.
    """
    fast = _packaged_loader(loader) if path.resolve().is_relative_to(PACKAGE_DIR) else None
    if fast is None:
        return parse_yaml_text(text, str(path), loader)
    try:
        return yaml.load(text, Loader=fast)  # noqa: S506 - libyaml's safe loader, own files
    except yaml.YAMLError as exc:
        raise yaml_error(exc, str(path), text) from None


def read_yaml(path: str | os.PathLike[str], loader: type[BoundedLoader] = BoundedLoader) -> Any:
    """Read and parse a UTF-8 YAML file (see :func:`parse_yaml_text`, :func:`parse_yaml_file`)."""
    path = Path(path)
    return parse_yaml_file(decode_utf8(path.read_bytes(), str(path)), path, loader)


def atomic_write_bytes(path: str | os.PathLike[str], data: bytes) -> None:
    """Write ``data`` to ``path`` all at once: temp file in the same directory, then rename.

    A reader (or a crash) sees either the old file or the complete new one, never half.
    """
    path = Path(path)
    directory = path.parent if str(path.parent) else Path(".")
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=directory)
    try:
        # mkstemp makes the file 0600; give the result the mode a plain open() would have
        # (or keep the mode of the file being replaced).
        try:
            mode = path.stat().st_mode & 0o7777
        except FileNotFoundError:
            umask = os.umask(0)
            os.umask(umask)
            mode = 0o666 & ~umask
        os.chmod(tmp, mode)
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
            fh.flush()
            os.fsync(fh.fileno())
        os.replace(tmp, path)
    except BaseException:
        try:
            os.unlink(tmp)
        except FileNotFoundError:
            pass
        raise


def atomic_write_text(path: str | os.PathLike[str], text: str) -> None:
    """Write UTF-8 ``text`` atomically (see :func:`atomic_write_bytes`)."""
    atomic_write_bytes(path, text.encode("utf-8"))

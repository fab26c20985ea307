"""The registry file on disk: line-aware YAML in, deterministic YAML out.

Reading keeps the line of every mapping (``__line__``) so that a bad entry is reported with
its line, and leaves dates as strings until they are validated; writing keeps the comment
block at the top of the file and puts lists of plain values on one line.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import yaml

from accord.files import BoundedLoader, decode_utf8, parse_yaml_file


class _LineLoader(BoundedLoader):
    """A YAML loader that remembers the line of every mapping (for error messages)."""


def _construct_mapping(loader: _LineLoader, node: yaml.MappingNode) -> dict[str, Any]:
    pairs = loader.construct_mapping(node, deep=True).items()
    mapping: dict[str, Any] = {str(k): v for k, v in pairs}
    mapping["__line__"] = node.start_mark.line + 1
    return mapping


_LineLoader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, _construct_mapping)
# Dates stay strings until validated, so a bad one is reported with its line and field.
_LineLoader.yaml_implicit_resolvers = {
    first: [(tag, rx) for tag, rx in resolvers if tag != "tag:yaml.org,2002:timestamp"]
    for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}


def read_registry_yaml(path: Path) -> tuple[Any, str]:
    """The parsed file (mappings carry ``__line__``) and its leading comment block."""
    text = decode_utf8(path.read_bytes(), str(path))
    return parse_yaml_file(text, path, _LineLoader), _header_comments(text)


def format_registry_yaml(data: dict[str, Any], header: str = "") -> str:
    """``data`` in the file's layout, after the comment block ``header``."""
    body = yaml.dump(
        data, Dumper=_RegistryDumper, sort_keys=False, allow_unicode=True, width=100
    )
    return header + body


class _RegistryDumper(yaml.SafeDumper):
    """Lists of plain values on one line (``aliases: [A, B]``), mappings as blocks."""


def _represent_list(dumper: yaml.SafeDumper, data: list[Any]) -> yaml.SequenceNode:
    flow = all(not isinstance(item, (dict, list)) for item in data)
    return dumper.represent_sequence("tag:yaml.org,2002:seq", data, flow_style=flow)


_RegistryDumper.add_representer(list, _represent_list)


def _header_comments(text: str) -> str:
    lines = []
    for line in text.splitlines(keepends=True):
        if line.startswith("#") or not line.strip():
            lines.append(line)
        else:
            break
    return "".join(lines)

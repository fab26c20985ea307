"""The README's Python snippets run, in order, as a reader would paste them.

They run in one namespace in a fresh folder holding the examples, with ``../shared`` beside it
(as in a checkout), so a snippet that uses a file or a name the README did not set up fails.
"""

from __future__ import annotations

import os
import re
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared"

BLOCK = re.compile(r"^```python\n(.*?)^```", re.M | re.S)


def python_blocks(text: str) -> list[str]:
    """The bodies of the ```python blocks of a Markdown text, in order."""
    return [m.group(1) for m in BLOCK.finditer(text)]


def test_the_readme_has_python_snippets() -> None:
    blocks = python_blocks((ROOT / "README.md").read_text(encoding="utf-8"))
    assert len(blocks) >= 6
    first = blocks[0]
    # The first snippet goes from a folder to a forecast and a bargain with `accord` alone.
    assert len(first.strip().splitlines()) < 15
    assert re.findall(r"^(?:from|import) (\S+)", first, re.M) == ["accord"]


def test_readme_python_snippets_run(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    work = tmp_path / "checkout"
    work.mkdir()
    (work / "examples").symlink_to(ROOT / "examples")
    (tmp_path / "shared").symlink_to(SHARED)
    monkeypatch.chdir(work)
    monkeypatch.delenv("ACCORD_DB", raising=False)
    monkeypatch.delenv("ACCORD_REGISTRY", raising=False)
    namespace: dict[str, object] = {"__name__": "__readme__"}
    blocks = python_blocks((ROOT / "README.md").read_text(encoding="utf-8"))
    for number, block in enumerate(blocks, 1):
        code = compile(block, f"README.md python block {number}", "exec")
        exec(code, namespace)  # noqa: S102 - the README is ours; running it is the test
    assert (work / "accord.db").is_file()
    assert not (work / "actors.yaml").exists()
    assert os.listdir(ROOT / "examples")  # the examples were read, not moved


def github_anchor(heading: str) -> str:
    """The anchor GitHub gives a Markdown heading."""
    text = re.sub(r"[^\w\- ]", "", heading.strip().lower())
    return "#" + text.replace(" ", "-")


def test_the_contents_list_every_section() -> None:
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    contents = text[text.index("## Contents"):text.index("\n## ", text.index("## Contents") + 1)]
    links = set(re.findall(r"\]\((#[^)]+)\)", contents))
    headings = [h for h in re.findall(r"^## (.+)$", text, re.M) if h != "Contents"]
    assert {github_anchor(h) for h in headings} == links

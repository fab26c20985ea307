"""The split-building check (tests/extract/talks_split_check.py) on a real split: the newest
blind split and its gold pass, and a draft with a statement not in its text or an unknown holder
is refused with a line naming each."""

from __future__ import annotations

import copy
from pathlib import Path

import pytest
import yaml
from tests.extract import talks_split_check
from tests.extract.talks_gold import gold


def _draft(tmp_path: Path, split: str) -> Path:
    path = tmp_path / f"{split}-gold.yaml"
    path.write_text(yaml.safe_dump(gold(split), allow_unicode=True), encoding="utf-8")
    return path


def test_the_newest_split_and_its_gold_pass(tmp_path: Path, capsys: pytest.CaptureFixture[str]
                                            ) -> None:
    assert talks_split_check.main(["test23", "--gold", str(_draft(tmp_path, "test23"))]) == 0
    out = capsys.readouterr().out
    assert "test23: 19 texts" in out and "OK: no problems" in out


def test_a_bad_draft_is_refused_with_its_problems(tmp_path: Path,
                                                  capsys: pytest.CaptureFixture[str]) -> None:
    draft = copy.deepcopy(gold("test23"))  # gold() is cached: never alter it
    name = sorted(draft)[0]
    first = dict(draft[name]["positions"][0])
    draft[name] = {"positions": [{**first, "text": "words that are not in the article"},
                                 {**first, "holder": "nobody_known"}]}
    path = tmp_path / "bad.yaml"
    path.write_text(yaml.safe_dump(draft, allow_unicode=True), encoding="utf-8")
    assert talks_split_check.main(["test23", "--gold", str(path)]) == 1
    problems = [line for line in capsys.readouterr().out.splitlines()
                if line.startswith("PROBLEM")]
    assert any(name in p and "not found verbatim" in p for p in problems)
    assert any(name in p and "nobody_known" in p for p in problems)
    # test22, built beside test23, passes with test23 among the splits it is compared with
    assert talks_split_check.main(["test22", "--also", "test23"]) == 0

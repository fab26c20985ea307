"""The HTML report: self-contained, escaped, with a summary in words, explanations with their
numbers, bargaining, apportionment, dossiers and evidence quality."""

from __future__ import annotations

import base64
import re
from html import unescape
from pathlib import Path

import pytest
from typer.testing import CliRunner

from accord.cli import app
from accord.model import load_model
from accord.report.analysis import _agreement, analyse_model
from accord.report.prose import move_sentence, nearest_label

ROOT = Path(__file__).resolve().parents[2]
MODEL = ROOT / "examples" / "ukraine-2025" / "model.yaml"


@pytest.fixture(scope="module")
def html(workbench_db: Path, tmp_path_factory: pytest.TempPathFactory) -> str:
    out = tmp_path_factory.mktemp("report") / "report.html"
    r = CliRunner().invoke(app, ["report", str(MODEL), "--db", str(workbench_db), "-o", str(out)])
    assert r.exit_code == 0, r.output
    return out.read_text(encoding="utf-8")


def test_self_contained(html: str) -> None:
    assert "<script" not in html.lower()
    # nothing is fetched: images are data: URIs, the only stylesheet is inline
    assert not re.search(r'<(img|link|iframe|source)[^>]+(src|href)="(?!data:)', html)
    assert "<link" not in html
    csp = re.search(r'http-equiv="Content-Security-Policy" content="([^"]+)"', html)
    assert csp is not None
    policy = unescape(csp[1])
    assert "default-src 'none'" in policy and "unsafe-inline" not in policy
    assert "script-src" not in policy  # default-src 'none': no script at all


def test_summary_in_words(html: str) -> None:
    summary = html.split('id="summary"')[1].split("</section>")[0]
    assert summary.count("Forecast:") == 8
    assert "How much of the territory Russia claims is recognised as Russian?" in summary
    assert "engines agree" in summary or "All 5 engines agree" in summary
    assert "zone of agreement" in summary.lower()
    assert "Red lines that bind" in summary


def test_sections(html: str) -> None:
    for anchor in ("explain", "bargaining", "apportionment", "dossiers", "evidence"):
        assert f'id="{anchor}"' in html
    assert "<details><summary>numbers</summary>" in html
    assert "expected utility of challenging (mover)" in html
    assert "Voting power of capability" in html
    assert "talmud" in html
    # dossiers link evidence to the source article and show quality flags
    assert "encoding-repaired" in html and "spun-text" in html


def test_bargaining_plots_keep_their_labels_as_text(html: str) -> None:
    """The bargaining plots are SVG images whose labels are text (not glyph outlines): axes,
    legend and title can be read, searched and checked."""
    section = html.split('<section id="bargaining">')[1].split("</section>")[0]
    found = re.findall(r'alt="bargaining space of ([^"]+)" src="data:image/svg\+xml;base64,'
                       r'([A-Za-z0-9+/=]+)"', section)
    assert [name for name, _ in found] == ["US–Russia bilateral agenda", "Ukraine settlement"]
    for name, data in found:
        svg = base64.b64decode(data).decode("utf-8")
        texts = [unescape(t) for t in re.findall(r"<text[^>]*>([^<]*)</text>", svg)]
        assert "utility of us" in texts and "utility of russia" in texts
        for label in ("feasible outcomes", "disagreement point", "Pareto-optimal, outside the zone",
                      "kalai-smorodinsky (continuous)"):
            assert label in texts, (name, label)
        assert any(t.startswith("zone of agreement: ") for t in texts)
        assert any(t.startswith("Ukraine 2025") and f"[{name}]" in t for t in texts)


def test_report_without_db_and_python_api(tmp_path: Path) -> None:
    from accord.report.html import report

    text = report(MODEL)
    assert isinstance(text, str) and "Forecast:" in text
    path = report(MODEL, tmp_path / "r.html")
    assert Path(path).is_file()


def test_bad_inputs() -> None:
    runner = CliRunner()
    r = runner.invoke(app, ["report", str(MODEL), "--as-of", "yesterday", "-o", "/tmp/x.html"])
    assert r.exit_code == 1 and "--as-of" in r.output
    r = runner.invoke(app, ["report", str(MODEL), "--db", "/nonexistent/x.db"])
    assert r.exit_code == 1 and "no such database" in r.output


def test_escaping_of_model_text(tmp_path: Path) -> None:
    from accord.report.html import render_report

    m = load_model(MODEL)
    m.issues[0].question = "<script>alert(1)</script>"
    m.actors[0].name = '"><img src=x onerror=alert(2)>'
    out = render_report(analyse_model(m, bargaining=False))
    assert "<script>alert(1)" not in out and "<img src=x" not in out
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in out


def test_move_sentences_and_labels() -> None:
    move = {"round": 2, "issue": "nato", "kind": "compromise", "counterpart": "us",
            "before": 10.0, "after": 30.0, "detail": {"concession": 0.25}}
    s = move_sentence(move, "ukraine", labels={"ukraine": "Ukraine", "us": "the US"})
    assert s.startswith("Ukraine moved from 10 to 30 on nato in round 2: it met the US 25% of")
    assert nearest_label(100, [(0, "no"), (100, "all")], 100) == "'all'"
    agree, rest = _agreement({"a": 10.0, "b": 12.0, "c": 60.0}, 100.0)
    assert agree == ["a", "b"] and rest == ["c"]

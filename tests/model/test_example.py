"""The Ukraine 2025 example: valid, and every cited sentence really occurs in its seed article."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from accord.model.io import load_model
from accord.model.schema import Evidence, NegotiationModel
from accord.model.validate import validate_file

ROOT = Path(__file__).resolve().parents[2]
EXAMPLE = ROOT / "examples" / "ukraine-2025" / "model.yaml"


def _evidence(m: NegotiationModel) -> Iterator[tuple[str, Evidence]]:
    for p in m.positions:
        where = f"{p.actor}/{p.issue}"
        yield from ((where, e) for e in p.evidence)
        if p.red_line:
            yield from ((f"{where} red line", e) for e in p.red_line.evidence)
        if p.alternative:
            yield from ((f"{where} alternative", e) for e in p.alternative.evidence)
    for pool in m.side_payment_pools:
        yield from ((f"pool {pool.id}", e) for e in pool.evidence)


def _readings(raw: str) -> list[str]:
    """The article as stored, and with UTF-8-read-as-GBK mojibake undone.

    Seed 004 was decoded as GBK ("Trump鈥檚" for "Trump’s"); re-encoding as GB18030 and
    decoding as UTF-8 restores the sentences (bytes the copy lost become U+FFFD, which no cited
    sentence contains). Quotes give the text as a reader sees it once the encoding is repaired.
    """
    return [raw, raw.encode("gb18030").decode("utf-8", errors="replace")]


def test_example_validates_without_warnings() -> None:
    report = validate_file(EXAMPLE)
    assert report.ok, [str(e) for e in report.errors]
    assert [str(w) for w in report.warnings] == []


def test_every_cited_sentence_occurs_in_its_seed(seeds_dir: Path) -> None:
    m = load_model(EXAMPLE)
    cited = list(_evidence(m))
    assert len(cited) >= len(m.positions)
    for where, e in cited:
        assert e.article is not None and e.quote is not None, where
        raw = (seeds_dir / e.article).read_text(encoding="utf-8")
        assert any(e.quote in text for text in _readings(raw)), f"{where}: {e.quote[:60]!r}"


def test_every_position_cites_a_seed_article() -> None:
    m = load_model(EXAMPLE)
    for p in m.positions:
        assert any(e.article for e in p.evidence), f"{p.actor}/{p.issue}"


def test_structure_matches_the_brief() -> None:
    m = load_model(EXAMPLE)
    assert "not a prediction" in (m.disclaimer or "")
    assert {t.id for t in m.tracks} == {"bilateral", "settlement"}
    assert {a.id for a in m.actors} >= {"us", "russia", "ukraine", "eu", "uk", "creditors"}
    assert {i.id for i in m.issues} >= {
        "territory",
        "nato",
        "security_guarantees",
        "sanctions",
        "ceasefire",
        "reconstruction",
        "force_caps",
    }
    pool = m.side_payment_pools[0]
    assert pool.size == 800 and pool.currency == m.money_unit == "USD bn"
    red = {(p.actor, p.issue) for p in m.positions if p.red_line}
    assert ("russia", "nato") in red and ("russia", "territory") in red
    alternatives = {(p.actor, p.issue) for p in m.positions if p.alternative}
    assert ("russia", "territory") in alternatives
    for a in m.actors:
        assert a.utility_per_money is not None, a.id


@pytest.mark.parametrize("track", ["bilateral", "settlement"])
def test_tracks_forecast_with_compromise(track: str) -> None:
    from accord.solve.spatial import get_engine
    from accord.solve.spatial.scenario import run_engine, to_scenario

    m = load_model(EXAMPLE)
    result = run_engine(get_engine("compromise"), to_scenario(m, track))
    for dim, value in zip(result.dimensions, result.forecast, strict=True):
        issue = m.issue(dim)
        assert issue.scale.min <= value <= issue.scale.max

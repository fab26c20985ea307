"""Position statements on the talks dev split (real articles, tests/data/talks): the floors.

Dev is where rules are tuned; the test2 split is scored once, by hand, and reported in README
(`python tests/extract/talks_gold.py test2`), never asserted here.
"""

from __future__ import annotations

from tests.extract.talks_gold import score_positions

# Measured when the rules were tuned (dev with the first test split merged in): P=0.92 (34/37),
# R=0.76 (34/45), no inverted direction.
PRECISION_FLOOR = 0.85
RECALL_FLOOR = 0.65


def test_dev_positions_precision_recall_and_no_inversion() -> None:
    sc = score_positions("dev")
    assert sc.gold >= 15
    assert sc.precision >= PRECISION_FLOOR, sc.false
    assert sc.recall >= RECALL_FLOOR, sc.misses
    assert sc.inverted == 0
    assert sc.strength_right >= 0.8 * sc.matched

"""Position statements on the talks dev split (real articles, tests/data/talks): the floors.

Dev is where rules are tuned; the test3 split is scored once, by hand, and reported in README
(`python tests/extract/talks_gold.py test3`), never asserted here.
"""

from __future__ import annotations

from tests.extract.talks_gold import (
    SPENT_SPLITS,
    TRAIN_SPLITS,
    articles,
    gold,
    moved_test2,
    score_positions,
    splits_of,
)

# Measured on the 35 dev articles that were dev before test2 was moved in (dev with the first
# test split merged in): P=0.92 (34/37), R=0.76 (34/45), no inverted direction.
PRECISION_FLOOR = 0.85
RECALL_FLOOR = 0.65

# The whole dev split, test2 included (51 articles, 117 statements): P=0.67 (47/70), R=0.40
# (47/117) when test2 was moved in, before any rule was tuned on it; P=0.80 (68/85), R=0.58
# (68/117) after the conditions, proposals-about-another-party and nominal-position rules.
DEV_PRECISION_FLOOR = 0.76
DEV_RECALL_FLOOR = 0.55


def test_dev_positions_precision_recall_and_no_inversion() -> None:
    first = set(gold("dev")) - moved_test2()
    assert len(first) == 35
    sc = score_positions("dev", first)
    assert sc.gold >= 15
    assert sc.precision >= PRECISION_FLOOR, sc.false
    assert sc.recall >= RECALL_FLOOR, sc.misses
    assert sc.inverted == 0, sc.inversions
    assert sc.strength_right >= 0.8 * sc.matched


def test_whole_dev_with_test2_precision_recall_and_no_inversion() -> None:
    sc = score_positions("dev")
    assert sc.gold >= 100
    assert sc.precision >= DEV_PRECISION_FLOOR, sc.false
    assert sc.recall >= DEV_RECALL_FLOOR, sc.misses
    assert sc.inverted == 0, sc.inversions
    assert sc.strength_right >= 0.8 * sc.matched


def test_devall_is_dev_with_the_spent_and_training_splits_each_still_scorable_alone() -> None:
    assert splits_of("devall") == ("dev", *SPENT_SPLITS, *TRAIN_SPLITS)
    assert TRAIN_SPLITS == ("train1", "train2", "train3", "train4", "train5")
    assert set(SPENT_SPLITS) == {
        "test3", "test4", "test5", "test6", "test7", "test8", "test9", "test10",
        "test11", "test12", "test13", "test14", "test15", "test16", "test17", "test18",
        "test19", "test20", "test21", "test22", "test23", "test24", "test25", "test26",
        "test27"}
    assert splits_of("test3") == ("test3",)
    assert splits_of("test8") == ("test8",)
    assert articles("devall") == sum(len(gold(s)) for s in (
        "dev", "test3", "test4", "test5", "test6", "test7", "test8", "test9", "test10",
        "test11", "test12", "test13", "test14", "test15", "test16", "test17", "test18",
        "test19", "test20", "test21", "test22", "test23", "test24", "test25", "test26", "test27",
        *TRAIN_SPLITS))


# dev with the spent test3 and test4 (86 articles, 278 statements): P=0.73 (103/142), R=0.37
# (103/278), 4 inverted before the third round of rules; P=0.86 (137/160), R=0.49 (137/278),
# none inverted after it. With the spent test5 folded in (104 articles, 402 statements):
# P=0.80 (162/203), R=0.40 (162/402), 3 inverted before the fourth round; P=0.83 (165/198),
# R=0.41 (165/402), none inverted after it. With the spent test6 folded in (123 articles, 503
# statements), on the fourth round's rules: P=0.80 (188/234), R=0.37 (188/503), 2 inverted (both
# test6, sanctions read as their relief); after the fifth round P=0.82 (208/253), R=0.41
# (208/503), none inverted. With the spent test7 folded in (144 articles, 605 statements), on
# the fifth round's rules: P=0.78 (225/287), R=0.37 (225/605), 3 inverted (all test7: refusals
# carried by a frame read as offers, a relative clause's "accepted" lent to the main clause).
# With the spent test8 folded in (164 articles, 732 statements), on the same rules: P=0.78
# (255/329), R=0.35 (255/732), 4 inverted (test7's 3 and test8's territorial integrity read as
# wanting territory). With the spent test9 folded in (184 articles, 834 statements), on the
# sixth round's rules: P=0.73 (274/374), R=0.33 (274/834), 5 inverted (test9's refusal of a
# proposal to hand over territory read as an offer); after the seventh round (with the alt
# lists naming the persons the registry gained) P=0.75 (295/391), R=0.35 (295/834), 4 inverted.
# With the spent test10 folded in (204 articles, 952 statements), on the seventh round's rules:
# P=0.74 (312/423), R=0.33 (312/952), 6 inverted (test10's refusal of territory through "not
# repeat the mistakes of predecessors who allowed …", and its NATO demand read as a refusal);
# after the eighth round P=0.79 (345/439), R=0.36 (345/952), 3 inverted (four test9 gold texts
# that ran across two sentences cut to the one that states the position).
# With the spent test11 folded in (224 articles, 1091 statements), on the eighth round's rules:
# P=0.76 (369/484), R=0.34 (369/1091), 3 inverted; after the ninth round P=0.77 (377/490),
# R=0.35 (377/1091), 3 inverted; with a stance on the opposite pole turned (wanting territorial
# integrity refuses territory) P=0.77 (378/490), R=0.35, 2 inverted.
# With the spent test12 folded in (244 articles, 1243 statements), on those rules: P=0.75
# (400/533), R=0.32 (400/1243), 6 inverted; after the tenth round P=0.76 (404/534), R=0.33
# (404/1243), 4 inverted.
# With the spent test13 folded in (264 articles, 1380 statements), on those rules: P=0.75
# (435/583, 0.746), R=0.32 (435/1380), 4 inverted; with the eleventh round's first rules
# (efforts to end the war, European allies, a pronoun speaker continuing the previous subject)
# P=0.75 (449/597), R=0.33 (449/1380), 4 inverted; with its copulas of priority and refusal,
# backing a demand, arranging a meeting and the new cues P=0.76 (466/613), R=0.34 (466/1380),
# 4 inverted; with the rest of its rules P=0.77 (470/613), R=0.34 (470/1380), 4 inverted; with
# its issue phrases (the whole eleventh round) P=0.77 (490/640), R=0.36 (490/1380), 4 inverted.
# With the spent test14 folded in (284 articles, 1522 statements), on those rules: P=0.75
# (514/681), R=0.34 (514/1522), 7 inverted; after the twelfth round P=0.76 (522/684), R=0.34
# (522/1522), 4 inverted.
# With the spent test15 folded in (304 articles, 1669 statements), on those rules: P=0.75
# (541/719), R=0.32 (541/1669), 5 inverted; after the thirteenth round's rules (a demand that
# another party not act is a demand made of it; judgments by "considers X as …" and "it would be
# unrealistic for X to …"; conditions quoted after "saying"; a refusal with its own object)
# P=0.76 (546/719, 0.759), R=0.33 (546/1669), none inverted. With the training splits train1 to
# train3 added (359 articles, 2061 statements; scored once each on those rules when merged, before
# anything was tuned on them): P=0.74 (604/817), R=0.29 (604/2061), 5 inverted (all five in the
# training splits).
# With the spent test16 and test17 folded in (397 articles, 2346 statements), on those rules:
# P=0.72 (642/887), R=0.27 (642/2346), 8 inverted; after the fourteenth round's rules (reducing
# one's involvement, moving from a stance, the risks of, "considered as targets", preserve and
# uphold) P=0.73 (648/888), R=0.28 (648/2346), 3 inverted. With the training split train5 added
# (415 articles, 2486 statements; scored once on those rules when merged): P=0.73 (663/910),
# R=0.27 (663/2486), 4 inverted; with train4 too (433 articles, 2586 statements): P=0.73
# (685/943), R=0.26 (685/2586), 4 inverted.
# With the spent test18 and test19 folded in (469 articles, 2819 statements), on those rules:
# P=0.71 (723/1014), R=0.26 (723/2819), 8 inverted; after the fifteenth round's rules ("a red
# line", a demand of a named party's own act, a refusal not reaching a participle's or a
# contrast's clause, rival plans) P=0.72 (725/1005), R=0.26 (725/2819), 4 inverted.
# With the spent test20 and test21 folded in (505 articles, 3023 statements), on the sixteenth
# round's rules: P=0.72 (753/1053), R=0.25 (753/3023), 7 inverted (3 in test20); after the
# seventeenth round's (four officials in the registry, reservations, plans to deploy, NATO
# ambitions, a clause judged by its copula, "before considering", backing away from another
# party's act; insisting on another's act, terms a deal must include, charges, territorial
# claims) P=0.72 (768/1064), R=0.25 (768/3023), 4 inverted; after "backing away" was mended
# (found on test22 after its score) P=0.72 (768/1063).
# With the spent test22 and test23 folded in (543 articles, 3318 statements), on those rules:
# P=0.71 (811/1142), R=0.24 (811/3318), 8 inverted (4 in test22 and test23); after the
# eighteenth round's rules (a possessor parsed as a modifier, withholding "unless" another party
# acts, clauses that would harm, "roll over" and "adjust" sanctions, no agreement on, proposals
# of mutual issues and the sides that concede them, admissions, "they" of a call, all parties,
# "X says it" in another's quote, replies, conditions awaiting relief, pushing toward talks;
# "not only", "referring to", a deadline or the time for a party to act, required to)
# P=0.74 (847/1145), R=0.26 (847/3318), 1 inverted.
# With the spent test24 and test25 folded in (579 articles, 3637 statements), on those rules:
# P=0.73 (891/1219), R=0.24 (891/3637), 7 inverted (6 in test24 and test25); after the
# nineteenth round's rules (another side's reading of a party's wish; a demand of the opposite
# pole of no party) P=0.74 (892/1213), R=0.25 (892/3637), 7 inverted.
# With the spent test26 and test27 folded in (616 articles, 3952 statements), on those rules (and
# the mends made after their score): P=0.73 (944/1289), R=0.24 (944/3952), 8 inverted; after the
# twentieth round's rules (threats of sanctions, welcoming another side's stance) and the mend
# made after test28's score (another side's judgement of what a party cannot do) P=0.73
# (950/1295), R=0.24 (950/3952), 8 inverted.
# The floors are a regression guard, not a target: they sit just under that figure.
DEVALL_PRECISION_FLOOR = 0.73
DEVALL_RECALL_FLOOR = 0.23
DEVALL_MAX_INVERTED = 8


def test_devall_precision_recall_and_inversions() -> None:
    sc = score_positions("devall")
    assert sc.gold >= 800
    assert sc.precision >= DEVALL_PRECISION_FLOOR, sc.false
    assert sc.recall >= DEVALL_RECALL_FLOOR, sc.misses
    assert sc.inverted <= DEVALL_MAX_INVERTED, sc.inversions

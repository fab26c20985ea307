"""Mentions indexed by position, for "which mention is here / before here" lookups."""

from __future__ import annotations

import bisect
from collections.abc import Iterator, Sequence

from accord.extract.types import Mention


def mention_index(mentions: Sequence[Mention]) -> MentionIndex:
    """Index mentions by position for fast "which mention is here / before here" lookups."""
    return MentionIndex(mentions)


class MentionIndex:
    """Mentions sorted by start offset, with bisect lookups (no O(n²) scans)."""

    def __init__(self, mentions: Sequence[Mention]) -> None:
        self.mentions = sorted(mentions, key=lambda m: (m.start, m.end))
        self.starts = [m.start for m in self.mentions]

    def covering(self, start: int, end: int) -> list[Mention]:
        """Mentions overlapping the character range [start, end)."""
        i = bisect.bisect_left(self.starts, end)
        out = []
        j = i - 1
        while j >= 0:
            m = self.mentions[j]
            if m.end > start:
                out.append(m)
            elif start - m.start > 200:
                break
            j -= 1
        return out[::-1]

    def before(self, offset: int) -> Iterator[Mention]:
        """Mentions starting before ``offset``, nearest first."""
        i = bisect.bisect_left(self.starts, offset)
        for j in range(i - 1, -1, -1):
            yield self.mentions[j]

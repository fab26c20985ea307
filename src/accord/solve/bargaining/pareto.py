"""Exact Pareto frontiers (maximisation) of finite utility sets.

A point ``p`` is *dominated* when some other point ``q`` is at least as good for every party and
strictly better for one (``q >= p`` componentwise and ``q != p``). The frontier is every point
that is not dominated. Ties are handled exactly: two identical points never dominate each
other, so duplicates are on the frontier together or not at all.

* ``k = 1``: the points equal to the maximum.
* ``k = 2``: sort-and-sweep, ``O(n log n)``, fully vectorised.
* ``k >= 3``: the divide-and-conquer of Kung, Luccio & Preparata (1975, *J. ACM* 22(4)),
  in Bentley's multidimensional form: split on the median of the first coordinate, solve both
  halves, then discard the low half's survivors that are weakly dominated by the high half's in
  the remaining ``k - 1`` coordinates — a dominance *filter* that recurses the same way and ends
  in a vectorised 2-D sweep. Small sub-problems are settled by a vectorised pairwise check.

>>> import numpy as np
>>> pareto_mask(np.array([[1.0, 0.0], [0.0, 1.0], [0.5, 0.5], [0.4, 0.4], [0.5, 0.5]])).tolist()
[True, True, True, False, True]
"""

from __future__ import annotations

import numpy as np
from numpy.typing import NDArray

from accord.errors import InputError

FloatArray = NDArray[np.float64]
BoolArray = NDArray[np.bool_]
IntArray = NDArray[np.intp]

# Below this many points (or candidate × dominator pairs) a vectorised pairwise check is
# cheaper than another level of recursion in Python.
_BRUTE_POINTS = 96
_BRUTE_PAIRS = 60_000


def _as_points(points: FloatArray) -> FloatArray:
    arr = np.asarray(points, dtype=np.float64)
    if arr.ndim != 2:
        raise InputError(
            f"expected an (n, k) array of utilities, got shape {arr.shape}", field="utilities"
        )
    if not np.all(np.isfinite(arr)):
        raise InputError("utilities must be finite (no NaN or inf)", field="utilities")
    return arr


def pareto_mask(points: FloatArray) -> BoolArray:
    """Boolean mask of the non-dominated rows of ``points`` (shape (n, k), larger is better).

    >>> import numpy as np
    >>> pareto_mask(np.array([[1, 2, 3], [1, 2, 3], [0, 2, 3], [3, 0, 0]], float)).tolist()
    [True, True, False, True]
    """
    arr = _as_points(points)
    n, k = arr.shape
    if n == 0:
        return np.zeros(0, dtype=bool)
    if k == 0:
        return np.ones(n, dtype=bool)
    if k == 1:
        return np.asarray(arr[:, 0] == arr[:, 0].max())
    out = np.zeros(n, dtype=bool)
    cand = np.flatnonzero(_survives_probes(arr))
    sub = arr[cand]
    if k == 2:
        out[cand] = _pareto_2d(sub[:, 0], sub[:, 1])
        return out
    unique, inverse = _unique_rows(sub)
    keep = np.zeros(len(unique), dtype=bool)
    idx = np.arange(len(unique), dtype=np.intp)
    keep[_skyline(unique, idx, 0)] = True
    out[cand] = keep[inverse]
    return out


def _survives_probes(arr: FloatArray) -> BoolArray:
    """Drop, in O(n·k), every point dominated by one of a few strong probe points.

    Probes are real points (the best sum, and the best on each coordinate with ties broken
    by the sum), so whatever they dominate is truly dominated, and by transitivity removing it
    cannot change the frontier. On typical data this leaves a small fraction to sort.
    """
    total = arr.sum(axis=1)
    alive = ~_dominated_by(arr, arr[int(np.argmax(total))])
    # The remaining probes only need to look at what the first one left.
    rest = np.flatnonzero(alive)
    sub, sub_total = arr[rest], total[rest]
    for j in range(arr.shape[1]):
        col = sub[:, j]
        top = np.flatnonzero(col == col.max())
        q = sub[top[int(np.argmax(sub_total[top]))]]
        alive[rest[_dominated_by(sub, q)]] = False
    return alive


def pareto_indices(points: FloatArray) -> IntArray:
    """Row indices of the frontier, in input order."""
    return np.flatnonzero(pareto_mask(points))


def naive_pareto_mask(points: FloatArray, block: int = 256) -> BoolArray:
    """The O(n²·k) definition (every pair compared, in blocks of rows): the reference the fast
    methods are tested and benchmarked against."""
    arr = _as_points(points)
    n = arr.shape[0]
    keep = np.ones(n, dtype=bool)
    for start in range(0, n, block):
        rows = arr[start : start + block]
        ge = np.all(arr[None, :, :] >= rows[:, None, :], axis=2)
        gt = np.any(arr[None, :, :] > rows[:, None, :], axis=2)
        keep[start : start + block] = ~np.any(ge & gt, axis=1)
    return keep


def _pareto_2d(x: FloatArray, y: FloatArray) -> BoolArray:
    """Sort-and-sweep for two parties, exact with ties.

    Sort by x descending (ties by y descending). A point survives iff it has the largest y
    among the points sharing its x *and* that y beats every y of points with strictly larger x.
    """
    n = len(x)
    order = np.lexsort((-y, -x))
    xs, ys = x[order], y[order]
    new_group = np.empty(n, dtype=bool)
    new_group[0] = True
    np.not_equal(xs[1:], xs[:-1], out=new_group[1:])
    group_start = np.flatnonzero(new_group)
    group_id = np.cumsum(new_group) - 1
    # Max y over all points with strictly larger x = running max up to the group's start - 1.
    running = np.maximum.accumulate(ys)
    before = np.full(len(group_start), -np.inf)
    before[1:] = running[group_start[1:] - 1]
    group_top = ys[group_start]  # sorted by y descending within a group
    ok_sorted = (ys == group_top[group_id]) & (ys > before[group_id])
    keep = np.empty(n, dtype=bool)
    keep[order] = ok_sorted
    return keep


def _dominated_by(arr: FloatArray, q: FloatArray) -> BoolArray:
    """Rows strictly dominated by the point ``q`` (column by column: fast for small k)."""
    le = arr[:, 0] <= q[0]
    lt = arr[:, 0] < q[0]
    for j in range(1, arr.shape[1]):
        le &= arr[:, j] <= q[j]
        lt |= arr[:, j] < q[j]
    return np.asarray(le & lt)


def _unique_rows(arr: FloatArray) -> tuple[FloatArray, IntArray]:
    """Distinct rows and, for every input row, the index of its distinct row."""
    order = np.lexsort(arr.T[::-1])
    sorted_rows = arr[order]
    new = np.empty(len(arr), dtype=bool)
    new[0] = True
    np.any(sorted_rows[1:] != sorted_rows[:-1], axis=1, out=new[1:])
    rank = np.cumsum(new) - 1
    inverse = np.empty(len(arr), dtype=np.intp)
    inverse[order] = rank
    return sorted_rows[new], inverse


def _split(values: FloatArray) -> tuple[BoolArray, bool]:
    """Split on the median so every 'high' value is strictly above every 'low' one.

    Returns (high mask, strict). When the median is the maximum, 'high' is the points *at* the
    maximum and ``strict`` is False: they tie on this coordinate, which the caller drops.
    """
    med = float(np.median(values))
    high = values > med
    if high.any():
        return high, True
    top = float(values.max())
    return values == top, False


def _skyline(pts: FloatArray, idx: IntArray, dim: int) -> IntArray:
    """Frontier (as indices into ``pts``) of the distinct points ``pts[idx]`` on dims ``dim:``.

    Points in ``idx`` are distinct on coordinates ``dim:`` (they agree on earlier ones).
    """
    k = pts.shape[1]
    if len(idx) <= 1:
        return idx
    remaining = k - dim
    if remaining == 1:
        col = pts[idx, dim]
        return np.asarray(idx[col == col.max()], dtype=np.intp)
    if remaining == 2:
        return idx[_pareto_2d(pts[idx, dim], pts[idx, dim + 1])]
    if len(idx) <= _BRUTE_POINTS:
        sub = pts[np.ix_(idx, np.arange(dim, k))]
        ge = np.all(sub[None, :, :] >= sub[:, None, :], axis=2)
        np.fill_diagonal(ge, False)  # distinct points: q >= p and q != p means dominance
        return np.asarray(idx[~ge.any(axis=1)], dtype=np.intp)
    high, strict = _split(pts[idx, dim])
    if not strict and high.all():
        # Every point ties on this coordinate: it cannot decide dominance, drop it.
        return _skyline(pts, idx, dim + 1)
    if strict:
        top = _skyline(pts, idx[high], dim)
    else:
        top = _skyline(pts, idx[high], dim + 1)
    low = _skyline(pts, idx[~high], dim)
    # A high point is strictly better on `dim` than every low point, so it dominates a low
    # point iff it is at least as good on the remaining coordinates.
    beaten = _weakly_dominated(pts, low, top, dim + 1)
    return np.concatenate([top, low[~beaten]])


def _weakly_dominated(pts: FloatArray, cand: IntArray, dom: IntArray, dim: int) -> BoolArray:
    """For each candidate, is some dominator >= it on every coordinate ``dim:``?"""
    k = pts.shape[1]
    if len(cand) == 0 or len(dom) == 0:
        return np.zeros(len(cand), dtype=bool)
    remaining = k - dim
    if remaining == 0:
        return np.ones(len(cand), dtype=bool)
    if remaining == 1:
        return np.asarray(pts[cand, dim] <= pts[dom, dim].max())
    if remaining == 2:
        return _weakly_dominated_2d(
            pts[cand, dim], pts[cand, dim + 1], pts[dom, dim], pts[dom, dim + 1]
        )
    if len(cand) * len(dom) <= _BRUTE_PAIRS:
        cols = np.arange(dim, k)
        c = pts[np.ix_(cand, cols)]
        d = pts[np.ix_(dom, cols)]
        return np.asarray(np.all(d[None, :, :] >= c[:, None, :], axis=2).any(axis=1))
    both = np.concatenate([pts[cand, dim], pts[dom, dim]])
    med = float(np.median(both))
    c_hi = pts[cand, dim] > med
    d_hi = pts[dom, dim] > med
    out = np.zeros(len(cand), dtype=bool)
    if c_hi.any() or d_hi.any():
        # High candidates can only be beaten by high dominators (low ones are smaller here);
        # low candidates by low dominators on all coordinates, or by high dominators, which are
        # already strictly larger on `dim`, on the remaining ones.
        out[c_hi] = _weakly_dominated(pts, cand[c_hi], dom[d_hi], dim)
        lo_c = ~c_hi
        out[lo_c] = _weakly_dominated(pts, cand[lo_c], dom[~d_hi], dim)
        still = np.flatnonzero(lo_c)[~out[lo_c]]
        out[still] = _weakly_dominated(pts, cand[still], dom[d_hi], dim + 1)
        return out
    # Median is the maximum: split into 'at the top value' and 'below it'.
    top = float(both.max())
    c_top = pts[cand, dim] == top
    d_top = pts[dom, dim] == top
    if c_top.all() and d_top.all():
        return _weakly_dominated(pts, cand, dom, dim + 1)
    # Top candidates: only top dominators reach them, tying on `dim`.
    out[c_top] = _weakly_dominated(pts, cand[c_top], dom[d_top], dim + 1)
    lo_c = ~c_top
    out[lo_c] = _weakly_dominated(pts, cand[lo_c], dom[~d_top], dim)
    still = np.flatnonzero(lo_c)[~out[lo_c]]
    out[still] = _weakly_dominated(pts, cand[still], dom[d_top], dim + 1)
    return out


def _weakly_dominated_2d(
    cx: FloatArray, cy: FloatArray, dx: FloatArray, dy: FloatArray
) -> BoolArray:
    """Vectorised 2-D query: is there a dominator with dx >= cx and dy >= cy?

    Sort dominators by x; the best y among those with x >= cx is a suffix maximum.
    """
    order = np.argsort(dx, kind="stable")
    sx, sy = dx[order], dy[order]
    suffix_max = np.maximum.accumulate(sy[::-1])[::-1]
    pos = np.searchsorted(sx, cx, side="left")
    inside = pos < len(sx)
    out = np.zeros(len(cx), dtype=bool)
    out[inside] = suffix_max[pos[inside]] >= cy[inside]
    return out

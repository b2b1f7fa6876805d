"""When two index outputs are both right: the rules index-producing rows name as `ties=`.

Among equal values torch and tinygrad may pick different indices (argmax's first, a stable or unstable sort,
cummax's last or first). An index output `got` is as good as the reference's `want` when, read from the same operand
`x`, it selects the same values and is a valid answer of its kind (in range; a permutation for sort; distinct for
topk; inside the prefix for cummax). The judge calls these only with `x` both sides agree on (oracles/anchor.py),
so the selected values compare exactly. numpy only: rows import neither tinygrad nor torch.
"""
from __future__ import annotations

import numpy as np


def _selects_same(x: np.ndarray, d: int, got: np.ndarray, want: np.ndarray) -> bool:
    got, want = np.asarray(got).astype(np.int64), np.asarray(want).astype(np.int64)
    if got.shape != want.shape or ((got < 0) | (got >= x.shape[d])).any():
        return False
    return bool(np.array_equal(np.take_along_axis(x, got, d), np.take_along_axis(x, want, d), equal_nan=True))


def _rank1(x, got, want):
    """A 0-d operand is read as one element along axis 0."""
    return (x.reshape(1), np.reshape(got, (1,)), np.reshape(want, (1,))) if x.ndim == 0 else (x, got, want)


def reduced_index(x, attrs, got, want) -> bool:
    """argmax / argmin: the picked element holds the same value (axis None: of the flattened operand)."""
    axis = attrs.get("axis")
    if axis is None:
        return _selects_same(np.reshape(x, -1), 0, np.reshape(got, (1,)), np.reshape(want, (1,)))
    x, got, want = _rank1(x, got, want)
    d = axis % x.ndim
    if not attrs.get("keepdim"):
        got, want = np.expand_dims(got, d), np.expand_dims(want, d)
    return _selects_same(x, d, got, want)


def _index_rule(axis_key: str, valid):
    """A rule for an index output along attrs[axis_key]: `valid(got, d, line)` says the indices are an answer of
    their kind (line: 0..n-1 along d), and they must select the same values as the reference's."""
    def rule(x, attrs, got, want) -> bool:
        if attrs.get("output", "indices") != "indices":     # values outputs have no ties rule
            return False
        x, got, want = _rank1(x, got, want)
        d = attrs[axis_key] % x.ndim
        line = np.arange(x.shape[d]).reshape([-1 if i == d else 1 for i in range(x.ndim)])
        return bool(valid(np.asarray(got).astype(np.int64), d, line)) and _selects_same(x, d, got, want)
    return rule


def permutation(axis_key: str):
    """sort / argsort indices: a permutation along the axis that reads the same sequence."""
    return _index_rule(axis_key, lambda got, d, line: got.shape[d] == line.shape[d] and
                       (np.sort(got, axis=d) == line).all())


def distinct(axis_key: str):
    """topk indices: k distinct positions along the axis holding the same values."""
    return _index_rule(axis_key, lambda got, d, line: (np.diff(np.sort(got, axis=d), axis=d) != 0).all())


def prefix(axis_key: str):
    """cummax / cummin indices: position j points at or before j, at the same value."""
    return _index_rule(axis_key, lambda got, d, line: (got <= line).all())

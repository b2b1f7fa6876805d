"""Index-expression problems for the symbolic-simplifier property: an expression over bounded variables.

The property: tinygrad's `simplify()` (and the codegen's `sym` rewrites) must keep the value of the expression
for every assignment of the variables within their bounds. Small domains are checked exhaustively, large ones
on a deterministic sample that always includes the corners.
"""
from __future__ import annotations

import itertools
import json
import math
from dataclasses import dataclass

import numpy as np

from fuzz.errors import UsageError


@dataclass(frozen=True)
class IndexProblem:
    expr: list                                 # an index-level expression (see fuzz.uop.ir), using ["var", name]
    vars: tuple[tuple[str, int, int], ...]     # (name, min, max), both bounds inclusive

    def to_json(self) -> dict:
        return {"expr": self.expr, "vars": [list(v) for v in self.vars]}

    @staticmethod
    def from_json(d: dict) -> "IndexProblem":
        try:
            vars_ = tuple((str(n), int(lo), int(hi)) for n, lo, hi in d["vars"])
        except (KeyError, TypeError, ValueError) as e:
            raise UsageError(f"malformed index problem: {e}") from None
        if not vars_ or any(lo > hi for _, lo, hi in vars_):
            raise UsageError(f"index problem variables {vars_!r}: need at least one, each with min <= max")
        return IndexProblem(d["expr"], vars_)

    def dumps(self) -> str:
        return json.dumps(self.to_json(), sort_keys=True)

    def domain_size(self) -> int:
        return math.prod(hi - lo + 1 for _, lo, hi in self.vars)


def assignments(p: IndexProblem, limit: int = 4096, seed: int = 0) -> dict[str, np.ndarray]:
    """{name: values} as parallel int64 arrays: every assignment when there are at most `limit`, else the
    corners of the box plus a seeded sample."""
    names = [n for n, _, _ in p.vars]
    if p.domain_size() <= limit:
        grids = np.meshgrid(*[np.arange(lo, hi + 1, dtype=np.int64) for _, lo, hi in p.vars], indexing="ij")
        return {n: g.reshape(-1) for n, g in zip(names, grids)}
    rng = np.random.default_rng(seed)
    corners = list(itertools.islice(itertools.product(*[(lo, hi, lo + 1, hi - 1) for _, lo, hi in p.vars]), limit // 4))
    cols = []
    for j, (_, lo, hi) in enumerate(p.vars):
        c = np.array([row[j] for row in corners], dtype=np.int64).clip(lo, hi)
        cols.append(np.concatenate([c, rng.integers(lo, hi + 1, limit - len(c), dtype=np.int64)]))
    return dict(zip(names, cols))

"""Walk a Program's graph with one library's lowerings: shared by the tinygrad worker and the torch reference."""
from __future__ import annotations

from typing import Any, Callable

from fuzz.ops import OPS
from fuzz.program import Program


def call(lowering: str | Callable, L: Any, xs: list, attrs: dict):
    """A method name is called on the first operand; a callable gets the library namespace first."""
    if isinstance(lowering, str):
        return getattr(xs[0], lowering)(*xs[1:], **attrs)
    return lowering(L, *xs, **attrs)


def walk(program: Program, side: str, L: Any, inputs: list, after: Callable | None = None,
         lower: Callable | None = None) -> list:
    """All values of the program (inputs then nodes); `after(k, value)` may adjust each node's result, and
    `lower(k, node, operands)` may compute a node another way (None: the row's lowering)."""
    vals = list(inputs)
    for k, node in enumerate(program.nodes):
        row = OPS[node.op]
        operands = [vals[a] for a in node.args]
        out = lower(k, node, operands) if lower else None
        if out is None:
            out = call(row.tiny if side == "tiny" else row.torch, L, operands, dict(node.attrs))
        vals.append(after(k, out) if after else out)
    return vals

"""Shapes and dtypes of every value in a Program, from the registry's rules; and validation of programs read from disk."""
from __future__ import annotations

from fuzz.dtypes import DTYPES
from fuzz.errors import UsageError, did_you_mean
from fuzz.ops import OPS, Invalid, Spec
from fuzz.program import Input, Program


def view_shape(shape: tuple[int, ...], step: tuple) -> tuple[int, ...]:
    """Shape after one view step; raises Invalid when the step does not fit."""
    kind, arg = step
    if kind == "permute":
        if sorted(arg) != list(range(len(shape))):
            raise Invalid(f"permute {arg} on rank {len(shape)}")
        return tuple(shape[a] for a in arg)
    if kind == "expand":
        if len(arg) != len(shape) or any(s != 1 and s != a for s, a in zip(shape, arg)):
            raise Invalid(f"expand {list(shape)} to {arg}")
        return tuple(arg)
    if kind == "shrink":          # [[start, stop], ...] per axis
        if len(arg) != len(shape) or any(not 0 <= a <= b <= s for (a, b), s in zip(arg, shape)):
            raise Invalid(f"shrink {arg} of {list(shape)}")
        return tuple(b - a for a, b in arg)
    if kind == "pad":             # [[before, after], ...] per axis, zeros
        if len(arg) != len(shape) or any(a < 0 or b < 0 for a, b in arg):
            raise Invalid(f"pad {arg} of {list(shape)}")
        return tuple(s + a + b for (a, b), s in zip(arg, shape))
    if kind == "flip":            # axes
        if any(not 0 <= a < len(shape) for a in arg):
            raise Invalid(f"flip {arg} on rank {len(shape)}")
        return shape
    if kind == "stride":          # [step, ...] per axis, positive: x[::s0, ::s1]
        if len(arg) != len(shape) or any(a < 1 for a in arg):
            raise Invalid(f"stride {arg} of {list(shape)}")
        return tuple(-(-s // a) for s, a in zip(shape, arg))
    raise Invalid(f"unknown view step {kind!r}")


def input_spec(inp: Input) -> Spec:
    shape = tuple(inp.shape)
    for step in inp.view:
        shape = view_shape(shape, step)
    return Spec(shape, inp.dtype)


def infer(program: Program) -> list[Spec]:
    """The spec of every value, inputs then nodes. Raises Invalid when a rule refuses."""
    specs = [input_spec(i) for i in program.inputs]
    for node in program.nodes:
        specs.append(OPS[node.op].spec_of([specs[a] for a in node.args], node.attrs))
    return specs


def validate(program: Program, where: str = "program") -> list[Spec]:
    """Check a program read from outside (a corpus file, a user's JSON): UsageError names the first fault."""
    for i, inp in enumerate(program.inputs):
        if inp.dtype not in DTYPES:
            raise UsageError(f"{where}: inputs[{i}]: unknown dtype {inp.dtype!r}{did_you_mean(inp.dtype, DTYPES)}")
        if any(s < 0 for s in inp.shape):
            raise UsageError(f"{where}: inputs[{i}]: negative dimension in shape {list(inp.shape)}")
    n = len(program.inputs)
    for k, node in enumerate(program.nodes):
        if node.op not in OPS:
            raise UsageError(f"{where}: nodes[{k}]: {node.op!r} is not a registered op{did_you_mean(node.op, OPS)}")
        bad = [a for a in node.args if not 0 <= a < n + k]
        if bad:
            raise UsageError(f"{where}: nodes[{k}]: argument {bad[0]} refers to no earlier value")
    bad_out = [o for o in program.outputs if not 0 <= o < program.n_values]
    if bad_out or not program.outputs:
        raise UsageError(f"{where}: outputs {list(program.outputs)} must name existing values")
    try:
        return infer(program)
    except Invalid as e:
        raise UsageError(f"{where}: {e}") from None

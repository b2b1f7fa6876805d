"""Shapes and dtypes of every value in a Program, from the registry's rules; and validation of programs read from disk."""
from __future__ import annotations

from fuzz.dtypes import DTYPES
from fuzz.errors import UsageError, did_you_mean
from fuzz.ops import OPS, Invalid, Spec
from fuzz.ops.symbolic import SYMBOLIC, is_symbolic, node_axes
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


def _specs(program: Program) -> list[Spec]:
    """The spec of every value by the rows' rules alone (Invalid when one refuses)."""
    specs = [input_spec(i) for i in program.inputs]
    for node in program.nodes:
        specs.append(OPS[node.op].spec_of([specs[a] for a in node.args], node.attrs))
    return specs


def infer(program: Program) -> list[Spec]:
    """The spec of every value, inputs then nodes. Raises Invalid when a rule refuses."""
    specs = _specs(program)
    if any(OPS[n.op].stateful for n in program.nodes):
        check_state(program)
    if any(OPS[n.op].family == SYMBOLIC for n in program.nodes):
        symbolic_axes(program, specs)
    return specs


def symbolic_axes(program: Program, specs: list[Spec], outputs_read_back: bool = True) -> list[tuple]:
    """Every value's symbolic axes (fuzz/ops/symbolic.py): per axis its Variable's (bound, side), or None. Raises
    Invalid where an op cannot take a symbolic axis, and for an output that still has one (a program reads its
    symbolic values back through var_unshrink: `read_back`)."""
    axes: list[tuple] = [(None,) * len(s.shape) for s in specs[:len(program.inputs)]]
    for k, node in enumerate(program.nodes):
        axes.append(node_axes(OPS[node.op], node.attrs, [axes[a] for a in node.args], [specs[a] for a in node.args],
                              specs[len(program.inputs) + k]))
    if outputs_read_back and (bad := [o for o in program.outputs if is_symbolic(axes[o])]):
        raise Invalid(f"output {bad[0]} has a symbolic axis: read it back with var_unshrink")
    return axes


def read_back(program: Program) -> Program:
    """The program with each output that has a symbolic axis read back at its bound numbers (a var_unshrink node)."""
    from fuzz.program import Node
    specs = _specs(program)
    axes = symbolic_axes(program, specs, outputs_read_back=False)
    nodes, outputs = list(program.nodes), []
    for o in program.outputs:
        if is_symbolic(axes[o]):
            nodes.append(Node("var_unshrink", (o,), {"shape": list(specs[o].shape)}))
            o = len(program.inputs) + len(nodes) - 1
        outputs.append(o)
    return program.with_(nodes=tuple(nodes), outputs=tuple(outputs))


def validate(program: Program, where: str = "program", rules: bool = True) -> list[Spec]:
    """Check a program read from outside (a corpus file, a user's JSON): UsageError names the first fault. Without
    `rules`, only its form (dtypes, ops, references): a stored bucket whose program a rule refuses now (the rules
    tightened since) is the replay's to call STALE, not a malformed file."""
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
    if not rules:
        return []
    try:
        return infer(program)
    except Invalid as e:
        raise UsageError(f"{where}: {e}") from None


def check_state(program: Program) -> None:
    """The rules a program with stateful steps keeps (fuzz/ops/state.py); raises Invalid.

    A step's target is an input with aliasing views and no gradient. A value that may alias a target (the target seen
    through movement or cast nodes, which either library may return as the very same tensor) and was made before a
    step on it is not read after that step: there torch's aliasing and tinygrad's laziness part by design.
    """
    from fuzz.ops.state import ALIASING_VIEWS
    n_in = len(program.inputs)
    for node in program.nodes:
        if not OPS[node.op].stateful:
            continue
        target = node.args[0]
        if target >= n_in:
            raise Invalid(f"{node.op} writes into v{target - n_in}: a step's target is an input")
        inp = program.inputs[target]
        if inp.requires_grad or not {kind for kind, _ in inp.view} <= set(ALIASING_VIEWS):
            raise Invalid(f"{node.op} writes into x{target}, which has a gradient or a view that copies")
    stale = stale_aliases(n_in, program.nodes)
    for k, node in enumerate(program.nodes):
        if bad := set(node.args) & stale.get(k, set()):
            raise Invalid(f"{node.op} reads v{min(bad) - n_in}, which may alias a tensor a step wrote since")
    if bad := set(program.outputs) & stale.get(len(program.nodes), set()):
        raise Invalid(f"output v{min(bad) - n_in} may alias a tensor a step wrote after it was made")


# ops outside the movement and cast families that return a view of their operand: var_shrink is a shrink by a
# Variable (bucket b233bc8f8f: a bfloat16 x[:v] read after x += 4 has the new numbers in torch, the old in tinygrad)
ALIASING_OPS = ("getitem", "var_shrink")


def stale_aliases(n_in: int, nodes) -> dict[int, set[int]]:
    """{k: values node k may not read} (k = len(nodes): the outputs): values that may alias a step's target, made
    before that step. The target itself and the steps' own values are the one tensor, up to date in both libraries."""
    from fuzz.ops.base import CAST, MOVEMENT
    out: dict[int, set[int]] = {}
    same: dict[int, int] = {}           # value -> the input it is (an input, or a step on it)
    alias: dict[int, int] = {}          # value -> the input it may alias (movement/cast/getitem of it)
    stale: set[int] = set()
    for k, node in enumerate(nodes):
        out[k] = set(stale)
        row, first = OPS[node.op], (node.args[0] if node.args else None)
        root = first if first is not None and first < n_in else same.get(first, alias.get(first))
        if row.stateful and first is not None and first < n_in:
            same[n_in + k] = first
            stale |= {v for v, r in alias.items() if r == first}
        elif root is not None and (row.family in (MOVEMENT, CAST) or node.op in ALIASING_OPS):
            alias[n_in + k] = root
    out[len(nodes)] = set(stale)
    return out

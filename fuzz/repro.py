"""The repro writer: a Program as a standalone script (tinygrad + numpy only) that exits 1 while the bug is present.

Each op is written out in tinygrad's own spelling, read from its registry row: a method name becomes
`x.name(y, k=v)`; a lambda's body is found in its source file (matched by bytecode, so two lambdas on one
line cannot be confused) and its parameters replaced by the values and attribute literals.
"""
from __future__ import annotations

import ast
import builtins
import functools
import inspect
import textwrap
from dataclasses import dataclass, field
from typing import Callable

import numpy as np

from fuzz.dtypes import DTYPES
from fuzz.infer import infer
from fuzz.ops import OPS
from fuzz.program import Program
from fuzz.shard import ALLREDUCE_SETTINGS, REPRO_HELPERS, step_code, steps_after
from fuzz.values import materialize

# The repro imports these names from tinygrad; a lowering's `L.<name>` becomes the bare name.
_L_NAMES = {"Tensor": "Tensor", "dtypes": "dtypes", "nn": "nn", "tinygrad": "tinygrad"}

VIEW_CODE = {        # the same steps oracles/tiny_eval.py applies, as code
    "permute": lambda a: f".permute({', '.join(map(str, a))})",
    "expand": lambda a: f".expand({', '.join(map(str, a))})",
    "shrink": lambda a: f".shrink({tuple(tuple(p) for p in a)!r})",
    "pad": lambda a: f".pad({tuple(tuple(p) for p in a)!r})",
    "flip": lambda a: f".flip({', '.join(map(str, a))})",
    "stride": lambda a: f"[{', '.join(f'::{s}' for s in a)}]" if a else "",
}


class LoweringSourceError(Exception):
    """A lowering's source cannot be written out as plain tinygrad code (a helper, a closure)."""


@functools.lru_cache(maxsize=None)
def _lambda_node(fn: Callable) -> ast.Lambda:
    code = fn.__code__
    try:
        tree = ast.parse(open(code.co_filename).read())
    except (OSError, SyntaxError) as e:
        raise LoweringSourceError(f"no source for {fn!r}: {e}") from None
    lambdas = [n for n in ast.walk(tree) if isinstance(n, ast.Lambda)]
    # the lambdas on the recorded line first; then anywhere (the file may have been edited since the import)
    lambdas.sort(key=lambda n: not n.lineno <= code.co_firstlineno <= (n.end_lineno or n.lineno))
    for node in lambdas:
        other = compile(ast.Expression(body=node), code.co_filename, "eval").co_consts
        got = next((c for c in other if hasattr(c, "co_code")), None)
        if got is not None and got.co_code == code.co_code and got.co_names == code.co_names and \
                got.co_varnames == code.co_varnames and got.co_consts == code.co_consts:
            return node
    raise LoweringSourceError(f"lambda of {fn!r} not found in {code.co_filename}:{code.co_firstlineno}")


class _Inline(ast.NodeTransformer):
    def __init__(self, lib: str, names: dict, fn: Callable, bound: set[str]):
        self.lib, self.names, self.fn, self.bound = lib, names, fn, bound
        self.helpers: dict[str, str] = {}          # module-level helper functions the body calls: name -> source

    def visit_Name(self, node):
        if node.id in self.names and not isinstance(self.names[node.id], list):
            return self.names[node.id]
        if node.id == self.lib or node.id in self.bound or hasattr(builtins, node.id):
            return node
        self.helpers[node.id] = _helper_source(self.fn, node.id)
        return node

    def visit_Attribute(self, node):
        if isinstance(node.value, ast.Name) and node.value.id == self.lib:
            if node.attr in _L_NAMES:
                return ast.Name(_L_NAMES[node.attr], ast.Load())
            raise LoweringSourceError(f"the lowering uses L.{node.attr}")
        return self.generic_visit(node)

    def _expand(self, items: list) -> list:
        """`*ys` (the lowering's extra operands) becomes the operand names themselves."""
        out = []
        for item in items:
            if isinstance(item, ast.Starred) and isinstance(item.value, ast.Name) and \
                    isinstance(self.names.get(item.value.id), list):
                out.extend(self.names[item.value.id])
            else:
                out.append(self.visit(item))
        return out

    def visit_List(self, node):
        return ast.List(self._expand(node.elts), node.ctx)

    def visit_Tuple(self, node):
        return ast.Tuple(self._expand(node.elts), node.ctx)

    def visit_Subscript(self, node):   # an attribute holding several values: [formula, sizes][0] -> formula
        node = self.generic_visit(node)
        if isinstance(node.value, (ast.List, ast.Tuple)) and isinstance(node.slice, ast.Constant) and \
                isinstance(node.slice.value, int) and -len(node.value.elts) <= node.slice.value < len(node.value.elts):
            return node.value.elts[node.slice.value]
        return node

    def visit_Call(self, node):   # L.dtype("float16") -> dtypes.float16
        f = node.func
        if isinstance(f, ast.Name) and f.id == "dict" and len(node.args) == 1 and not node.keywords:
            pairs = self.visit(node.args[0])      # dict([["b0", 2]]) -> {"b0": 2}
            if isinstance(pairs, (ast.List, ast.Tuple)) and all(
                    isinstance(p, (ast.List, ast.Tuple)) and len(p.elts) == 2 for p in pairs.elts):
                return ast.Dict([p.elts[0] for p in pairs.elts], [p.elts[1] for p in pairs.elts])
            return ast.Call(f, [pairs], [])
        if isinstance(f, ast.Attribute) and isinstance(f.value, ast.Name) and f.value.id == self.lib and f.attr == "dtype":
            arg = self.visit(node.args[0])
            if isinstance(arg, ast.Constant) and isinstance(arg.value, str):
                return ast.Attribute(ast.Name("dtypes", ast.Load()), arg.value, ast.Load())
            return ast.Call(ast.Name("getattr", ast.Load()), [ast.Name("dtypes", ast.Load()), arg], [])
        return ast.Call(self.visit(node.func), self._expand(node.args), [self.visit(k) for k in node.keywords])


def _helper_source(fn: Callable, name: str) -> str:
    """The source of a plain module-level function a lowering calls (`_key`), to copy into the repro."""
    helper = fn.__globals__.get(name)
    if not inspect.isfunction(helper) or helper.__closure__:
        raise LoweringSourceError(f"the lowering uses {name!r}, defined outside it")
    consts = []
    for n in helper.__code__.co_names:
        value = helper.__globals__.get(n)
        if n == "np" or n not in helper.__globals__:
            continue
        if not isinstance(value, (dict, list, tuple, str, int, float)) or repr(value).startswith("<"):
            raise LoweringSourceError(f"helper {name!r} uses {n!r}")
        consts.append(f"{n} = {value!r}\n")      # a small table the helper reads (PICK = {...})
    try:
        return "".join(consts) + textwrap.dedent(inspect.getsource(helper))
    except (OSError, TypeError) as e:
        raise LoweringSourceError(f"no source for helper {name!r}: {e}") from None


def lowering_code(op: str, args: list[str], attrs: dict) -> str:
    """tinygrad code for one node: `args` are the names of its operand values."""
    return lowering(op, args, attrs)[0]


def lowering(op: str, args: list[str], attrs: dict) -> tuple[str, dict[str, str]]:
    """(code, helper sources it needs) for one node."""
    lowering = OPS[op].tiny
    if isinstance(lowering, str):
        parts = args[1:] + [f"{k}={v!r}" for k, v in attrs.items()]
        return f"{args[0]}.{lowering}({', '.join(parts)})", {}
    lam = _lambda_node(lowering)
    params = [a.arg for a in lam.args.args]
    defaults = dict(zip(params[len(params) - len(lam.args.defaults):], lam.args.defaults))
    defaults |= {a.arg: d for a, d in zip(lam.args.kwonlyargs, lam.args.kw_defaults) if d is not None}
    names: dict = {p: ast.Name(v, ast.Load()) for p, v in zip(params[1:], args)}
    rest = args[len(params) - 1:]
    if lam.args.vararg:                  # lambda L, x, *ys: ... takes the remaining operands
        names[lam.args.vararg.arg] = [ast.Name(v, ast.Load()) for v in rest]
    for p in params[1 + len(args):] + [a.arg for a in lam.args.kwonlyargs]:
        names[p] = ast.parse(repr(attrs[p]), mode="eval").body if p in attrs else defaults[p]
    tree = ast.parse(ast.unparse(lam.body), mode="eval").body
    bound = {n.id for n in ast.walk(tree) if isinstance(n, ast.Name) and isinstance(n.ctx, ast.Store)}  # comprehensions
    inline = _Inline(params[0], names, lowering, bound)
    body = inline.visit(tree)
    return ast.unparse(ast.fix_missing_locations(body)), inline.helpers


def _literal(arr: np.ndarray, np_dtype: str) -> str:
    flat = np.asarray(arr).reshape(-1)
    if flat.dtype.kind == "f":
        items = ["np.nan" if v != v else "np.inf" if v == np.inf else "-np.inf" if v == -np.inf else repr(float(v))
                 for v in flat.astype(np.float64)]
    elif flat.dtype.kind == "b":
        items = [str(bool(v)) for v in flat]
    else:
        items = [str(int(v)) for v in flat]
    body = textwrap.fill(", ".join(items), width=100, subsequent_indent="    ", break_long_words=False)
    shape = tuple(int(s) for s in np.shape(arr))
    return f"np.array([{body}], dtype=np.{np_dtype}).reshape({shape!r})"


def _placed_input(i: int, inp, entry: dict, make: str, view: str, wants_grad: bool) -> list[str]:
    """An input placed as its plan entry says (oracles/shard_eval.py run_sharded): the value the program sees
    sharded (at "view"), or the stored buffer sharded and the view applied after (at "base"; always so for a
    gradient leaf, which must be the sharded buffer itself)."""
    axis, at = entry.get("axis"), entry.get("at", "view")
    if wants_grad and at == "view":
        at, axis = "base", axis if axis is not None and axis < len(inp.shape) and inp.shape[axis] else None
    if at == "view":
        return [f"x{i} = shard({make}.contiguous().realize(){view}, {axis!r})"]
    leaf = f"shard({make}.contiguous().realize(), {axis!r})"
    if wants_grad:
        return [f"b{i} = {leaf}.contiguous().realize()", f"b{i}.requires_grad = True", f"x{i} = b{i}{view}"]
    return [f"b{i} = {leaf}", f"x{i} = b{i}{view}"]


@dataclass(frozen=True)
class GradCheck:
    """A gradient verdict's part of the repro: the loss the judge differentiates, sum((out_i * weights[i]).float()
    .sum()) over outputs with weights (float outputs), its gradients with respect to the inputs that require one, and
    what they should be."""
    weights: list                  # per output: an array of the output's shape, or None (not in the loss)
    expected: list                 # per input that requires a gradient, in input order
    tolerances: list               # (atol, rtol) per gradient, as the judge's
    undetermined: list = field(default_factory=list)   # per gradient: elements not judged (oracles.judge), or empty


def write_repro(program: Program, *, title: str, env: dict[str, str], expected: list | None = None,
                tolerances: list[tuple[float, float] | None] | None = None, hang_after: float | None = None,
                grads: GradCheck | None = None, sharded: bool = False) -> str:
    """The script. `tolerances[i]` is (atol, rtol) for a float output, None to compare exactly; with `grads`, the
    script also checks the gradients (a gradient verdict's repro that checked only outputs would print ok); with
    `sharded`, it runs the program under its shard plan (fuzz/shard.py), as the shard oracles do."""
    n_in = len(program.inputs)
    name = lambda v: f"x{v}" if v < n_in else f"v{v - n_in}"
    plan = program.shard if sharded else None
    lines = [f'"""{title}', "", "Needs only tinygrad and numpy. Exits 1 while the bug is present, 0 once it is fixed.",
             '"""', "import os, sys"]
    lines += [f"os.environ.setdefault({k!r}, {v!r})" for k, v in env.items()]
    if plan:          # tinygrad reads its all-reduce switches at import
        lines += [f"os.environ[{k!r}] = {str(v)!r}" for k, v in ALLREDUCE_SETTINGS[plan.get("allreduce", "naive")].items()]
    lines += ["import numpy as np"]
    if hang_after:
        lines += ["import faulthandler", f"faulthandler.dump_traceback_later({hang_after:g}, exit=True)   # a hang exits 1"]
    lines += ["if os.environ.get('TINYFUZZ_PLANT'):   # tinyfuzz's own tests plant a bug this way",
              "    mod, plant = os.environ['TINYFUZZ_PLANT'].split(':'); __import__(mod, fromlist=['_']).apply_plant(plant)",
              "from tinygrad import Tensor, dtypes", ""]
    if plan:
        lines[-1:-1] = ["from tinygrad import Device", "",
                        f"DEVS = tuple(f\"{{Device.DEFAULT.split(':')[0]}}:{{i}}\" for i in range({plan['devices']}))",
                        REPRO_HELPERS]
    wrt = []             # what the gradients are taken with respect to
    for i, inp in enumerate(program.inputs):
        dt = DTYPES[inp.dtype]
        data = _literal(materialize(inp), dt.numpy)
        make = f"Tensor({data}).cast(dtypes.bfloat16)" if inp.dtype == "bfloat16" else \
            f"Tensor({data}, dtype=dtypes.{inp.dtype})"
        view = "".join(VIEW_CODE[kind](arg) for kind, arg in inp.view)
        wants_grad = bool(grads) and inp.requires_grad
        if plan:
            lines += _placed_input(i, inp, plan["inputs"][i], make, view, wants_grad)
            wrt += [f"b{i}"] if wants_grad else []
        elif wants_grad and view:       # the gradient is with respect to the stored buffer
            lines += [f"b{i} = {make}.contiguous().realize()", f"x{i} = b{i}{view}"]
            wrt.append(f"b{i}")
        else:
            lines.append(f"x{i} = {make}.contiguous().realize(){view}")
            wrt += [f"x{i}"] if wants_grad else []
    if plan and not grads and program.inputs:     # placed before the program runs, as the shard oracle does
        lines.append(f"Tensor.realize({', '.join(f'x{i}' for i in range(n_in))})")
    steps = steps_after(plan, bool(grads))
    specs = infer(program) if steps else []
    helpers: dict[str, str] = {}
    for k, node in enumerate(program.nodes):
        args = [name(a) for a in node.args]
        try:
            code, needs = lowering(node.op, args, dict(node.attrs))
            helpers |= needs
            lines.append(f"v{k} = {code}")
        except LoweringSourceError as e:   # still a useful script: the method spelling is right for most ops
            call = ", ".join(args[1:] + [f"{key}={v!r}" for key, v in node.attrs.items()])
            lines.append(f"v{k} = {args[0]}.{node.op}({call})   # guessed from the op's name ({e})")
        for step in steps.get(k, []):
            lines.append(f"v{k} = {step_code(f'v{k}', step, specs[n_in + k].dtype)}   # plan: {step['do']}")
    if helpers:                 # the registry's small helpers, copied so the script stays standalone
        at = lines.index("from tinygrad import Tensor, dtypes") + 1
        lines[at:at] = ["", *[src.rstrip() for src in helpers.values()]]
    # realized together, as the worker does: a stateful step and a value read before it are ordered by that one
    # schedule (fuzz/ops/state.py), and realizing them one by one would be another program
    realized = list(dict.fromkeys(name(o) for o in program.outputs))
    if grads:     # the gradient graph is built before anything is realized (a realized tensor keeps no graph)
        weight = (lambda o, w: f"placed_like({name(o)}, {_literal(w, 'float32')})") if plan else \
            (lambda o, w: f"Tensor({_literal(w, 'float32')}, dtype={name(o)}.dtype)")
        terms = [f"({name(o)} * {weight(o, w)}).float().sum()" for o, w in zip(program.outputs, grads.weights)
                 if w is not None]
        lines += ["loss = " + (" + ".join(terms) if terms else "Tensor(0.0)"),
                  f"grads = list(loss.gradient({', '.join(wrt)}))"]
        realized.append("*grads")
    lines.append(f"Tensor.realize({', '.join(realized)})")
    lines.append(f"got = [{', '.join(name(o) + '.numpy()' for o in program.outputs)}]")
    if not expected:
        lines += ["print(*got, sep='\\n')", "print('ran to the end: the bug is not present')"]
        return "\n".join(lines) + "\n"
    tolerances = tolerances or [None] * len(expected)
    wants = ",\n        ".join(_literal(w, np.asarray(w).dtype.name) for w in expected)
    lines += [f"want = [{wants}]", f"tolerances = {[tuple(t) if t else None for t in tolerances]!r}   # (atol, rtol), None: exact",
              "bad = 0",
              "for i, (g, w, tol) in enumerate(zip(got, want, tolerances)):",
              "    same_shape = g.shape == w.shape",
              "    ok = same_shape and (np.allclose(g.astype(np.float64), w.astype(np.float64), atol=tol[0], rtol=tol[1],",
              "                                     equal_nan=True) if tol else np.array_equal(g, w))",
              "    print(f'output {i}:', 'ok' if ok else 'WRONG', f'\\n  expected {w!r}\\n  got      {g!r}')",
              "    bad += not ok"]
    if grads:
        wants = ",\n        ".join(_literal(w, np.asarray(w).dtype.name) for w in grads.expected)
        lines += [f"want_grads = [{wants}]", f"grad_tolerances = {[tuple(t) for t in grads.tolerances]!r}"]
        excused = any(np.any(u) for u in grads.undetermined)
        if excused:     # elements one of whose paths crosses an op outside its domain: no right answer (oracles.judge)
            masks = ",\n        ".join(_literal(u, "bool_") for u in grads.undetermined)
            lines += [f"undetermined = [{masks}]"]
        lines += ["for i, (g, w, (atol, rtol)) in enumerate(zip(grads, want_grads, grad_tolerances)):",
                  "    g = g.numpy()"]
        lines += ["    g = np.where(undetermined[i], w, g) if undetermined[i].shape == g.shape else g"] if excused else []
        lines += ["    ok = g.shape == w.shape and np.allclose(g.astype(np.float64), w.astype(np.float64), atol=atol, "
                  "rtol=rtol, equal_nan=True)",
                  "    print(f'gradient {i}:', 'ok' if ok else 'WRONG', f'\\n  expected {w!r}\\n  got      {g!r}')",
                  "    bad += not ok"]
    lines += ["sys.exit(1 if bad else 0)"]
    return "\n".join(lines) + "\n"

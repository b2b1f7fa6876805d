"""Worker tasks for UOp kernels: build a kernel description as UOps through tinygrad's public API, and run it.

`run_kernel` runs it on the worker's backend (CPU, CPU:X86, PYTHON) and returns the output buffer;
`render_kernel` realizes it on a compile-only NULL target, where the renderer or assembler is what is tested;
`check_simplify` evaluates an index expression and its `simplify()` over variable assignments.
"""
from __future__ import annotations

import numpy as np

from fuzz.uop.ir import UKernel
from fuzz.uop.reference import NP, buffer_values, eval_index
from fuzz.uop.simplify import IndexProblem, assignments


def _t():
    from tinygrad import Tensor, UOp, dtypes
    from tinygrad.uop.ops import AxisType, KernelInfo, Ops
    return Tensor, UOp, dtypes, AxisType, KernelInfo, Ops


def idx_uop(e, rngs: list, vars_: dict):
    """An index-level expression as a UOp over the kernel's ranges (or the problem's variables)."""
    _, UOp, dtypes, _, _, Ops = _t()
    head = e[0]
    if head == "rng":
        return rngs[e[1]]
    if head == "int":
        return UOp.const(e[1], dtypes.weakint)
    if head == "var":
        return vars_[e[1]]
    sub = [idx_uop(x, rngs, vars_) for x in e[1:]]
    if head == "neg":
        return -sub[0]
    if head == "ifelse":
        return sub[0].where(sub[1], sub[2])
    a, b = sub
    return {"+": lambda: a + b, "*": lambda: a * b, "-": lambda: a - b, "//": lambda: a // b, "%": lambda: a % b,
            "cdiv": lambda: a.alu(Ops.CDIV, b), "cmod": lambda: a.alu(Ops.CMOD, b), "max": lambda: a.maximum(b),
            "min": lambda: a.minimum(b), "<": lambda: a < b, "!=": lambda: a.ne(b), "==": lambda: a.eq(b),
            "<=": lambda: a <= b, ">=": lambda: a >= b, ">": lambda: a > b, "and": lambda: a & b,
            "or": lambda: a | b}[head]()


def build(k: UKernel):
    """fxn(C, *bufs) for Tensor.custom_kernel: the kernel's UOp graph ending in a SINK."""
    Tensor, UOp, dtypes, AxisType, KernelInfo, Ops = _t()
    from tinygrad.codegen.opt import Opt, OptOps
    bin_ops = {"add": Ops.ADD, "mul": Ops.MUL, "sub": Ops.SUB, "max": Ops.MAX, "and": Ops.AND, "or": Ops.OR,
               "xor": Ops.XOR, "cdiv": Ops.CDIV, "cmod": Ops.CMOD, "shl": Ops.SHL, "shr": Ops.SHR}
    un_ops = {"neg": Ops.NEG, "trunc": Ops.TRUNC, "sqrt": Ops.SQRT, "recip": Ops.RECIPROCAL, "exp2": Ops.EXP2,
              "log2": Ops.LOG2, "sin": Ops.SIN}
    red_ops = {"add": Ops.ADD, "mul": Ops.MUL, "max": Ops.MAX}

    def fxn(C, *A):
        rngs = [UOp.range(n, i, AxisType.LOOP) for i, n in enumerate(k.loops)]
        rngs += [UOp.range(n, len(k.loops) + i, AxisType.REDUCE) for i, n in enumerate(k.reduce)]

        def val(e):
            head = e[0]
            if head == "const":
                return UOp.const(e[2], getattr(dtypes, e[1]))
            if head == "idx":
                return idx_uop(e[2], rngs, {}).cast(getattr(dtypes, e[1]))
            if head == "load":
                i = idx_uop(e[2], rngs, {})
                return A[e[1]].index(i if e[3] is None else i.valid(idx_uop(e[3], rngs, {})))
            if head == "alu" and e[1] == "sub":    # the public spelling: a - b builds ADD(a, NEG b), never Ops.SUB
                return val(e[2]) - val(e[3])
            if head == "alu":
                return val(e[2]).alu(bin_ops[e[1]], val(e[3]))
            if head == "un":
                return val(e[2]).alu(un_ops[e[1]])
            if head == "cmp":
                a, b = val(e[2]), val(e[3])
                return {"lt": lambda: a < b, "ne": lambda: a.ne(b), "eq": lambda: a.eq(b)}[e[1]]()
            if head == "where":
                from fuzz.uop.ir import is_index_expr
                c = idx_uop(e[1], rngs, {}) if is_index_expr(e[1]) else val(e[1])
                return c.where(val(e[2]), val(e[3]))
            if head == "cast":
                return val(e[2]).cast(getattr(dtypes, e[1]))
            if head == "bitcast":
                return val(e[2]).bitcast(getattr(dtypes, e[1]))
            if head == "reduce":
                return val(e[2]).reduce(*rngs[len(k.loops):], arg=red_ops[e[1]])
            raise ValueError(f"unknown value node {head!r}")

        lin = UOp.const(0, dtypes.weakint)
        for r, n in zip(rngs, k.loops):
            lin = lin * n + r
        target = C.index(lin if k.gate is None else lin.valid(idx_uop(k.gate, rngs, {})))
        opts = tuple(Opt(OptOps[o], ax, arg) for o, ax, arg in k.opts) if k.opts else None
        return target.store(val(k.value)).end(*rngs[:len(k.loops)]).sink(
            arg=KernelInfo(name=f"fz_{k.content_hash()[:8]}", opts_to_apply=opts))
    return fxn


def _tensors(k: UKernel):
    Tensor, _, dtypes, *_ = _t()
    ins = [Tensor(buffer_values(b), dtype=getattr(dtypes, b.dtype)).contiguous().realize() for b in k.bufs]
    out = Tensor(np.full(k.out_size, k.fill).astype(NP[k.out_dtype]), dtype=getattr(dtypes, k.out_dtype))
    return out.contiguous().realize(), ins


def run_kernel(kernel: dict) -> dict:
    """Worker task: the output buffer after the kernel ran, flat."""
    Tensor, *_ = _t()
    k = UKernel.from_json(kernel)
    out, ins = _tensors(k)
    res = Tensor.custom_kernel(out, *ins, fxn=build(k))[0]
    return {"output": np.asarray(res.numpy()).reshape(-1)}


def render_kernel(kernel: dict) -> dict:
    """Worker task on a NULL target: build, render and compile (or assemble) the kernel; nothing is read back."""
    Tensor, *_ = _t()
    from tinygrad import Device
    k = UKernel.from_json(kernel)
    ins = [Tensor.empty(b.size, dtype=getattr(_t()[2], b.dtype)) for b in k.bufs]
    out = Tensor.empty(k.out_size, dtype=getattr(_t()[2], k.out_dtype))
    res = Tensor.custom_kernel(out, *ins, fxn=build(k))[0]
    res.realize()
    return {"device": Device.DEFAULT, "renderer": type(Device[Device.DEFAULT].renderer).__name__}


def check_simplify(problem: dict, limit: int = 4096) -> dict:
    """Worker task: assignments (up to `limit`) where simplify() or the codegen rewrites change the value."""
    _, UOp, dtypes, *_ = _t()
    p = IndexProblem.from_json(problem)
    vars_ = {name: UOp.variable(name, lo, hi) for name, lo, hi in p.vars}
    original = idx_uop(p.expr, [], vars_)
    rewritten = {"simplify": original.simplify()}
    try:
        from tinygrad.uop.symbolic import sym
        from tinygrad.uop.ops import graph_rewrite
        rewritten["sym"] = graph_rewrite(original, sym, name="tinyfuzz sym")
    except ImportError:
        pass
    env = assignments(p, limit)
    want = np.broadcast_to(eval_index(p.expr, {"var": env, "rng": []}), next(iter(env.values())).shape)
    bad = []
    for name, u in rewritten.items():
        got = np.broadcast_to(uop_value(u, {v.arg.name: env[v.arg.name] for v in vars_.values()}), want.shape)
        wrong = np.nonzero(got != want)[0]
        if len(wrong):
            i = int(wrong[0])
            bad.append({"rewrite": name, "at": {n: int(env[n][i]) for n in env}, "want": int(want[i]),
                        "got": int(got[i]), "count": int(len(wrong)), "rendered": _render(u)})
    return {"bad": bad, "checked": int(want.shape[0]), "simplified": _render(rewritten["simplify"])}


def uop_value(u, env: dict):
    """Our own evaluation of an index-level UOp graph over numpy arrays of variable values (not tinygrad's)."""
    _, _, _, _, _, Ops = _t()
    from fuzz.uop.reference import trunc_div, trunc_mod
    binary = {Ops.ADD: np.add, Ops.MUL: np.multiply, Ops.SUB: np.subtract, Ops.MAX: np.maximum,
              Ops.CDIV: trunc_div, Ops.CMOD: trunc_mod, Ops.FLOORDIV: np.floor_divide, Ops.FLOORMOD: np.remainder,
              Ops.CMPLT: np.less, Ops.CMPNE: np.not_equal, Ops.CMPEQ: np.equal, Ops.AND: np.bitwise_and,
              Ops.OR: np.bitwise_or, Ops.XOR: np.bitwise_xor, Ops.SHL: np.left_shift, Ops.SHR: np.right_shift}
    vals: dict = {}
    for x in u.toposort():
        s = [vals[y] for y in x.src]
        if x.op is Ops.CONST:
            v = np.bool_(x.arg) if isinstance(x.arg, bool) else np.int64(x.arg)
        elif x.op in (Ops.PARAM, Ops.BUFFER) and x.arg.name in env:
            v = env[x.arg.name]
        elif x.op is Ops.NEG:
            v = np.logical_not(s[0]) if np.asarray(s[0]).dtype == np.bool_ else -s[0]
        elif x.op is Ops.WHERE:
            v = np.where(s[0], s[1], s[2])
        elif x.op is Ops.CAST:
            v = s[0] != 0 if x.dtype.name == "bool" else np.asarray(s[0]).astype(np.int64)
        elif x.op in binary:
            v = binary[x.op](s[0], s[1])
        elif not x.src or x.op in (Ops.NOOP,):
            v = None           # shape arguments and markers carry no value
        else:
            raise NotImplementedError(f"tinyfuzz's UOp interpreter has no rule for {x.op}")
        vals[x] = v
    return vals[u]


def _render(u) -> str:
    try:
        return u.render(simplify=False)
    except Exception as e:   # a render failure is not what this task judges
        return f"<unrenderable: {type(e).__name__}>"

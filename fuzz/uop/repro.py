"""The repro writer for UOp kernels: a standalone script that builds the kernel's UOp graph in a few lines,
runs it on tinygrad and prints it next to the numpy reference's answer."""
from __future__ import annotations

from fuzz.uop.ir import UKernel, is_index_expr

IDX_FMT = {"+": "({}+{})", "*": "({}*{})", "-": "({}-{})", "//": "({}//{})", "%": "({}%{})",
           "cdiv": "{}.alu(Ops.CDIV, {})", "cmod": "{}.alu(Ops.CMOD, {})", "max": "{}.maximum({})",
           "min": "{}.minimum({})", "<": "({}<{})", "!=": "{}.ne({})", "==": "{}.eq({})", "<=": "({}<={})",
           ">=": "({}>={})", ">": "({}>{})", "and": "({}&{})", "or": "({}|{})"}
BIN = {"add": "ADD", "mul": "MUL", "max": "MAX", "and": "AND", "or": "OR", "xor": "XOR", "cdiv": "CDIV",
       "cmod": "CMOD", "shl": "SHL", "shr": "SHR"}
UN = {"neg": "NEG", "trunc": "TRUNC", "sqrt": "SQRT", "recip": "RECIPROCAL", "exp2": "EXP2", "log2": "LOG2", "sin": "SIN"}


def idx_code(e) -> str:
    head = e[0]
    if head == "rng":
        return f"r[{e[1]}]"
    if head == "int":
        return f"UOp.const({e[1]}, dtypes.weakint)"
    if head == "var":
        return e[1]
    if head == "neg":
        return f"(-{idx_code(e[1])})"
    if head == "ifelse":
        return f"{idx_code(e[1])}.where({idx_code(e[2])}, {idx_code(e[3])})"
    return IDX_FMT[head].format(idx_code(e[1]), idx_code(e[2]))


def val_code(e) -> str:
    head = e[0]
    if head == "const":
        return f"UOp.const({e[2]!r}, dtypes.{e[1]})".replace("nan", "float('nan')").replace("inf", "float('inf')")
    if head == "idx":
        return f"{idx_code(e[2])}.cast(dtypes.{e[1]})"
    if head == "load":
        i = idx_code(e[2])
        return f"A[{e[1]}].index({i})" if e[3] is None else f"A[{e[1]}].index({i}.valid({idx_code(e[3])}))"
    if head == "alu":
        if e[1] == "sub":
            return f"({val_code(e[2])} - {val_code(e[3])})"
        return f"{val_code(e[2])}.alu(Ops.{BIN[e[1]]}, {val_code(e[3])})"
    if head == "un":
        return f"{val_code(e[2])}.alu(Ops.{UN[e[1]]})"
    if head == "cmp":
        return {"lt": "({}<{})", "ne": "{}.ne({})", "eq": "{}.eq({})"}[e[1]].format(val_code(e[2]), val_code(e[3]))
    if head == "where":
        c = idx_code(e[1]) if is_index_expr(e[1]) else val_code(e[1])
        return f"{c}.where({val_code(e[2])}, {val_code(e[3])})"
    if head in ("cast", "bitcast"):
        return f"{val_code(e[2])}.{head}(dtypes.{e[1]})"
    if head == "reduce":
        return f"{val_code(e[2])}.reduce(*r[{{n_loops}}:], arg=Ops.{ {'add': 'ADD', 'mul': 'MUL', 'max': 'MAX'}[e[1]] })"
    raise ValueError(f"unknown value node {head!r}")


def repro_script(k: UKernel, backend: str = "CPU") -> str:
    """Python source needing only tinygrad, numpy and this suite's reference (for the expected values)."""
    n = len(k.loops)
    value = val_code(k.value).replace("{n_loops}", str(n))
    target = "lin" if k.gate is None else f"lin.valid({idx_code(k.gate)})"
    opts = f"tuple(Opt(OptOps[o], a, x) for o, a, x in {[list(o) for o in k.opts]!r})" if k.opts else "None"
    return f'''# UOp kernel repro (tinyfuzz): DEV={backend} PARALLEL=0 python repro.py
import numpy as np
from tinygrad import Tensor, UOp, dtypes
from tinygrad.uop.ops import AxisType, KernelInfo, Ops
from tinygrad.codegen.opt import Opt, OptOps
from fuzz.uop.ir import UKernel
from fuzz.uop.reference import buffer_values, evaluate

K = UKernel.loads({k.dumps()!r})

def fxn(C, *A):
  r = [UOp.range(n, i, AxisType.LOOP) for i, n in enumerate({list(k.loops)!r})]
  r += [UOp.range(n, {n} + i, AxisType.REDUCE) for i, n in enumerate({list(k.reduce)!r})]
  lin = UOp.const(0, dtypes.weakint)
  for x, n in zip(r, {list(k.loops)!r}): lin = lin * n + x
  value = {value}
  return C.index({target}).store(value).end(*r[:{n}]).sink(arg=KernelInfo(name="repro", opts_to_apply={opts}))

ins = [Tensor(buffer_values(b), dtype=getattr(dtypes, b.dtype)).contiguous().realize() for b in K.bufs]
out = Tensor(np.full({k.out_size}, K.fill), dtype=dtypes.{k.out_dtype}).contiguous().realize()
got = Tensor.custom_kernel(out, *ins, fxn=fxn)[0].numpy()
print("tinygrad:", got)
print("expected:", evaluate(K))
'''

"""The torch reference: evaluate a Program with torch, in the program's dtypes and again in float64.

torch has no uint16/32/64 arithmetic: those values are computed in a wider signed dtype and wrapped back
after every op (see fuzz/dtypes.py, `torch_compute`).
"""
from __future__ import annotations

import warnings
from types import SimpleNamespace
from typing import Callable

import numpy as np

from fuzz.dtypes import DTYPES, bfloat16_bits
from fuzz.infer import infer
from fuzz.ops import OPS
from fuzz.program import Input, Program
from fuzz.values import materialize
from oracles.config import RunConfig
from oracles.evaluate import walk
from oracles.tiny_eval import loss_weights
from oracles.verdict import SuiteError


# The reference's own worker (corpus.record.reference_or_none): torch in a process of its own, so a crash of torch
# is a death there; an env entry of its own keeps it apart from tinygrad's workers for the same backend.
REFERENCE_CONFIG = RunConfig(backend="CPU", env=(("TINYFUZZ_ROLE", "torch-reference"),), counters=False)
REFERENCE_TASK = "oracles.reference:reference_request"
REFERENCE_TIMEOUT = 120.0


def reference_request(program: dict, grad: bool = False) -> dict:
    """Worker task: torch's answer in the program's dtypes and in float64 (oracles.judge.reference)."""
    from oracles.judge import reference
    return reference(Program.from_json(program), grad=grad)


class ReferenceError_(SuiteError):
    """torch refused a program the registry says it takes: the suite's bug, never tinygrad's."""


def torch_lib(float64: bool = False):
    import torch
    import torch.nn.functional as F

    def dtype(name):
        if not isinstance(name, str):
            return name
        if float64 and DTYPES[name].is_float:
            return torch.float64
        return getattr(torch, DTYPES[name].torch_compute)
    def bitcast(x, src: str, dst: str):
        """Reinterpret bits: carry x in src's own width (uint16/32/64 travel wider), view, widen for dst."""
        width = {8: torch.int8, 16: torch.int16, 32: torch.int32, 64: torch.int64}
        s, d = DTYPES[src], DTYPES[dst]
        x = x.to(getattr(torch, src) if s.is_float or s.kind == "uint" and s.bits == 8 else width[s.bits])
        y = x.contiguous().view(getattr(torch, dst) if d.is_float or dst == "uint8" else width[d.bits])
        return y.to(getattr(torch, d.torch_compute))
    return SimpleNamespace(torch=torch, F=F, dtype=dtype, float64=float64, bitcast=bitcast)


VIEW_STEPS = {
    "permute": lambda T, x, a: x.permute(*a),
    "expand": lambda T, x, a: x.expand(*a),
    "shrink": lambda T, x, a: x[tuple(slice(s, e) for s, e in a)],
    "pad": lambda T, x, a: T.F.pad(x, [p for pair in reversed(a) for p in pair]) if a else x,
    "flip": lambda T, x, a: x.flip(a),
    "stride": lambda T, x, a: x[tuple(slice(None, None, s) for s in a)] if a else x,
}

_WRAP = {"uint16": 0xFFFF, "uint32": 0xFFFFFFFF}


def tensor_of(T, arr: np.ndarray, dtype: str):
    """A torch tensor holding these numbers in the dtype the reference computes `dtype` in."""
    arr = np.asarray(arr)
    if dtype in ("uint16", "uint32", "uint64"):
        arr = arr.astype(np.int64) if dtype != "uint64" else arr.astype(np.uint64).view(np.int64)
    if T.dtype(dtype) == T.torch.bfloat16:
        # from the bits: the values are bfloat16 numbers already (fuzz/values.py), and torch's float32 -> bfloat16
        # conversion writes a nan as 0xFFFF where tinygrad holds 0x7FC0 (a bitcast then differs: d69406be7a)
        return T.torch.from_numpy(np.array(bfloat16_bits(arr).view(np.int16))).view(T.torch.bfloat16).clone()
    return T.torch.from_numpy(np.array(arr, copy=True)).to(T.dtype(dtype)).clone()


def load_input(T, inp: Input):
    t = tensor_of(T, materialize(inp), inp.dtype)
    if inp.requires_grad:
        t.requires_grad_(True)
    base = t
    for kind, arg in inp.view:
        t = VIEW_STEPS[kind](T, t, arg)
    return base, t


def run_torch(program: Program, grad: bool = False, float64: bool = False, anchor: Callable | None = None) -> dict:
    """Outputs as numpy arrays in tinygrad's dtype conventions, and gradients when asked.

    `anchor(T, k, value, values)` may replace node k's value, given every value before it (oracles/anchor.py)."""
    T = torch_lib(float64)
    specs = infer(program)
    n_in = len(program.inputs)
    loaded = [load_input(T, inp) for inp in program.inputs]
    values = [view for _, view in loaded]
    poisoning = [False]        # set for the second backward: _poison_where_born's hooks act only then

    def wrap(k, v):
        dt = specs[n_in + k].dtype
        node = program.nodes[k]
        if node.op in UNSIGNED_SENSITIVE:
            _carried_unsigned(node, [(specs[a].dtype, values[a]) for a in node.args])
        if dt in _WRAP and hasattr(v, "bitwise_and"):     # a step wraps its target in place: it stays that tensor
            v = v.bitwise_and_(_WRAP[dt]) if OPS[node.op].stateful else v.bitwise_and(_WRAP[dt])
        if node.op == "cast" and specs[node.args[0]].dtype == "uint64" and DTYPES[dt].is_float:
            v = _uint64_to_float(T, values[node.args[0]], dt)
        if anchor is not None:
            v = anchor(T, k, v, values)
        if grad and not OPS[node.op].stateful:
            _poison_where_born(T, v, [values[a] for a in node.args], poisoning)
        values.append(v)
        return v
    try:
        with warnings.catch_warnings():      # torch's own advice (var with no degrees of freedom...) is not ours
            warnings.simplefilter("ignore", UserWarning)
            vals = walk(program, "torch", T, list(values), wrap)
    except Exception as e:
        raise ReferenceError_(f"torch refused {program.ops()}: {type(e).__name__}: {e}") from e
    outs = [vals[o] for o in program.outputs]
    result = {"outputs": [to_numpy(o, specs[i].dtype) for o, i in zip(outs, program.outputs)]}
    if grad:
        wants = [base for (base, _), inp in zip(loaded, program.inputs) if inp.requires_grad]
        loss = grad_loss(T, outs)
        if wants and loss is not None and loss.requires_grad:
            got = T.torch.autograd.grad(loss, wants, allow_unused=True, retain_graph=True)
            result["grads"] = [to_numpy(g if g is not None else T.torch.zeros_like(w), None) for g, w in zip(got, wants)]
            poisoning[0] = True
            poisoned = T.torch.autograd.grad(loss, wants, allow_unused=True)
            result["undetermined"] = [np.isnan(to_numpy(p, None).astype(np.float64)) if p is not None else
                                      np.zeros(tuple(w.shape), dtype=bool) for p, w in zip(poisoned, wants)]
        else:
            result["grads"] = [np.zeros(tuple(w.shape), dtype=np.float32) for w in wants]
    return result


def _poison_where_born(T, value, operands: list, poisoning: list) -> None:
    """Where an op's output is nan and its operands are not (an op evaluated outside its domain: acosh of -3, log10
    of a negative), the derivative of the loss through that element is undefined: torch's formula evaluated there
    (rsqrt(x*x - 1) for acosh) is an artifact, not a reference (buckets 451ac6e82c, e36e61d27e, d0985ed3dd). While
    `poisoning[0]` is set, the gradient leaving there is nan, so the second backward (run_torch) marks every input
    element one of whose paths to the loss crosses such a point. Whatever arrives there: a zero may itself be an
    artifact (abs's backward of nan is sign(nan) = 0 in torch, 1 in tinygrad), so a branch a where() leaves out is
    marked too, a small loss of judgement where the derivative is defined."""
    torch = T.torch
    if not (isinstance(value, torch.Tensor) and value.requires_grad and value.is_floating_point()):
        return
    born = torch.isnan(value.detach())
    if not bool(born.any()):
        return
    for x in operands:
        if isinstance(x, torch.Tensor) and x.is_floating_point() and bool((nan := torch.isnan(x.detach())).any()):
            try:
                born = born & ~nan.broadcast_to(born.shape)
            except RuntimeError:        # not elementwise: a nan operand carried it here, and was marked where born
                return
    if bool(born.any()):
        value.register_hook(lambda g: torch.where(born, torch.full_like(g, float("nan")), g) if poisoning[0] else g)


# ops whose answer on uint64 differs once its int64 carrier reads a value from 2**63 up as negative (division,
# order, right shift, conversion to float); add, mul, bitwise ops, eq/ne and movement are the same bits either way
UNSIGNED_SENSITIVE = frozenset({
    "idiv", "mod", "fmod", "maximum", "minimum", "lt", "le", "gt", "ge", "rshift", "max", "min", "argmax", "argmin",
    "scalar_div", "scalar_rdiv", "scalar_floordiv", "scalar_rfloordiv", "scalar_mod", "scalar_maximum",
    "scalar_minimum", "scalar_lt", "scalar_gt", "scalar_le", "scalar_ge", "scalar_rshift", "scalar_pow"})


def _carried_unsigned(node, operands: list) -> None:
    """torch carries uint64 in int64 (it has no uint64 division, order or shift on CPU): an operand of an
    order-sensitive op holding a value from 2**63 up has no torch answer, so the reference refuses (device bucket
    6ed4276eca: ~uint64(4) // 2 is 2**63 - 3 in tinygrad and numpy, -5 // 2 = -3 in the carrier)."""
    for dtype, v in operands:
        if dtype == "uint64" and hasattr(v, "lt") and bool((v < 0).any()):
            raise ReferenceError_(f"torch carries uint64 in int64: {node.op} of a value from 2**63 up has no torch "
                                  "answer")


def _uint64_to_float(T, src, dtype: str):
    """torch carries uint64 in int64, so its cast reads values from 2**63 up as negative (bucket 23ec24af7c: a
    uint8 -> uint64 -> float64 chain gave -2.0 for 254 after a signed detour). numpy converts the unsigned bits with
    one rounding, as C does; bfloat16, which numpy lacks, goes through float32 as tinygrad's own cast does."""
    bits = src.detach().cpu().numpy().astype(np.int64).view(np.uint64)
    with np.errstate(over="ignore"):           # 2**64 - 2 is inf in float16, as in C
        wide = bits.astype(np.float32 if dtype in ("float32", "bfloat16") else np.dtype(dtype))
    return T.torch.from_numpy(np.array(wide, copy=True)).to(T.dtype(dtype))


def grad_loss(T, outs):
    total = None
    for i, o in enumerate(outs):
        if not o.is_floating_point():
            continue
        w = T.torch.from_numpy(loss_weights(tuple(o.shape), i)).to(o.dtype)     # the same weights tinygrad's side uses
        term = (o * w).float().sum()
        total = term if total is None else total + term
    return total


def to_numpy(t, dtype: str | None) -> np.ndarray:
    t = t.detach()
    if t.dtype.is_floating_point and t.dtype not in (__import__("torch").float32, __import__("torch").float64,
                                                     __import__("torch").float16):
        t = t.float()
    arr = t.cpu().numpy()
    if dtype in ("uint16", "uint32"):
        arr = arr.astype(np.int64).astype(np.dtype(dtype))
    elif dtype == "uint64":
        arr = arr.astype(np.int64).view(np.uint64)
    return arr

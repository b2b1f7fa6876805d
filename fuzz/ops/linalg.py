"""Contractions: matmul (batched and vector forms), dot, einsum, linear; factorizations (qr, svd) by what they determine."""
from __future__ import annotations

from hypothesis import strategies as st

from fuzz.dtypes import FLOATS
from fuzz.ops.base import MATMUL, Invalid, Op, Operand, Spec, broadcast_shape, choice

DT = FLOATS + ("int32", "int64")


def _matmul_rhs(draw, first: Spec) -> list[Operand]:
    k = first.shape[-1]
    n = draw(st.integers(1, 5))
    form = draw(st.sampled_from(["matrix", "vector", "batched"]))
    if form == "vector":
        return [Operand((k,), first.dtype)]
    if form == "batched" and len(first.shape) >= 2:
        return [Operand(first.shape[:-2] + (k, n), first.dtype)]
    return [Operand((k, n), first.dtype)]


def _matmul_out(specs, attrs):
    a, b = specs[0].shape, specs[1].shape
    if a[-1] != b[-2 if len(b) >= 2 else -1]:
        raise Invalid(f"matmul {a} @ {b}")
    if len(b) == 1:
        return Spec(a[:-1], specs[0].dtype)
    if len(a) == 1:
        return Spec(b[:-2] + b[-1:], specs[0].dtype)
    return Spec(broadcast_shape(a[:-2], b[:-2]) + (a[-2], b[-1]), specs[0].dtype)


# formula: the output's letters. With an ellipsis tinygrad spells the elided axes with letters of its own and, with
# no "->", works out the output itself (mixin/op.py einsum): code no explicit formula runs (W50's unreached mutants)
EINSUMS = {"ij,jk->ik": "ik", "ij,jk->ki": "ki", "ij,jk->": "", "ij,jk->j": "j", "ij,jk->ijk": "ijk",
           "...j,jk": "ik", "ij,j...->i...": "ik"}


def _einsum_out(specs, attrs):
    (i, j), (_, k) = specs[0].shape, specs[1].shape
    sizes = {"i": i, "j": j, "k": k}
    return Spec(tuple(sizes[c] for c in EINSUMS[attrs["formula"]]), specs[0].dtype)


def _linear_operands(draw, first: Spec) -> list[Operand]:
    n = draw(st.integers(1, 5))
    return [Operand((first.shape[-1], n), first.dtype), Operand((n,), first.dtype)]


def _factorization(min_side: int, singular_values: bool = False):
    """The output of a factorization's determined part: the input's shape, or its singular values' (..., k)."""
    def rule(specs, attrs):
        shape = specs[0].shape
        if min(shape[-2:]) < min_side:
            raise Invalid(f"a factorization of a matrix with a side under {min_side}")
        if max(shape[-2:]) > 8 or (shape[0] if len(shape) == 3 else 1) > 4:
            raise Invalid("a factorization of more than 4 matrices or a side over 8: each step unrolls into kernels "
                          "(132 matrices of 7 x 33 took 12 s to compile)")
        return Spec(shape[:-2] + (min(shape[-2:]),) if singular_values else shape, specs[0].dtype)
    return rule

ROWS = [
    Op("matmul", MATMUL, dtypes=DT, operands=_matmul_rhs, out=_matmul_out, min_rank=1, max_rank=4,
       tiny="matmul", torch="matmul", grad=True, tol="accumulate",
       notes="int8/int16 and unsigned left out: tinygrad accumulates them in their own width, torch refuses "
             "some integer matmuls on CPU."),
    Op("dot", MATMUL, dtypes=DT, operands=lambda draw, first: [Operand(first.shape, first.dtype)], min_rank=1,
       max_rank=1, out=lambda specs, attrs: Spec((), specs[0].dtype), tiny="dot", torch="dot", grad=True,
       tol="accumulate"),
    Op("einsum", MATMUL, dtypes=("float32", "float16", "float64"), edges=False,
       notes="TRIAGE: 'ij,jk->j' with edge values gave nan where torch gave inf (float64 and bfloat16; not "
             "minimized): edges off, bfloat16 left out.", operands=lambda draw, first: [Operand((first.shape[1], draw(st.integers(1, 4))),
                                                                              first.dtype)],
       params={"formula": choice(*EINSUMS)}, out=_einsum_out, min_rank=2, max_rank=2, grad=True, tol="accumulate",
       tiny=lambda L, x, y, formula: L.Tensor.einsum(formula, x, y),
       torch=lambda L, x, y, formula: L.torch.einsum(formula, x, y)),
    Op("linear", MATMUL, dtypes=FLOATS, operands=_linear_operands, min_rank=1, max_rank=4, grad=True, tol="accumulate",
       out=lambda specs, attrs: Spec(specs[0].shape[:-1] + specs[2].shape, specs[0].dtype),
       tiny=lambda L, x, w, b: x.linear(w, b), torch=lambda L, x, w, b: x @ w + b,
       notes="tinygrad's linear is x.dot(w) + b (its weight is (in, out)), and so is the reference: torch's F.linear "
             "adds the bias inside its float32 accumulation, so in float16 a product sum past 65504 plus an inf bias "
             "is inf there and nan in tinygrad's (and torch's own) x @ w + b (device bucket 014e1ddfc1, ours)."),
    # Q and R are unique only up to signs and, for a rank-deficient matrix, not at all: the row gives what they
    # determine. Q @ R is the input for every matrix; singular values are unique and well-conditioned (Weyl).
    Op("qr", MATMUL, dtypes=("float32", "float64"), edges=False, min_rank=2, max_rank=3, out=_factorization(1),
       tol="accumulate", tiny=lambda L, x: L.Tensor.matmul(*x.qr()), torch=lambda L, x: x.clone(),
       notes="the output is Q @ R, which equals the input: Householder QR's own answer is unique only up to signs."),
    Op("svdvals", MATMUL, dtypes=("float32", "float64"), edges=False, min_rank=2, max_rank=3, out=_factorization(2, singular_values=True),
       tol="accumulate", tiny=lambda L, x: x.svd(full_matrices=False)[1],
       torch=lambda L, x: L.torch.linalg.svdvals(x),
       notes="TRIAGE: tinygrad's svd raises ValueError (one_round_jacobi's split) for a matrix with a side of 1, "
             "which torch takes (not minimized further, not looked up upstream): sides of 2 and more only."),
]

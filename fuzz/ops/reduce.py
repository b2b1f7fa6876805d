"""Reductions over an axis, a tuple of axes or everything, with keepdim; arg-reductions; Keccak hashes of the last
axis."""
from __future__ import annotations

from fuzz.dtypes import ALL, DTYPES, FLOATS, NUMERIC
from fuzz.ops.base import AXES, AXIS_OR_NONE, FLAG, REDUCE, Invalid, Op, Spec, choice, reduced
from fuzz.ops.ties import reduced_index


def sum_dtype(dt: str) -> str:
    """tinygrad's accumulation dtype for sum (and cumsum): small ints widen to int32/uint32, bool to int32."""
    d = DTYPES[dt]
    if d.kind == "bool" or d.kind == "int" and d.bits < 32:
        return "int32"
    return "uint32" if d.kind == "uint" and d.bits < 32 else dt


def dims(x, axis) -> tuple:
    """torch's spelling of a reduction's axes: every axis for None, a tuple otherwise."""
    if axis is None:
        return tuple(range(x.dim()))
    return tuple(axis) if isinstance(axis, list) else (axis,)


def _torch_prod(L, x, axis, keepdim):
    """A product over an axis of one element is that element (tinygrad reshapes it away): torch's prod backward,
    grad * prod / x, is inf / inf = nan for an infinite element, where the derivative is 1 (bucket 2708fe1136: a
    float16 prod over one element of a product that overflowed)."""
    out = x
    for a in sorted((d % max(x.dim(), 1) for d in dims(x, axis)), reverse=True):   # torch.prod takes one dim
        if x.dim() and out.shape[a] == 1:
            out = out if keepdim else out.squeeze(a)
        else:
            out = out.prod(a, keepdim=keepdim)
    return out if x.dim() else out.clone()


def acc_int(L, out, x):
    """torch's int64 sum narrowed to tinygrad's accumulator: int32 unless x is carried in int64 (int64, uint32,
    uint64). uint16 is carried in int32 too; its sums fit int32 at the suite's sizes (4096 elements)."""
    if out.is_floating_point():
        return out
    return out.to(L.torch.int64 if x.dtype == L.torch.int64 else L.torch.int32)


# Keccak variants tinygrad names, with their digest length in bytes (shake_128: tinygrad's 16-byte output)
DIGESTS = {"sha3_224": 28, "sha3_256": 32, "shake_128": 16}


def _keccak_reference(L, x, cfg):
    """hashlib over each last-axis row's bytes, as tinygrad's keccak bitcasts them to uint8."""
    import hashlib
    import numpy as np
    rows = x.contiguous().numpy().reshape(-1, x.shape[-1] if x.dim() else 1)
    digest = lambda b: hashlib.shake_128(b).digest(16) if cfg == "shake_128" else getattr(hashlib, cfg)(b).digest()
    out = np.array([list(digest(r.tobytes())) for r in rows], dtype=np.uint8).reshape(*x.shape[:-1], DIGESTS[cfg])
    return L.torch.from_numpy(out)



def _keccak_out(specs, attrs):
    if 0 in specs[0].shape:        # reshape(0, -1) inside keccak divides by zero (campaign bucket a10fdbc0f0)
        raise Invalid("keccak of an empty tensor")
    return Spec(specs[0].shape[:-1] + (DIGESTS[attrs["cfg"]],), "uint8")


R = dict(family=REDUCE, params={"axis": AXES, "keepdim": FLAG})
NO_EMPTY = reduced(empty_axis=False)

ROWS = [
    Op("sum", dtypes=ALL, out=reduced(out_dtype=sum_dtype), tiny="sum", grad=True, tol="accumulate",
       torch=lambda L, x, axis, keepdim: acc_int(L, x.sum(dims(x, axis), keepdim=keepdim), x), **R,
       notes="tinygrad sums small ints in int32/uint32, torch in int64: the torch side wraps back (acc_int)."),
    Op("prod", dtypes=NUMERIC, out=reduced(), tiny="prod", torch=lambda L, x, axis, keepdim: _torch_prod(
       L, x, axis, keepdim).to(x.dtype), grad=True, tol="accumulate", **R,
       notes="torch promotes int products to int64, tinygrad keeps the width: the torch side casts back."),
    Op("max", dtypes=NUMERIC, out=NO_EMPTY, tiny="max", grad=True,   # nan is dropped (KB-0003)
       torch=lambda L, x, axis, keepdim: x.amax(dims(x, axis), keepdim=keepdim), **R,   # torch.max(dim) also gives indices
       notes="no empty axis: torch refuses a max over one."),
    Op("min", dtypes=NUMERIC, out=NO_EMPTY, tiny="min", grad=True,   # nan is dropped, as in max (KB-0003)
       torch=lambda L, x, axis, keepdim: x.amin(dims(x, axis), keepdim=keepdim), **R),
    Op("mean", dtypes=FLOATS, out=NO_EMPTY, tiny="mean", grad=True, tol="accumulate",
       torch=lambda L, x, axis, keepdim: x.mean(dims(x, axis), keepdim=keepdim), **R),
    Op("var", REDUCE, dtypes=FLOATS, params={"axis": AXES, "keepdim": FLAG, "correction": choice(1, 0)},
       out=NO_EMPTY, tiny="var", grad=True, tol="accumulate",
       torch=lambda L, x, axis, keepdim, correction: x.var(dims(x, axis), keepdim=keepdim, correction=correction)),
    Op("std", REDUCE, dtypes=FLOATS, domain="finite", notes="float16: tinygrad squares in float16 (6e4**2 is inf).", params={"axis": AXES, "keepdim": FLAG, "correction": choice(1, 0)},
       out=NO_EMPTY, tiny="std", grad=True, tol="accumulate",
       torch=lambda L, x, axis, keepdim, correction: x.std(dims(x, axis), keepdim=keepdim, correction=correction)),
    # any/all test each element against 0, a float->bool step: a value within tolerance of 0 on either side flips
    # them (bucket 0024634488: float16 softplus(-7.66) is 0 in tinygrad, 4.7e-4 in torch, so all() differs)
    Op("any", dtypes=ALL, out=reduced(out_dtype=lambda d: "bool"), tiny="any", step=True,
       torch=lambda L, x, axis, keepdim: x.bool().any(dims(x, axis), keepdim=keepdim) if x.dim() else x.bool().clone(),
       **R),
    Op("all", dtypes=ALL, out=reduced(out_dtype=lambda d: "bool"), tiny="all", step=True,
       torch=lambda L, x, axis, keepdim: x.bool().all(dims(x, axis), keepdim=keepdim) if x.dim() else x.bool().clone(),
       **R),
    Op("argmax", REDUCE, dtypes=NUMERIC, params={"axis": AXIS_OR_NONE, "keepdim": FLAG}, domain="nonan",
       check=lambda specs, attrs: not (attrs["axis"] is None and attrs["keepdim"]),   # tinygrad: shape (), torch: (1,)*rank
       out=reduced(empty_axis=False, out_dtype=lambda d: "int32"), tiny="argmax", step=True, ties=reduced_index,
       torch=lambda L, x, axis, keepdim: x.argmax(axis, keepdim=keepdim).to(L.torch.int32),
       notes="nan: torch counts it as the largest, tinygrad not: 'nonan'. Ties: the first index on both sides."),
    Op("argmin", REDUCE, dtypes=NUMERIC, params={"axis": AXIS_OR_NONE, "keepdim": FLAG}, domain="nonan",
       check=lambda specs, attrs: not (attrs["axis"] is None and attrs["keepdim"]),   # tinygrad: shape (), torch: (1,)*rank
       out=reduced(empty_axis=False, out_dtype=lambda d: "int32"), tiny="argmin", step=True, ties=reduced_index,
       torch=lambda L, x, axis, keepdim: x.argmin(axis, keepdim=keepdim).to(L.torch.int32), notes="as argmax."),
    Op("logsumexp", dtypes=FLOATS, out=NO_EMPTY, tiny="logsumexp", grad=True, tol="transcendental",   # inf: nan (KB-0004)
       torch=lambda L, x, axis, keepdim: L.torch.logsumexp(x, dims(x, axis), keepdim=keepdim), **R),
    # a hash: any changed bit changes the digest, so only integer inputs, which earlier ops compute exactly
    Op("keccak", REDUCE, dtypes=("uint8",), params={"cfg": choice(*DIGESTS)}, min_rank=1, max_rank=3,
       out=_keccak_out,
       tiny=lambda L, x, cfg: x.keccak(cfg), torch=_keccak_reference,
       notes="uint8 only: keccak of a wider dtype bitcasts to uint8 and then reshapes to the old last axis "
             "(int32 (3, 2) -> (3, 8) -> reshape (3, 2): ValueError), in 0.14.0 and master."),
]

"""The dtypes the suite draws: one row each, with how tinygrad, torch and numpy spell them."""
from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

Kind = Literal["float", "int", "uint", "bool"]


@dataclass(frozen=True)
class DType:
    name: str        # tinygrad's and torch's attribute name on `dtypes` / `torch`
    kind: Kind
    bits: int
    numpy: str       # numpy dtype name used to carry values (bfloat16 travels as float32)
    torch_compute: str  # dtype torch computes the reference in (torch lacks uint16/32/64 arithmetic)

    @property
    def is_float(self) -> bool: return self.kind == "float"

    @property
    def is_int(self) -> bool: return self.kind in ("int", "uint")

    @property
    def min(self) -> int | float:
        return {"bool": 0, "uint": 0, "int": -(1 << (self.bits - 1))}.get(self.kind, float("-inf"))

    @property
    def max(self) -> int | float:
        return {"bool": 1, "uint": (1 << self.bits) - 1, "int": (1 << (self.bits - 1)) - 1}.get(self.kind, float("inf"))


# Simplest first: Hypothesis shrinks toward the front of a sampled list.
DTYPES: dict[str, DType] = {d.name: d for d in [
    DType("float32", "float", 32, "float32", "float32"),
    DType("int32", "int", 32, "int32", "int32"),
    DType("bool", "bool", 8, "bool", "bool"),
    DType("float16", "float", 16, "float16", "float16"),
    DType("bfloat16", "float", 16, "float32", "bfloat16"),
    DType("float64", "float", 64, "float64", "float64"),
    DType("int8", "int", 8, "int8", "int8"),
    DType("int16", "int", 16, "int16", "int16"),
    DType("int64", "int", 64, "int64", "int64"),
    DType("uint8", "uint", 8, "uint8", "uint8"),
    DType("uint16", "uint", 16, "uint16", "int32"),   # torch: no uint16 kernels; exact in int32, wrapped back
    DType("uint32", "uint", 32, "uint32", "int64"),   # same, in int64
    DType("uint64", "uint", 64, "uint64", "int64"),   # bit-identical for + - * & | ^; values kept < 2**63
]}

FLOATS = ("float32", "float16", "bfloat16", "float64")
SIGNED = ("int32", "int8", "int16", "int64")
UNSIGNED = ("uint8", "uint16", "uint32", "uint64")
INTS = SIGNED + UNSIGNED
NUMERIC = FLOATS + INTS
ALL = ("float32", "int32", "bool", "float16", "bfloat16", "float64", "int8", "int16", "int64",
       "uint8", "uint16", "uint32", "uint64")


def dtype(name: str) -> DType:
    return DTYPES[name]


def bfloat16_bits(values):
    """The 16 stored bits of bfloat16 numbers carried as float32 (the suite's convention), as uint16, shape kept (a
    0-d array stays 0-d). The values must be bfloat16 numbers already: the low half is dropped, not rounded."""
    import numpy as np
    return np.asarray(np.array(values, dtype=np.float32).view(np.uint32) >> 16).astype(np.uint16)


def bfloat16_from_bits(bits):
    """The inverse: uint16 bits as the float32 numbers they are."""
    import numpy as np
    return (np.asarray(bits).astype(np.uint32) << 16).view(np.float32)


def bfloat16_round(values):
    """Numbers rounded to the nearest bfloat16 (ties to even; nan stays nan), carried as float32: through float32
    first, as tinygrad's own cast does."""
    import numpy as np
    with np.errstate(over="ignore", invalid="ignore"):
        f32 = np.asarray(values).astype(np.float32)
    bits = f32.view(np.uint32).astype(np.uint64)
    rounded = ((bits + 0x7FFF + ((bits >> 16) & 1)) >> 16 << 16).astype(np.uint32)
    return np.where(np.isnan(f32), np.uint32(0x7FC00000), rounded).view(np.float32)

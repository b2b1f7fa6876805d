"""KB-0057: the value range tinygrad assumes for a cast to a narrower signed int is the source's range clamped to
the target's, not the target's whole range, although the cast wraps: uint8 254 cast to int8 is -2, yet the range
says [0, 127] (tinygrad/uop/ops.py UOp._min_max, Ops.CAST). Rewrites that trust the range then give wrong values:
`x.cast(int8) < 0` folds to False, `maximum(x.cast(int8), 0)` keeps -2, and the cast folding in
tinygrad/uop/symbolic.py drops an unsigned widening, so uint8 -> int8 -> uint32 -> float64 gives -2.0.
numpy and torch: True, 0 and 4294967294.0. Needs only tinygrad and numpy. Exits non-zero while the bug is present."""
import os, sys
os.environ.setdefault("DEV", "CPU")
import numpy as np
from tinygrad import Tensor, dtypes
x = Tensor(np.array([254, 3], np.uint8))
wrapped = np.array([254, 3], np.uint8).astype(np.int8)
checks = {
    "cast(int8) < 0": ((x.cast(dtypes.int8) < 0).numpy(), wrapped < 0),
    "maximum(cast(int8), 0)": (x.cast(dtypes.int8).maximum(0).numpy(), np.maximum(wrapped, 0)),
    "cast int8 -> uint32 -> float64": (x.cast(dtypes.int8).cast(dtypes.uint32).cast(dtypes.float64).numpy(),
                                       wrapped.astype(np.uint32).astype(np.float64)),
}
wrong = 0
for name, (got, want) in checks.items():
    print(f"{name}: tinygrad {got.tolist()}, numpy {want.tolist()}")
    wrong += not np.array_equal(got, want)
sys.exit(1 if wrong else 0)

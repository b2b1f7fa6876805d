"""KB-0112: Tensor.cat of pieces of unequal size, and pad(mode='reflect' or 'replicate') built from it, turn -0.0 into
+0.0: such a cat is the sum of the pieces, each zero-padded to the whole, and -0.0 + 0.0 is +0.0.
Tensor([-0.0, 1, ..., 6]).pad(((1, 1),), mode='reflect') is [1, 0, 1, ...] where numpy and torch give [1, -0.0, 1, ...]
(so 1 / it is +inf for -inf, and rsqrt(rsqrt(-0.0)) is 0 for nan); x[1:2].cat(x, x[5:6]) the same. Pure data movement
should keep the bits. 0.12.0 keeps the sign; 0.13.0, 0.14.0 and master a9069c17 lose it. Found by tinyfuzz's campaign
on 2026-12-07 (bucket be11064d15: float64 reflect pad, then rsqrt twice). Needs only tinygrad and numpy. Exits 1 while
the bug is present."""
import os, sys
os.environ.setdefault("DEV", "CPU")
import numpy as np
from tinygrad import Tensor
a = np.array([-0.0, 1, 2, 3, 4, 5, 6], np.float32)
x = Tensor(a).contiguous().realize()
bad = 0
for name, got, want in (("pad(((1, 1),), mode='reflect')", x.pad(((1, 1),), mode="reflect"), np.pad(a, 1, "reflect")),
                        ("x[1:2].cat(x, x[5:6])", x[1:2].cat(x, x[5:6]), np.concatenate([a[1:2], a, a[5:6]]))):
    got = got.numpy()
    ok = np.array_equal(got, want) and np.array_equal(np.signbit(got), np.signbit(want))
    print(f"{name}[:3]: {got[:3].tolist()}", "ok" if ok else f"WRONG (want {want[:3].tolist()}: the sign of -0.0 lost)")
    bad += not ok
sys.exit(1 if bad else 0)

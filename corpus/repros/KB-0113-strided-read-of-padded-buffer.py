"""KB-0113: a strided read of a flattened padded buffer loses the padding's mask: x = a (2, 1) buffer padded to (3, 4)
(pad ((0, 1), (2, 1))); x.flatten()[2::5] is [1.0, 2.0] where numpy and torch give [1.0, 0.0] (flat element 7 is row
1, column 3, in the right pad; tinygrad reads the buffer's element 1 there). Tensor.diagonal is built this way, so
x.diagonal(2) is [1.0, 2.0] too. A buffer made from numpy and padded without .contiguous().realize() gives the right
answer. 0.12.0 reads x.flatten()[2::5] right (its diagonal takes no offset); 0.13.0, 0.14.0 and master a9069c17
are wrong. Found by tinyfuzz's device campaign on 2026-12-07 (bucket 715657fb8b: float16 diagonal(2) of a padded
input). Needs only tinygrad and numpy. Exits 1 while the bug is present."""
import os, sys
os.environ.setdefault("DEV", "CPU")
import numpy as np
from tinygrad import Tensor
a = np.array([[1.0], [2.0]], np.float32)
x = Tensor(a).contiguous().realize().pad(((0, 1), (2, 1)))
p = np.pad(a, ((0, 1), (2, 1)))
bad = 0
for name, got, want in (("x.flatten()[2::5]", x.flatten()[2::5], p.ravel()[2::5]),
                        ("x.diagonal(2)", x.diagonal(2), np.diagonal(p, 2))):
    got = got.numpy()
    ok = np.array_equal(got, want)
    print(f"{name}: {got.tolist()}", "ok" if ok else f"WRONG (want {want.tolist()})")
    bad += not ok
sys.exit(1 if bad else 0)

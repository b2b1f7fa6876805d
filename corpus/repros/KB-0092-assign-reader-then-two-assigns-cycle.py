"""KB-0092: a value read from a tensor before two assigns to it, then written back by the second assign, fails to
schedule: RuntimeError: cycle detected while indexing UOp(Ops.PARAM ...) (tinygrad/schedule/rangeify.py find_bufs).
x is a realized [4.0]; r = x + 1; x.assign([-4.0]); x.assign(r); x.realize(). numpy and torch (eager order): r = 5,
so x ends as [5.0]. One assign of r alone works ([5.0]); so does realizing r before the first assign. Found by
tinyfuzz on 2026-12-06 (bucket 75b2abaae7: int64, r = 2 ** x, x.assign(x1) then x.assign(r)).
Needs only tinygrad and numpy. Exits non-zero while the bug is present."""
import os, sys
os.environ.setdefault("DEV", "CPU")
import numpy as np
from tinygrad import Tensor
x = Tensor(np.array([4.0], np.float32)).contiguous().realize()
r = x + 1                                   # reads x = 4 before any write
x.assign(Tensor(np.array([-4.0], np.float32)).contiguous().realize())
x.assign(r)
try:
    got = x.numpy()
except RuntimeError as e:
    print(f"RuntimeError: {str(e)[:120]}")
    sys.exit(1)
print(f"x = {got.tolist()} (want [5.0]; numpy/torch: r = x + 1 = 5 read before the writes)")
sys.exit(0 if np.array_equal(got, np.array([5.0], np.float32)) else 1)

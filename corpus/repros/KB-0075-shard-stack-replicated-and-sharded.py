"""KB-0075: stacking a replicated tensor with one sharded on an axis crashes: AssertionError: shard sub-view shape
mismatch (2, 2) != (2, 4).
a = Tensor([1, 2]).shard(devs) (replicated) and b = Tensor([3, 4]).shard(devs, axis=0): a.stack(b) raises in
tinygrad/schedule/multi.py shard_subview, reached from stack_multi, which checks only the UNSHARD sources' sharding
and passes the replicated source whole next to b's per-device shard. b.stack(b) and a.stack(a) work; tinygrad
0.13.0 gives the right answer. numpy and torch: [[1, 2], [3, 4]].
Needs only tinygrad and numpy (CPU:0..1 are virtual devices). Exits non-zero while the bug is present."""
import os, sys
os.environ.setdefault("DEV", "CPU")
import numpy as np
from tinygrad import Tensor

devs = ("CPU:0", "CPU:1")
want = np.array([[1.0, 2.0], [3.0, 4.0]], dtype=np.float32)
a = Tensor([1.0, 2.0]).shard(devs)          # replicated
b = Tensor([3.0, 4.0]).shard(devs, axis=0)  # split on axis 0
try:
    got = a.stack(b).numpy()
    ok = got.shape == want.shape and np.array_equal(got, want)
    print("got ", got.tolist())
except Exception as e:
    print(f"got  {type(e).__name__}: {e}")
    ok = False
print("want", want.tolist())
sys.exit(0 if ok else 1)

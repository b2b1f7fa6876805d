"""KB-0067: a reduce over the unsharded axis of a tensor sharded on axis 1, plus a realized replicated tensor, crashes
in codegen: `(x.sum(0) + b)` raises AssertionError: attempting multiple stores: 2. Scheduler.__init__
(tinygrad/codegen/opt/postrange.py) numbers new opt ranges from max(arg[0]) of the non-DEVICE ranges, so the UNROLL
range gets the DEVICE range's id and the expander expands the DEVICE axis instead. NOOPT=1, an unrealized b, or
.contiguous() after the sum all work. numpy: [[1, 2], [3, 4]].sum(0) + [10, 20] = [14, 26]. Needs only tinygrad and
numpy (CPU:0..1 are virtual devices). Exits non-zero while the bug is present."""
import os, sys
os.environ.setdefault("DEV", "CPU")
import numpy as np
from tinygrad import Tensor
devs = ("CPU:0", "CPU:1")
a, bn = np.array([[1.0, 2.0], [3.0, 4.0]], dtype=np.float32), np.array([10.0, 20.0], dtype=np.float32)
x = Tensor(a).shard(devs, axis=1).realize()
b = Tensor(bn).shard(devs).realize()
try:
    got = (x.sum(0) + b).numpy()
except AssertionError as e:
    print(f"AssertionError: {str(e)[:200]}")
    sys.exit(1)
print("got", got.tolist(), "numpy", (a.sum(0) + bn).tolist())
sys.exit(0 if np.array_equal(got, a.sum(0) + bn) else 1)

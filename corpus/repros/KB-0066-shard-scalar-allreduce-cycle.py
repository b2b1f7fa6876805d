"""KB-0066: a 0-d allreduce result (sum of a tensor sharded on the reduced axis) that is both copied to one device and
used by another op in the same schedule fails: `Tensor.realize(y.to("CPU:0"), y + 1)` raises RuntimeError: cycle
detected while indexing UOp(Ops.BUFFER ...) (tinygrad/schedule/rangeify.py find_bufs: the scalar INDEX ends up inside
the MSELECT, so the buffer is indexed two different ways). Realizing either alone works, and so does a (1,)-shaped
reduce. numpy: sum([4, 0]) = 4, so the copy is 4.0 and y + 1 is 5.0. Needs only tinygrad and numpy (CPU:0..1 are
virtual devices). Exits non-zero while the bug is present."""
import os, sys
os.environ.setdefault("DEV", "CPU")
import numpy as np
from tinygrad import Tensor
a = np.array([4.0, 0.0], dtype=np.float32)
y = Tensor(a).shard(("CPU:0", "CPU:1"), 0).sum()
z, w = y.to("CPU:0"), y + 1
try:
    Tensor.realize(z, w)
    got = [z.item(), w.item()]
except RuntimeError as e:
    print(f"RuntimeError: {str(e).splitlines()[0]}")
    sys.exit(1)
want = [float(a.sum()), float(a.sum() + 1)]
print("got", got, "numpy", want)
sys.exit(0 if got == want else 1)

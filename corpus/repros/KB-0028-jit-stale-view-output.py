"""KB-0028: TinyJit replays a stale output when an output is a (contiguous) view of the input.

Needs only tinygrad and numpy (CPU:0..CPU:1 are virtual devices). Exits non-zero while the bug is present."""
import os, sys
os.environ.setdefault("DEV", "CPU")
import numpy as np
from tinygrad import Tensor, TinyJit
@TinyJit
def f(x): return [x[::1].contiguous().realize(), (-x).realize()]
bad = 0
for i in range(4):
    out = f(Tensor(np.array([float(i)], np.float32)).contiguous().realize())
    print(i, out[0].numpy(), out[1].numpy())    # calls 2 and 3: output 0 stays [1.]
    bad += out[0].numpy()[0] != i
sys.exit(1 if bad else 0)

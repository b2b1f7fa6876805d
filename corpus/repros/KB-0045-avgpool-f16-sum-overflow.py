"""KB-0045: float16 avg_pool2d with count_include_pad=False or ceil_mode=True overflows: a 2x2 window
[-60000, -60000, 1, 1] averages to -inf instead of -30000. Those two paths compute pool(x).sum(axis) / count
(tinygrad/mixin/op.py avg_pool2d), and sum of float16 returns float16, so the window sum -119998 is rounded to -inf
before the division; the default path (mean) divides inside the float32 accumulation and gives -30000.
numpy (float16 mean of the window) and torch (F.avg_pool2d in float16, all three settings): -30000.
Needs only tinygrad and numpy. Exits non-zero while the bug is present."""
import os, sys
os.environ.setdefault("DEV", "CPU")
import numpy as np
from tinygrad import Tensor
t = Tensor(np.array([[[[-60000.0, -60000.0], [1.0, 1.0]]]], np.float16))
got = {"default": t.avg_pool2d((2, 2)).numpy().ravel(),
       "count_include_pad=False": t.avg_pool2d((2, 2), count_include_pad=False).numpy().ravel(),
       "ceil_mode=True": t.avg_pool2d((2, 2), ceil_mode=True).numpy().ravel()}
print(got)
sys.exit(0 if all(np.array_equal(v, [-30000.0]) for v in got.values()) else 1)

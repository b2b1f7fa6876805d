"""KB-0008: on CPU, 8/16-bit integer arithmetic in a kernel is not wrapped to its dtype before a cast or a comparison
reads it. The C renderer writes the op inline, e.g. `(int)(val0+val1)` and `((val0+val1)<((signed char)(0)))`, and C
promotes signed char and short operands to int, so int8 100 + 100 is 200, not -56. Realizing the sum first gives -56,
and PYTHON is right. (0-d inputs are constants and are folded without wrapping instead: that is KB-0015's cause.)
numpy and torch: (int8 [100] + [100]) -> int32 is [-56], and the sum < 0 is [True]; uint8 200 + 200 -> 144.
Needs only tinygrad and numpy. Exits non-zero while the bug is present."""
import os, sys
os.environ.setdefault("DEV", "CPU")
import numpy as np
from tinygrad import Tensor, dtypes
a = Tensor(np.array([100], dtype=np.int8)).realize()
u = Tensor(np.array([200], dtype=np.uint8)).realize()
cast, less, ucast = (a + a).cast(dtypes.int32).numpy(), ((a + a) < 0).numpy(), (u + u).cast(dtypes.int32).numpy()
print("int8 100+100 -> int32:", cast, "| < 0:", less, "| uint8 200+200 -> int32:", ucast)
sys.exit(0 if cast.tolist() == [-56] and less.tolist() == [True] and ucast.tolist() == [144] else 1)

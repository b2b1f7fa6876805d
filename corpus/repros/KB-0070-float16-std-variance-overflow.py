"""KB-0070: float16 std is inf when the variance exceeds the float16 max (65504) even though the std itself is finite:
std of [-26.875, -60000] (correction=1) is 42407 (float16 42400), but tinygrad gives inf. tinygrad/mixin/op.py
computes std as var().sqrt(), and var accumulates in float32 but casts its result (1.8e9) to float16 = inf before the
sqrt. torch.std in float16 gives 42400 (one op, float accumulator); expected here is numpy's float32 std cast to
float16. Same class as KB-0045 (an intermediate rounded to float16). Needs only tinygrad and numpy. Exits non-zero
while the bug is present."""
import os, sys
os.environ.setdefault("DEV", "CPU")
import numpy as np
from tinygrad import Tensor
a = np.array([-26.875, -60000.0], dtype=np.float16)
x = Tensor(a).contiguous().realize()
got = x.std(correction=1).numpy()
want = np.float16(np.std(a.astype(np.float32), ddof=1))
print("float16 std:", got, "var:", x.var(correction=1).numpy(), "numpy (float32 std -> float16):", want)
sys.exit(0 if np.isfinite(got) and np.allclose(got, want, rtol=1e-3) else 1)

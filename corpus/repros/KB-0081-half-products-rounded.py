"""KB-0081: bfloat16 matmul and conv2d round each product to bfloat16 before summing: tinygrad lowers them to
(x * w).sum(), the multiply in the input's dtype and only the sum in float32, where torch keeps every product exact
in float32. float16 on CPU is exact (the control below: clang keeps the _Float16 product wide). Where terms cancel the result is off by
an ulp of the terms, not of the result: bfloat16 [1.0078125, 1] @ [3, -3] is 0.03125 for 0.0234375 (33% off); in a
campaign's bfloat16 conv2d with terms of 1.8e5, -516 for -5.12 (bucket 12eef7d117, 2026-12-06). Both inputs and the
exact answer are representable in the dtype. Needs only tinygrad and numpy. Exits non-zero while the bug is present."""
import os, sys
os.environ.setdefault("DEV", "CPU")
import numpy as np
from tinygrad import Tensor, dtypes
wrong = 0
for dt, a in ((dtypes.bfloat16, 1.0078125), (dtypes.float16, 1.0009765625)):
    want = a * 3.0 - 3.0                                        # exact, and representable in dt
    x, w = Tensor([[a, 1.0]]).cast(dt), Tensor([[3.0], [-3.0]]).cast(dt)
    got_mm = (x @ w).float().item()
    got_conv = x.reshape(1, 2, 1, 1).conv2d(w.reshape(1, 2, 1, 1)).float().item()
    print(f"{dt}: [{a}, 1] @ [3, -3]: matmul {got_mm}, conv2d {got_conv}, want {want}")
    wrong += dt == dtypes.bfloat16 and (got_mm != want or got_conv != want)
sys.exit(1 if wrong else 0)

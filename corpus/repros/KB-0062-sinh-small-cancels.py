"""KB-0062: sinh of a small float16 or bfloat16 value cancels: tinygrad computes (exp(x) - exp(-x)) / 2 in the
input's dtype, where exp(x) and exp(-x) round to values within an ulp of 1, so bfloat16 sinh(0.001) and sinh(1e-4)
are 0 and sinh(0.0123) is 0.01367 (11% off); float16 sinh(1e-4) is 0. numpy and torch give x to within an ulp (torch
computes half-precision sinh in float32 and rounds once). Through a reciprocal the error shows as 73 for 82
(campaign bucket 3c6a11aade). Needs only tinygrad and numpy. Exits non-zero while the bug is present."""
import os, sys
os.environ.setdefault("DEV", "CPU")
import numpy as np
from tinygrad import Tensor, dtypes
xs = np.array([0.0123, 0.001, 1e-4], np.float32)
wrong = 0
for dt in (dtypes.bfloat16, dtypes.float16):
    got = Tensor(xs).cast(dt).sinh().float().numpy()
    want = np.sinh(Tensor(xs).cast(dt).float().numpy().astype(np.float64))       # of the rounded inputs
    print(f"{dt}: tinygrad {got.tolist()}, numpy {want.tolist()}")
    wrong += not np.allclose(got, want, rtol=0.02, atol=0)
sys.exit(1 if wrong else 0)

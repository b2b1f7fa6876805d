"""KB-0080: acosh of a large negative value is -inf, not nan: tinygrad computes log(x + sqrt(x*x - 1)) with no domain
guard, and once x*x - 1 rounds to x*x (|x| above ~4096 in float32, ~6.7e7 in float64) x + sqrt(x*x - 1) is exactly 0,
so float32 acosh(-5000) and acosh(-12000) are -inf. acosh is defined for x >= 1 only: numpy and torch give nan for
every x < 1, as tinygrad does for -1.5 or -1000. Campaign bucket 47b771b898 (2026-12-06): acosh((-3 / 0.25) / 0.001).
Needs only tinygrad and numpy. Exits non-zero while the bug is present."""
import os, sys
os.environ.setdefault("DEV", "CPU")
import numpy as np
from tinygrad import Tensor
wrong = 0
for dt, xs in ((np.float32, [-1.5, -1000.0, -5000.0, -12000.0, -1e6]), (np.float64, [-1.5, -1e9])):
    x = np.array(xs, dt)
    with np.errstate(invalid="ignore"):
        want = np.arccosh(x)
    got = Tensor(x).acosh().numpy()
    print(f"{np.dtype(dt).name} acosh{xs}: tinygrad {got.tolist()}, numpy {want.tolist()}")
    wrong += not np.array_equal(np.isnan(got), np.isnan(want))
sys.exit(1 if wrong else 0)

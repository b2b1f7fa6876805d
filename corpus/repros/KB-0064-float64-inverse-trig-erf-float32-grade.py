"""KB-0064: float64 asin, acos, atan and erf are only as accurate as float32: tinygrad evaluates the same fixed
polynomial approximations in every dtype (absolute error ~2.1e-8 for asin/acos/atan, ~1.4e-7 for erf), so float64
results carry 7-8 correct digits where numpy and torch give 15-16. float64 asin(0.0356) is 0.0356075025 (numpy
0.0356075240, 6e-7 relative); through a reciprocal that is 28.121009 for 28.120992, and erf's gradient (the
derivative of the approximation) is 5e-4 off in the tail. Needs only tinygrad and numpy. Exits non-zero while
present."""
import math, os, sys
os.environ.setdefault("DEV", "CPU")
import numpy as np
from tinygrad import Tensor, dtypes
xs = np.array([0.0356, 0.5, -0.9, 0.1], np.float64)
want = {"asin": np.arcsin(xs), "acos": np.arccos(xs), "atan": np.arctan(xs),
        "erf": np.array([math.erf(v) for v in xs])}
wrong = 0
for name, w in want.items():
    got = getattr(Tensor(xs, dtype=dtypes.float64), name)().numpy()
    err = float(np.max(np.abs(got - w)))
    print(f"float64 {name}: max abs error {err:.3g} (numpy/torch: ~1e-16)")
    wrong += err > 1e-12
sys.exit(1 if wrong else 0)

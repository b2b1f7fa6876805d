"""KB-0053: x ** c with a constant exponent c of nan, inf or -inf raises in the pattern rewriter: simplify_pow
(tinygrad/uop/symbolic.py) tests `int(c.val - 0.5) + 0.5 == c.val` with no isfinite guard, so int(nan) raises
ValueError and int(inf) OverflowError. A 0-d tensor or Python float exponent is a constant.
numpy and torch: [1, 2, 0.5] ** nan is [1, nan, nan]; ** inf is [1, inf, 0]. Needs only tinygrad and numpy. Exits
non-zero while the bug is present."""
import os, sys
os.environ.setdefault("DEV", "CPU")
import numpy as np
from tinygrad import Tensor
b = np.array([1.0, 2.0, 0.5], dtype=np.float32)
bad = 0
for e in (float("nan"), float("inf"), float("-inf")):
    want = b ** np.float32(e)
    try:
        got = (Tensor(b) ** e).numpy()
        ok = np.array_equal(got, want, equal_nan=True)
    except (ValueError, OverflowError) as err:
        got, ok = f"{type(err).__name__}: {err}", False
    print(f"** {e}: got {got} want {want}")
    bad += not ok
sys.exit(1 if bad else 0)

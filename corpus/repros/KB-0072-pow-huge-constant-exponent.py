"""KB-0072: x ** c with a float constant c of 2**53 or more (x ** 1e30, or a 0-d tensor holding 1e30) fails to
schedule with KeyError: simplify_pow (tinygrad/uop/symbolic.py) takes c for a half-integer, since c - 0.5 rounds back
to c, and rewrites pow(x, c) into pow(x, c - 0.5) * sqrt(x), which is pow(x, c) again. numpy and torch: 2 ** 1e30 is
inf, 0.5 ** 1e30 is 0, 1 ** 1e30 is 1. Needs only tinygrad and numpy. Exits non-zero while the bug is present."""
import os, sys
os.environ.setdefault("DEV", "CPU")
import numpy as np
from tinygrad import Tensor
x = np.array([2.0, 0.5, 1.0], dtype=np.float32)
with np.errstate(over="ignore"):
    want = np.power(x.astype(np.float64), 1e30).astype(np.float32)
ok = True
for name, make in (("x ** 1e30", lambda: Tensor(x) ** 1e30), ("x.pow(Tensor(1e30))", lambda: Tensor(x).pow(Tensor(1e30))),
                   ("x ** 2.0**53", lambda: Tensor(x) ** 2.0**53)):
    try:
        got = make().numpy()
        print(name, got, "want", want)
        ok &= bool(np.array_equal(got, want))
    except KeyError as e:
        print(name, "KeyError:", str(e).splitlines()[0][:60], "... want", want)
        ok = False
print("x ** 2.0**52 (below the threshold):", (Tensor(x) ** 2.0**52).numpy())
sys.exit(0 if ok else 1)

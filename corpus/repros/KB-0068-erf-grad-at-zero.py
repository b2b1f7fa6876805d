"""KB-0068: the gradient of erf is 0 at x = 0 in float32 and float64 (right: erf'(x) = 2/sqrt(pi)*exp(-x^2), so
1.1284 at 0; torch agrees). tinygrad/mixin/elementwise.py computes erf as sign(x) * f(abs(x)), and the gradient of
sign, plus abs's gradient sign(0) = 0, leaves nothing at 0 (same pattern as KB-0055). Fixed upstream by tinygrad PR
#17861 (after 0.14.0). Needs only tinygrad and numpy. Exits non-zero while the bug is present."""
import os, sys
os.environ.setdefault("DEV", "CPU")
import numpy as np
from tinygrad import Tensor, dtypes
v = np.array([0.0, 1e-3, 1.0])
want = 2 / np.sqrt(np.pi) * np.exp(-v**2)
bad = 0
for dt in (dtypes.float32, dtypes.float64):
    x = Tensor(v, dtype=dt).contiguous().realize()
    g, = x.erf().sum().gradient(x)
    got = g.numpy()
    print(dt, "gradient", got.tolist(), "want", want.tolist())
    bad += not np.allclose(got, want, rtol=1e-4)
sys.exit(1 if bad else 0)

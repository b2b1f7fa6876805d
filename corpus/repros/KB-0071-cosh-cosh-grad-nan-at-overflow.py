"""KB-0071: the gradient of cosh(cosh(x)) is nan where the true gradient overflows: x = [10, -10] in float64 gives
[nan, nan]. d/dx cosh(cosh x) = sinh(cosh x) * sinh x, and sinh(cosh 10) = sinh(11013) is far beyond the float64
max, so the rounded answer is [+inf, -inf] (torch gives [inf, -inf]). tinygrad/mixin/elementwise.py defines cosh as
(exp(x) + exp(-x)) / 2 and differentiates it branch by branch, so the inner cosh gets inf*exp(x)/2 - inf*exp(-x)/2 =
inf - inf = nan. Debatable (the true value is not representable), but ±inf is the correctly rounded result. Needs
only tinygrad and numpy. Exits non-zero while the bug is present."""
import os, sys
os.environ.setdefault("DEV", "CPU")
import numpy as np
from tinygrad import Tensor, dtypes
x = Tensor([10.0, -10.0], dtype=dtypes.float64).contiguous().realize()
g, = x.cosh().cosh().sum().gradient(x)
got = g.numpy()
with np.errstate(over="ignore"):
    want = np.sinh(np.cosh([10.0, -10.0])) * np.sinh([10.0, -10.0])
print("gradient:", got.tolist(), "want (numpy sinh(cosh x)*sinh x):", want.tolist())
sys.exit(0 if np.array_equal(got, want) else 1)

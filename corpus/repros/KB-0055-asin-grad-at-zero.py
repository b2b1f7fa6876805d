"""KB-0055: the gradients of asin, acos and atan are 0 at x = 0 (torch: 1, -1, 1). tinygrad computes them as
sign(x) * f(abs(x)) (tinygrad/mixin/elementwise.py), and the gradient of sign at 0, times f(0) = 0, leaves nothing of
f's slope. atan's gradient is also nan for large |x| (float32 from about 1e4). #17758 fixed the same pattern for asinh.
torch: d asin/dx at [0, 0.5] is [1, 1.1547]. Needs only tinygrad and numpy. Exits non-zero while the bug is present."""
import os, sys
os.environ.setdefault("DEV", "CPU")
import numpy as np
from tinygrad import Tensor
want = {"asin": [1.0, 1.1547005383792515], "acos": [-1.0, -1.1547005383792515], "atan": [1.0, 0.8]}
bad = 0
for op, w in want.items():
    x = Tensor([0.0, 0.5], dtype="float64").contiguous().realize()
    x.requires_grad = True
    getattr(x, op)().sum().backward()
    got = x.grad.numpy()
    print(op, "gradient", got.tolist(), "torch", w)
    bad += not np.allclose(got, w)
sys.exit(1 if bad else 0)

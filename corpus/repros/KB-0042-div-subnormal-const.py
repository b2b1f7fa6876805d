"""KB-0042: dividing by a subnormal constant, or raising to a negative constant power with a subnormal base, goes
through 1/c, which overflows to inf: x / 1e-40 (float32) is [nan, inf] for x = [0, 1e-39], and 1.01e-39 ** -0.9688 is
inf. div is a * reciprocal(b) (tinygrad/mixin/elementwise.py); for a buffer divisor codegen turns a*(1/b) back into
a/b, but a constant divisor (a Python float or a 0-d tensor) is folded first, 1/1e-40 = inf, so the kernel computes
x * inf. simplify_pow (tinygrad/uop/symbolic.py) rewrites x ** -c as (1/x) ** c, and 1/1.01e-39 is inf. With a (1,)
buffer divisor / exponent both are right.
numpy and torch: [0, 10.000056] and 5.9946e+37.
Needs only tinygrad and numpy. Exits non-zero while the bug is present."""
import os, sys
os.environ.setdefault("DEV", "CPU")
import numpy as np
from tinygrad import Tensor, dtypes
x = Tensor([0.0, 1e-39], dtype=dtypes.float32).contiguous().realize()
q_float = (x / 1e-40).numpy()
q_zero_d = (x / Tensor(np.array(1e-40, np.float32))).numpy()
b = Tensor([1.0101904577379033e-39], dtype=dtypes.float32).contiguous().realize()
p = b.pow(Tensor(np.array(-0.968769907951355, np.float32))).numpy()
print("x / 1e-40:", q_float, "| x / Tensor(1e-40):", q_zero_d, "| 1.01e-39 ** -0.9688:", p)
ok = all(np.allclose(q, [0.0, 10.000056], rtol=1e-5) for q in (q_float, q_zero_d)) and np.allclose(p, [5.9946e37], rtol=1e-3)
sys.exit(0 if ok else 1)

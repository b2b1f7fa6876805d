"""KB-0077: x ** -0.5 for x = -0.0 is nan; IEEE 754 pow (C's pow, numpy) gives +inf for a zero base and a negative
exponent that is not an odd integer. tinygrad rewrites x ** -0.5 into (1/x) ** 0.5 = sqrt(-inf) (simplify_pow).
(torch 2.13 gives -inf, which is wrong the other way.) Needs only tinygrad and numpy. Exits non-zero while the bug is
present."""
import os, sys
os.environ.setdefault("DEV", "CPU")
import numpy as np
from tinygrad import Tensor
x = Tensor(np.array([-0.0, 0.0, 4.0], dtype=np.float64)).contiguous().realize()
got = (x ** -0.5).numpy()
with np.errstate(divide="ignore"):
    want = np.power(np.array([-0.0, 0.0, 4.0]), -0.5)
print("got", got, "want (numpy, IEEE pow)", want)
sys.exit(0 if np.array_equal(got, want) else 1)

"""KB-0047: a >= b and a <= b are True when either side is nan. tinygrad defines them as `not (a < b)` and
`not (a > b)` (tinygrad/mixin/elementwise.py __ge__/__le__); every comparison with nan is false, so the negation is
true. >, <, == and != are right.
numpy and torch: [nan, 1, nan, 2] >= [1, nan, nan, 2] is [False, False, False, True]; so is <=.
Needs only tinygrad and numpy. Exits non-zero while the bug is present."""
import os, sys
os.environ.setdefault("DEV", "CPU")
import numpy as np
from tinygrad import Tensor
a = np.array([np.nan, 1.0, np.nan, 2.0], np.float32)
b = np.array([1.0, np.nan, np.nan, 2.0], np.float32)
ge, le = (Tensor(a) >= Tensor(b)).numpy(), (Tensor(a) <= Tensor(b)).numpy()
print("a >= b:", ge, "a <= b:", le, "want", a >= b)
sys.exit(0 if np.array_equal(ge, a >= b) and np.array_equal(le, a <= b) else 1)

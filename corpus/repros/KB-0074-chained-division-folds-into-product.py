"""KB-0074: a chained float division (a / b) / c is rewritten to a / (b * c), so b * c overflows (or underflows) where
the program's own values do not: float32 (3e38 / 3e38) / 2 is 0 and softsign(softsign(3e38)) is 0.

tinygrad 0.14.0's symbolic rule `(x/x2)/x3 -> x/(x2*x3)` (tinygrad/uop/symbolic.py) applies to floats. numpy and
torch (float32, and float64 rounded to float32) give 0.5 for both; 1e-30 / 1e-30 / 1e-30 gives 1e30 (tinygrad: inf).
The fuzzer met it as float16 softsign(softsign(softsign(60000))) = 0 (want 0.3333).
Needs only tinygrad and numpy. Exits non-zero while the bug is present.
"""
import os, sys
os.environ.setdefault("DEV", "CPU")
import numpy as np
from tinygrad import Tensor

a = Tensor(np.array([3e38], dtype=np.float32)).contiguous().realize()
b = Tensor(np.array([3e38], dtype=np.float32)).contiguous().realize()
c = Tensor(np.array([2.0], dtype=np.float32)).contiguous().realize()
got = [((a / b) / c).numpy()[0], a.softsign().softsign().numpy()[0]]
want = [np.float32(3e38) / np.float32(3e38) / np.float32(2.0), np.float32(0.5)]  # numpy: 0.5, 0.5
ok = all(np.isclose(g, w, rtol=1e-6) for g, w in zip(got, want))
print(f"(a/b)/c: got {got[0]}, want {want[0]}; softsign(softsign(3e38)): got {got[1]}, want {want[1]}")
sys.exit(0 if ok else 1)

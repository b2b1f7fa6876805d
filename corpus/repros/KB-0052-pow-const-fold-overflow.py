"""KB-0052: pow of two constants whose result overflows raises OverflowError while folding constants:
Tensor(2.0) ** Tensor(1e30) (0-d tensors and Python scalars are constants) fails with OverflowError: (34, 'Numerical
result out of range'). safe_pow (tinygrad/uop/ops.py) catches ZeroDivisionError and ValueError but not the
OverflowError Python's float pow raises; safe_exp2 next to it does. Shape (1,) buffers give inf.
numpy and torch: inf. Needs only tinygrad and numpy. Exits non-zero while the bug is present."""
import os, sys
os.environ.setdefault("DEV", "CPU")
import numpy as np
from tinygrad import Tensor
try:
    got = (Tensor(2.0) ** Tensor(1e30)).numpy()
except OverflowError as e:
    print(f"OverflowError: {e}")
    sys.exit(1)
print(got)
sys.exit(0 if np.isinf(got) and got > 0 else 1)

"""KB-0063: padding a bool tensor with a Python int fill value (`x.pad(..., value=1)`) gives a tensor typed weakint,
not bool: the values come back as 1/0 numbers and `where` refuses it as a condition ("where cond must be bool, got
dtypes.weakint"). value=True keeps bool; torch's F.pad of a bool tensor with value=1 is bool. Needs only tinygrad and
numpy. Exits non-zero while the bug is present."""
import os, sys
os.environ.setdefault("DEV", "CPU")
import numpy as np
from tinygrad import Tensor, dtypes
x = Tensor(np.array([True, False, True, True]))
p = x.pad(((2, -4),), value=1)
print("dtype:", p.dtype, "values:", p.numpy().tolist(), "(numpy: bool [True, True])")
try:
    print("where:", p.where(1.0, 2.0).numpy().tolist())
    ok = p.dtype == dtypes.bool
except RuntimeError as e:
    print("where:", f"RuntimeError: {e}")
    ok = False
sys.exit(0 if ok else 1)

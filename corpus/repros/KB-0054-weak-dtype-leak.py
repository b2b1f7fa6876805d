"""KB-0054: a bool tensor combined with a Python int (pad(value=1), where(x, 1), x + 1) comes out with tinygrad's
internal weak dtype (dtypes.weakint), and then .to(), .shard() and setitem refuse it: RuntimeError: cannot create
storage for weak dtype dtypes.weakint (tinygrad/uop/ops.py copy_to_device / new_buffer). .numpy() works.
numpy and torch keep a storable dtype: np.pad(bool, constant_values=1) is bool; torch F.pad(bool, value=1) is bool.
Needs only tinygrad and numpy (CPU:0..1 are virtual devices). Exits non-zero while the bug is present."""
import os, sys
os.environ.setdefault("DEV", "CPU")
import numpy as np
from tinygrad import Tensor
x = Tensor([True, False])
padded = x.pad(((1, 1),), value=1)
print("dtype of bool.pad(value=1):", padded.dtype)
try:
    got = padded.to("CPU:1").numpy()
except RuntimeError as e:
    print(f"RuntimeError: {e}")
    sys.exit(1)
print(got)
sys.exit(0 if np.array_equal(got.astype(bool), [True, True, False, True]) else 1)

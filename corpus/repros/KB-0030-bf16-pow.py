"""KB-0030: bfloat16 pow is off by several ulps (exp2/log2 intermediates kept in bfloat16).

Needs tinygrad and numpy (seen on CPU and CUDA). Exits 1 while the bug is present, 0 once it is fixed."""
import os, sys
os.environ.setdefault("DEV", "CPU")
import numpy as np
from tinygrad import Tensor, dtypes
x = np.array([3.5, 7.25, 2.125, 5.0], np.float32)
y = np.array([6.5, 4.0, 10.75, 5.0], np.float32)
got = (Tensor(x).cast(dtypes.bfloat16) ** Tensor(y).cast(dtypes.bfloat16)).float().numpy()
want = x.astype(np.float64) ** y           # torch: computes in float32, rounds once to bfloat16
rel = np.abs(got - want) / want
print("got ", got, "\nwant", want, "\nrel ", rel)
sys.exit(0 if (rel < 2 * 2 ** -8).all() else 1)   # two bfloat16 ulps

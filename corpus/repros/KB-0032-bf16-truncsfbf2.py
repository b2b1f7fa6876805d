"""KB-0032: bfloat16 kernels whose float -> bfloat16 conversion clang lowers to a __truncsfbf2 call fail to load on CPU.

Needs only tinygrad and numpy. Exits non-zero while the bug is present."""
import os, sys
os.environ.setdefault("DEV", "CPU")
import numpy as np
from tinygrad import Tensor, dtypes
x = Tensor(np.array([1.5, 2.0], np.float32)).cast(dtypes.bfloat16).contiguous().realize()
x.requires_grad = True
y = x.cumprod(0)
g, = (y * Tensor([1.0, 1.0], dtype=dtypes.bfloat16)).float().sum().gradient(x)
print(y.float().numpy(), g.float().numpy())
sys.exit(0 if np.allclose(g.float().numpy(), [3.0, 1.5], rtol=1e-2) else 1)

"""KB-0016 (second face): logsumexp of a float16 tensor fails UOp verification when rendered for OpenCL with IMAGE=1.

Render only (no GPU needed). Exits non-zero while the bug is present."""
import os
os.environ.setdefault("DEV", "NULL:OPENCL"); os.environ.setdefault("IMAGE", "1")
import numpy as np
from tinygrad import Tensor, dtypes
x = Tensor(np.random.default_rng(0).standard_normal((2, 8)).astype(np.float16))
x.logsumexp().realize()
print("rendered")

"""KB-0046: a float16 kernel that folds to a float constant and is upcast 4-wide fails to compile on CPU: the clang
renderer writes `(__fp164)((float4){0.5f,0.5f,0.5f,0.5f})`, a C cast between ext-vector types of different element
size, which clang (14 and 19, any -march) rejects: "invalid conversion between ext-vector type '__fp164' ... and
'float4'". The __builtin_convertvector rule of tinygrad/renderer/cstyle.py fires only for REG vectors, and a cast of
a vector constant has no address space. NOOPT=1 (no upcast) is right; bfloat16 and float32 are right.
numpy and torch: [[0.5, 0.5], [0.5, 0.5]]. Needs only tinygrad and numpy. Exits non-zero while the bug is present."""
import os, sys
os.environ.setdefault("DEV", "CPU")
import subprocess
import numpy as np
from tinygrad import Tensor, dtypes
try:
    got = (Tensor.ones(2, 2, dtype=dtypes.float16).triu(2) + 0.5).numpy()
except subprocess.CalledProcessError as e:
    print("CalledProcessError:", str(e).splitlines()[-1][:200])
    sys.exit(1)
print(got)
sys.exit(0 if np.array_equal(got, np.full((2, 2), 0.5, np.float16)) else 1)

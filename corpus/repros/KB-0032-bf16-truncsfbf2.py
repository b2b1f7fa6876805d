"""KB-0032: bfloat16 kernels whose float -> bfloat16 conversion clang lowers to a __truncsfbf2 call fail to load on CPU.

tinygrad compiles CPU kernels with -march=native: on a CPU with native bfloat16 (avx512_bf16) clang emits the
instruction and the bug hides. So on x86 this repro targets x86-64-v3 (no native bfloat16), which shows it on any
x86 machine; it needs a clang that takes __bf16 (clang 15 or newer, e.g. CC=clang-19).
Needs only tinygrad and numpy. Exits non-zero while the bug is present."""
import os, platform, sys
os.environ.setdefault("DEV", "CPU:CLANG:x86_64,x86-64-v3" if platform.machine() == "x86_64" else "CPU")
import numpy as np
from tinygrad import Tensor, dtypes
x = Tensor(np.array([1.5, 2.0], np.float32)).cast(dtypes.bfloat16).contiguous().realize()
x.requires_grad = True
y = x.cumprod(0)
g, = (y * Tensor([1.0, 1.0], dtype=dtypes.bfloat16)).float().sum().gradient(x)
print(y.float().numpy(), g.float().numpy())
sys.exit(0 if np.allclose(g.float().numpy(), [3.0, 1.5], rtol=1e-2) else 1)

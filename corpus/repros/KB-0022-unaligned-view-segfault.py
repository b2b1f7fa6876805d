"""KB-0022: a float view at a byte offset not a multiple of 4 of a uint8 buffer segfaults in a fused matmul + cat (CPU).

Needs only tinygrad and numpy. Dies (SIGSEGV) while the bug is present; exits 0 once it is fixed."""
import os, sys
os.environ.setdefault('DEV', 'CPU')
import numpy as np
from tinygrad import Tensor, dtypes
OFF = 158                                   # 0 runs fine; 158 (not a multiple of 4) segfaults
rng = np.random.default_rng(0)
W = rng.standard_normal((64, 512)).astype(np.float32); B = rng.standard_normal(64).astype(np.float32)
blob = np.zeros(OFF + W.nbytes + B.nbytes, np.uint8)
blob[OFF:OFF + W.nbytes] = W.view(np.uint8).ravel(); blob[OFF + W.nbytes:] = B.view(np.uint8)
raw = Tensor(blob).realize()
w = raw[OFF:OFF + W.nbytes].bitcast(dtypes.float).reshape(64, 512)
b = raw[OFF + W.nbytes:].bitcast(dtypes.float)
Tensor.realize(w, b)
w, b = w.contiguous().realize(), b.contiguous().realize()
print(w.uop.base.buffer)                    # <buf ... size:32768 dtype:dtypes.float offset:158>: a view, no copy
x = Tensor(rng.standard_normal((1, 512)).astype(np.float32)).realize()
d = Tensor(np.ones((1, 8), np.float32)).realize()
got = (x @ w.T + b).cat(d, dim=1).numpy()   # Segmentation fault (exec_kernel -> ops_cpu.py:169)
print(np.abs(got - np.concatenate([x.numpy() @ W.T + B, d.numpy()], 1)).max())
sys.exit(0 if np.allclose(got, np.concatenate([x.numpy() @ W.T + B, d.numpy()], 1), atol=1e-3) else 1)

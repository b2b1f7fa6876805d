"""tinyfuzz bucket c2991a5d83: mismatch (grad) on CPU: two separately made 0-d tensors with equal values share one
UOp even after .contiguous().realize(), so d(a + b)/da is 2.0 instead of 1.0 (torch: 1.0).

Needs only tinygrad and numpy. Exits 1 while the bug is present, 0 once it is fixed.
(Written by hand: the repro writer checks forward values only.)
"""
import os, sys
os.environ.setdefault('DEV', 'CPU')
import numpy as np
from tinygrad import Tensor, dtypes

a = Tensor(np.array(0.5, dtype=np.float32), dtype=dtypes.float32).contiguous().realize()
b = Tensor(np.array(0.5, dtype=np.float32), dtype=dtypes.float32).contiguous().realize()
a.requires_grad = True
b.requires_grad = True
ga, gb = (a + b).sum().gradient(a, b)
got = [ga.numpy(), gb.numpy()]
print('a.uop is b.uop:', a.uop is b.uop)
print('expected d/da = 1.0, d/db = 1.0; got', [float(g) for g in got])
sys.exit(0 if all(float(g) == 1.0 for g in got) else 1)

"""KB-0035: a float16 value computed in a kernel is used before it is rounded to float16, so comparisons with stored
float16 values fail and sort/argsort/topk indices of a computed float16 tensor are wrong (not even a permutation).

On CPU the kernel is `(val0+((__fp16)(0.0999755859375f)))==val1`: clang computes __fp16 arithmetic in float and
never rounds the sum back to half. PYTHON gives the same. Tensor.sort finds indices by comparing the input, recomputed
in the index kernel, with the sorted values stored in float16: nothing is equal, every index is 0.
numpy and torch: sort indices [1 0 2], y == y.contiguous() all True. Needs only tinygrad and numpy. Exits non-zero
while the bug is present."""
import os, sys
os.environ.setdefault("DEV", "CPU")
import numpy as np
from tinygrad import Tensor
a = np.array([0.5, -1.0, 2.0], dtype=np.float16)
y = Tensor(a) + 0.1
idx, same = y.sort()[1].numpy(), (y == y.contiguous()).numpy()
want = np.argsort(a + np.float16(0.1), kind="stable")
print("sort indices", idx, "want", want, "| y == y.contiguous():", same)
sys.exit(0 if np.array_equal(idx, want) and same.all() else 1)

"""KB-0101: indexing a bool tensor with two index tensors returns integers, not bools: for a (2, 2) bool tensor x,
x[Tensor([0, 1]), Tensor([0, 1])] has dtype weakint and numbers [1, 1] (numpy and torch: bool [True, True]); one
index tensor keeps bool. A where on the result then raises "where cond must be bool, got dtypes.weakint". 0.13.0
returns dtypes.int; 0.12.0 returns bool. Found by tinyfuzz on 2026-12-07 (bucket bbc366ff71: a (2, 2, 1, 2) bool
tensor indexed by two 0-d int32 tensors, then where(3.0, 4.0)). Needs only tinygrad and numpy. Exits 1 while the
bug is present."""
import os, sys
os.environ.setdefault("DEV", "CPU")
import numpy as np
from tinygrad import Tensor, dtypes
a = np.array([[True, False], [False, True]])
x = Tensor(a).contiguous().realize()
v = x[Tensor([0, 1]), Tensor([0, 1])]
want = a[[0, 1], [0, 1]]                                        # numpy: bool [True, True]
got = v.numpy()
ok = v.dtype == dtypes.bool and got.dtype == want.dtype and np.array_equal(got, want)
print(f"x[Tensor([0, 1]), Tensor([0, 1])]: dtype {v.dtype}, {got.tolist()}", "ok" if ok else f"WRONG (want bool {want.tolist()})")
sys.exit(0 if ok else 1)

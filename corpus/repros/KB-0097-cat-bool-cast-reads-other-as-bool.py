"""KB-0097: Tensor.cat of a bool tensor cast to float with a float tensor reads the float tensor as bool: four True
cast to float32, then cat with [10, 11, 12, 13, 14, 15], gives ten 1.0s. The fused kernel computes
`_Bool val1 = (i < 4) ? a[i] : (b[i - 4] != 0.0f); out[i] = (float)val1;`: a rewrite turns
where(i < 4, cast(a), b) into cast(where(i < 4, a, b != 0)). Both inputs must be realized buffers (constants fold
first) and the float part longer than the bool part ((2,) with (3,) is right). tinygrad 0.13.0 is right. Found by
tinyfuzz on 2026-12-07 (bucket c2be2993b0: a (1, 3, 2, 3) bool tensor cast to int32, cat with a (1, 3, 3, 3)
float32 tensor on axis 2). Needs only tinygrad and numpy. Exits 1 while the bug is present."""
import os, sys
os.environ.setdefault("DEV", "CPU")
import numpy as np
from tinygrad import Tensor, dtypes
bad = 0
for a, b, mid in ((np.ones(4, bool), np.arange(6, dtype=np.float32) + 10, dtypes.float32),
                  (np.array([[True, True, False], [True, True, True]]), np.arange(9, dtype=np.float32).reshape(3, 3) + 10,
                   dtypes.int32)):
    x, y = Tensor(a).contiguous().realize(), Tensor(b).contiguous().realize()
    got = x.cast(mid).cat(y).numpy()
    want = np.concatenate([a.astype(np.float32), b])              # numpy and torch: the float part as it is
    ok = got.shape == want.shape and np.array_equal(got, want)
    print(f"{a.shape} bool cast to {mid}, cat {b.shape} float32: {got.ravel().tolist()}", "ok" if ok else
          f"WRONG (want {want.ravel().tolist()})")
    bad += not ok
sys.exit(1 if bad else 0)

"""KB-0102: the gradient of atanh at x = 1 and x = -1 is nan; torch gives inf (1 / (1 - x**2) with x**2 = 1, the
forward being +-inf there). Inside the domain it is right (4/3 at 0.5). float16, float32 and float64 alike; 0.13.0
and master too. Found by tinyfuzz on the device machine on 2026-12-07 (bucket 24bad3df47: float16 atanh of
[-2, 1], grad mode). Needs only tinygrad and numpy. Exits 1 while the bug is present."""
import os, sys
os.environ.setdefault("DEV", "CPU")
import numpy as np
from tinygrad import Tensor
x = Tensor(np.array([1.0, -1.0, 0.5], np.float32)).contiguous().realize()
g, = x.atanh().sum().gradient(x)
got, want = g.numpy(), np.array([np.inf, np.inf, 4 / 3], np.float32)     # torch: [inf, inf, 1.3333]
ok = np.allclose(got, want, rtol=1e-6, equal_nan=False)
print(f"d/dx atanh at [1, -1, 0.5]: {got.tolist()}", "ok" if ok else f"WRONG (want {want.tolist()})")
sys.exit(0 if ok else 1)

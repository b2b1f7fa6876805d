"""KB-0109: c1 / (c2 / x) in float16 folds c1 * (1 / c2) into one constant made in float16: 10000 / (0.1 / y) is inf
for y = 0.1895 (torch float16: 18944; every value of the program fits float16). float32 gives 18945.3. Fails on
tinygrad 0.12.0, 0.13.0, 0.14.0 and master a9069c17. Found by tinyfuzz's device campaign on 2026-12-07 (bucket
37af134a54: four chained scalar divisions). Needs only tinygrad and numpy. Exits 1 while the bug is present."""
import os, sys
os.environ.setdefault("DEV", "CPU")
import numpy as np
from tinygrad import Tensor, dtypes
y = Tensor([0.189453125], dtype=dtypes.float16).contiguous().realize()
got = (10000.0 / (0.1 / y)).numpy().astype(np.float64)
want = 10000.0 / (np.float16(0.1) / np.float16(0.189453125)).astype(np.float64)   # about 18945
ok = bool(np.isfinite(got).all() and abs(got[0] - want) <= 0.01 * abs(want))
print(f"float16 10000 / (0.1 / y): {got.tolist()}", "ok" if ok else f"WRONG (want about {want:.0f})")
sys.exit(0 if ok else 1)

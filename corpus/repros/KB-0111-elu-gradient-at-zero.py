"""KB-0111: the gradient of elu at x = 0 is 0: Tensor([-0.01, 0.0, 0.01]).elu(0.5) has gradient [0.495, 0, 1] where
torch (and the left derivative, alpha * exp(0)) gives 0.5 at 0; elu's one-sided derivatives there are alpha and 1,
so 0 is no subgradient. With alpha = 1, where elu is smooth at 0 (derivative 1), tinygrad still gives 0. tinygrad's
elu is relu(x) - alpha * relu(1 - exp(x)), and at x = 0 both relus sit at their kinks. Every release (0.12.0, 0.13.0,
0.14.0, master a9069c17), every float dtype. Found by tinyfuzz's device campaign on 2026-12-07 (bucket 5c78ac45f8:
bfloat16 elu(alpha=0.5) of [[1, 4, -3], [0, -1, 0]]). Needs only tinygrad and numpy. Exits 1 while the bug is
present."""
import os, sys
os.environ.setdefault("DEV", "CPU")
import numpy as np
from tinygrad import Tensor
bad = 0
for alpha in (0.5, 1.0):
    x = Tensor([-0.01, 0.0, 0.01])
    g = x.elu(alpha).sum().gradient(x)[0].numpy()
    lo, hi = min(alpha, 1.0), max(alpha, 1.0)          # the one-sided derivatives at 0: any value between is right
    ok = lo - 1e-6 <= g[1] <= hi + 1e-6
    print(f"elu(alpha={alpha}) gradient at [-0.01, 0, 0.01]: {g.tolist()}",
          "ok" if ok else f"WRONG at 0 (want a value in [{lo}, {hi}])")
    bad += not ok
sys.exit(1 if bad else 0)

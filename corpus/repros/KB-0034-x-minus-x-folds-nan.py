"""KB-0034: float x - x and x * 0 fold to 0, so nan and inf are lost (softmax over a size-1 axis of nan is 1.0).

tinygrad's symbolic rewrites x - x -> 0 and x * 0 -> 0 for floats too; IEEE-754 gives nan for nan - nan, inf - inf
and inf * 0. It shows wherever a reduction over a size-1 axis leaves x - max(x) or x - mean(x): softmax, var, std.
numpy and torch: [nan, nan, 0.0]. Needs only tinygrad and numpy. Exits non-zero while the bug is present."""
import os, sys
os.environ.setdefault("DEV", "CPU")
import numpy as np
from tinygrad import Tensor
t = Tensor(np.array([np.nan, np.inf, 1.0], dtype=np.float32))
got, want = (t - t).numpy(), np.array([np.nan, np.nan, 0.0], dtype=np.float32)
print("x - x:", got, "want", want, "| softmax([nan]):", Tensor([np.nan]).softmax().numpy())
sys.exit(0 if np.array_equal(np.isnan(got), np.isnan(want)) else 1)

"""KB-0093: bfloat16 lerp is computed as self + (end - self) * weight with every step rounded to bfloat16, so where
self and weight * (end - self) cancel the result is off by an ulp of the operands, not of the result:
lerp(-4.875, 3.78125, 0.55859375) in bfloat16 is -0.0625 where the exact answer is -0.0396728515625
(float64: -4.875 + 0.55859375 * 8.65625). torch.lerp (bfloat16, computed in float32 and rounded once) gives
-0.03955078125; numpy has no lerp or bfloat16: in float64 the formula gives -0.0396728515625. tinygrad's float32 lerp
gives -0.0396728515625. end - self = 8.65625 needs 9 significant bits and rounds to 8.625 (tie to even), the product
4.818 rounds to 4.8125, and -4.875 + 4.8125 = -0.0625 (58% off). Same family as KB-0081 (bfloat16 products rounded)
and KB-0087 (half layernorm rounds the mean). Found by tinyfuzz on 2026-12-06 (bucket c32d63c9af, jit mode, value
oracle: bfloat16 (16, 3) lerp with (16, 1, 1) weights). Needs only tinygrad and numpy. Exits non-zero while the bug
is present."""
import os, sys
os.environ.setdefault("DEV", "CPU")
import numpy as np
from tinygrad import Tensor, dtypes
a, b, w = -4.875, 3.78125, 0.55859375        # all exact in bfloat16
bf = lambda v: Tensor(np.array([v], np.float32)).cast(dtypes.bfloat16)
got = float(bf(a).lerp(bf(b), bf(w)).float().numpy()[0])
exact = a + w * (b - a)                       # float64: -0.0396728515625
print(f"bfloat16 lerp: {got} (exact {exact}, torch.lerp bfloat16 -0.03955078125)")
# a correct bfloat16 result is within a couple of bfloat16 ulps of the exact answer (ulp at 0.04 is 2**-12)
sys.exit(0 if abs(got - exact) <= 2 * 2**-12 else 1)

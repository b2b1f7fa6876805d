"""KB-0087: bfloat16 (and float16) layernorm rounds the mean to the input dtype before subtracting it: tinygrad's
layernorm is (x - x.mean()) * rsqrt(((x - x.mean()) ** 2).mean() + eps) with each mean cast back to bfloat16, so for
two close numbers the rounded mean sits off-centre: bfloat16 layernorm of [2.09375, 2.015625] is [0.78, -1.17] where
torch (which normalizes half precision in float32 and rounds once) and numpy give [0.997, -0.997]. Found by the device
machine's campaign on 2026-12-06 (bucket 48d5a5dcf8, grad mode: a (63, 2) bfloat16 layernorm over its last axis).
Needs only tinygrad and numpy. Exits non-zero while the bug is present."""
import os, sys
os.environ.setdefault("DEV", "CPU")
import numpy as np
from tinygrad import Tensor, dtypes
x = np.array([[2.09375, 2.015625]], np.float32)                   # both exact in bfloat16
got = Tensor(x).cast(dtypes.bfloat16).layernorm(eps=1e-5).float().numpy()
d = x - x.mean(-1, keepdims=True)
want = d / np.sqrt((d * d).mean(-1, keepdims=True) + 1e-5)
print("bfloat16 layernorm:", got.tolist(), "numpy:", want.round(4).tolist())
sys.exit(0 if np.allclose(got, want, atol=0.02) else 1)

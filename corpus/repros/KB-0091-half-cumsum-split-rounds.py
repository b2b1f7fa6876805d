"""KB-0091: a float16 cumsum over more than 512 elements (bfloat16 takes the same code path) rounds the two stages of
its split to the input dtype: the running sum is off by up to an ulp of the largest partial sum (0.25 for 0 here).
Tensor._split_cumalu (tinygrad/mixin/op.py) computes cumsum of 256-element chunks and a cumsum of the chunk totals,
each a half-precision sum (float32 accumulator, result cast back to float16), and adds the two float16 tensors. The
first chunk, 1.25 and 255 fours, sums to 1021.25, which float16 rounds to 1021; the next element, -1021, should bring
the running sum to 0.25, and tinygrad gives 0.0 (chunk partial -1021 plus the rounded base 1021). Up to 512 elements
cumsum is a single float32-accumulated sum and right; x.float().cumsum().half() is right too. torch (float32
accumulator, one rounding): 0.25; numpy float64 cumsum: 0.25 (numpy's float16 cumsum, which rounds every step in
float16, gives 0.0). By the suite's half-precision policy (a cast in tinygrad's own formula where torch keeps
float32) this is tinygrad's (like #4327 for mean, #17444 for var). Found by the H100 host's campaign on 2026-12-06
(bucket f150e1728f: float16 cumsum of 4096 normal values, 25 elements near zero off by up to 0.07). Needs only
tinygrad and numpy. Exits 1 while the bug is present."""
import os, sys
os.environ.setdefault("DEV", "CPU")
import numpy as np
from tinygrad import Tensor
x = np.concatenate([[1.25], np.full(255, 4.0), [-1021.0], np.zeros(511)]).astype(np.float16)   # 768 > 512 elements
got = Tensor(x).cumsum(0).numpy()
want = np.cumsum(x.astype(np.float64))
print(f"float16 cumsum of {len(x)} values at [256]: tinygrad {got[256]}, numpy float64 {want[256]}, "
      f"tinygrad via float32 {Tensor(x).float().cumsum(0).half().numpy()[256]}; max |error| {np.abs(got - want).max()}")
sys.exit(0 if np.allclose(got.astype(np.float64), want, atol=0.02, rtol=0.01) else 1)

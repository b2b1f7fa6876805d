"""KB-0096: Tensor.interpolate(mode='linear') of a float64 tensor computes its weights in float32, so the result is
only float32-accurate: tinygrad/mixin/op.py computes the weight of each output as (num % den).cast(dtypes.float32) / den
for every dtype (since #17441, 'update linear interpolate to use int math for indices'). Interpolating 64 float64
values 0, 1, ..., 63 to 6 gives 4.833333373069763 where numpy and torch give 4.833333333333333 (the weight
10/12 rounded to float32). Found by tinyfuzz on 2026-12-07 (bucket fc27611dc3: a float64 (2, 2, 64, 1) tensor to (6, 1); the
opt:random variant and the plain run round the float32 weight differently). Needs only tinygrad and numpy.
Exits 1 while the bug is present."""
import os, sys
os.environ.setdefault("DEV", "CPU")
import numpy as np
from tinygrad import Tensor
x = np.arange(64, dtype=np.float64)
out = 6
pos = np.clip((np.arange(out) + 0.5) * len(x) / out - 0.5, 0, len(x) - 1)     # align_corners=False, as torch
want = np.interp(pos, np.arange(len(x)), x)
got = Tensor(x.reshape(1, 1, -1)).interpolate((out,), mode="linear").numpy().ravel()
ok = np.allclose(got, want, rtol=1e-12, atol=0)
print("got ", got.tolist(), "\nwant", want.tolist(), "\nok" if ok else f"\nWRONG: off by up to {np.abs(got - want).max():.3g}")
sys.exit(0 if ok else 1)

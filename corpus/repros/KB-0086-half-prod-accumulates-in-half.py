"""KB-0086: a float16 prod accumulates in float16: the kernel's accumulator is an __fp16 (`__fp16 buf0[1]; buf0 *= val`),
so a partial product overflows to inf where the product is representable. These 64 float16 values multiply to
-1819.94 (numpy in float64; torch -1821, float32 -1819.94); tinygrad gives -inf, with or without NOOPT (their
running product passes 4e5). sum upcasts half accumulators to float32; prod does not. Found by the device machine's
campaign on 2026-12-06 (bucket 4d6c0cc3c1, opt mode: prod over axis 0 of a (64, 1) float16 tensor). Needs only
tinygrad and numpy. Exits non-zero while the bug is present."""
import os, sys
os.environ.setdefault("DEV", "CPU")
import numpy as np
from tinygrad import Tensor
x = np.array([
    1.8544921875, -1.109375, 4.8671875, 0.8740234375, 1.6640625, -0.41015625, -0.76806640625, 0.309814453125,
    0.5498046875, 0.78662109375, -2.26953125, -0.5234375, -0.380859375, 5.671875, -0.744140625, -1.0810546875,
    2.3984375, 1.5751953125, -3.19921875, -0.3720703125, 3.54296875, -1.1103515625, 2.021484375, -2.537109375,
    -1.2509765625, 1.8671875, -0.75341796875, -1.05078125, 2.103515625, -3.5625, 0.57568359375, -1.5927734375,
    1.12109375, 1.828125, 1.3154296875, 0.71044921875, -0.9814453125, 1.17578125, -0.57568359375,
    -0.77490234375, -0.40185546875, -0.46533203125, 0.46630859375, 1.580078125, 1.8056640625, -1.34765625,
    -1.8232421875, 0.379150390625, -0.366943359375, 2.28515625, -0.6572265625, -3.189453125, -5.203125,
    -4.23046875, -3.318359375, 2.4453125, 4.11328125, -0.058319091796875, 1.365234375, -3.267578125,
    1.427734375, -0.01611328125, 0.71435546875, 0.98583984375], dtype=np.float16)
got = float(Tensor(x).prod().numpy())
want = float(np.prod(x.astype(np.float64)))
print(f"float16 prod of 64 values: tinygrad {got}, numpy (float64) {want:.2f}, tinygrad on float32 "
      f"{float(Tensor(x.astype(np.float32)).prod().numpy()):.2f}")
sys.exit(0 if abs(got - want) <= 0.01 * abs(want) else 1)

"""KB-0073: the input gradient of a padded conv2d whose dilated kernel spans more than the unpadded input is wrong
with tinygrad's default kernel optimizations (12 for a 1x1 input, nan or other numbers in a campaign), or fails to
compile ("ValueError: bad reshape: () -> (1, 4)" for a 2x1 input); NOOPT=1 gives the right answer. The kernel taps
of such a position fall on padding only, so its reduce folds away, as in KB-0048. numpy/torch: the gradient of
conv2d(x, w, padding=1, dilation=2).sum() for a 1x1 x and a 1x2 w is 0. conv_transpose2d, a conv2d with padding
dilation * (k - 1) - padding inside, meets the same shapes: conv_transpose2d(x, ones(1, 2, 2, 2), padding=1,
dilation=2) of a 1x1 x has gradient 1 run alone, 12 after the cases above, for 0 (bucket eb194376c9: nan).
Needs only tinygrad and numpy. Exits non-zero while the bug is present."""
import os, sys
os.environ.setdefault("DEV", "CPU")
import numpy as np
from tinygrad import Tensor
w = Tensor(np.array([3.0, -4.0], dtype=np.float32).reshape(1, 1, 1, 2)).contiguous().realize()
ok = True
for shape in ((1, 1, 1, 1), (1, 1, 2, 1)):
    x = Tensor(np.ones(shape, dtype=np.float32)).contiguous().realize()
    try:
        g = x.conv2d(w, padding=1, dilation=2).sum().gradient(x)[0].numpy()
        print(shape, "gradient", g.ravel(), "want", np.zeros(int(np.prod(shape))))
        ok &= bool(np.array_equal(g, np.zeros(shape, np.float32)))
    except ValueError as e:
        print(shape, f"ValueError: {e}", "want zeros")
        ok = False
x = Tensor(np.ones((1, 1, 1, 1), dtype=np.float32)).contiguous().realize()
wt = Tensor(np.ones((1, 2, 2, 2), dtype=np.float32)).contiguous().realize()
g = x.conv_transpose2d(wt, padding=1, dilation=2).sum().gradient(x)[0].numpy()
print("conv_transpose2d gradient", g.ravel(), "want [0.]")
ok &= bool(np.array_equal(g, np.zeros((1, 1, 1, 1), np.float32)))
sys.exit(0 if ok else 1)

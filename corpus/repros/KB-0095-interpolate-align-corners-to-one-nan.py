"""KB-0095: Tensor.interpolate(mode='linear', align_corners=True) to an output side of 1 is nan: the source position
of output i is i * (in - 1) / (out - 1), and tinygrad computes it as num // den and num % den / den with
den = out - 1 = 0 (tinygrad/mixin/op.py Tensor.interpolate). torch (and ONNX's Resize) take position 0 for an output
of one element, so [[1, 2], [3, 4]] interpolated to (2, 1) with align_corners is [[1], [3]]. Found by tinyfuzz on
2026-12-07 (bucket 1817bf6b25: a float64 (1, 1, 1, 1) tensor to (4, 1)). Fixed upstream after 0.14.0 by #17790.
Needs only tinygrad and numpy. Exits 1 while the bug is present."""
import os, sys
os.environ.setdefault("DEV", "CPU")
import numpy as np
from tinygrad import Tensor
bad = 0
for a, size, want in ((np.array([[[[1.0, 2.0], [3.0, 4.0]]]], np.float32), (2, 1), [[[[1.0], [3.0]]]]),
                      (np.array([[[2.0]]], np.float64), (1,), [[[2.0]]]),
                      (np.array([[[1.0, 2.0, 3.0]]], np.float32), (1,), [[[1.0]]])):
    got = Tensor(a).interpolate(size, mode="linear", align_corners=True).numpy()
    ok = got.shape == np.array(want).shape and np.allclose(got, want)
    print(f"{a.shape} -> {size}: {got.tolist()}", "ok" if ok else f"WRONG (want {want})")
    bad += not ok
sys.exit(1 if bad else 0)

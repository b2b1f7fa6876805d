"""KB-0108: a realized buffer expanded to a side of 0, then padded, reads the buffer where every element is padding:
Tensor([4]).contiguous().realize().expand(0).pad(((0, 1),)) is [4] (numpy and torch: [0]), in every dtype. Padding by
2, or a shrink to 0 instead of the expand, gives zeros; 0.12.0 gives [0] (a regression of 0.13.0). Found by tinyfuzz's
campaign on 2026-12-07 (bucket 1bfb61a489: uint64, realize mode). Needs only tinygrad and numpy. Exits 1 while the
bug is present."""
import os, sys
os.environ.setdefault("DEV", "CPU")
import numpy as np
from tinygrad import Tensor, dtypes
bad = 0
for pads in (((0, 1),), ((1, 0),)):
    got = Tensor([4], dtype=dtypes.int32).contiguous().realize().expand(0).pad(pads).numpy()
    want = np.pad(np.zeros((0,), np.int32), pads)
    ok = np.array_equal(got, want)
    print(f"expand(0).pad({pads}): {got.tolist()}", "ok" if ok else f"WRONG (want {want.tolist()})")
    bad += not ok
sys.exit(1 if bad else 0)

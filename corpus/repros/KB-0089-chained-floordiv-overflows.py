"""KB-0089: (x // a) // b on integers is folded into x // (a * b), and a * b overflows the dtype: int16
(4 // 32767) // 2 is -2 (32767 * 2 wraps to -2, and 4 // -2 is -2); numpy and torch: 0, as each step alone gives in
tinygrad too. Found by the device machine's campaign on 2026-12-06 (bucket 376f926045: int16, a padded input,
scalar_floordiv by 32767 then by 2). The float form, (a / b) / c into a / (b * c), is KB-0074. Needs only tinygrad
and numpy. Exits non-zero while the bug is present."""
import os, sys
os.environ.setdefault("DEV", "CPU")
import numpy as np
from tinygrad import Tensor
x = Tensor(np.array([4, -4, 70], np.int16)).contiguous().realize()
got = ((x // 32767) // 2).numpy()
want = (np.array([4, -4, 70], np.int16) // 32767) // 2
print("int16 (x // 32767) // 2:", got.tolist(), "numpy:", want.tolist(), "; one step at a time:",
      ((x // 32767).contiguous().realize() // 2).numpy().tolist())
sys.exit(0 if np.array_equal(got, want) else 1)

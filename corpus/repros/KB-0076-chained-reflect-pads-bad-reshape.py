"""KB-0076: three chained edge pads (reflect, circular, reflect) of a (3, 4, 2) tensor fail to compile with kernel
optimizations on: ValueError: bad reshape: () -> (3, 3); NOOPT=1 gives the (3, 10, 9) result, and two of the pads
work. numpy (np.pad with mode="reflect"/"wrap") gives the (3, 10, 9) array. Needs only tinygrad and numpy. Exits
non-zero while the bug is present."""
import os, sys
os.environ.setdefault("DEV", "CPU")
import numpy as np
from tinygrad import Tensor
a = np.arange(24, dtype=np.float32).reshape(3, 4, 2)
want = np.pad(np.pad(np.pad(a, ((0, 0), (2, 2), (1, 0)), mode="reflect"), ((0, 0), (0, 0), (1, 1)), mode="wrap"),
              ((0, 0), (2, 0), (2, 2)), mode="reflect")
x = Tensor(a).contiguous().realize()
try:
    got = x.pad(((0, 0), (2, 2), (1, 0)), mode="reflect").pad(((0, 0), (0, 0), (1, 1)), mode="circular") \
           .pad(((0, 0), (2, 0), (2, 2)), mode="reflect").numpy()
    ok = got.shape == want.shape and np.array_equal(got, want)
    print("got shape", got.shape, "equal to numpy:", ok)
except ValueError as e:
    print(f"ValueError: {e}; numpy gives shape {want.shape}")
    ok = False
sys.exit(0 if ok else 1)

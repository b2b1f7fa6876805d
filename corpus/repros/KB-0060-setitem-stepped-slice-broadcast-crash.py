"""KB-0060: setitem with a stepped slice raises IndexError "shape mismatch: objects cannot be broadcast to a single
shape" when the write cannot be a view assign: after another setitem into the same tensor that is not realized yet
(x[0] = 9; x[2::3] = 7), or beside a list index (x[[2, 1], -2::3] = 9). The masked write (Tensor._getitem with a
value) pads the stepped axis to a multiple of the step and broadcasts that padded shape against the target's.
numpy and torch write. Needs only tinygrad and numpy. Exits non-zero while the bug is present."""
import os, sys
os.environ.setdefault("DEV", "CPU")
import numpy as np
from tinygrad import Tensor
def run(shape, steps):
    a = np.arange(np.prod(shape), dtype=np.float32).reshape(shape)
    t, want = Tensor(a).contiguous().realize(), a.copy()
    for key, value in steps:
        want[key] = value
    try:
        for key, value in steps:
            t[key] = value
        return t.numpy(), want
    except IndexError as e:
        return f"IndexError: {e}", want
wrong = 0
for shape, steps in [((5,), [(0, 9.0), (slice(2, None, 3), 7.0)]), ((3, 3), [(([2, 1], slice(-2, None, 3)), 9.0)])]:
    got, want = run(shape, steps)
    print(f"{shape} {steps}: tinygrad {got if isinstance(got, str) else got.ravel().tolist()}, numpy {want.ravel().tolist()}")
    wrong += isinstance(got, str) or not np.array_equal(got, want)
sys.exit(1 if wrong else 0)

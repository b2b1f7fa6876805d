"""KB-0059: a basic setitem whose view of the target starts with a reshape of the buffer writes nothing.
`x[::2] = 9` on 4 elements, `x[0] = 9` on a (1,) tensor and `x[:, 0] = 9` on (2, 1) leave x unchanged (numpy and
torch write). Indexing that needs no shrink or pad first (an int on a size-1 axis; a whole-axis slice whose step
divides the axis) makes the view RESHAPE(BUFFER), which has buffer identity; Tensor.assign embeds the write there
(`_apply_map_to_tensors({ib: ib.after(assign)})`), and the target, a plain BUFFER, never reads it. A view that
shrinks first (x[1::2], x[0] on 5 elements) works. Needs only tinygrad and numpy. Exits non-zero while present."""
import os, sys
os.environ.setdefault("DEV", "CPU")
import numpy as np
from tinygrad import Tensor
cases = [((4,), (slice(None, None, 2),)), ((1,), (0,)), ((2, 1), (slice(None), 0)), ((6,), (slice(None, None, 3),))]
wrong = 0
for shape, key in cases:
    a = np.arange(np.prod(shape), dtype=np.float32).reshape(shape)
    t = Tensor(a).contiguous().realize()
    t[key] = 9.0
    want = a.copy()
    want[key] = 9.0
    got = t.numpy()
    print(f"x{list(shape)}[{key}] = 9: tinygrad {got.ravel().tolist()}, numpy {want.ravel().tolist()}")
    wrong += not np.array_equal(got, want)
sys.exit(1 if wrong else 0)

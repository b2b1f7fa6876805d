"""KB-0058: a value computed from a tensor before a write through a view of that tensor reads the new numbers.
`r = x + 10; x[:1].assign(9)` (or `v = x.shrink(...); v += 1`, or an assign into an input that is a permuted,
shrunk or strided view) makes r [19, 12] where eager evaluation (numpy, torch) gives [11, 12]: tinygrad embeds the
write at the buffer for every live tensor (tinygrad/tensor.py Tensor.assign, "Embed View Assign"), readers
included. tinygrad#17074 (open). Needs only tinygrad and numpy. Exits non-zero while the bug is present."""
import os, sys
os.environ.setdefault("DEV", "CPU")
import numpy as np
from tinygrad import Tensor, dtypes
x = Tensor(np.array([1, 2], np.int32)).contiguous().realize()
reader = x + 10
x[:1].assign(Tensor([9], dtype=dtypes.int32))
Tensor.realize(reader, x)
base = Tensor(np.array([1.0, 2.0, 3.0, 4.0], np.float32)).contiguous().realize()
view = base.shrink(((1, 3),))
reader2 = view * 2
view += 1.0
Tensor.realize(reader2, view)
checks = {"x + 10 before x[:1].assign(9)": (reader.numpy(), np.array([11, 12], np.int32)),
          "v * 2 before v += 1 (v a shrink view)": (reader2.numpy(), np.array([4.0, 6.0], np.float32))}
wrong = 0
for name, (got, want) in checks.items():
    print(f"{name}: tinygrad {got.tolist()}, numpy {want.tolist()}")
    wrong += not np.array_equal(got, want)
sys.exit(1 if wrong else 0)

"""KB-0036: a zero-size tensor sharded on an axis crashes when anything asks for its shard axis after a reshape:
IndexError: tuple index out of range (tinygrad/uop/ops.py UOp.axis, RESHAPE branch).

With an empty leading axis the prefix products of the new shape are [1, 0, 0, ...]; UOp.axis looks for the last
position whose prefix product equals the old one (0) and takes len(shape), one past the end. ones_like, zeros_like,
full_like and assign ask for the axis, so public calls hit it. A non-empty tensor of the same layout works.
numpy and torch: ones_like of a (0, 3, 1) array has shape (0, 3, 1).
Needs only tinygrad and numpy (CPU:0..2 are virtual devices). Exits non-zero while the bug is present."""
import os, sys
os.environ.setdefault("DEV", "CPU")
import numpy as np
from tinygrad import Tensor
devs = ("CPU:0", "CPU:1", "CPU:2")
x = Tensor(np.zeros((0, 3), np.float32)).shard(devs, axis=1)
try:
    shape = x.reshape(0, 3, 1).ones_like().numpy().shape
except IndexError as e:
    print(f"IndexError: {e}")
    sys.exit(1)
print("shape", shape)
sys.exit(0 if shape == (0, 3, 1) else 1)

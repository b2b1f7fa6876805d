"""KB-0040: sharding a padded tensor on the padded axis fails when a shard is only padding:
`Tensor.ones(2, 2).pad(((0, 0), (0, 2))).shard(devs, axis=1)` raises ValueError: invalid shrink ((0, 2), (0, 2))
for () (tinygrad/schedule/rangeify.py _mop_index asks for the shape of a shape-less UOp). Sharding on axis 0, or
padding both axes, works.
numpy and torch: [[1, 1, 0, 0], [1, 1, 0, 0]]. Needs only tinygrad and numpy (CPU:0..1 are virtual devices). Exits
non-zero while the bug is present."""
import os, sys
os.environ.setdefault("DEV", "CPU")
import numpy as np
from tinygrad import Tensor
devs = ("CPU:0", "CPU:1")
try:
    got = Tensor.ones(2, 2).pad(((0, 0), (0, 2))).shard(devs, axis=1).numpy()
except ValueError as e:
    print(f"ValueError: {e}")
    sys.exit(1)
print(got)
sys.exit(0 if np.array_equal(got, [[1, 1, 0, 0], [1, 1, 0, 0]]) else 1)

"""KB-0051: the sum of a zero-size tensor sharded on an axis, times a replicated value, raises AssertionError:
mselect must be on tuple device (tinygrad/schedule/__init__.py simplify_copy_kernel). The sum alone is 0.0.
numpy and torch: 0.0. Needs only tinygrad and numpy (CPU:0..1 are virtual devices). Exits non-zero while the bug is
present."""
import os, sys
os.environ.setdefault("DEV", "CPU")
import numpy as np
from tinygrad import Tensor
devs = ("CPU:0", "CPU:1")
z = Tensor(np.zeros((0, 2, 5), np.float32)).contiguous().realize().shard(devs, axis=1)
try:
    got = (z.sum() * Tensor.ones((), device="CPU:0").shard(devs)).numpy()
except AssertionError as e:
    print(f"AssertionError: {e}")
    sys.exit(1)
print(got)
sys.exit(0 if float(got) == 0.0 else 1)

"""KB-0023: tensors of different rank that are both sharded on axis 0 are combined shard by shard as if the axes
lined up: a (4, 6) tensor plus a (6,) tensor on two devices crashes (IndexError: shape mismatch), and a (3, 3) plus a
(3,) on three devices, one element per shard, silently gives [[100, 0, 0], [0, 204, 0], [0, 0, 308]].
numpy and torch: a + b broadcasts b along the last axis. Needs only tinygrad and numpy (CPU:0..CPU:2 are virtual
devices). Exits non-zero while the bug is present."""
import os, sys
os.environ.setdefault("DEV", "CPU")
import numpy as np
from tinygrad import Tensor
bad = 0
for n, (a, b) in ((2, (np.arange(24, dtype=np.float32).reshape(4, 6), np.arange(6, dtype=np.float32))),
                  (3, (np.arange(9, dtype=np.float32).reshape(3, 3), np.array([100.0, 200.0, 300.0], np.float32)))):
    devs = tuple(f"CPU:{i}" for i in range(n))
    try:
        got = (Tensor(a).shard(devs, axis=0) + Tensor(b).shard(devs, axis=0)).numpy()
        ok = np.allclose(got, a + b)
    except IndexError as e:
        got, ok = f"IndexError: {e}", False
    print(f"{n} devices:", got if isinstance(got, str) else got.tolist(), "want", (a + b).tolist())
    bad += not ok
sys.exit(1 if bad else 0)

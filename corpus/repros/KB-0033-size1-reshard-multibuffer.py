"""KB-0033: resharding a computed size-1 replicated tensor crashes: 'MultiBuffer' object has no attribute
'ensure_allocated'.

A one-element tensor replicated on two devices, passed through any elementwise op, copied to one device and
replicated again: the copy kernel is handed the MultiBuffer itself. Two elements work; so does leaving out the
elementwise op. numpy and torch: [0.5]. Needs only tinygrad and numpy (CPU:0..CPU:1 are virtual devices).
Exits non-zero while the bug is present."""
import os, sys
os.environ.setdefault("DEV", "CPU")
import numpy as np
from tinygrad import Tensor
devs = ("CPU:0", "CPU:1")
x = Tensor(np.array([0.5], dtype=np.float32)).shard(devs, axis=None)
try:
    got = x.relu().to(devs[0]).shard(devs, axis=None).numpy()
except AttributeError as e:
    print(f"AttributeError: {e}")
    sys.exit(1)
sys.exit(0 if np.allclose(got, [0.5]) else 1)

"""KB-0100: the mean of a float16 tensor sharded on the reduced axis is inf where one device gives the right
answer: [60000, -1, 60000, -1] sharded over 2 devices on axis 0 has mean inf; unsharded, 3e4 (torch: 30000). One
device sums in a float32 accumulator and divides before rounding to float16; sharded, each device's partial sum
(60000 + -1, twice) is fine but the partials are added across devices in float16: 119998 overflows before the
division. tinygrad 0.12.0 gives 3e4 sharded too. Found by tinyfuzz on 2026-12-07 (bucket 92acdea025: a float16
(2, 3, 4, 5)-ish tensor holding 60000s sharded on axis 0 of 2 devices, mean over every axis, shard oracle).
Needs only tinygrad and numpy. Exits 1 while the bug is present."""
import os, sys
os.environ.setdefault("DEV", "CPU")
import numpy as np
from tinygrad import Device, Tensor
devs = tuple(f"{Device.DEFAULT.split(':')[0]}:{i}" for i in range(2))
a = np.array([60000.0, -1.0, 60000.0, -1.0], np.float16)
one = float(Tensor(a).mean().numpy())
sharded = float(Tensor(a).shard(devs, axis=0).mean().numpy())
want = float(np.float16(a.astype(np.float32).mean()))              # numpy in a float32 accumulator; torch: 30000
print(f"mean on one device {one}, sharded over {len(devs)} devices {sharded}, want {want}")
sys.exit(0 if np.isclose(sharded, want, rtol=2e-3) else 1)

"""KB-0085: a 0-d tensor copied to another device before an assign to it reads the assigned value: x is a realized
0-d -2.0, c = x.to("CPU:1"), then x *= x (or x.assign(x * x)); realized together, or c after, c is 4.0 where numpy and
torch give -2.0 (the copy was made before the write). A (1,) tensor, or a computed value such as x * 1, keeps -2.0.
Found by the device machine's campaign on 2026-12-06 (bucket 473458cc87: bfloat16, to_device then assign_mul).
Needs only tinygrad and numpy. Exits non-zero while the bug is present."""
import os, sys
os.environ.setdefault("DEV", "CPU")
import numpy as np
from tinygrad import Tensor, Device
other = f"{Device.DEFAULT.split(':')[0]}:1"
wrong = 0
for shape in ((), (1,)):
    x = Tensor(np.full(shape, -2.0, np.float32)).contiguous().realize()
    c = x.to(other)
    x *= x
    Tensor.realize(c, x)
    print(f"shape {shape}: copy {c.numpy().tolist()} (want -2.0), x {x.numpy().tolist()}")
    wrong += not np.all(c.numpy() == -2.0)
sys.exit(1 if wrong else 0)

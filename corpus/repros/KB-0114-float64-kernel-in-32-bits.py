"""KB-0114: a float64 kernel holds a folded constant and its accumulator as float (32 bits): the cross entropy of
constant float64 logits (a (1, 1) buffer expanded to (128, 16)) with reduction 'sum' is 354.8909606933594, a float32
number, where numpy and torch give 128 * log(16) = 354.891356446692. The kernel (DEBUG=4) declares `float buf0[1]`
and the folded log-softmax as the literal -2.7725887298583984f inside a kernel that stores double. With the logits
realized, or 16 rows, it is right. 0.12.0 and 0.13.0 are right; 0.14.0 and master a9069c17 are wrong. Found by
tinyfuzz's device campaign on 2026-12-07 (bucket 7243a9adab: float64 cross_entropy over (128, 255), 4e-4 off at 709).
Needs only tinygrad and numpy. Exits 1 while the bug is present."""
import os, sys
os.environ.setdefault("DEV", "CPU")
import numpy as np
from tinygrad import Tensor
x = Tensor(np.array([[-4.0]])).contiguous().realize().expand(128, 16)
got = float(x.cross_entropy(Tensor(np.full(128, 1, np.int32)), reduction="sum").numpy())
want = 128 * np.log(16)
ok = abs(got - want) <= 1e-9 * want
print(f"cross_entropy: {got!r}", "ok" if ok else f"WRONG (want {want!r})")
sys.exit(0 if ok else 1)

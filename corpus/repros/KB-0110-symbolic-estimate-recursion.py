"""KB-0110: a kernel whose loop bound is a Variable and which has a few thousand ALU ops crashes with RecursionError
in tinygrad/uop/render.py pretty_print. Its FLOP estimate (Estimates.ops) is then a symbolic expression built as a
chain of one ADD per ALU op and never simplified; the kernel's KernelInfo holds it, and UOp.key hashes str(arg),
which pretty-prints the chain recursively past Python's frame limit. The program itself is small: a flip, two erfs
and a Variable shrink of a (4, 6, 5) float32 tensor. numpy/torch: erf(erf(x)) of the flipped values. 0.12.0 runs it
(estimates were computed lazily then); 0.13.0, 0.14.0 and master a9069c17 raise. Found by tinyfuzz's campaigns on
2026-12-07 (buckets a9876e22c7: bfloat16 round; 7d89beb283: bfloat16 asin and a replicate pad; with tinygrad's
parallel compile the compile worker dies and the caller waits). Needs only tinygrad and numpy. Exits 1 while the bug
is present."""
import os, sys
os.environ.setdefault("DEV", "CPU")
os.environ.setdefault("PARALLEL", "0")      # a plain exception (with the parallel compile, a dead worker and a wait)
import math
import numpy as np
from tinygrad import Tensor, Variable
a = (np.arange(120, dtype=np.float32).reshape(4, 6, 5) - 60) / 40
x = Tensor(a).contiguous().realize()
y = x.flip(0, 2).erf().erf().shrink(((0, Variable("c", 1, 4).bind(4)), None, None)).contiguous()
try:
    got = y.shrink(((0, 4), None, None)).numpy()
except RecursionError as e:
    print(f"RecursionError: {e}")
    sys.exit(1)
want = np.vectorize(lambda v: math.erf(math.erf(v)))(a[::-1, :, ::-1].astype(np.float64))
ok = np.allclose(got, want, atol=1e-5)
print("ok" if ok else f"WRONG: max error {np.abs(got - want).max()}")
sys.exit(0 if ok else 1)

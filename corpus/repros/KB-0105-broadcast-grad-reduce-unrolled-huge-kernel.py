"""KB-0105: the gradient of a broadcast operand through two logaddexps compiles a reduce kernel the optimizer unrolls
over its whole body: for x0 of shape (32, 4) and x1 of shape (1, 4), v = x0.logaddexp(x0.logaddexp(x1)), the
gradient with respect to x1 is a reduce over 32 rows, r_4_32_32, whose C source is 750 KB in float32 and 2.3 MB in
bfloat16 (DEBUG=4); clang takes 16 s and 97 s on a 2-core x86 machine, where NOOPT=1 takes 1.1 s in all. The
source grows linearly with the reduced side (0.6 MB for 8 rows, 1.2 MB for 16, bfloat16). 0.13.0 and master alike.
Found by tinyfuzz on 2026-12-07 (bucket 84bb21f172, grad mode: a "hang" of a bfloat16 (2, 2, 8, 4) and (1, 4)
logaddexp chain, no answer within 20 s nor 60 s). Needs only tinygrad and numpy. Exits 1 while the bug is present:
when the program takes over 5 times its NOOPT time (and over 4 s)."""
import os, subprocess, sys, time
os.environ.setdefault("DEV", "CPU")
CHILD = r'''
import time, numpy as np
from tinygrad import Tensor
x0 = Tensor(np.random.default_rng(0).normal(size=(32, 4)).astype(np.float32)).contiguous().realize()
x1 = Tensor(np.random.default_rng(1).normal(size=(1, 4)).astype(np.float32)).contiguous().realize()
t = time.time()
v = x0.logaddexp(x0.logaddexp(x1))
g0, g1 = v.sum().gradient(x0, x1)
Tensor.realize(v, g0, g1)
print(time.time() - t)
'''
def seconds(**env):
    out = subprocess.run([sys.executable, "-c", CHILD], env={**os.environ, **env}, capture_output=True, text=True,
                         timeout=600)
    return float(out.stdout.strip().splitlines()[-1])
plain, noopt = seconds(), seconds(NOOPT="1")
slow = plain > 4 and plain > 5 * noopt
print(f"default opts {plain:.1f}s, NOOPT=1 {noopt:.1f}s:", "SLOW (an unrolled reduce of a huge body)" if slow else "ok")
sys.exit(1 if slow else 0)

"""KB-0048: a reduce whose body folds away (a conv2d of an all-padding float64 input) leaves its upcast accumulator
uninitialized: with the default opts (UPCAST, UNROLL) the kernel declares `double buf0[5];`, never stores 0.0 into it,
and writes it out, so the output is whatever is on the stack (2.444 on one host, 0 by luck on another). NOOPT=1
initializes it. This repro checks the rendered kernel (DEBUG=4) as well as the values, since the stack may be zero.
numpy and torch (F.conv2d of zeros): all zeros, shape (2, 4, 1, 5). Needs only tinygrad and numpy. Exits non-zero
while the bug is present."""
import os, sys, io, contextlib, re
os.environ.setdefault("DEV", "CPU")
import numpy as np
from tinygrad import Tensor, Context
x = Tensor(np.zeros((0, 7, 0, 0))).contiguous().realize().pad(((1, 1), (0, 1), (0, 1), (1, 6)))
w = Tensor(np.arange(32, dtype=np.float64).reshape(4, 4, 2, 1) - 16).contiguous().realize()
out = io.StringIO()
with contextlib.redirect_stdout(out), Context(DEBUG=4):
    got = x.conv2d(w, groups=2, stride=2, padding=1).numpy()
src = out.getvalue()
decl = re.findall(r"double (buf\d+)\[\d+\];", src)
uninit = [b for b in decl if not re.search(rf"\*\({b}\+\d+\)\) = |\*\({b}\+\d+\) = ", src)]
print("accumulators never initialized:", uninit, "| max |got|:", float(np.abs(got).max()))
sys.exit(0 if not uninit and not np.abs(got).any() else 1)

"""KB-0069: the gradient of std over a single element is nan: x = Tensor([3.0]), x.std(correction=0).gradient(x)
gives [nan]. Over one element std is the constant 0, so the gradient is exactly 0 (torch: 0). tinygrad's std is
var().sqrt() (tinygrad/mixin/op.py), and sqrt's gradient 1/(2*0) = inf times var's gradient 0 gives nan; torch's
std_backward maps result == 0 to 0. An all-equal 2-element input also gives nan (torch: 0), but that point is a kink,
so only the one-element case decides. Needs only tinygrad and numpy. Exits non-zero while the bug is present."""
import os, sys
os.environ.setdefault("DEV", "CPU")
import numpy as np
from tinygrad import Tensor
x = Tensor([3.0]).contiguous().realize()
g, = x.std(correction=0).gradient(x)
got = g.numpy()
print("std([3.0]) gradient:", got.tolist(), "want [0.0]")
x2 = Tensor([3.0, 3.0]).contiguous().realize()
g2, = x2.std(correction=0).gradient(x2)
print("std([3.0, 3.0]) gradient:", g2.numpy().tolist(), "(torch [0.0, 0.0]; a kink, not judged)")
sys.exit(0 if np.array_equal(got, [0.0]) else 1)

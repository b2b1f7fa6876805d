"""KB-0056: the gradient of selu (and elu, celu) is nan for large inputs: selu is gamma * where(x >= 0, x,
alpha * (exp(x) - 1)) with exp taken over the whole input, so exp(x) = inf for large x and the untaken branch's
backward gives 0 * inf = nan (tinygrad/mixin/elementwise.py). Fixed on master after 0.14.0 by #17852.
torch: d selu/dx at [100, 1618, 1] is 1.0507 each. Needs only tinygrad and numpy. Exits non-zero while the bug is
present."""
import os, sys
os.environ.setdefault("DEV", "CPU")
import numpy as np
from tinygrad import Tensor
x = Tensor([100.0, 1618.0, 1.0]).contiguous().realize()
x.requires_grad = True
x.selu().sum().backward()
got = x.grad.numpy()
print("selu gradient", got.tolist(), "torch [1.0507, 1.0507, 1.0507]")
sys.exit(0 if np.allclose(got, 1.0507009873554805) else 1)

"""KB-0082: the gradient of a max (a max reduce, max_pool2d) is nan at the positions that are not the maximum when
the gradient flowing in is infinite: tinygrad multiplies the incoming gradient by a 0/1 mask of the maximal positions,
and inf * 0 is nan. torch routes the gradient to the maximum only: [0, 0, inf]. The incoming gradient is infinite
when a later op overflows, e.g. a float16 prod of 48 pooled values (campaign bucket 6ef8cbfd9e, 2026-12-06:
max_pool2d then prod, 48 nan for 0). Needs only tinygrad and numpy. Exits non-zero while the bug is present."""
import os, sys
os.environ.setdefault("DEV", "CPU")
import numpy as np
from tinygrad import Tensor
wrong = 0
x = Tensor(np.array([1.0, 2.0, 3.0], np.float32)); x.requires_grad = True
(x.max() * float("inf")).backward()
got = x.grad.numpy()
print("max:", got.tolist(), "want [0.0, 0.0, inf]")
wrong += not np.array_equal(got, [0.0, 0.0, np.inf])
x = Tensor(np.array([[1.0, 2.0], [3.0, 0.5]], np.float32).reshape(1, 1, 2, 2)); x.requires_grad = True
(x.max_pool2d(2).sum() * float("inf")).backward()
got = x.grad.numpy().ravel()
print("max_pool2d:", got.tolist(), "want [0.0, 0.0, inf, 0.0]")
wrong += not np.array_equal(got, [0.0, 0.0, np.inf, 0.0])
sys.exit(1 if wrong else 0)

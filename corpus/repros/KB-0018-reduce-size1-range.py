"""KB-0018: a REDUCE over a REDUCE range of size 1 in a hand-written kernel crashes codegen with
AssertionError: some reduce srcs aren't ranges (tinygrad/codegen/simplify.py:reduce_unparented).

symbolic folds a RANGE whose vmin == vmax (a size-1 range) to the constant 0 (tinygrad/uop/symbolic.py), so by the
time reduce_unparented runs, the REDUCE's range source is a CONST and its assert fires. Only hand-built kernels reach
it (here Tensor.custom_kernel with UOp.range(1, ...)); Tensor reductions over size-1 axes (x.reshape(3, 1).sum(1))
do not create size-1 ranges and work. The same kernel with a range of size 2 computes right.
numpy and torch: a.reshape(3, 1).sum(1) of [1, 2, 3] is [1., 2., 3.].
Built with tinygrad's UOp API (a custom kernel), not the Tensor ops.
Needs only tinygrad and numpy. Exits non-zero while the bug is present."""
import os, sys
os.environ.setdefault("DEV", "CPU")
import numpy as np
from tinygrad import Tensor, UOp
from tinygrad.uop.ops import AxisType, KernelInfo, Ops

R = 1                                              # size of the reduce range; 2 works
def fxn(C, A):
  i = UOp.range(3, 0, AxisType.LOOP)
  j = UOp.range(R, 1, AxisType.REDUCE)
  return C.index(i).store(A.index(i * R + j).reduce(j, arg=Ops.ADD)).end(i).sink(arg=KernelInfo(name="reduce_size1"))

a = np.arange(1, 3 * R + 1, dtype=np.float32)
want = a.reshape(3, R).sum(1)
try:
  got = Tensor.custom_kernel(Tensor.zeros(3).contiguous().realize(), Tensor(a).realize(), fxn=fxn)[0].numpy()
except AssertionError as e:
  print("AssertionError:", e)
  sys.exit(1)
print("got", got, "want", want)
sys.exit(0 if np.allclose(got, want) else 1)

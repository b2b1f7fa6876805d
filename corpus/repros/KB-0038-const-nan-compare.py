"""KB-0038: comparisons of constant nan are folded wrong: isnan of a 0-d nan (or of a Python float nan, or of one
expanded) is False, and Tensor(nan) == Tensor(nan) is True.
A 0-d tensor is a CONST UOp; isnan is x != x, and constant folding evaluates CMPNE on ConstFloat values, whose
equality treats nan == nan as True on purpose (for caching); since #17352 ConstFloat.__ne__ is `not __eq__`, so the
folded nan != nan is False. Buffers of shape (1,) are right. numpy and torch: isnan(nan) is True, nan == nan False.
Needs only tinygrad and numpy. Exits non-zero while the bug is present."""
import os, sys
os.environ.setdefault("DEV", "CPU")
import numpy as np
from tinygrad import Tensor
zero_d = Tensor(np.array(np.nan, np.float32)).isnan().numpy()
expanded = Tensor(float("nan")).expand(3).contiguous().isnan().numpy()
equal = (Tensor(float("nan")) == Tensor(float("nan"))).numpy()
print("isnan 0-d:", zero_d, "| isnan expanded:", expanded, "| nan == nan:", equal)
sys.exit(0 if bool(zero_d) and expanded.all() and not bool(equal) else 1)

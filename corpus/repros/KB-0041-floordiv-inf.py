"""KB-0041: floor division of an infinite dividend by a finite number is +-inf: Tensor([inf, -inf]).div(2,
rounding_mode="floor") gives [inf, -inf] in float16, float32 and float64. tinygrad computes floor(a * (1/b)) and
floor(inf) is inf (tinygrad/mixin/elementwise.py div); Python, numpy and torch define floor division through fmod
(divmod), and fmod(inf, b) is nan. Trunc mode agrees everywhere (inf). Debatable: floor(a/b) is a defensible reading,
and the Array API standard lists floor_divide(+inf, positive finite) = +inf.
numpy (np.floor_divide), torch (torch.div(..., rounding_mode="floor")) and Python (//): [nan, nan, 2, -3].
Needs only tinygrad and numpy. Exits non-zero while the bug is present."""
import os, sys
os.environ.setdefault("DEV", "CPU")
import numpy as np
from tinygrad import Tensor, dtypes
a = np.array([np.inf, -np.inf, 5.0, -5.0])
got = {str(dt): Tensor(a, dtype=dt).div(2, rounding_mode="floor").numpy()
       for dt in (dtypes.float16, dtypes.float32, dtypes.float64)}
print(got)
sys.exit(0 if all(np.array_equal(v, [np.nan, np.nan, 2.0, -3.0], equal_nan=True) for v in got.values()) else 1)

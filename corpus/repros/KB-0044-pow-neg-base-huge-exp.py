"""KB-0044: a negative base raised to an integral exponent of magnitude >= 2**31 is nan: (-1.0) ** 1e30, (-2) ** 1e30,
(-1) ** 2**31 and (-0.5) ** 4e10 are all nan, in float32 and float64. xpow (tinygrad/codegen/decomp/transcendental.py)
decides whether the exponent is an integer by exponent != exponent.cast(int32).cast(float), and its parity through
the same int32 cast; for |exponent| >= 2**31 the cast is out of range, so every such exponent counts as non-integral
and a negative base gives nan. (Every float of magnitude >= 2**24 (float32) / 2**53 (float64) is an even integer.)
numpy, torch and Python: [1, inf, 1, 0].
Needs only tinygrad and numpy. Exits non-zero while the bug is present."""
import os, sys
os.environ.setdefault("DEV", "CPU")
import numpy as np
from tinygrad import Tensor, dtypes
b, e = [-1.0, -2.0, -1.0, -0.5], [1e30, 1e30, 2.0 ** 31, 4e10]
got = {str(dt): Tensor(b, dtype=dt).pow(Tensor(e, dtype=dt)).numpy() for dt in (dtypes.float32, dtypes.float64)}
print(got)
sys.exit(0 if all(np.array_equal(v, [1.0, np.inf, 1.0, 0.0]) for v in got.values()) else 1)

"""KB-0078: tanh, atanh, asinh and softplus of half-precision values cancel: tinygrad evaluates 2*sigmoid(2x) - 1,
log((1+x)/(1-x)) / 2, log(x + sqrt(x*x + 1)) and log(1 + exp(x)) in the input's dtype, where 1 + x rounds to 1, so
float16 tanh, atanh and asinh of 1e-4 are 0 and softplus(-7.66) is 0 (numpy and torch: 1e-4 to within an ulp, and
4.7e-4; torch computes half precision in float32 and rounds once). Through rsqrt the lost sign shows as inf for nan (campaign bucket 7cad014217:
float16 rsqrt(atanh(atanh(-9e-5)))). Needs only tinygrad and numpy. Exits non-zero while the bug is present."""
import os, sys
os.environ.setdefault("DEV", "CPU")
import numpy as np
from tinygrad import Tensor, dtypes
xs = np.array([1e-4, -9e-5, 3e-3], np.float32)
wrong = 0
for dt in (dtypes.float16, dtypes.bfloat16):
    rounded = Tensor(xs).cast(dt).float().numpy().astype(np.float64)          # the inputs as the dtype holds them
    for name, ref in (("tanh", np.tanh), ("atanh", np.arctanh), ("asinh", np.arcsinh)):
        got = getattr(Tensor(xs).cast(dt), name)().float().numpy()
        print(f"{dt} {name}: tinygrad {got.tolist()}, numpy {ref(rounded).tolist()}")
        wrong += not np.allclose(got, ref(rounded), rtol=0.05, atol=0)
xs = np.array([-7.66, -10.0], np.float16)
got, want = Tensor(xs).softplus().float().numpy(), np.log1p(np.exp(xs.astype(np.float64)))
print(f"float16 softplus: tinygrad {got.tolist()}, numpy {want.tolist()}")
wrong += not np.allclose(got, want, rtol=0.05, atol=0)
sys.exit(1 if wrong else 0)

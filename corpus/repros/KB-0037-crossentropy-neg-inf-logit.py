"""KB-0037: float16/bfloat16 sparse_categorical_crossentropy (and cross_entropy) is nan when a class that is not the
target has a -inf logit. tinygrad computes -(log_softmax(x) * one_hot(Y)).sum(-1): that logit's log-probability is
-inf and -inf * 0 is nan. In float32 the scheduler happens to turn the masked sum into an indexed load, so the product
is never formed; in float16/bfloat16 the cast of the one-hot blocks that rewrite.
numpy (log_softmax, then a gather): 1.3132617; torch cross_entropy: float16 1.3135, bfloat16 1.3125.
Needs only tinygrad and numpy. Exits non-zero while the bug is present."""
import os, sys
os.environ.setdefault("DEV", "CPU")
import numpy as np
from tinygrad import Tensor, dtypes
X, Y = np.array([[-np.inf, 0.0, 1.0]], np.float32), np.array([1], np.int32)
got = {str(dt): Tensor(X, dtype=dt).sparse_categorical_crossentropy(Tensor(Y), reduction="none").float().numpy()
       for dt in (dtypes.float16, dtypes.bfloat16, dtypes.float32)}
print(got)
sys.exit(0 if all(np.allclose(v, [1.3132617], rtol=1e-2) for v in got.values()) else 1)

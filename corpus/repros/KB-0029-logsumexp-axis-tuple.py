"""KB-0029: logsumexp(axis=(1,)) raises TypeError, while sum/max/mean take an axis tuple (torch takes one too).

Needs only tinygrad and numpy. Exits non-zero while the bug is present."""
import os, sys
os.environ.setdefault("DEV", "CPU")
import numpy as np
from tinygrad import Tensor
x = np.arange(6, dtype=np.float32).reshape(2, 3)
got = Tensor(x).logsumexp(axis=(1,)).numpy()       # TypeError: '<=' not supported between 'int' and 'tuple'
want = np.log(np.exp(x).sum(axis=1))
sys.exit(0 if np.allclose(got, want, atol=1e-5) else 1)

"""KB-0083: float64 sparse_categorical_crossentropy of logits that are one value expanded is float32-grade: the sum of
where(one-hot mask, log_softmax(x), 0) over rows of equal logits gives -5.837730407714844 for -3 log 7 =
-5.8377304471659395 (7e-9 relative; float64 should be within 1e-15). log_softmax alone, a realized log_softmax, or
x - logsumexp(x) are exact; the mask must be built from arange == labels, as the loss builds it. Campaign bucket
0555174428 (2026-12-06): (257, 7) logits, reduction='sum', 500.10028 for 500.09891. Needs only tinygrad and numpy.
Exits non-zero while the bug is present."""
import os, sys
os.environ.setdefault("DEV", "CPU")
import numpy as np
from tinygrad import Tensor
labels = Tensor(np.array([0, 1, 2], np.int32))
logits = Tensor(np.array([[-1.0]])).realize().expand(3, 7)            # float64, every logit equal
mask = Tensor.arange(7).unsqueeze(0).expand(3, 7) == labels.reshape(-1, 1)
got = float(mask.where(logits.log_softmax(-1), 0).sum().numpy())
want = -3 * np.log(7.0)
many = Tensor(np.random.default_rng(0).integers(0, 7, 257).astype(np.int32))       # the bucket's size
loss = float(Tensor(np.array([[-1.0]])).realize().expand(257, 7).sparse_categorical_crossentropy(many, reduction="sum")
             .numpy())
print(f"sum(where(mask, log_softmax, 0)): {got!r}, want {want!r}; the loss over 257 rows: {loss!r}, want "
      f"{257 * np.log(7.0)!r}")
sys.exit(0 if abs(got - want) <= 1e-12 and abs(loss - 257 * np.log(7.0)) <= 1e-9 else 1)

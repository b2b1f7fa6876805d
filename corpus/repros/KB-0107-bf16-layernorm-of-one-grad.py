"""KB-0107: the bfloat16 gradient through a layernorm whose normalized axes hold one element is wrong when the
input's gradient has another term: x (3, 1) = [1, 2, 0], layernorm over the last axis (eps 1e-5: its output is 0,
its gradient exactly 0) plus a layernorm over both axes gives [0, 2, 2] for [-1.23, 0.61, 0.61] (torch bfloat16 and
numpy float64; tinygrad float32 agrees with them). Each layernorm alone is right. Found by tinyfuzz's campaign on
2026-12-07 (bucket 131c598dfe, grad-shard mode; unsharded it fails the same). Needs only tinygrad and numpy.
Exits 1 while the bug is present."""
import os, sys
os.environ.setdefault("DEV", "CPU")
import numpy as np
from tinygrad import Tensor, dtypes


def grad(dtype):
    x = Tensor([[1.0], [2.0], [0.0]], dtype=dtype).contiguous().realize()
    w = Tensor([[1.0], [2.0], [3.0]])
    loss = (x.layernorm(axis=-1, eps=1e-5).float() * 1.5).sum() + (x.layernorm(axis=(-2, -1), eps=1e-3).float() * w).sum()
    return loss.gradient(x)[0].float().numpy().ravel()


# numpy float64: the first layernorm's gradient is 0; the second's is rstd * (g - mean(g) - xhat * mean(g * xhat))
x = np.array([1.0, 2.0, 0.0]); g = np.array([1.0, 2.0, 3.0])
xhat = (x - x.mean()) / np.sqrt(x.var() + 1e-3)
want = (g - g.mean() - xhat * (g * xhat).mean()) / np.sqrt(x.var() + 1e-3)
got32, got16 = grad(dtypes.float32), grad(dtypes.bfloat16)
ok32 = np.allclose(got32, want, rtol=1e-4, atol=1e-4)
ok16 = np.allclose(got16, want, rtol=5e-2, atol=5e-2)
print(f"float32:  {got32.tolist()}", "ok" if ok32 else "WRONG")
print(f"bfloat16: {got16.tolist()}", "ok" if ok16 else "WRONG", f"(want {want.round(4).tolist()})")
sys.exit(0 if ok16 else 1)

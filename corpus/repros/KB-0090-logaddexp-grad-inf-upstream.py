"""KB-0090: the gradient of logaddexp (so softplus, logsigmoid, mish) is nan at the larger argument when the incoming
gradient is infinite: d/dx [softplus(x) * inf] at x = 1 is nan, and so is d/dx [logsigmoid(x) * inf] at x = -1.
logaddexp(a, b) is log(exp(a-m) + exp(b-m)) + m with m = maximum(a, b) (tinygrad/mixin/elementwise.py), and m is not
detached: the gradient through m is g - g*s_a - g*s_b, which is exactly 0 for finite g but inf - inf = nan for g = inf,
and maximum routes it to the larger argument. logsumexp detaches its max (mixin/op.py, since #17088) and is fine.
torch: d/dx [softplus(x)*inf] = inf * sigmoid(1) = inf; d/dx [logsigmoid(x)*inf] at -1 = inf * sigmoid(1) = inf;
numpy (the analytic derivative inf * 0.7311) = inf. Found by the H100 host's campaign on 2026-12-06 (bucket
5ffb55796f: float16 logsigmoid(-1.0) divided by a padded zero, grad mode). Needs only tinygrad and numpy. Exits 1 while
the bug is present."""
import os, sys
os.environ.setdefault("DEV", "CPU")
import numpy as np
from tinygrad import Tensor

def grad(f, v):
  x = Tensor(np.array([v], np.float32)).contiguous().realize()
  return f(x).mul(Tensor(np.array([np.inf], np.float32))).sum().gradient(x)[0].numpy()

got = {"softplus(1)": grad(lambda x: x.softplus(), 1.0), "logsigmoid(-1)": grad(lambda x: x.logsigmoid(), -1.0),
       "logaddexp(1, 0.5)": grad(lambda x: x.logaddexp(0.5), 1.0)}
want = np.inf * (1 / (1 + np.exp(-1.0)))   # inf * sigmoid(1) = inf
for k, g in got.items(): print(f"d/dx [{k} * inf]: got {g}, want [{want}]")
sys.exit(0 if all(np.array_equal(g, [np.inf]) for g in got.values()) else 1)

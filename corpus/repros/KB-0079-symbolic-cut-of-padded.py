"""KB-0079: a padded tensor cut to a symbolic length fails to compile with "AssertionError: val is only for CONST,
got Ops.PARAM": `x.pad(((0, 0), (0, 1)))[:, :v]` with v a bound Variable, made contiguous. codegen/simplify.py
mark_gated keeps, per range, the largest constant c of its guards "r < c"; a range that is also read ungated is kept
with its end, r.src[0], which for a symbolic range is the Variable (a PARAM), and the next guard compares `.val` of
it. tinygrad 0.13 fails at the same place with "TypeError: '<' not supported between instances of 'tuple' and
'int'". numpy and torch: x[:, :3] of the padded tensor, [[0, 1, 2], [5, 6, 7]]. Found by a campaign's symbolic shapes
(fuzz/ops/symbolic.py) on 2026-12-06. Needs only tinygrad and numpy. Exits non-zero while the bug is present."""
import os, sys
os.environ.setdefault("DEV", "CPU")
import numpy as np
from tinygrad import Tensor, Variable
x = Tensor(np.arange(10, dtype=np.float32).reshape(2, 5)).realize()
v = Variable("v", 1, 6).bind(3)
want = np.pad(np.arange(10, dtype=np.float32).reshape(2, 5), ((0, 0), (0, 1)))[:, :3]
try:
    got = x.pad(((0, 0), (0, 1)))[:, :v].contiguous().shrink(((0, 2), (0, 3))).numpy()
except (AssertionError, TypeError) as e:
    print(f"{type(e).__name__}: {e}; want {want.tolist()}")
    sys.exit(1)
print("got", got.tolist(), "want", want.tolist())
print("without the pad:", Tensor(np.arange(12, dtype=np.float32).reshape(2, 6)).realize()[:, :v].contiguous()
      .shrink(((0, 2), (0, 3))).numpy().tolist())
sys.exit(0 if np.array_equal(got, want) else 1)

"""KB-0017: casting an integer constant to a narrower integer dtype does not wrap when the cast is constant-folded,
so a chain like int32 -> uint8 -> int16 of a scalar Tensor returns the original value.

Reachable from the public Tensor API: a Tensor made from a Python int or a 0-d numpy array is a CONST UOp, and the
simplifier folds CAST(CONST) with `root.const_like(c.val)` (tinygrad/uop/symbolic.py); DType.const
(tinygrad/dtype.py) keeps a Python int as is for integer dtypes, so the uint8 constant holds -1 and the next cast
passes it through. The same missing wrap makes int64 constant folding emit out-of-range C literals (KB-0015).
numpy and torch: int32 -1 -> uint8 -> int16 is 255; int64 -86897077 -> int8 -> int32 is 75.
tinygrad 0.14.0: -1 and -86897077; UOp.const(-86897077, int64).cast(int8).cast(int32).simplify() is CONST -86897077.
Needs only tinygrad and numpy. Exits non-zero while the bug is present."""
import os, sys
os.environ.setdefault("DEV", "CPU")
import numpy as np
from tinygrad import Tensor, UOp, dtypes

got1 = Tensor(-1, dtype=dtypes.int32).cast(dtypes.uint8).cast(dtypes.int16).numpy()
want1 = np.array(-1, np.int32).astype(np.uint8).astype(np.int16)
got2 = Tensor(np.array(-86897077, dtype=np.int64)).cast(dtypes.int8).cast(dtypes.int32).numpy()
want2 = np.array(-86897077, np.int64).astype(np.int8).astype(np.int32)
folded = UOp.const(-86897077, dtypes.int64).cast(dtypes.int8).cast(dtypes.int32).simplify()
print("int32 -1 -> uint8 -> int16:", got1, "want", want1)
print("int64 -86897077 -> int8 -> int32:", got2, "want", want2)
print("UOp simplify:", folded.op, folded.arg, "want", int(want2))
ok = got1 == want1 and got2 == want2 and folded.arg == int(want2)
sys.exit(0 if ok else 1)

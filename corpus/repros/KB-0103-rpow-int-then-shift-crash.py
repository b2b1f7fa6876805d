"""KB-0103: a right shift of `2 ** x` for an int tensor x raises RuntimeError: shift operands must be int, got
[dtypes.weakfloat, dtypes.weakint]: (2 ** Tensor([4])) >> 0 (torch: tensor([16])). The power reports dtypes.int
but is built as exp2 of a weakfloat, and the shift meets that. 0.13.0 fails UOp verification on Ops.SHR of an EXP2
instead. Found by tinyfuzz on the device machine on 2026-12-07 (bucket dcf9328ccc: int32 [4], 2 ** x, then >> 0).
Needs only tinygrad and numpy. Exits 1 while the bug is present."""
import os, sys
os.environ.setdefault("DEV", "CPU")
import numpy as np
from tinygrad import Tensor
x = Tensor(np.array([4, 3], np.int32)).contiguous().realize()
try:
    got = ((2 ** x) >> 1).numpy()
except RuntimeError as e:
    print(f"(2 ** x) >> 1: RuntimeError: {str(e)[:100]} (want [8, 4])")
    sys.exit(1)
ok = np.array_equal(got, [8, 4])
print(f"(2 ** x) >> 1: {got.tolist()}", "ok" if ok else "WRONG (want [8, 4])")
sys.exit(0 if ok else 1)

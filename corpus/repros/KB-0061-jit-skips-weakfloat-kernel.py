"""KB-0061: TinyJit does not capture a kernel whose result is typed weakfloat, which is what an int tensor met by a
Python float gives in tinygrad 0.14 (`x * 0.5`, `x.minimum(0.25)` for int x; their dtype is dtypes.weakfloat).
Alone in the jitted function the capture call raises JitError "didn't JIT anything!"; beside another kernel the
replays return the capture call's numbers. `x.float() * 0.5` and `x / 2` (typed float) are captured and correct.
Eager tinygrad, numpy and torch give x * 0.5 for each call's x. Needs only tinygrad and numpy. Exits non-zero while
the bug is present."""
import os, sys
os.environ.setdefault("DEV", "CPU")
import numpy as np
from tinygrad import Tensor, TinyJit
from tinygrad.engine.jit import JitError

@TinyJit
def step(x, y):
    return [(y + 1).contiguous().realize(), (x * 0.5).contiguous().realize()]

wrong = 0
for call in range(4):
    a = np.arange(4, dtype=np.int32) + call
    try:
        got = step(Tensor(a).contiguous().realize(), Tensor([1.0]).contiguous().realize())[1].numpy()
    except JitError as e:
        print(f"call {call}: JitError: {e}")
        wrong += 1
        break
    print(f"call {call}: tinygrad {got.tolist()}, numpy {(a * 0.5).tolist()}")
    wrong += not np.array_equal(got, (a * 0.5).astype(np.float32))
sys.exit(1 if wrong else 0)

"""KB-0065: a value made from an int tensor and a Python float (typed weakfloat: `a * 0.5`, `a.maximum(-1.5)`),
built before `a.assign(...)`, reads the assigned numbers when both are realized together: a = [4] (int64);
r = a * 0.5; a.assign([9]) gives r == 4.5, where eager evaluation (numpy, torch) gives 2.0. `a.float() * 0.5`, `a + 1`
and `a.cast(float32)` keep the old numbers, as a whole-tensor assign should. Needs only tinygrad and numpy. Exits
non-zero while the bug is present."""
import os, sys
os.environ.setdefault("DEV", "CPU")
import numpy as np
from tinygrad import Tensor, dtypes
wrong = 0
for name, f, want in [("a * 0.5", lambda a: a * 0.5, 2.0), ("a.maximum(-1.5)", lambda a: a.maximum(-1.5), 4.0),
                      ("a.float() * 0.5 (control)", lambda a: a.float() * 0.5, 2.0)]:
    a = Tensor(np.array([4], np.int64)).contiguous().realize()
    r = f(a)
    a.assign(Tensor(np.array([9], np.int64)))
    Tensor.realize(r, a)
    got = r.numpy().tolist()
    print(f"{name} built before a.assign([9]): tinygrad {got}, numpy [{want}]")
    wrong += got != [want]
sys.exit(1 if wrong else 0)

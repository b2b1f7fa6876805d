"""tinyfuzz bucket bf6b3ca810: mismatch (jit) on CPU: call 3 (replay) differs from eager: output 0 (int16): at []: got np.int16(5), expected np.int16(9) (1 of 1 differ)

Needs only tinygrad and numpy. Exits 1 while the bug is present, 0 once it is fixed.
"""
import os, sys
os.environ.setdefault('DEV', 'CPU')
import numpy as np
if os.environ.get('TINYFUZZ_PLANT'):   # tinyfuzz's own tests plant a bug this way
    mod, plant = os.environ['TINYFUZZ_PLANT'].split(':'); __import__(mod, fromlist=['_']).apply_plant(plant)
from tinygrad import Tensor, dtypes

def _key(index):
    return tuple(slice(*i) if isinstance(i, list) else i for i in index)

x0 = Tensor(np.array([4, 6], dtype=np.int16).reshape((2,)), dtype=dtypes.int16).contiguous().realize()
v0 = x0[_key([1])]
got = [v0.numpy()]
want = [np.array([6], dtype=np.int16).reshape(())]
tolerances = [None]   # (atol, rtol), None: exact
bad = 0
for i, (g, w, tol) in enumerate(zip(got, want, tolerances)):
    same_shape = g.shape == w.shape
    ok = same_shape and (np.allclose(g.astype(np.float64), w.astype(np.float64), atol=tol[0], rtol=tol[1],
                                     equal_nan=True) if tol else np.array_equal(g, w))
    print(f'output {i}:', 'ok' if ok else 'WRONG', f'\n  expected {w!r}\n  got      {g!r}')
    bad += not ok
sys.exit(1 if bad else 0)

"""tinyfuzz bucket b997de207a: died (opt:beam) on CPU beam BEAM_UPCAST_MAX=16 BEAM_LOCAL_MAX=16 BEAM_TIMEOUT_SEC=5: killed by SIGFPE in tinygrad/runtime/ops_cpu.py:__call__ at tinygrad/runtime/ops_cpu.py:__call__

Needs only tinygrad and numpy. Exits 1 while the bug is present, 0 once it is fixed.
"""
import os, sys
os.environ.setdefault('DEV', 'CPU')
import numpy as np
if os.environ.get('TINYFUZZ_PLANT'):   # tinyfuzz's own tests plant a bug this way
    mod, plant = os.environ['TINYFUZZ_PLANT'].split(':'); __import__(mod, fromlist=['_']).apply_plant(plant)
from tinygrad import Tensor, dtypes

x0 = Tensor(np.array([-94.25246672122812, -41.75382818800539], dtype=np.float64).reshape((2, 1, 1, 1)), dtype=dtypes.float64).contiguous().realize()
x1 = Tensor(np.array([-8], dtype=np.int8).reshape((1, 1)), dtype=dtypes.int8).contiguous().realize()
v0 = x0.cast(dtypes.int8)
v1 = v0.div(x1, rounding_mode='trunc')
got = [v1.numpy()]
want = [np.array([11, 5], dtype=np.int8).reshape((2, 1, 1, 1))]
tolerances = [None]   # (atol, rtol), None: exact
bad = 0
for i, (g, w, tol) in enumerate(zip(got, want, tolerances)):
    same_shape = g.shape == w.shape
    ok = same_shape and (np.allclose(g.astype(np.float64), w.astype(np.float64), atol=tol[0], rtol=tol[1],
                                     equal_nan=True) if tol else np.array_equal(g, w))
    print(f'output {i}:', 'ok' if ok else 'WRONG', f'\n  expected {w!r}\n  got      {g!r}')
    bad += not ok
sys.exit(1 if bad else 0)

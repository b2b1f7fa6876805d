"""tinyfuzz bucket bc0cd3d056: mismatch (value) on CPU: output 0 (bool): at [2, 1]: got np.False_, expected np.True_ (2 of 24 differ)

Needs only tinygrad and numpy. Exits 1 while the bug is present, 0 once it is fixed.
"""
import os, sys
os.environ.setdefault('DEV', 'CPU')
import numpy as np
if os.environ.get('TINYFUZZ_PLANT'):   # tinyfuzz's own tests plant a bug this way
    mod, plant = os.environ['TINYFUZZ_PLANT'].split(':'); __import__(mod, fromlist=['_']).apply_plant(plant)
from tinygrad import Tensor, dtypes

x0 = Tensor(np.array([-1.0260088443756104, -1.2736228704452515, 0.1853991001844406, -3.8892135620117188,
    1.0000000150474662e+30, -1.8009483814239502, 0.9898636341094971, np.inf, -2.4692790508270264,
    -0.7884557843208313, 3.047840118408203, 1.6022814512252808, -0.0, 1.0000000150474662e+30,
    2.6604373455047607, 0.7966580986976624, 0.4357735514640808, 0.13401679694652557,
    -1.773898959159851, 1.0000000150474662e+30, np.nan, 2.0864903926849365, -0.5651618242263794,
    -9.99994610111476e-41], dtype=np.float32).reshape((8, 3)), dtype=dtypes.float32).contiguous().realize()
v0 = x0.hardsigmoid()
v1 = v0.isfinite()
got = [v1.numpy()]
want = [np.array([True, True, True, True, True, True, True, True, True, True, True, True, True, True, True, True,
    True, True, True, True, False, True, True, True], dtype=np.bool).reshape((8, 3))]
tolerances = [None]   # (atol, rtol), None: exact
bad = 0
for i, (g, w, tol) in enumerate(zip(got, want, tolerances)):
    same_shape = g.shape == w.shape
    ok = same_shape and (np.allclose(g.astype(np.float64), w.astype(np.float64), atol=tol[0], rtol=tol[1],
                                     equal_nan=True) if tol else np.array_equal(g, w))
    print(f'output {i}:', 'ok' if ok else 'WRONG', f'\n  expected {w!r}\n  got      {g!r}')
    bad += not ok
sys.exit(1 if bad else 0)

"""tinyfuzz bucket a4e26716ad: mismatch (value) on CPU: output 0 (float64): at [1, 2]: got np.float64(inf), expected np.float64(nan)

Needs only tinygrad and numpy. Exits 1 while the bug is present, 0 once it is fixed.
"""
import os, sys
os.environ.setdefault('DEV', 'CPU')
import numpy as np
if os.environ.get('TINYFUZZ_PLANT'):   # tinyfuzz's own tests plant a bug this way
    mod, plant = os.environ['TINYFUZZ_PLANT'].split(':'); __import__(mod, fromlist=['_']).apply_plant(plant)
from tinygrad import Tensor, dtypes

x0 = Tensor(np.array([np.nan, -89.60920261882049, -20.384762512347336, -93.12851510444784, -73.85822927694022,
    -54.35685144401141, -37.25056183167581, 0.0, -11.759027112297346, np.inf, np.nan,
    -65.40751444945197, -19.216945704704116, 15.26046400449863, -77.37179541286585,
    96.13332226565814, 21.049448524603108, 72.58564010503756, 91.42138378925148,
    -40.312949062429084, 87.13912525264666, -79.4560519070416, 48.7904755733835, 93.5809672399999,
    -5e-324, 0.0, -83.12251493979943, -1e+30, 15.81535441202962, 1e+30, -66.45469056394754,
    45.43706335044763, -54.569285820417846, -5e-324, -25.55692266412457, 54.417505033125025,
    -95.41599904070681, -np.inf, -95.18188114954805, 54.39544714747592, 96.90889810841401, np.nan,
    -49.2545109166485, np.inf, 63.62380281028277, -1e+30, 11.025513353390053, -0.0,
    19.719747401179433], dtype=np.float64).reshape((7, 7)), dtype=dtypes.float64).contiguous().realize()
x1 = Tensor(np.array([4.0], dtype=np.float32).reshape(()), dtype=dtypes.float32).contiguous().realize()
v0 = x0.div(x1, rounding_mode='floor')
got = [v0.numpy()]
want = [np.array([np.nan, -23.0, -6.0, -24.0, -19.0, -14.0, -10.0, 0.0, -3.0, np.nan, np.nan, -17.0, -5.0, 3.0, -20.0,
    24.0, 5.0, 18.0, 22.0, -11.0, 21.0, -20.0, 12.0, 23.0, -1.0, 0.0, -21.0, -2.5e+29, 3.0, 2.5e+29,
    -17.0, 11.0, -14.0, -1.0, -7.0, 13.0, -24.0, np.nan, -24.0, 13.0, 24.0, np.nan, -13.0, np.nan,
    15.0, -2.5e+29, 2.0, -0.0, 4.0], dtype=np.float64).reshape((7, 7))]
tolerances = [(1e-09, 1e-09)]   # (atol, rtol), None: exact
bad = 0
for i, (g, w, tol) in enumerate(zip(got, want, tolerances)):
    same_shape = g.shape == w.shape
    ok = same_shape and (np.allclose(g.astype(np.float64), w.astype(np.float64), atol=tol[0], rtol=tol[1],
                                     equal_nan=True) if tol else np.array_equal(g, w))
    print(f'output {i}:', 'ok' if ok else 'WRONG', f'\n  expected {w!r}\n  got      {g!r}')
    bad += not ok
sys.exit(1 if bad else 0)

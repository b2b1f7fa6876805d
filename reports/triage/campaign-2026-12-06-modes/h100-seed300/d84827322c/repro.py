"""tinyfuzz bucket d84827322c: mismatch (value) on CPU: output 0 (float16): at [2, 1, 4]: got np.float64(38656.0), expected np.float64(38528.0) (1 of 80 differ)

Needs only tinygrad and numpy. Exits 1 while the bug is present, 0 once it is fixed.
"""
import os, sys
os.environ.setdefault('DEV', 'CPU')
import numpy as np
if os.environ.get('TINYFUZZ_PLANT'):   # tinyfuzz's own tests plant a bug this way
    mod, plant = os.environ['TINYFUZZ_PLANT'].split(':'); __import__(mod, fromlist=['_']).apply_plant(plant)
from tinygrad import Tensor, dtypes

x0 = Tensor(np.array([1.8291015625, -0.481201171875, 0.2147216796875, 0.34716796875, -1.400390625, -1.728515625,
    1.037109375, -1.853515625, 2.0546875, -2.08203125, 2.40234375, 4.86328125, 5.046875, 2.5390625,
    -1.15625, -4.265625, -2.16796875, -2.072265625, 4.67578125, 0.97216796875, 2.283203125,
    3.140625, -1.0107421875, -1.572265625, -0.004360198974609375, -2.90625, -1.5478515625,
    -1.9794921875, -0.0704345703125, -2.9921875, 1.9443359375, 0.295166015625, 0.486083984375,
    2.056640625, -1.4873046875, 0.8486328125, 0.03021240234375, 1.1669921875, 1.7958984375,
    1.4892578125, 0.2235107421875, -1.025390625, 1.0185546875, -2.15625, -0.265625, 4.80859375,
    1.1337890625, -0.84375, -2.998046875, -3.7734375, 3.060546875, -1.380859375, 3.521484375,
    1.603515625, 0.435546875, 1.1494140625, -1.982421875, 1.7646484375, 0.9638671875, 1.517578125,
    -0.5634765625, -0.80859375, 0.6865234375, 1.072265625, 1.3037109375, -3.02734375, 0.63720703125,
    -0.1351318359375, 0.8310546875, -3.4609375, 0.669921875, 1.9755859375, -0.1630859375, 2.640625,
    1.095703125, 3.240234375, -1.8212890625, -1.6923828125, -1.1708984375, 1.85546875], dtype=np.float16).reshape((4, 4, 5)), dtype=dtypes.float16).contiguous().realize()
x1 = Tensor(np.array([-3.392578125, -2.798828125, 1.021484375, -5.960464477539063e-08], dtype=np.float16).reshape((4,)), dtype=dtypes.float16).contiguous().realize()
x2 = Tensor(np.array([1.150390625], dtype=np.float16).reshape(()), dtype=dtypes.float16).contiguous().realize()
x3 = Tensor(np.array([3.986328125, 3.671875, -2.53125, -0.391357421875], dtype=np.float16).reshape((4,)), dtype=dtypes.float16).contiguous().realize()
x4 = Tensor(np.array([-1.1728515625, 0.5693359375, 4.8984375, 1.349609375], dtype=np.float16).reshape((4,)), dtype=dtypes.float16).contiguous().realize()
x5 = Tensor(np.array([0.837890625, 60000.0, 5.960464477539063e-08, 5.960464477539063e-08], dtype=np.float16).reshape((4,)), dtype=dtypes.float16).contiguous().realize()
v0 = x0.batchnorm(x1, x1, x1, x2)
v1 = v0.batchnorm(x1, x3, x4, x5)
got = [v1.numpy()]
want = [np.array([68.25, 42.625, 50.375, 51.78125, 32.40625, np.inf, np.inf, np.inf, np.inf, np.inf, -2.53125,
    -2.53125, -2.53125, -2.53125, -2.53125, -0.391357421875, -0.391357421875, -0.391357421875,
    -0.391357421875, -0.391357421875, 73.25, 82.75, 36.75, 30.5, 47.9375, np.inf, np.inf, np.inf,
    np.inf, np.inf, -2.53125, -2.53125, -2.53125, -2.53125, -2.53125, -0.391357421875,
    -0.391357421875, -0.391357421875, -0.391357421875, -0.391357421875, 50.4375, 36.5625, 59.1875,
    24.015625, 45.0, np.inf, np.inf, np.inf, np.inf, 38528.0, -2.53125, -2.53125, -2.53125,
    -2.53125, -2.53125, -0.391357421875, -0.391357421875, -0.391357421875, -0.391357421875,
    -0.391357421875, 41.6875, 38.96875, 55.5625, 59.8125, 62.375, np.inf, np.inf, np.inf, np.inf,
    np.inf, -2.53125, -2.53125, -2.53125, -2.53125, -2.53125, -0.391357421875, -0.391357421875,
    -0.391357421875, -0.391357421875, -0.391357421875], dtype=np.float16).reshape((4, 4, 5))]
tolerances = [(0.003, 0.003)]   # (atol, rtol), None: exact
bad = 0
for i, (g, w, tol) in enumerate(zip(got, want, tolerances)):
    same_shape = g.shape == w.shape
    ok = same_shape and (np.allclose(g.astype(np.float64), w.astype(np.float64), atol=tol[0], rtol=tol[1],
                                     equal_nan=True) if tol else np.array_equal(g, w))
    print(f'output {i}:', 'ok' if ok else 'WRONG', f'\n  expected {w!r}\n  got      {g!r}')
    bad += not ok
sys.exit(1 if bad else 0)

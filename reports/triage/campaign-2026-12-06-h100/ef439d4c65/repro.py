"""tinyfuzz bucket ef439d4c65: crash (crash) on CPU: CalledProcessError: Command '['/tmp/clang19/usr/lib/llvm-19/bin/clang-19', '-c', '-x', 'c', '-O2', '-fPIC', '-ffreestanding', '-fno-math-errno', '-nostdlib', '-fno-ident', '--target=x86_64-none-unknown-elf', '-march=native', '-', '-o', '-']' returned

Needs only tinygrad and numpy. Exits 1 while the bug is present, 0 once it is fixed.
"""
import os, sys
os.environ.setdefault('DEV', 'CPU')
import numpy as np
if os.environ.get('TINYFUZZ_PLANT'):   # tinyfuzz's own tests plant a bug this way
    mod, plant = os.environ['TINYFUZZ_PLANT'].split(':'); __import__(mod, fromlist=['_']).apply_plant(plant)
from tinygrad import Tensor, dtypes

x0 = Tensor(np.array([1.390625, 2.046875, 0.26953125, -0.6875, 0.9609375, 2.09375, -2.4375, 2.296875, -1.546875,
    -1.3984375, -1.546875, 3.9375, -0.8046875, -2.8125, -2.234375, 1.2734375, -1.046875, 1.8984375,
    1.25, -0.94921875, 1.6171875, 0.98828125, 0.8203125, -0.23828125, 2.25, -2.21875, 1.7734375,
    -0.333984375, -0.5625, 0.94140625, -2.625, 1.25, 1.375, 2.6875, 2.59375, -0.54296875,
    -0.322265625, -1.28125, 1.6796875, -2.5625, 1.1328125, 1.6484375, -0.5390625, -0.96484375,
    4.28125, 4.40625, 1.0390625, -3.65625, -2.828125, -0.80859375, -0.67578125, -0.48828125,
    -0.93359375, -2.453125, 2.671875, 0.06591796875, 2.0, -5.0, -1.6015625, 0.72265625, 1.8515625,
    3.0, -1.2265625, 1.734375, -1.5703125, -1.1328125, -1.9765625, 2.0, 0.2412109375, -2.78125,
    -0.3359375, 0.4765625, 1.296875, -0.625, 2.3125, -1.359375, 0.2021484375, 1.71875, -1.140625,
    -3.015625, -0.59765625, 1.921875, -0.037109375, -0.78125], dtype=np.float32).reshape((4, 3, 7, 1))).cast(dtypes.bfloat16).contiguous().realize()
v0 = x0.triu(1)
v1 = v0.triu(2)
got = [v1.numpy()]
want = [np.array([0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0,
    0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0,
    0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0,
    0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0,
    0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0], dtype=np.float32).reshape((4, 3, 7, 1))]
tolerances = [(0.015, 0.015)]   # (atol, rtol), None: exact
bad = 0
for i, (g, w, tol) in enumerate(zip(got, want, tolerances)):
    same_shape = g.shape == w.shape
    ok = same_shape and (np.allclose(g.astype(np.float64), w.astype(np.float64), atol=tol[0], rtol=tol[1],
                                     equal_nan=True) if tol else np.array_equal(g, w))
    print(f'output {i}:', 'ok' if ok else 'WRONG', f'\n  expected {w!r}\n  got      {g!r}')
    bad += not ok
sys.exit(1 if bad else 0)

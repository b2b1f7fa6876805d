"""tinyfuzz bucket fadc6cf954: crash (crash) on CPU: CalledProcessError: Command '['/tmp/clang19/usr/lib/llvm-19/bin/clang-19', '-c', '-x', 'c', '-O2', '-fPIC', '-ffreestanding', '-fno-math-errno', '-nostdlib', '-fno-ident', '--target=x86_64-none-unknown-elf', '-march=native', '-', '-o', '-']' returned

Needs only tinygrad and numpy. Exits 1 while the bug is present, 0 once it is fixed.
"""
import os, sys
os.environ.setdefault('DEV', 'CPU')
import numpy as np
if os.environ.get('TINYFUZZ_PLANT'):   # tinyfuzz's own tests plant a bug this way
    mod, plant = os.environ['TINYFUZZ_PLANT'].split(':'); __import__(mod, fromlist=['_']).apply_plant(plant)
from tinygrad import Tensor, dtypes

x0 = Tensor(np.array([-1.0, 4.0, -0.0, 3.0, -0.0, 2.0, -1.0, -2.0, 4.0, -2.0, 0.0, -4.0, 0.0, -4.0, 0.0, 3.0, 0.0, -0.0,
    -1.0, -0.0, -1.0, -1.0, 3.0, 2.0, -1.0, 1.0, 2.0, 0.0, -2.0, -2.0, 1.0, -1.0, -2.0, -0.0, -3.0,
    0.0, 2.0, 4.0, -1.0, -3.0, 3.0, 0.0, -2.0, -2.0, -0.0, -1.0, 0.0, 0.0, 1.0, -2.0, -1.0, -1.0,
    1.0, -3.0, -4.0, 3.0], dtype=np.float32).reshape((1, 7, 8))).cast(dtypes.bfloat16).contiguous().realize()
v0 = x0.logcumsumexp(axis=1)
got = [v0.numpy()]
want = [np.array([-1.0, 4.0, 0.0, 3.0, 0.0, 2.0, -1.0, -2.0, 4.0, 4.0, 0.69140625, 3.0, 0.69140625, 2.0, 0.3125, 3.0,
    4.03125, 4.03125, 0.86328125, 3.046875, 0.86328125, 2.046875, 3.0625, 3.3125, 4.03125, 4.0625,
    2.28125, 3.09375, 0.91796875, 2.0625, 3.1875, 3.328125, 4.03125, 4.09375, 2.28125, 3.140625,
    2.296875, 4.125, 3.203125, 3.328125, 4.34375, 4.09375, 2.296875, 3.140625, 2.390625, 4.15625,
    3.234375, 3.375, 4.375, 4.09375, 2.328125, 3.15625, 2.609375, 4.15625, 3.234375, 3.890625], dtype=np.float32).reshape((1, 7, 8))]
tolerances = [(0.03, 0.03)]   # (atol, rtol), None: exact
bad = 0
for i, (g, w, tol) in enumerate(zip(got, want, tolerances)):
    same_shape = g.shape == w.shape
    ok = same_shape and (np.allclose(g.astype(np.float64), w.astype(np.float64), atol=tol[0], rtol=tol[1],
                                     equal_nan=True) if tol else np.array_equal(g, w))
    print(f'output {i}:', 'ok' if ok else 'WRONG', f'\n  expected {w!r}\n  got      {g!r}')
    bad += not ok
sys.exit(1 if bad else 0)

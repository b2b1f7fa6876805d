"""tinyfuzz bucket 31c4277863: crash (crash) on CPU: CalledProcessError: Command '['/tmp/clang19/usr/lib/llvm-19/bin/clang-19', '-c', '-x', 'c', '-O2', '-fPIC', '-ffreestanding', '-fno-math-errno', '-nostdlib', '-fno-ident', '--target=x86_64-none-unknown-elf', '-march=native', '-', '-o', '-']' returned

Needs only tinygrad and numpy. Exits 1 while the bug is present, 0 once it is fixed.
"""
import os, sys
os.environ.setdefault('DEV', 'CPU')
import numpy as np
if os.environ.get('TINYFUZZ_PLANT'):   # tinyfuzz's own tests plant a bug this way
    mod, plant = os.environ['TINYFUZZ_PLANT'].split(':'); __import__(mod, fromlist=['_']).apply_plant(plant)
from tinygrad import Tensor, dtypes

x0 = Tensor(np.array([-0.0, 3.0, 2.0], dtype=np.float16).reshape((3,)), dtype=dtypes.float16).contiguous().realize().pad(((0, 3),))
v0 = x0.logaddexp(x0)
got = [v0.numpy()]
want = [np.array([0.693359375, 3.693359375, 2.693359375, 0.693359375, 0.693359375, 0.693359375], dtype=np.float16).reshape((6,))]
tolerances = [(0.005, 0.005)]   # (atol, rtol), None: exact
bad = 0
for i, (g, w, tol) in enumerate(zip(got, want, tolerances)):
    same_shape = g.shape == w.shape
    ok = same_shape and (np.allclose(g.astype(np.float64), w.astype(np.float64), atol=tol[0], rtol=tol[1],
                                     equal_nan=True) if tol else np.array_equal(g, w))
    print(f'output {i}:', 'ok' if ok else 'WRONG', f'\n  expected {w!r}\n  got      {g!r}')
    bad += not ok
sys.exit(1 if bad else 0)

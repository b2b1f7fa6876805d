"""tinyfuzz bucket a881a1c434: crash (crash) on CPU: CalledProcessError: Command '['/tmp/clang19/usr/lib/llvm-19/bin/clang-19', '-c', '-x', 'c', '-O2', '-fPIC', '-ffreestanding', '-fno-math-errno', '-nostdlib', '-fno-ident', '--target=x86_64-none-unknown-elf', '-march=native', '-', '-o', '-']' returned

Needs only tinygrad and numpy. Exits 1 while the bug is present, 0 once it is fixed.
"""
import os, sys
os.environ.setdefault('DEV', 'CPU')
import numpy as np
if os.environ.get('TINYFUZZ_PLANT'):   # tinyfuzz's own tests plant a bug this way
    mod, plant = os.environ['TINYFUZZ_PLANT'].split(':'); __import__(mod, fromlist=['_']).apply_plant(plant)
from tinygrad import Tensor, dtypes

x0 = Tensor(np.array([-3.01953125, 0.6826171875, 0.8203125, 3.81640625, -0.77392578125, -3.126953125, 1.2001953125,
    1.5478515625, -3.076171875, -3.357421875, 1.3671875, 3.75390625, 2.7421875, 1.0888671875,
    -0.521484375, -0.1231689453125, -0.81103515625, 0.82470703125, 0.04412841796875, 1.3017578125,
    2.736328125, -3.158203125, 1.7158203125, 2.720703125, -0.70556640625, 2.27734375, 2.359375,
    -1.2529296875, 0.4482421875, 0.93212890625, 0.326416015625, 0.7197265625, -0.382568359375,
    -0.7109375, 0.9375, -0.1651611328125, -1.7880859375, -0.51025390625, 0.7890625, -0.556640625,
    1.1513671875, 2.724609375, 2.4921875, -0.409423828125, 1.787109375, 1.7197265625, -1.4013671875,
    -2.330078125, -0.1273193359375, -2.873046875, 2.328125, 1.380859375, -0.708984375,
    0.20166015625, -0.765625, -0.4912109375, 0.70947265625, -2.31640625, -4.05859375, 1.77734375,
    -1.2177734375, -2.63671875, 0.44091796875, -0.759765625], dtype=np.float16).reshape((8, 2, 4)), dtype=dtypes.float16).contiguous().realize()
x1 = Tensor(np.array([-0.87060546875, 1.0771484375, -2.59375, 0.6181640625, -1.693359375, -0.51806640625, -1.1923828125,
    0.7099609375, -5.07421875, 2.8828125, 1.93359375, -1.0185546875, 1.326171875, 0.60791015625,
    -1.9892578125, 0.83056640625, -0.40283203125, -2.94921875, -2.12109375, -2.34375,
    -0.0494384765625, -5.01171875, -0.77099609375, 1.7509765625, 0.59814453125, 1.44921875,
    -1.9873046875, -1.27734375, 4.3515625, 3.248046875, -1.0849609375, -1.837890625], dtype=np.float16).reshape((4, 8)), dtype=dtypes.float16).contiguous().realize()[::3, ::1]
x2 = Tensor(np.array([-0.2037353515625, -2.87109375, 1.1650390625, 1.68359375, -1.5439453125, 1.1669921875, 0.54541015625,
    -2.00390625], dtype=np.float16).reshape((8, 1)), dtype=dtypes.float16).contiguous().realize().permute(0, 1)
x3 = Tensor(np.array([], dtype=np.float32).reshape((2, 4, 0))).cast(dtypes.bfloat16).contiguous().realize().pad(((0, 3), (0, 2), (2, 2)))
v0 = x0.var(axis=None, keepdim=False, correction=0)
v1 = Tensor.einsum('ij,jk->j', x1, x2)
v2 = x3.atan()
got = [v0.numpy(), v1.numpy(), v2.numpy()]
want = [np.array([3.3671875], dtype=np.float16).reshape(()),
        np.array([0.055511474609375, -7.2578125, -5.33984375, -1.109375, -4.10546875, 3.185546875, -1.2421875,
    2.259765625], dtype=np.float16).reshape((8,)),
        np.array([0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0,
    0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0,
    0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0,
    0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0,
    0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0,
    0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0,
    0.0, 0.0, 0.0, 0.0, 0.0], dtype=np.float32).reshape((5, 6, 4))]
tolerances = [(0.02, 0.01), (0.02, 0.01), (0.1, 0.05)]   # (atol, rtol), None: exact
bad = 0
for i, (g, w, tol) in enumerate(zip(got, want, tolerances)):
    same_shape = g.shape == w.shape
    ok = same_shape and (np.allclose(g.astype(np.float64), w.astype(np.float64), atol=tol[0], rtol=tol[1],
                                     equal_nan=True) if tol else np.array_equal(g, w))
    print(f'output {i}:', 'ok' if ok else 'WRONG', f'\n  expected {w!r}\n  got      {g!r}')
    bad += not ok
sys.exit(1 if bad else 0)

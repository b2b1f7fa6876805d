"""tinyfuzz bucket a93a9375c9: crash (shard) on CPU [3 devices, x0 on axis 1 (at base), x1 on axis 1, x2 replicated, reshard(axis=2) after v0, roundtrip after v1, roundtrip after v1, all2all all-reduce]: ValueError: invalid permutation (1, 0, 2, 3) of len 1 at tinygrad/uop/ops.py:_shape

Needs only tinygrad and numpy. Exits 1 while the bug is present, 0 once it is fixed.
"""
import os, sys
os.environ.setdefault('DEV', 'CPU')
import numpy as np
if os.environ.get('TINYFUZZ_PLANT'):   # tinyfuzz's own tests plant a bug this way
    mod, plant = os.environ['TINYFUZZ_PLANT'].split(':'); __import__(mod, fromlist=['_']).apply_plant(plant)
from tinygrad import Tensor, dtypes

x0 = Tensor(np.array([-0.49952036142349243, -1.0357199907302856, -2.1115715503692627, -0.5108088850975037,
    0.7842159867286682, 2.9605953693389893, -0.3294692933559418, -2.6762497425079346,
    1.0318734645843506, -1.2017258405685425, 1.3277747631072998, -3.7835373878479004,
    -1.9151116609573364, -0.09407828748226166, -0.8480951189994812, -1.5422725677490234,
    0.036325376480817795, 2.5220441818237305, 0.023766018450260162, 2.7315731048583984,
    -0.6974884271621704, -1.46224844455719, 0.8240026831626892, -1.6967647075653076,
    -0.9981414079666138, -2.775397539138794, 0.9016453623771667], dtype=np.float32).reshape((3, 3, 3, 1)), dtype=dtypes.float32).contiguous().realize()
x1 = Tensor(np.array([False, True, True], dtype=np.bool).reshape((1, 3, 1)), dtype=dtypes.bool).contiguous().realize()
x2 = Tensor(np.array([0.4630356729030609], dtype=np.float32).reshape(()), dtype=dtypes.float32).contiguous().realize()
v0 = x0.softmax(1)
v1 = x1.where(x2, x2)
got = [v0.numpy(), v1.numpy()]
want = [np.array([0.31504592299461365, 0.1357710361480713, 0.005443562287837267, 0.31150951981544495,
    0.837906002998352, 0.8683549761772156, 0.3734445571899414, 0.026322927325963974,
    0.12620136141777039, 0.4542638957500458, 0.6595703363418579, 0.001762270461767912,
    0.22258131206035614, 0.1591322422027588, 0.033183250576257706, 0.32315483689308167,
    0.18129748106002808, 0.9650545120239258, 0.6304453015327454, 0.8676797151565552,
    0.15830576419830322, 0.14265254139900208, 0.12879890203475952, 0.05827959254384041,
    0.22690215706825256, 0.0035213774535804987, 0.7834146022796631], dtype=np.float32).reshape((3, 3, 3, 1)),
        np.array([0.4630356729030609, 0.4630356729030609, 0.4630356729030609], dtype=np.float32).reshape((1, 3, 1))]
tolerances = [(1e-05, 0.0001), (1e-05, 0.0001)]   # (atol, rtol), None: exact
bad = 0
for i, (g, w, tol) in enumerate(zip(got, want, tolerances)):
    same_shape = g.shape == w.shape
    ok = same_shape and (np.allclose(g.astype(np.float64), w.astype(np.float64), atol=tol[0], rtol=tol[1],
                                     equal_nan=True) if tol else np.array_equal(g, w))
    print(f'output {i}:', 'ok' if ok else 'WRONG', f'\n  expected {w!r}\n  got      {g!r}')
    bad += not ok
sys.exit(1 if bad else 0)

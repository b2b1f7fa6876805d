"""tinyfuzz bucket 81c35428c5: mismatch (value) on CPU: topk of float64 values: output 0 (float64): at [0, 0, 2]: got np.float64(nan), expected np.float64(-inf)

Needs only tinygrad and numpy. Exits 1 while the bug is present, 0 once it is fixed.
"""
import os, sys
os.environ.setdefault('DEV', 'CPU')
import numpy as np
if os.environ.get('TINYFUZZ_PLANT'):   # tinyfuzz's own tests plant a bug this way
    mod, plant = os.environ['TINYFUZZ_PLANT'].split(':'); __import__(mod, fromlist=['_']).apply_plant(plant)
from tinygrad import Tensor, dtypes

PICK = {'values': 0, 'indices': 1}
def _pick(out, output: str, L=None):
    got = out[PICK[output]]
    return got.to(L.torch.int32) if L is not None and output == "indices" else got

x0 = Tensor(np.array([3.470320820413184, -1e+30, -1e+30, np.inf, np.nan, -0.5735834727987978, np.nan, -1e+30,
    0.12705373480916368, 5e-324, 1.650447683870944, np.nan, 5.314824111179754, 2.85266381625739,
    0.8818108233488641, -0.4842162233420584, 2.8958219987168103, 3.4821237926111137,
    -0.7452009853125758, -0.9721194533150783, np.inf, -0.5946406300945354, -2.9828097120917727,
    -1.3825617134889645, 5e-324, -0.0, -0.7223390952365069, -2.446727769725273, -np.inf,
    -0.9612313607498857, 0.638397717682914, -1.2024276542879566, 1.4931100945652775,
    -0.396569435322231, -1.0556400749090702, -1.753031369252428, 0.13162672606780146,
    0.11302653173702641, -3.5793637750677108, -1.2914217014280749, -0.39163697723380636,
    -3.1924676261547695], dtype=np.float64).reshape((7, 3, 2)), dtype=dtypes.float64).contiguous().realize().permute(2, 0, 1)
v0 = _pick(x0.topk(3, -2, False), 'values')
got = [v0.numpy()]
want = [np.array([-0.7452009853125758, -1e+30, -np.inf, 5e-324, -3.5793637750677108, -2.9828097120917727,
    0.13162672606780146, -0.7223390952365069, -1.0556400749090702, -1e+30, -2.446727769725273,
    -3.1924676261547695, -1e+30, -1.2914217014280749, -1.753031369252428, -1.2024276542879566,
    -0.5946406300945354, -1.3825617134889645], dtype=np.float64).reshape((2, 3, 3))]
tolerances = [(1e-12, 1e-12)]   # (atol, rtol), None: exact
bad = 0
for i, (g, w, tol) in enumerate(zip(got, want, tolerances)):
    same_shape = g.shape == w.shape
    ok = same_shape and (np.allclose(g.astype(np.float64), w.astype(np.float64), atol=tol[0], rtol=tol[1],
                                     equal_nan=True) if tol else np.array_equal(g, w))
    print(f'output {i}:', 'ok' if ok else 'WRONG', f'\n  expected {w!r}\n  got      {g!r}')
    bad += not ok
sys.exit(1 if bad else 0)

"""tinyfuzz bucket 9cf6c334dd: mismatch (shard) on CPU [4 devices, x0 replicated, x1 on axis 1 (at base), x2 replicated, x3 on axis 0, x4 replicated, x5 replicated, x6 replicated, realign(axis=None) after v0, assign after v1, roundtrip after v2, ring all-reduce]: differs from the plain run: output 0 (f

Needs only tinygrad and numpy. Exits 1 while the bug is present, 0 once it is fixed.
"""
import os, sys
os.environ.setdefault('DEV', 'CPU')
import numpy as np
if os.environ.get('TINYFUZZ_PLANT'):   # tinyfuzz's own tests plant a bug this way
    mod, plant = os.environ['TINYFUZZ_PLANT'].split(':'); __import__(mod, fromlist=['_']).apply_plant(plant)
from tinygrad import Tensor, dtypes

x0 = Tensor(np.array([0.267578125], dtype=np.float32).reshape(())).cast(dtypes.bfloat16).contiguous().realize()
x1 = Tensor(np.array([np.nan, -0.0, 1.0000000150474662e+30, 1.5293998718261719, np.inf, 1.0080240964889526,
    1.0000000150474662e+30, 1.953234314918518, -0.8084511160850525, -0.9187381863594055,
    -1.2768337726593018, -0.8288599848747253, -1.0000000150474662e+30, -np.inf,
    9.99994610111476e-41, np.inf, -2.518510580062866, -0.12830407917499542, 2.8974661827087402,
    9.99994610111476e-41, -0.8780487775802612, -0.8849973082542419, 1.0000000150474662e+30,
    -3.1150293350219727, 6.347881317138672, np.inf, 1.8492040634155273, -1.9671030044555664,
    -9.99994610111476e-41, 3.516131639480591, -6.032256603240967, 3.1810927391052246, 0.0,
    -0.9621753096580505, 0.13251236081123352, 1.7423741817474365, -0.10951659083366394,
    5.103781223297119, 9.99994610111476e-41, -2.533696174621582, 0.03274841234087944,
    0.8101388216018677, 1.1700468063354492, -1.0000000150474662e+30, -2.9723753929138184,
    0.23436692357063293, -3.6677417755126953, -2.082763671875, 6.094265937805176,
    -9.99994610111476e-41, -1.2632484436035156, -9.99994610111476e-41, -9.99994610111476e-41,
    np.nan, 2.7385640144348145, -2.9883570671081543, 9.99994610111476e-41, 2.0366668701171875,
    1.0000000150474662e+30, 0.5536580085754395, 0.9664976596832275, 2.7267634868621826,
    2.6627309322357178, -4.158806324005127, -1.0000000150474662e+30, -0.20026567578315735,
    -9.99994610111476e-41, -5.140600204467773, -0.0, 1.0757029056549072, 2.9767422676086426,
    -1.9791862964630127, -2.0527515411376953, 1.6213539838790894, 2.1696245670318604, np.nan,
    -np.inf, 0.504112720489502, 2.9509902000427246, -1.0161043405532837], dtype=np.float32).reshape((5, 4, 4)), dtype=dtypes.float32).contiguous().realize().permute(1, 2, 0)
x2 = Tensor(np.array([], dtype=np.float32).reshape((0, 2)), dtype=dtypes.float32).contiguous().realize().pad(((2, 3), (0, 2)))
x3 = Tensor(np.array([0.0, -0.0, 1.0, 0.0], dtype=np.float32).reshape((4,)), dtype=dtypes.float32).contiguous().realize().expand(4)
x4 = Tensor(np.array([-1.8005352020263672, 0.22649314999580383, 2.7254014015197754, 3.3312463760375977, 0.792015790939331], dtype=np.float32).reshape((5,)), dtype=dtypes.float32).contiguous().realize().flip(0)
v0 = x1.linear(x2, x3)
got = [v0.numpy(), x0.numpy(), x4.numpy()]
want = [np.array([np.nan, np.nan, np.nan, np.nan, 0.0, 0.0, 1.0, 0.0, 0.0, 0.0, 1.0, 0.0, 0.0, 0.0, 1.0, 0.0, np.nan,
    np.nan, np.nan, np.nan, np.nan, np.nan, np.nan, np.nan, 0.0, 0.0, 1.0, 0.0, 0.0, 0.0, 1.0, 0.0,
    0.0, 0.0, 1.0, 0.0, np.nan, np.nan, np.nan, np.nan, 0.0, 0.0, 1.0, 0.0, np.nan, np.nan, np.nan,
    np.nan, np.nan, np.nan, np.nan, np.nan, np.nan, np.nan, np.nan, np.nan, 0.0, 0.0, 1.0, 0.0,
    np.nan, np.nan, np.nan, np.nan], dtype=np.float32).reshape((4, 4, 4)),
        np.array([0.267578125], dtype=np.float32).reshape(()),
        np.array([0.792015790939331, 3.3312463760375977, 2.7254014015197754, 0.22649314999580383, -1.8005352020263672], dtype=np.float32).reshape((5,))]
tolerances = [(0.0001, 0.0001), (0.1, 0.05), (0.0001, 0.0001)]   # (atol, rtol), None: exact
bad = 0
for i, (g, w, tol) in enumerate(zip(got, want, tolerances)):
    same_shape = g.shape == w.shape
    ok = same_shape and (np.allclose(g.astype(np.float64), w.astype(np.float64), atol=tol[0], rtol=tol[1],
                                     equal_nan=True) if tol else np.array_equal(g, w))
    print(f'output {i}:', 'ok' if ok else 'WRONG', f'\n  expected {w!r}\n  got      {g!r}')
    bad += not ok
sys.exit(1 if bad else 0)

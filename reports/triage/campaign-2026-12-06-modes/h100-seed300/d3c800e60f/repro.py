"""tinyfuzz bucket d3c800e60f: mismatch (shard) on CPU [4 devices, x0 on axis 0, x1 on axis 0 (at base), x2 on axis 0, x3 replicated, reshard(axis=0) after v0, realign(axis=1) after v1, assign after v1, ring all-reduce]: output 0 (float64): at [0, 3]: got np.float64(-25.202414418600636), expected np.fl

Needs only tinygrad and numpy. Exits 1 while the bug is present, 0 once it is fixed.
"""
import os, sys
os.environ.setdefault('DEV', 'CPU')
import numpy as np
if os.environ.get('TINYFUZZ_PLANT'):   # tinyfuzz's own tests plant a bug this way
    mod, plant = os.environ['TINYFUZZ_PLANT'].split(':'); __import__(mod, fromlist=['_']).apply_plant(plant)
from tinygrad import Tensor, dtypes

x0 = Tensor(np.array([3.345626908014767, -0.17832004893532274, -1.4602717051393714, 2.0166096877851896,
    -0.9410752445343975, -2.001222981832959, 2.132552758613302, 1.695551377811879], dtype=np.float64).reshape((8,)), dtype=dtypes.float64).contiguous().realize()
x1 = Tensor(np.array([-0.48871619490286544, -2.0276943591806345, 2.421575648609708, 2.9052256809653567,
    -2.9376356371252643, -2.1867178769918185, -1.6198844520922002, 0.8547582043926648,
    1.7621524819756298, -0.0065190665181767155, -3.0683998861831077, -0.6190641795886938,
    -1.4154455933641732, 0.5078608515267912, 1.3700101180465727, -0.825735249284014,
    -0.7103397712547845, -0.8611590069051973, -1.6237488277898224, 1.414635323481777,
    3.2303152928170706, 1.746830241988247, 0.5233330014725334, -0.10437785499510438,
    -0.4035392735065301, -0.7647866353105592, 0.37745352312449143, 1.2377744768186172,
    -0.7958234750050187, 2.7734282560935073, 3.889523316876929, 1.027126095071479], dtype=np.float64).reshape((8, 4)), dtype=dtypes.float64).contiguous().realize()
x2 = Tensor(np.array([-0.19022002538144406], dtype=np.float64).reshape(()), dtype=dtypes.float64).contiguous().realize()
x3 = Tensor(np.array([np.inf, -1.4869430544045024, -np.inf, 1.7784676748974464, 1.520231088665871, 1e+30,
    1.369520665532724, 5e-324, -0.0, 0.4177164779139826, 1e+30, 5e-324, 1e+30, 0.27697545748237967,
    -2.7636957701079963, -3.3037559405543178], dtype=np.float64).reshape((4, 4)), dtype=dtypes.float64).contiguous().realize()
v0 = x0.linear(x1, x2)
v1 = x1.linear(x3, v0)
got = [v1.numpy()]
want = [np.array([-np.inf, -2.0276943591806344e+30, np.inf, 1.4074238267732326, -np.inf, -2.1867178769918186e+30,
    np.inf, 3.8263438669932643, np.inf, -6.519066518176716e+27, -np.inf, 17.053914572081613,
    -np.inf, 5.078608515267912e+29, np.inf, 12.085449885520063, -np.inf, -8.611590069051973e+29,
    np.inf, 5.937820208705539, np.inf, 1.7468302419882472e+30, -np.inf, 17.964596670251552, -np.inf,
    -7.647866353105592e+29, np.inf, 7.067760049408137, -np.inf, 2.773428256093507e+30, np.inf,
    7.066026120235381], dtype=np.float64).reshape((8, 4))]
tolerances = [(1.5e-07, 1.5e-07)]   # (atol, rtol), None: exact
bad = 0
for i, (g, w, tol) in enumerate(zip(got, want, tolerances)):
    same_shape = g.shape == w.shape
    ok = same_shape and (np.allclose(g.astype(np.float64), w.astype(np.float64), atol=tol[0], rtol=tol[1],
                                     equal_nan=True) if tol else np.array_equal(g, w))
    print(f'output {i}:', 'ok' if ok else 'WRONG', f'\n  expected {w!r}\n  got      {g!r}')
    bad += not ok
sys.exit(1 if bad else 0)

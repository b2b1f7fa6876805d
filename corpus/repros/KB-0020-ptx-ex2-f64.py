"""KB-0020: the PTX renderer emits ex2 on f64, which ptxas rejects (compile-only NULL:PTX:sm_90).

Needs tinygrad, numpy and the nvidia-nvjitlink wheel (NVJITLINK_PATH pointing at libnvJitLink.so.*).
Exits 1 while the bug is present, 0 once it is fixed.
"""
import os, sys
import glob
os.environ.setdefault('DEV', 'NULL:PTX:sm_90')
if 'NVJITLINK_PATH' not in os.environ:       # the PyPI wheel's library, where pip put it
    import nvidia
    found = sorted(glob.glob(os.path.join(list(nvidia.__path__)[0], '**', 'libnvJitLink.so*'), recursive=True))
    if found:
        os.environ['NVJITLINK_PATH'] = found[0]
from tinygrad import Device, Tensor, dtypes
renderer = type(Device[Device.DEFAULT].renderer).__name__
if "PTX" not in renderer:     # an older tinygrad reads DEV differently: then this repro says nothing (not a pass)
    raise RuntimeError(f"DEV={os.environ['DEV']} does not render PTX on this tinygrad ({renderer})")
try:
    Tensor([1.0], dtype=dtypes.float64).exp().realize()
except Exception as e:          # CompileError: ptxas "Unexpected instruction types specified for 'ex2'"
    print(type(e).__name__, str(e).splitlines()[1] if '\n' in str(e) else e)
    sys.exit(1)
print('compiled')

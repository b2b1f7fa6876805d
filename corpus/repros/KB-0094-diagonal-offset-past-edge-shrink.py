"""KB-0094: Tensor.diagonal with an offset past the edge of the matrix raises ValueError: invalid shrink where numpy
and torch return an empty diagonal: a (3, 1) tensor's diagonal(offset=2) (1 column, so the offset-2 diagonal is
empty) raises 'invalid shrink ((0, 3), (2, -1)) for (3, 1)'; a (3, 2) tensor's diagonal(offset=-4) fails the same.
diagonal shrinks the last axis to (offset, size) (tinygrad/mixin/movement.py) without clamping offset to the size;
an offset equal to the size gives the empty result. Found by tinyfuzz on 2026-12-06 (bucket 1be8726c39: a padded
(7, 1, 2) float32 tensor, diagonal(offset=2, dim1=2, dim2=1)). Needs only tinygrad and numpy. Exits non-zero while
the bug is present (a tinygrad whose diagonal takes no offset, before #14130, cannot run it)."""
import inspect, os, sys
os.environ.setdefault("DEV", "CPU")
import numpy as np
from tinygrad import Tensor
if "offset" not in inspect.signature(Tensor.diagonal).parameters:
    raise RuntimeError("this tinygrad's Tensor.diagonal takes no offset (added by #14130)")
bad = 0
for shape, offset in (((3, 1), 2), ((3, 2), -4)):
    a = np.arange(int(np.prod(shape)), dtype=np.float32).reshape(shape)
    want = np.diagonal(a, offset)                           # numpy and torch: empty, shape (0,)
    try:
        got = Tensor(a).diagonal(offset).numpy()
    except ValueError as e:
        print(f"{shape} diagonal({offset}): ValueError: {str(e)[:80]} (want {want.tolist()}, shape {want.shape})")
        bad += 1
        continue
    ok = got.shape == want.shape and np.array_equal(got, want)
    print(f"{shape} diagonal({offset}): {got.tolist()} shape {got.shape}", "ok" if ok else f"WRONG (want shape {want.shape})")
    bad += not ok
sys.exit(1 if bad else 0)

"""KB-0106: keccak of an input that is all padding (a zero-size buffer padded to (7, 2, 6)) takes minutes: no answer
within 200 s, with or without NOOPT, where keccak of a realized zeros (7, 2, 6) buffer takes 10 s on a 2-core x86
machine. The 24 unrolled rounds of constants are folded in the graph rewrite instead of compiled. Found by tinyfuzz
on 2026-12-06 and 2026-12-07 (bucket f05168d811: shake_128 of a (1, 0, 0) uint8 buffer padded by
((2, 5), (2, 0), (2, 4)); a "hang" under the 20 s timeout and the 60 s retry). Needs only tinygrad and numpy.
Exits 1 while the bug is present: when the padded input takes over 60 s (or 5 times the realized one)."""
import os, subprocess, sys
os.environ.setdefault("DEV", "CPU")
CHILD = r'''
import sys, time, numpy as np
from tinygrad import Tensor
if sys.argv[1] == "padded":
    x = Tensor(np.zeros((1, 0, 0), np.uint8)).contiguous().realize().pad(((2, 5), (2, 0), (2, 4)))
else:
    x = Tensor(np.zeros((7, 2, 6), np.uint8)).contiguous().realize()
t = time.time()
x.keccak("shake_128").realize()
print(time.time() - t)
'''
def seconds(kind, limit):
    try:
        out = subprocess.run([sys.executable, "-c", CHILD, kind], capture_output=True, text=True, timeout=limit)
        return float(out.stdout.strip().splitlines()[-1])
    except subprocess.TimeoutExpired:
        return float("inf")
realized = seconds("realized", 300)
padded = seconds("padded", max(60.0, 5 * realized))
slow = padded == float("inf")
print(f"keccak of realized zeros {realized:.1f}s, of a padded empty buffer", "over the limit: SLOW" if slow else f"{padded:.1f}s: ok")
sys.exit(1 if slow else 0)

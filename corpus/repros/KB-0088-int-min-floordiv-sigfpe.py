"""KB-0088: integer floor division of the dtype's minimum by -1 kills the process with SIGFPE: int32
[-2**31, 7] // [-1, 2] compiles to a C division whose INT_MIN / -1 overflows, which x86 traps. torch gives
[-2147483648, 3] (it wraps), numpy [-2147483648, 3] with an overflow warning. Found by the device machine's campaign
on 2026-12-06 (bucket 24670c77ac: int32 idiv, rounding_mode floor, inputs with integer extremes). Needs only tinygrad
and numpy. The division runs in a child process, so the crash is a result: exits non-zero while the bug is present."""
import os, subprocess, sys
os.environ.setdefault("DEV", "CPU")
code = ("import numpy as np\nfrom tinygrad import Tensor\n"
        "a = Tensor(np.array([-2**31, 7], np.int32)).realize(); b = Tensor(np.array([-1, 2], np.int32)).realize()\n"
        "print((a // b).numpy().tolist())\n")
run = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=300)
print("returncode", run.returncode, run.stdout.strip(), "(want [-2147483648, 3]; -8 is SIGFPE)")
sys.exit(0 if run.returncode == 0 and run.stdout.strip() == "[-2147483648, 3]" else 1)

"""KB-0049: with BEAM on the CPU, an integer // or % between two tensors kills the process with SIGFPE (exit 136, no
traceback). BEAM times candidate kernels on fresh zero-filled buffers (tinygrad/codegen/opt/postrange.py
args_from_ast... search), so the divisor is 0 and x86 integer division traps. Without BEAM the answer is right.
numpy and torch: [7, 9] % [4, 5] is [3, 4]. Needs only tinygrad and numpy. Exits non-zero while the bug is present
(the child's signal is reported)."""
import os, subprocess, sys
code = ("import os; os.environ.setdefault('DEV', 'CPU')\n"
        "from tinygrad import Tensor, dtypes\n"
        "print((Tensor([7, 9], dtype=dtypes.int32) % Tensor([4, 5], dtype=dtypes.int32)).numpy().tolist())\n")
env = {**os.environ, "BEAM": "1", "IGNORE_BEAM_CACHE": "1"}
done = subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, text=True, timeout=600)
print("exit", done.returncode, done.stdout.strip(), done.stderr.strip()[-200:])
sys.exit(0 if done.returncode == 0 and done.stdout.strip() == "[3, 4]" else 1)

"""KB-0019: the PTX renderer has no rule for Ops.SUB or Ops.NEG, so a kernel that contains either crashes rendering
with KeyError: Ops.SUB / KeyError: Ops.NEG (tinygrad/renderer/ptx.py: asm_for_op has no SUB/NEG entry).

tinygrad only creates SUB/NEG itself when the renderer lists them (tinygrad/codegen/decomp/op.py), and there is no
rule that lowers a SUB/NEG the renderer lacks, so only hand-built kernels reach it; the public `a - b` and `-a`
render fine for PTX. Both float32 and int32 SUB/NEG crash. The C renderers print them (DEV=CPU gives [-1 0 1 2]).
numpy and torch: [0, 1, 2, 3] - [1, 1, 1, 1] = [-1, 0, 1, 2]; -[0, 1, 2, 3] = [0, -1, -2, -3].
Built with tinygrad's UOp API (a hand-built kernel) and rendered with tinygrad's PTXRenderer for sm_90 in-process:
no GPU, no CUDA and no nvJitLink are needed (the CUDA target's PTX "compiler" only fills in the target text).
Needs only tinygrad and numpy. Exits non-zero while the bug is present."""
import os, sys
os.environ.setdefault("DEV", "CPU")
from tinygrad import UOp, dtypes
from tinygrad.uop.ops import AxisType, KernelInfo, Ops
from tinygrad.helpers import Target
from tinygrad.renderer.ptx import PTXRenderer
from tinygrad.codegen import to_program

bad = 0
for op in (Ops.SUB, Ops.NEG):
  for dt in (dtypes.float32, dtypes.int32):
    C, A, B = [UOp.placeholder((4,), dt, slot=s) for s in range(3)]
    i = UOp.range(4, 0, AxisType.LOOP)
    v = A.index(i).alu(Ops.SUB, B.index(i)) if op is Ops.SUB else A.index(i).alu(Ops.NEG)
    ast = C.index(i).store(v).end(i).sink(arg=KernelInfo(name=f"k_{op.name.lower()}_{dt.name}"))
    try:
      to_program(ast, PTXRenderer(Target("CUDA", "PTX", "sm_90")))
      print(op, dt, "rendered")
    except KeyError as e:
      print(op, dt, "KeyError:", e)
      bad += 1
sys.exit(1 if bad else 0)

"""What counts as `unsupported`: one table of the refusals tinygrad (and tinyfuzz) make by design.

A verdict is `unsupported`, a silent pass, only when the exception is one of these rows: its exact class name,
its whole message (an anchored regex copied from the source that raises it, tinygrad 0.14.0), and the backend,
dtype and oracle the row names. Everything else is a crash. A row's `source` says where the message is raised.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from fnmatch import fnmatchcase
from typing import Iterable, Literal

from oracles.capabilities import HANG_REFUSAL

Origin = Literal["tinygrad", "dependency", "tinyfuzz"]


@dataclass(frozen=True)
class Refusal:
    name: str
    exc_type: str                       # the exception's class name, exactly
    message: str                        # regex for the whole message (fullmatch)
    origin: Origin
    source: str                         # where the message is raised
    backends: str = "*"                 # fnmatch pattern of RunConfig.backend
    dtype: str = "*"                    # a dtype the program must use, or any
    oracles: tuple[str, ...] = ()       # the oracles it may decide for; () is any

    def matches(self, error: dict, backend: str, oracle: str, dtypes: Iterable[str]) -> bool:
        return (error.get("type") == self.exc_type and fnmatchcase(backend, self.backends)
                and (self.dtype == "*" or self.dtype in dtypes) and (not self.oracles or oracle in self.oracles)
                and re.fullmatch(self.message, error.get("message", "")) is not None)


# Scheduler.apply_opt's checks (tinygrad/codegen/opt/postrange.py): an opt sequence this kernel cannot take.
KERNEL_OPT_CHECKS = "|".join([
    r"", r"\d+ can't divide [\s\S]+ in [\s\S]*", r"invalid axis on axis=-?\d+ op=<OptOps\.\w+: \d+> self\.shape_len=\d+",
    r"no locals can't have locals", r"locals needed for opt", r"exceeds maximum shared memory size: needs \d+, max \d+",
    r"cannot have a GROUP_REDUCE inside another reduce", r"don't unroll more than 32", r"unroll is for GROUP_REDUCE/REDUCE",
    r"don't upcast more than 16", r"upcast is for GLOBAL/LOCAL/LOOP, not AxisType\.\w+", r"can't use locals",
    r"local is for globals", r"target does not support threads", r"too many threads", r"already threaded",
    r"can't apply range to this dim", r"no grouping with tensor cores", r"group is for reduce",
    r"tensor core opts must be first", r"tensor core opts must have an axis", r"tensor core opts must have valid arg",
    r"tensor core opts must have valid tc_select", r"tensor core opts must have valid tc_opt",
    r"use_tensor_cores value is not valid", r"no tensor core available", r"only pad const axes", r"cannot pad upcasted",
    r"cannot pad thread", r"pad adds more than quadruple the work", r"swap only for globals", r"unsupported opt OptOps\.\w+",
    r"no reduce ops for TensorCore", r"invalid tensor core choice -?\d+", r"tensor core X/Y axes can't be REDUCE",
    r"tc padding requires opt_level >= 2",
])

REFUSALS: list[Refusal] = [
    Refusal("null-copyout", "RuntimeError", r"no copyout on NULL", "tinygrad",
            "tinygrad/runtime/ops_null.py NullAllocator._copyout", backends="NULL*"),   # compile-only: nothing comes back
    Refusal("kernel-opt", "KernelOptError", f"(?:{KERNEL_OPT_CHECKS})", "tinygrad",
            "tinygrad/codegen/opt/postrange.py Scheduler.apply_opt", oracles=("uop", "render", "opts")),   # drawn opts only
    Refusal("jit-virtual-input", "JitError", r"JIT inputs must be real buffers; use \.clone\(\)", "tinygrad",
            "tinygrad/engine/jit.py", oracles=("jit",)),     # 0.14.0 keeps a 0-d input as a CONST, not a buffer
    Refusal("jit-duplicate-inputs", "JitError", r"duplicate inputs to JIT", "tinygrad", "tinygrad/engine/jit.py",
            oracles=("jit",)),     # equal-valued 0-d inputs are one buffer (KB-0021), passed twice
    # tinygrad 0.14 refuses a setitem whose write another live tensor built from the target would see (it would part
    # from eager); a program reads the target before writing into it (fuzz/ops/state.py)
    Refusal("setitem-other-uses", "RuntimeError", r"can't setitem on a tensor with other uses", "tinygrad",
            "tinygrad/tensor.py Tensor.__setitem__"),
    # an int tensor with a Python float is typed weakfloat (fuzz/ops/scalar.py), which bitcast refuses
    Refusal("bitcast-weak-dtype", "RuntimeError", r"bitcast requires concrete dtypes, got dtypes\.weak\w+ -> dtypes\.\w+",
            "tinygrad", "tinygrad/mixin/dtype.py (Tensor.bitcast)"),
    Refusal("no-nvrtc", "AttributeError", r"failed to load library nvrtc: .*", "dependency",
            "tinygrad/runtime/support/c.py DLL.__getattr__", backends="NULL:CUDA*"),
    Refusal("no-nvjitlink", "AttributeError", r"failed to load library nvjitlink: .*", "dependency",
            "tinygrad/runtime/support/c.py DLL.__getattr__", backends="NULL:PTX*"),
    Refusal("no-comgr", "AssertionError", r"comgr not available: .*", "dependency",
            "tinygrad/runtime/support/compiler_amd.py", backends="NULL:HIP*"),
    Refusal("cc-without-bf16", "CalledProcessError",    # Debian 12's clang 14: oracles.capabilities probes cc_bf16
            r"Command '\[[^\n]*\]' returned non-zero exit status 1\.\n__bf16 is not supported on this target", "dependency",
            "the C compiler (tinygrad/runtime/support/compiler_cpu.py runs it)", backends="CPU*", dtype="bfloat16"),
    # clang 19's x86 backend breaks on valid bfloat16 C when the CPU has AVX512-BF16 under -march=native: it grows
    # until the worker's memory cap aborts it (134), or cannot select a v32i16 shuffle (8 H100-host buckets,
    # reproduced with -march=sapphirerapids; x86-64-v4 compiles the same kernels in 50 ms). The compiler's bug.
    Refusal("cc-bf16-backend-crash", "CalledProcessError",
            r"Command '\[[^\n]*\]' returned non-zero exit status 1\.\n(?:clang frontend command failed with exit code "
            r"134 \(use -v to see invocation\)|(?:fatal )?error in backend: Cannot select: [\s\S]*)", "dependency",
            "the C compiler (tinygrad/runtime/support/compiler_cpu.py runs it)", backends="CPU*", dtype="bfloat16"),
    Refusal("uneven-shard", "NotImplementedError",
            r"tinygrad refuses uneven shards: multi axis uneven: self\.shape\[axis\]=\d+ axis=-?\d+ dcount=\d+", "tinyfuzz",
            "oracles/shard_eval.py place (tinygrad/uop/ops.py: multi axis uneven)"),
    # Sharded tensors refuse movement that would cross shards (tinygrad/schedule/multi.py, by design: a shard plan or
    # the program asked for it). Shrink, flip and reshape are their own inverses' kind, so a gradient meets them only
    # where the forward program does; padding is the gradient of a shrink the forward was allowed to do, so under
    # grad-shard it stays a finding (KB-0026).
    Refusal("shard-shrink-across", "RuntimeError", r"shrinking not supported for root\.marg=\([\d(), ]*\)", "tinygrad",
            "tinygrad/schedule/multi.py shrink_multi", oracles=("shard", "memory", "grad-shard")),
    Refusal("shard-flip", "RuntimeError", r"flipping not supported on sharded axis \d+", "tinygrad",
            "tinygrad/schedule/multi.py flip_multi", oracles=("shard", "memory", "grad-shard")),
    Refusal("shard-reshape", "RuntimeError", r"reshape \([\d, ]*\) -> \([\d, ]*\) moved items between shards", "tinygrad",
            "tinygrad/schedule/multi.py reshape_multi, tinygrad/uop/ops.py axis", oracles=("shard", "memory", "grad-shard")),
    # cat along a sharded axis pads it (refused above; tinygrad issue #6638 "Cat Along a Shard Axis"): when the result's
    # length does not divide by the device count, the shard shape is floored and realize fails first (tensor.py
    # finalize_after), with this message instead of the refusal
    Refusal("shard-cat-uneven", "ValueError", r"invalid shrink \((?:\(\d+, \d+\),? ?)+\) for \(\d+(?:, \d+)*,?\)", "tinygrad",
            "tinygrad/tensor.py finalize_after (before tinygrad/schedule/multi.py pad_multi refuses)",
            oracles=("shard", "memory", "grad-shard")),
    Refusal("shard-pad", "AssertionError", r"padding not supported for root\.marg=\([\d(), ]*\)", "tinygrad",
            "tinygrad/schedule/multi.py pad_multi", oracles=("shard", "memory")),
    Refusal("jit-nothing-to-capture", "JitError", r"didn't JIT anything!", "tinyfuzz",
            "oracles/metamorphic.py _judge_jit (tinygrad/engine/jit.py)", oracles=("jit",)),   # a program of views only
    Refusal("dev-target-on-old-tinygrad", "NotImplementedError", r"tinygrad \S+ takes DEV=DEVICE only, not the target '[^']*'",
            "tinyfuzz", "oracles/adapter.py check_settings"),                               # DEV=DEVICE:RENDERER on 0.12
    Refusal("version-gap", "VersionGap",
            r"tinygrad \S+ lacks what the program needs: (?:AttributeError|ImportError|ModuleNotFoundError|TypeError): .+",
            "tinyfuzz", "oracles/adapter.py absorbing(api_gaps='unsupported')"),            # `fuzz diff` only
    Refusal("uop-interpreter-gap", "NotImplementedError", r"tinyfuzz's UOp interpreter has no rule for Ops\.\w+", "tinyfuzz",
            "oracles/uop_eval.py uop_value", oracles=("simplify",)),     # a rewrite made an op our evaluator lacks
]


# Refusals of the machine, not of tinygrad: a missing library or compiler feature, or a compiler that hangs by itself
# (oracles.capabilities). Counted and printed apart; they do not count toward a fuzz test's unsupported-share bound.
MACHINE = {r.name for r in REFUSALS if r.origin == "dependency"} | {HANG_REFUSAL}


def is_unsupported(error: dict, backend: str = "", oracle: str = "", dtypes: Iterable[str] = ()) -> Refusal | None:
    """The row that makes this error a refusal by design, or None: then it is a crash.

    backend is RunConfig.backend; a row that names backends, an oracle or a dtype never matches without them.
    """
    dtypes = tuple(dtypes)
    return next((r for r in REFUSALS if r.matches(error, backend, oracle, dtypes)), None)

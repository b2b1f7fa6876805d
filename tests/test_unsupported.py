"""`unsupported` is earned: only a row of oracles/refusals.py makes an error a refusal; everything else is a crash.

A Tensor method tinygrad dropped is a crash (API) when judging, `unsupported on that side` only in a diff; every
refusal row matches its own message, and the same message under another exception type, or a message that merely
looks like a refusal, is a crash.
"""
from __future__ import annotations

from fnmatch import fnmatchcase

import pytest

from fuzz.program import Input, Node, Program, Values
from oracles.config import RunConfig
from oracles.judge import is_unsupported, judge, run, verdict_of
from oracles.refusals import REFUSALS, Refusal
from oracles.verdict import VerdictKind
from oracles.worker import Outcome, WorkerPool

X = Input((4, 4), "float32", Values(seed=1))
RELU = Program(inputs=(X,), nodes=(Node("relu", (0,)), Node("add", (1, 0))), outputs=(2,))
RELU6 = Program(inputs=(X,), nodes=(Node("relu6", (0,)),), outputs=(1,))
ADD = Program(inputs=(X,), nodes=(Node("add", (0, 0)),), outputs=(1,))
REMOVED = RunConfig(backend="CPU", patches=("tests.plants:tensor-method-removed",))


@pytest.fixture(scope="module")
def pool():
    p = WorkerPool()
    yield p
    p.close()


# ---- a Tensor method tinygrad no longer has ----------------------------------------------------------

def test_removed_tensor_method_is_a_crash_api(pool):
    v = judge(RELU, REMOVED, pool=pool)
    assert (v.kind, v.oracle, v.exc_type) == (VerdictKind.CRASH, "crash", "APIError"), v.summary()
    assert v.detail.startswith("crash (API): Tensor has no attribute 'relu'"), v.detail
    assert "crash (API)" in v.summary()


def test_control_without_the_plant_passes(pool):
    assert judge(RELU, RunConfig(backend="CPU"), pool=pool).kind is VerdictKind.PASS


def test_removed_method_inside_tinygrad_is_an_ordinary_crash(pool):
    """relu6 calls self.relu() in tinygrad's own frame: tinygrad is broken, the suite asked for nothing missing."""
    v = judge(RELU6, REMOVED, pool=pool)
    assert (v.kind, v.exc_type) == (VerdictKind.CRASH, "AttributeError"), v.summary()


def test_diff_path_keeps_a_missing_method_unsupported(pool):
    """`fuzz diff` runs oracles.adapter:run_request: an op one version lacks is unsupported on that side."""
    out = run(RELU, REMOVED, pool, task="oracles.adapter:run_request")
    v = verdict_of(RELU, REMOVED, out, expected={})
    assert (v.kind, v.exc_type, v.numbers.get("refusal")) == (VerdictKind.UNSUPPORTED, "VersionGap", "version-gap")


def test_null_copyout_is_earned_from_tinygrads_own_message(pool):
    v = judge(ADD, RunConfig(backend="NULL"), pool=pool)
    assert (v.kind, v.numbers.get("refusal")) == (VerdictKind.UNSUPPORTED, "null-copyout"), v.summary()


# ---- decoys: look like refusals, are crashes ---------------------------------------------------------

DECOYS = [
    ("CPU", "NotImplementedError", "something tinygrad never meant to refuse"),
    ("PYTHON", "RuntimeError", "dtype=dtypes.weakint is not supported"),       # a weak dtype reached a buffer: a bug
    ("CPU", "RuntimeError", "unsupported dtype bfloat16"),
    ("CPU:0", "AssertionError", "padding not supported for root.marg=((UOp(Ops.ADD, dtypes.weakint, arg=None),),)"),
    ("CPU", "RuntimeError", "no copyout on NULL"),                             # the right text on the wrong backend
    ("NULL", "RuntimeError", "no copyout on NULL\nand then something else"),   # anchored: the whole message
    ("CPU", "KernelOptError", "don't upcast more than 16"),                   # no opts were drawn: tinygrad's own
    ("CPU", "NotImplementedError", "tinygrad 0.14.0 lacks what the program needs: AttributeError: relu"),
]


@pytest.mark.parametrize("backend, exc_type, message", DECOYS)
def test_decoys_are_crashes(backend, exc_type, message):
    error = {"type": exc_type, "message": message, "frame": ""}
    assert is_unsupported(error, backend) is None
    v = verdict_of(ADD, RunConfig(backend=backend), Outcome("error", error=error), expected={})
    assert v.kind is VerdictKind.CRASH and v.exc_type == exc_type


# ---- every row, exercised ------------------------------------------------------------------------------

SAMPLES = {   # row -> messages as they are raised
    "setitem-other-uses": ["can't setitem on a tensor with other uses"],
    "bitcast-weak-dtype": ["bitcast requires concrete dtypes, got dtypes.weakfloat -> dtypes.int"],
    "null-copyout": ["no copyout on NULL"],
    "cc-without-bf16": ["Command '['clang-14', '-c', '-x', 'c', '-O2', '-march=native', '-', '-o', '-']' returned non-zero "
                        "exit status 1.\n__bf16 is not supported on this target"],
    "kernel-opt": ["don't upcast more than 16", "", "invalid axis on axis=3 op=<OptOps.UPCAST: 2> self.shape_len=2",
                   "4 can't divide UOp(Ops.CONST, dtypes.weakint, arg=6, src=()) in \x1b[34m   6\x1b[0m",
                   "exceeds maximum shared memory size: needs 65536, max 49152", "unsupported opt OptOps.PADTO"],
    "jit-virtual-input": ["JIT inputs must be real buffers; use .clone()"],
    "jit-duplicate-inputs": ["duplicate inputs to JIT"],
    "no-nvrtc": ["failed to load library nvrtc: try setting NVRTC_PATH?"],
    "no-nvjitlink": ["failed to load library nvjitlink: try setting NVJITLINK_PATH?"],
    "no-comgr": ["comgr not available: try setting COMGR_PATH?"],
    "cc-bf16-backend-crash": [
        "Command '['clang-19', '-c', '-x', 'c', '-O2', '-march=native', '-', '-o', '-']' returned non-zero exit status 1."
        "\nclang frontend command failed with exit code 134 (use -v to see invocation)",
        "Command '['clang-19', '-c', '-x', 'c', '-march=native', '-', '-o', '-']' returned non-zero exit status 1.\n"
        "error in backend: Cannot select: 0x562fdb08a150: v32i16 = vector_shuffle<0,8,16> 0x562fdb076fa0"],
    "uneven-shard": ["tinygrad refuses uneven shards: multi axis uneven: self.shape[axis]=5 axis=0 dcount=2"],
    "jit-nothing-to-capture": ["didn't JIT anything!"],
    "shard-shrink-across": ["shrinking not supported for root.marg=((1, 5), (1, 5), (2, 7), (1, 4))",
                            "shrinking not supported for root.marg=((1, 1),)"],
    "shard-flip": ["flipping not supported on sharded axis 0"],
    "shard-reshape": ["reshape (1, 8, 5, 3) -> (1, 8, 1, 5, 1, 3) moved items between shards"],
    "shard-cat-uneven": ["invalid shrink ((0, 5), (0, 11), (0, 1)) for (5, 9, 1)", "invalid shrink ((0, 3),) for (2,)"],
    "shard-pad": ["padding not supported for root.marg=((0, 4), (1, 6), (0, 2))"],
    "dev-target-on-old-tinygrad": ["tinygrad 0.12.0 takes DEV=DEVICE only, not the target 'CPU:X86'"],
    "version-gap": ["tinygrad 0.12.0 lacks what the program needs: AttributeError: 'Tensor' object has no attribute "
                    "'log10'"],
    "uop-interpreter-gap": ["tinyfuzz's UOp interpreter has no rule for Ops.TRUNC"],
}


def _context(row: Refusal) -> dict:
    return {"backend": row.backends.replace("*", ""), "oracle": row.oracles[0] if row.oracles else "crash",
            "dtypes": () if row.dtype == "*" else (row.dtype,)}


def test_every_row_has_samples():
    assert sorted(SAMPLES) == sorted(r.name for r in REFUSALS)


@pytest.mark.parametrize("row", REFUSALS, ids=lambda r: r.name)
def test_row_matches_its_message_and_only_under_its_type(row):
    for message in SAMPLES[row.name]:
        assert is_unsupported({"type": row.exc_type, "message": message}, **_context(row)) is row, message
        other = "RuntimeError" if row.exc_type != "RuntimeError" else "ValueError"
        assert is_unsupported({"type": other, "message": message}, **_context(row)) is None, message


@pytest.mark.parametrize("row", [r for r in REFUSALS if r.backends != "*" or r.oracles], ids=lambda r: r.name)
def test_row_holds_only_where_it_says(row):
    error = {"type": row.exc_type, "message": SAMPLES[row.name][0]}
    if row.backends != "*":
        elsewhere = "PYTHON" if fnmatchcase("CPU", row.backends) else "CPU"
        assert is_unsupported(error, **{**_context(row), "backend": elsewhere}) is None
    if row.oracles:
        assert is_unsupported(error, **{**_context(row), "oracle": "value"}) is None


def test_a_row_naming_a_dtype_needs_it_in_the_program():
    row = Refusal("bf16-somewhere", "RuntimeError", r"no bfloat16 here", "tinygrad", "nowhere", dtype="bfloat16")
    error = {"type": "RuntimeError", "message": "no bfloat16 here"}
    assert row.matches(error, "CPU", "crash", ("float32", "bfloat16"))
    assert not row.matches(error, "CPU", "crash", ("float32",))


def test_a_shard_refusal_holds_for_the_shard_oracles_and_padding_not_for_gradients():
    """tinygrad refuses movement across shards by design; the gradient's own pad of an allowed shrink is KB-0026."""
    pad = {"type": "AssertionError", "message": SAMPLES["shard-pad"][0]}
    assert is_unsupported(pad, "CPU", "shard") is not None and is_unsupported(pad, "CPU", "grad-shard") is None
    flip = {"type": "RuntimeError", "message": "flipping not supported on sharded axis 1"}
    assert is_unsupported(flip, "CPU", "grad-shard").name == "shard-flip"
    assert is_unsupported(flip, "CPU", "crash") is None                 # not outside a shard plan
    decoy = {"type": "RuntimeError", "message": "reshape (4,) -> (2, 2) moved items between shards, and more"}
    assert is_unsupported(decoy, "CPU", "shard") is None
    # KB-0040: a shrink "for ()" is a shape-less source, not an uneven cat refused by design
    kb_0040 = {"type": "ValueError", "message": "invalid shrink ((0, 2), (0, 2)) for ()"}
    assert is_unsupported(kb_0040, "CPU", "shard") is None


def test_a_campaign_bucket_crossing_shards_is_unsupported():
    """End to end: bucket 1d837a224b of a pristine campaign (a flip view of an input sharded at its base on the
    flipped axis) is now `unsupported` in its mode, not a crash."""
    from fuzz.program import Input, Program, Values
    from oracles.config import RunConfig
    from oracles.judge import reference
    from oracles.metamorphic import judge_in_mode
    program = Program((Input((2,), "float32", Values(data=(1.0, 2.0)), view=(("flip", (0,)),)),), (), outputs=(0,),
                      shard={"devices": 2, "allreduce": "ring", "inputs": [{"at": "base", "axis": 0}], "steps": []})
    verdicts = judge_in_mode(program, RunConfig(backend="CPU"), "shard", reference(program.with_(shard=None)))
    shard = next(v for v in verdicts if v.oracle == "shard")
    assert shard.kind.value == "unsupported" and shard.numbers["refusal"] == "shard-flip", shard.summary()


def test_a_compiler_that_breaks_is_the_machine_but_tinygrad_invalid_c_is_not():
    """clang aborting or failing instruction selection on bfloat16 is the compiler's bug (a machine refusal); clang
    rejecting the C tinygrad wrote (KB-0001's float2 into int2, the __fp164 vector cast) stays a crash."""
    crash = {"type": "CalledProcessError", "message": SAMPLES["cc-bf16-backend-crash"][0]}
    assert is_unsupported(crash, "CPU", "crash", ("bfloat16",)).name == "cc-bf16-backend-crash"
    assert is_unsupported(crash, "CPU", "crash", ("float32",)) is None              # only bfloat16 programs
    invalid_c = {"type": "CalledProcessError", "message": "Command '['clang-19', '-c', '-x', 'c', '-', '-o', '-']' "
                 "returned non-zero exit status 1.\n<stdin>:3:12: error: invalid conversion between ext-vector type "
                 "'__fp164' and 'float4'"}
    assert is_unsupported(invalid_c, "CPU", "crash", ("bfloat16", "float16")) is None

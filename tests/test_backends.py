"""The backend matrix and its oracles: probe reasons, unknown names, planted renderer and tensor-core bugs caught."""
from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from fuzz.errors import UsageError
from fuzz.program import Input, Node, Program, Values
from oracles.backends import (BY_NAME, REASONS, TABLE, export_library_paths, lookup, missing_dependency, probe,
                              reason_of)
from oracles.judge import judge
from oracles.render_eval import render_verdict
from oracles.verdict import VerdictKind
from oracles.worker import WorkerPool

ROOT = Path(__file__).resolve().parent.parent
EXP2 = Program(inputs=(Input((4, 4), "float32", Values(seed=1)),), nodes=(Node("exp2", (0,)), Node("add", (1, 0))),
               outputs=(2,))
ADD = Program(inputs=(Input((4, 4), "float32", Values(seed=1)),), nodes=(Node("add", (0, 0)),), outputs=(1,))
MATMUL = Program(inputs=(Input((16, 32), "float16", Values(seed=1, domain="unit")),
                         Input((32, 16), "float16", Values(seed=2, domain="unit"))),
                 nodes=(Node("matmul", (0, 1)),), outputs=(2,))


@pytest.fixture(scope="module")
def pool():
    export_library_paths()
    p = WorkerPool()
    yield p
    p.close()


def test_table_names_are_unique_and_configs_build():
    assert len(BY_NAME) == len(TABLE)
    for b in TABLE:
        assert b.config().label().startswith(b.backend)
    assert lookup("CUDA").config().memory_mb == 0 and lookup("CPU").config().memory_mb > 0


def test_a_mutation_run_refuses_a_backend_that_does_not_run_here(monkeypatch):
    """`mutate run --backend ...,NULL:PTX:sm_90` without nvJitLink ran every PTX kill test as unsupported and called
    the PTX renderer's mutants unreached (W50). require_running names each backend that does not run and why;
    control: NULL::gfx1100 (nothing to install) passes; decoy: with the library's path unset again it is found."""
    from oracles.backends import require_running
    assert [p.runs for p in require_running(["NULL::gfx1100"])] == [True]
    monkeypatch.setenv("NVJITLINK_PATH", "/nonexistent/libnvJitLink.so.13")
    with pytest.raises(UsageError, match=r"^backend NULL:PTX:sm_90 does not run here: nvJitLink not found") as e:
        require_running(["NULL::gfx1100", "NULL:PTX:sm_90"])
    assert "gfx1100" not in str(e.value)
    monkeypatch.delenv("NVJITLINK_PATH")
    if export_library_paths().get("NVJITLINK_PATH") or os.environ.get("NVJITLINK_PATH"):   # the wheel is here
        assert [p.runs for p in require_running(["NULL:PTX:sm_90"])] == [True]


def test_unknown_backend_is_a_usage_error_with_a_suggestion():
    with pytest.raises(UsageError, match=r"unknown backend 'CPU:X68'; did you mean 'CPU:X86'\?"):
        lookup("CPU:X68")
    out = subprocess.run([sys.executable, "-m", "fuzz", "backends", "NULL:PTX:sm_9"], cwd=ROOT, capture_output=True,
                         text=True, timeout=120)
    assert out.returncode == 2
    assert out.stderr.startswith("error: unknown backend 'NULL:PTX:sm_9'") and out.stderr.count("\n") == 1


# One sample per reason row: the message tinygrad gives -> words the reason must contain.
SAMPLES = [
    ("AttributeError", "failed to load library nvrtc: try setting NVRTC_PATH?", "pip install nvidia-cuda-nvrtc"),
    ("AttributeError", "failed to load library nvjitlink: try setting NVJITLINK_PATH?", "nvidia-nvjitlink"),
    ("AssertionError", "comgr not available: try setting COMGR_PATH?", "comgr"),
    ("AttributeError", "failed to load library ocelot: try setting OCELOT_PATH?", "gpuocelot"),
    ("StopIteration", "  self.compute_class:int = next(c for c in [nv_gpu.BLACKWELL_COMPUTE_B] if c in self.nvclasses)\n"
                      "                           ^^^^^^^^^^\nStopIteration", "HOPPER_COMPUTE_A"),
    ("RuntimeError", "CUDA Error 2, out of memory", "address-space limit"),
    ("AttributeError", "failed to load library cuda: try setting CUDA_PATH?", "no NVIDIA driver"),
    ("ExceptionGroup", "No interface for NV:0 is available is available (2 sub-exceptions)", "no NV device"),
    ("ModuleNotFoundError", "No module named 'test.mockgpu'", "tinygrad checkout"),
    ("LLVMError", "'%v0' defined with type 'i32*' but expected '<2 x i32>*'", "libLLVM too old"),
    ("FileNotFoundError", "[Errno 2] No such file or directory: 'clang-19'", "'clang-19' not found"),
    ("CalledProcessError", "Command '['gcc', '-c', '-x', 'c']' returned non-zero exit status 1.", "CC is gcc"),
]


def test_every_reason_row_has_a_sample():
    assert len(SAMPLES) == len(REASONS)


@pytest.mark.parametrize("exc_type,message,words", SAMPLES)
def test_reason_of_known_failures(exc_type, message, words):
    assert words in reason_of({"type": exc_type, "message": message, "traceback": ""})


BROKEN = {"address-space limit", "CC is gcc"}      # samples whose cause is a setting, not an absent dependency


@pytest.mark.parametrize("exc_type,message,words", SAMPLES)
def test_only_a_missing_dependency_is_skipped(exc_type, message, words):
    """fuzz/test_backends.py skips a target on a "missing" cause and fails it on any other (a broken setup)."""
    assert missing_dependency({"type": exc_type, "message": message, "traceback": ""}) is (words not in BROKEN)


def test_unexplained_probe_failure_is_not_skipped():
    assert not missing_dependency({"type": "IndexError", "message": "list index out of range", "traceback": ""})


def test_reason_of_lists_what_each_interface_hit():
    tb = "  | FileNotFoundError: [Errno 2] No such file or directory: '/dev/nvidiactl'\n  | IndexError: list index out of range\n"
    reason = reason_of({"type": "ExceptionGroup", "message": "No interface for NV:0 is available", "traceback": tb})
    assert "/dev/nvidiactl" in reason and "IndexError" in reason


def test_unknown_failure_is_reported_as_it_came():
    assert reason_of({"type": "ValueError", "message": "something new\nmore"}) == "ValueError: something new"


def test_probes_say_why(pool):
    assert probe("PYTHON", pool).runs
    mock = probe("MOCKKFD+AMD", pool)               # no checkout given: decided without a worker
    assert not mock.runs and "tinygrad checkout" in mock.reason and mock.missing
    hip = probe("NULL:HIP:gfx1100", pool)
    if hip.runs:
        pytest.skip("comgr is installed here: NULL:HIP:gfx1100 runs")
    assert "comgr" in hip.reason and hip.missing


def test_hip_renders_without_comgr(pool):
    """The render-only row renders HIP C for gfx1100, tensor-core matmuls included, where comgr is missing."""
    config = lookup("NULL:HIP:gfx1100 render-only").config()
    assert "TINYFUZZ_RENDER_ONLY=1" in config.label()
    verdict = render_verdict(MATMUL, config, pool)
    assert verdict.kind is VerdictKind.PASS and verdict.numbers["kernels"] >= 1


def test_planted_renderer_crash_is_a_render_finding(pool):
    config = lookup("NULL:OPENCL").config()
    assert render_verdict(EXP2, config, pool).kind is VerdictKind.PASS          # control: pristine tinygrad renders
    planted = lookup("NULL:OPENCL").config(patches=("tests.plants_backends:opencl-exp2-render-crash",))
    verdict = render_verdict(EXP2, planted, pool)
    assert verdict.kind is VerdictKind.CRASH and verdict.oracle == "render"
    assert "planted" in verdict.message and verdict.frame.startswith("tinygrad/")
    assert render_verdict(ADD, planted, pool).kind is VerdictKind.PASS         # only kernels with EXP2 break


@pytest.mark.parametrize("target", ["PYTHON::sm_89", "PYTHON::gfx1100"])
def test_planted_tensor_core_bug_is_caught(target, pool):
    """The plant touches only the WMMA emulation: a mismatch proves the matmul really ran on tensor cores."""
    assert judge(MATMUL, lookup(target).config(), pool=pool).kind is VerdictKind.PASS
    planted = lookup(target).config(patches=("tests.plants_backends:python-wmma-double-acc",))
    assert judge(MATMUL, planted, pool=pool).kind is VerdictKind.MISMATCH


def test_mock_amd_with_a_checkout(pool, request):
    checkout = request.config.getoption("--tinygrad") or os.environ.get("TINYFUZZ_TINYGRAD")
    if not checkout or not (Path(checkout) / "test" / "mockgpu").is_dir():
        pytest.skip("no tinygrad checkout with test/mockgpu given (--tinygrad PATH or TINYFUZZ_TINYGRAD)")
    path = str(Path(checkout).resolve())
    result = probe("MOCKKFD+AMD", pool, tinygrad=path, timeout=300)
    assert result.runs, result.reason
    config = lookup("MOCKKFD+AMD").config(sut_path=path, timeout=300)
    assert judge(ADD, config, pool=pool).kind is VerdictKind.PASS


def test_cli_prints_the_matrix():
    out = subprocess.run([sys.executable, "-m", "fuzz", "backends", "PYTHON", "MOCK+NV"], cwd=ROOT,
                         capture_output=True, text=True, timeout=300)
    assert out.returncode == 0, out.stderr
    lines = out.stdout.splitlines()
    assert lines[0].split()[:4] == ["PYTHON", "emulated", "runs", "here"]
    assert lines[1].startswith("MOCK+NV") and "needs a tinygrad checkout" in lines[1]
    assert lines[-1] == "1 of 2 backends run here"


def test_one_table_of_backends():
    """What --backend takes, what the probes walk and what the render tests walk all come from one table."""
    from oracles.backend_table import COMPILE_ONLY, TABLE, TYPED
    from oracles.config import BACKENDS, parse_backends
    assert BACKENDS == TYPED and set(TYPED) <= {b.name for b in TABLE}
    assert set(COMPILE_ONLY) <= {b.name for b in TABLE if b.mode == "compile-only"}
    assert parse_backends("MOCKKFD+AMD,MOCK+NV") == ["MOCKKFD+AMD", "MOCK+NV"]   # once refused: not in the old list

"""Fuzz tests beyond CPU: render every kernel on compile-only targets; matmul/conv on emulated tensor cores vs torch.

Compile-only targets (NULL:OPENCL, NULL:PTX:sm_90, ...) take random programs and must render and compile every
kernel (oracle "render"). Emulated tensor cores (PYTHON::sm_80 ...) take matmul and conv2d programs in the dtypes
those tensor cores take, with shapes tiled to their sizes, and are judged against torch. A target whose compiler,
library or driver is missing here is skipped with the probe's reason; one that fails to start otherwise fails.
"""
from __future__ import annotations


import pytest
from hypothesis import given, settings, strategies as st

from fuzz.dtypes import DTYPES
from fuzz.ops import OPS
from fuzz.program import Input, Node, Program, Values
from fuzz.strategies import programs
from conftest import require   # skip for a missing dependency only; shared with fuzz/test_uop.py
from oracles.backends import COMPILE_ONLY, TABLE, lookup   # COMPILE_ONLY leaves out NULL: its NullRenderer is NULL::gfx1100's
from oracles.judge import judge
from oracles.render_eval import render_verdict

TENSOR_CORES = ["PYTHON::sm_80", "PYTHON::sm_89", "PYTHON::gfx1100", "PYTHON::gfx950"]
# Dtypes tensor cores take, simplest first; fp8 joins when fuzz/dtypes.py has it (tinygrad: sm_89, gfx950).
TC_DTYPES = [d for d in ("float16", "bfloat16", "fp8e4m3", "fp8e5m2") if d in DTYPES]


_GATE = None


@pytest.fixture(autouse=True)
def _gate(known_bugs):
    global _GATE
    _GATE = known_bugs


def _fail_if(verdict, program, target: str) -> None:
    """A registered open tinygrad bug lets the example pass (counted); anything else fails."""
    _GATE.check(verdict, repr(program))


@pytest.mark.parametrize("target", COMPILE_ONLY)
@settings(max_examples=max(3, settings.default.max_examples // 3))   # six targets, each a full codegen per program
@given(program=programs(max_ops=5))
def test_every_kernel_renders(target, configure, program):
    require(target)
    _fail_if(render_verdict(program, configure(lookup(target).config())), program, target)


@st.composite
def tc_programs(draw, ops=("matmul", "conv2d")) -> Program:
    """A matmul (M, K) @ (K, N) or a conv2d over 16k channels, tiled to tensor-core sizes, maybe plus a bias.

    Shrinks toward matmul, float16, the smallest tiles and no bias.
    """
    usable = [op for op in ops if op in OPS]
    if not usable:
        pytest.skip(f"none of {list(ops)} is in the op registry")
    op = draw(st.sampled_from(usable))
    dtype = draw(st.sampled_from(TC_DTYPES))
    val = lambda: Values(seed=draw(st.integers(0, 2**16)), domain="unit")
    if op == "matmul":
        m, k, n = (draw(st.sampled_from([16, 32])) for _ in range(3))
        inputs = [Input((m, k), dtype, val()), Input((k, n), dtype, val())]
        nodes = [Node("matmul", (0, 1))]
        out_shape = (n,)
    else:
        c, co, side, ks = draw(st.sampled_from([16, 32])), draw(st.sampled_from([16, 32])), draw(st.integers(2, 4)), \
            draw(st.sampled_from([1, 3]))
        inputs = [Input((1, c, side + ks - 1, side + ks - 1), dtype, val()), Input((co, c, ks, ks), dtype, val())]
        nodes = [Node("conv2d", (0, 1), {"groups": 1, "stride": 1, "padding": 0, "dilation": 1})]
        out_shape = (co, 1, 1)
    if "add" in OPS and draw(st.booleans()):       # a fused epilogue: the accumulator's layout meets a broadcast
        inputs.append(Input(out_shape, dtype, val()))
        nodes.append(Node("add", (len(inputs), len(inputs) - 1)))
    return Program(inputs=tuple(inputs), nodes=tuple(nodes), outputs=(len(inputs) + len(nodes) - 1,))


@pytest.mark.parametrize("target", TENSOR_CORES)
# The emulator runs each lane in Python: slow (about 20 s a target for 6 examples on 2 cores). The gate's replay judges
# a tensor-core seed on two of these targets first (corpus/seed_backends.json), so the ci profile draws 3 here.
@settings(max_examples=max(2, settings.default.max_examples // 10))
@given(program=tc_programs())
def test_tensor_cores_match_torch(target, configure, program):
    require(target)
    _fail_if(judge(program, configure(lookup(target).config())), program, target)

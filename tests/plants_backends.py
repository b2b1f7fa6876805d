"""Planted bugs for the backend oracles: a renderer that cannot render exp2, an emulated tensor core that drifts.

Applied by name in a worker (RunConfig(patches=("tests.plants_backends:NAME",))), as tests/plants.py's are.
"""
from __future__ import annotations

from tests.plants import Plant, make_apply


def _opencl_refuses_exp2(render):
    """OpenCL's renderer raises on any kernel holding an EXP2: the render oracle must call that a crash."""
    def planted(self, uops):
        from tinygrad.uop.ops import Ops
        if any(u.op is Ops.EXP2 for u in uops):
            raise RuntimeError("planted: OpenCL renderer has no spelling for EXP2")
        return render(self, uops)
    return planted


def _wmma_accumulates_twice(helper):
    """The emulated tensor core adds its accumulator in twice: wrong only where tinygrad picked a WMMA."""
    def planted(inp, *args, **kwargs):
        out = helper(inp, *args, **kwargs)
        return [[o + c for o, c in zip(orow, crow)] for orow, crow in zip(out, inp[2])]
    return planted


PLANTS: dict[str, Plant] = {
    "opencl-exp2-render-crash": Plant("tinygrad.renderer.cstyle.OpenCLRenderer.render", _opencl_refuses_exp2,
                                      expect="crash"),
    "python-wmma-double-acc": Plant("tinygrad.runtime.ops_python.generic_wmma_helper", _wmma_accumulates_twice,
                                    expect="mismatch"),
}

apply_plant = make_apply(PLANTS)

"""An openpilot-like network as data: seeded weights, the layer kinds of comma's driving model, three spellings.

The shape follows comma's supercombo at toy size: a strided conv stem, depthwise + pointwise blocks with ELU, a
GELU feature layer, a GRU cell carrying a hidden state between frames, and policy heads of different shapes (a
plan, lead tracks, sigmoid meta flags, a softmax over desires). `forward(P, W, x)` is written once against the
primitives in PRIMS; each primitive has a tinygrad, a torch and an ONNX spelling, so the same network runs
directly on Tensors, in torch, and as an ONNX graph (fuzz/models/onnx_graph.py) through tinygrad's OnnxRunner.
"""
from __future__ import annotations

import hashlib
import inspect
import json
from dataclasses import dataclass
from typing import Callable

import numpy as np

NAME = "openpilot-like"
SEED = 0
INPUTS = {"img": (1, 12, 16, 32), "desire": (1, 8), "h": (1, 32)}      # camera frames, desire one-hot-ish, GRU state
OUTPUTS = {"plan": (1, 2, 8, 3), "lead": (1, 3, 4), "meta": (1, 6), "desire_pred": (1, 8), "h_next": (1, 32)}
HIDDEN = 32


@dataclass(frozen=True)
class Prim:
    tiny: Callable       # (L, *tensors, **attrs) with L from oracles.tiny_eval.tiny_lib()
    torch: Callable      # (L, *tensors, **attrs) with L from oracles.reference.torch_lib()
    onnx: Callable       # (graph, *names, **attrs) -> name (see fuzz/models/onnx_graph.py)


def _gemm_onnx(g, x, w, b):
    return g.node("Gemm", [x, w, b], transB=1)


PRIMS: dict[str, Prim] = {
    "conv": Prim(lambda L, x, w, b, stride, pad, groups: x.conv2d(w, b, groups=groups, stride=stride, padding=pad),
                 lambda L, x, w, b, stride, pad, groups: L.F.conv2d(x, w, b, stride=stride, padding=pad, groups=groups),
                 lambda g, x, w, b, stride, pad, groups: g.node("Conv", [x, w, b], strides=[stride] * 2, pads=[pad] * 4,
                                                                group=groups, kernel_shape=list(g.shape(w)[2:]))),
    "linear": Prim(lambda L, x, w, b: x.linear(w.T, b), lambda L, x, w, b: L.F.linear(x, w, b), _gemm_onnx),
    "elu": Prim(lambda L, x: x.elu(), lambda L, x: L.F.elu(x), lambda g, x: g.node("Elu", [x], alpha=1.0)),
    "gelu": Prim(lambda L, x: x.gelu(), lambda L, x: L.F.gelu(x, approximate="tanh"),   # tinygrad's gelu is the tanh form
                 lambda g, x: g.node("Gelu", [x], approximate="tanh")),
    "sigmoid": Prim(lambda L, x: x.sigmoid(), lambda L, x: L.torch.sigmoid(x), lambda g, x: g.node("Sigmoid", [x])),
    "tanh": Prim(lambda L, x: x.tanh(), lambda L, x: L.torch.tanh(x), lambda g, x: g.node("Tanh", [x])),
    "softmax": Prim(lambda L, x: x.softmax(-1), lambda L, x: L.F.softmax(x, -1), lambda g, x: g.node("Softmax", [x], axis=-1)),
    "add": Prim(lambda L, x, y: x + y, lambda L, x, y: x + y, lambda g, x, y: g.node("Add", [x, y])),
    "sub": Prim(lambda L, x, y: x - y, lambda L, x, y: x - y, lambda g, x, y: g.node("Sub", [x, y])),
    "mul": Prim(lambda L, x, y: x * y, lambda L, x, y: x * y, lambda g, x, y: g.node("Mul", [x, y])),
    "flatten": Prim(lambda L, x: x.flatten(1), lambda L, x: x.flatten(1), lambda g, x: g.node("Flatten", [x], axis=1)),
    "concat": Prim(lambda L, x, y: x.cat(y, dim=1), lambda L, x, y: L.torch.cat([x, y], 1),
                   lambda g, x, y: g.node("Concat", [x, y], axis=1)),
    "reshape": Prim(lambda L, x, shape: x.reshape(shape), lambda L, x, shape: x.reshape(shape),
                    lambda g, x, shape: g.node("Reshape", [x, g.const(np.array(shape, dtype=np.int64))])),
}

# name -> shape; convs are (cout, cin/groups, kh, kw), linears (out, in) as torch stores them
WEIGHTS: dict[str, tuple] = {
    "stem.w": (16, 12, 3, 3), "stem.b": (16,),
    "dw1.w": (16, 1, 3, 3), "dw1.b": (16,), "pw1.w": (32, 16, 1, 1), "pw1.b": (32,),
    "dw2.w": (32, 1, 3, 3), "dw2.b": (32,), "pw2.w": (16, 32, 1, 1), "pw2.b": (16,),
    "feat.w": (64, 16 * 4 * 8), "feat.b": (64,),
    **{f"gru.{g}x.w": (HIDDEN, 64 + 8) for g in "zrn"}, **{f"gru.{g}x.b": (HIDDEN,) for g in "zrn"},
    **{f"gru.{g}h.w": (HIDDEN, HIDDEN) for g in "zrn"}, **{f"gru.{g}h.b": (HIDDEN,) for g in "zrn"},
    "plan.w": (2 * 8 * 3, HIDDEN), "plan.b": (2 * 8 * 3,), "lead.w": (3 * 4, HIDDEN), "lead.b": (3 * 4,),
    "meta.w": (6, HIDDEN), "meta.b": (6,), "desire.w": (8, HIDDEN), "desire.b": (8,),
}


def forward(P: Callable, W: dict, x: dict) -> dict:
    """The network once: P(name, *operands, **attrs) applies a primitive; W holds weights, x the inputs."""
    def conv(t, name, stride=1, pad=0, groups=1):
        return P("conv", t, W[f"{name}.w"], W[f"{name}.b"], stride=stride, pad=pad, groups=groups)

    def lin(t, name):
        return P("linear", t, W[f"{name}.w"], W[f"{name}.b"])

    t = P("elu", conv(x["img"], "stem", stride=2, pad=1))                       # strided conv: (1, 16, 8, 16)
    t = P("elu", conv(t, "dw1", pad=1, groups=16))                               # depthwise
    t = P("elu", conv(t, "pw1"))                                                 # pointwise: (1, 32, 8, 16)
    t = P("elu", conv(t, "dw2", stride=2, pad=1, groups=32))                     # strided depthwise: (1, 32, 4, 8)
    t = conv(t, "pw2")                                                           # (1, 16, 4, 8)
    feat = P("gelu", lin(P("flatten", t), "feat"))                               # (1, 64)
    f = P("concat", feat, x["desire"])                                           # (1, 72)
    h = x["h"]
    z = P("sigmoid", P("add", lin(f, "gru.zx"), lin(h, "gru.zh")))
    r = P("sigmoid", P("add", lin(f, "gru.rx"), lin(h, "gru.rh")))
    n = P("tanh", P("add", lin(f, "gru.nx"), P("mul", r, lin(h, "gru.nh"))))
    h_next = P("add", n, P("mul", z, P("sub", h, n)))                            # (1 - z) * n + z * h
    return {"plan": P("reshape", lin(h_next, "plan"), shape=(1, 2, 8, 3)),
            "lead": P("reshape", lin(h_next, "lead"), shape=(1, 3, 4)),
            "meta": P("sigmoid", lin(h_next, "meta")),
            "desire_pred": P("softmax", lin(h_next, "desire")),
            "h_next": h_next}


def weights(seed: int = SEED) -> dict[str, np.ndarray]:
    """Seeded weights scaled by fan-in, so activations stay near unit size through every layer."""
    rng = np.random.default_rng(seed)
    out = {}
    for name, shape in WEIGHTS.items():
        fan_in = int(np.prod(shape[1:])) if len(shape) > 1 else 4
        out[name] = (rng.standard_normal(shape) / np.sqrt(fan_in)).astype(np.float32)
    return out


def inputs(seed: int = 1) -> dict[str, np.ndarray]:
    """One frame's inputs; a different seed is a different frame (the JIT checks replay on several)."""
    rng = np.random.default_rng(1000 + seed)
    return {"img": rng.uniform(0, 1, INPUTS["img"]).astype(np.float32),
            "desire": np.eye(8, dtype=np.float32)[[seed % 8]],
            "h": np.tanh(rng.standard_normal(INPUTS["h"])).astype(np.float32)}


def content_hash(seed: int = SEED) -> str:
    """The model's identity for baselines: its shapes, seed and the forward's code."""
    desc = {"name": NAME, "seed": seed, "inputs": INPUTS, "weights": WEIGHTS, "code": inspect.getsource(forward)}
    return hashlib.sha256(json.dumps(desc, sort_keys=True, default=list).encode()).hexdigest()[:16]


HOWS = ("direct", "onnx")          # built on Tensors from this description, or as an ONNX graph through OnnxRunner


@dataclass(frozen=True)
class ModelConfig:
    backend: str
    env: tuple = ()                  # tinygrad settings
    tol: str | None = "fp32"         # tolerance class of TOLERANCES; None: render only (no values come back)
    jit: bool = False                # also check JIT capture/replay and a pickled JIT
    kernels: int = 0                 # kernel budget: more kernels than this per frame is slow, whatever the baseline
    ci: tuple = ()                   # builds in the quick `tox -e fuzz` set (all run with TINYFUZZ_MODEL_CONFIGS=all)


# The comma GPU path is OpenCL with images; render-only here, with the image pitch alignment a comma device
# reports (images are used only where the target's arch names one).
_CL = ("DEV", "NULL:OPENCL:IMAGE_PITCH_ALIGNMENT=64")
CONFIGS: dict[str, ModelConfig] = {
    "cpu":               ModelConfig("CPU", (), jit=True, kernels=14, ci=HOWS),
    "cpu-image":         ModelConfig("CPU", (("IMAGE", "1"),), kernels=33),
    "cpu-fp16":          ModelConfig("CPU", (("FLOAT16", "1"),), tol="fp16", kernels=14),
    "cpu-image-fp16":    ModelConfig("CPU", (("IMAGE", "1"), ("FLOAT16", "1")), tol="fp16", kernels=33),
    "cpu-hacks":         ModelConfig("CPU", (("OPENPILOT_HACKS", "1"),), kernels=14),
    "cpu-openpilot":     ModelConfig("CPU", (("IMAGE", "1"), ("FLOAT16", "1"), ("OPENPILOT_HACKS", "1")), tol="fp16",
                                     jit=True, kernels=33, ci=("direct",)),
    "opencl-image":      ModelConfig("NULL:OPENCL", (("IMAGE", "1"), _CL), tol=None, kernels=33, ci=("onnx",)),
    "opencl-image-fp16": ModelConfig("NULL:OPENCL", (("IMAGE", "1"), ("FLOAT16", "1"), _CL), tol=None, kernels=33),
}
TOLERANCES = {"fp32": (1e-4, 1e-3), "fp16": (5e-3, 2e-2)}     # (atol, rtol) against torch and onnx.reference

"""Run a whole-model subject (fuzz/models) with tinygrad in a worker: values, speed counters, JIT and pickle checks.

The model is built two ways: directly on Tensors from its description, or as an ONNX graph run through
tinygrad.nn.onnx.OnnxRunner (the path openpilot takes). `torch_outputs` (parent side) is the torch reference.
"""
from __future__ import annotations

import importlib
import pickle

import numpy as np

HOWS = ("direct", "onnx")


def _model(name: str):
    return importlib.import_module(f"fuzz.models.{name}")


def build(model, how: str):
    """A function frame(dict of realized Tensors) -> dict of output Tensors, its weights already on the device."""
    from oracles.tiny_eval import tiny_lib
    L = tiny_lib()
    if how == "direct":
        W = {k: L.Tensor(v).realize() for k, v in model.weights().items()}
        return lambda x: model.forward(lambda prim, *a, **kw: model.PRIMS[prim].tiny(L, *a, **kw), W, x)
    if how == "onnx":
        from fuzz.models.onnx_graph import build as build_onnx
        from tinygrad.nn.onnx import OnnxRunner
        from tinygrad import Context, Device
        from tinygrad.nn import onnx
        # parse on CPU and read shape-like constants (Reshape's shape) there, into the runner's own cache, before
        # moving the weights: a render-only NULL device cannot copy anything back to the host
        device = Device.DEFAULT
        with Context(DEV="CPU"):
            runner = OnnxRunner(L.Tensor(np.frombuffer(build_onnx(model), dtype=np.uint8)))
            for node in runner.graph_nodes:
                for i, name in enumerate(node.inputs):
                    if i in onnx.required_input_python_consts.get(node.op, ()) and isinstance(runner.graph_values.get(name), L.Tensor):
                        runner._python_const_cache[name] = onnx._to_python_const(runner.graph_values[name])
        runner.to(device)
        L.Tensor.realize(*[v for v in runner.graph_values.values() if isinstance(v, L.Tensor)])   # weights stay put
        return lambda x: runner(x)
    raise ValueError(f"unknown way to build a model {how!r} (known: {', '.join(HOWS)})")


def _frame(model, seed: int):
    from tinygrad import Tensor
    return {k: Tensor(v).realize() for k, v in model.inputs(seed).items()}


def _numpy(outs: dict, names) -> dict:
    return {k: outs[k].numpy() for k in names}


def _max_diff(a: dict, b: dict) -> float:
    return max(float(np.max(np.abs(a[k].astype(np.float64) - b[k]))) if a[k].size else 0.0 for k in a)


def run_model(name: str = "openpilot_like", how: str = "direct", values: bool = True, jit: bool = False) -> dict:
    """Worker task. counters: one warm frame (frame 1 after frame 0), inputs and weights already on the device.

    values: outputs of frames 0 and 1. jit: a TinyJit over frames 2..5 (run, capture, replay, replay) compared
    with plain runs of the same frames, then pickled, loaded and run on frame 6 beside the original.
    """
    from tinygrad import Tensor
    from oracles.speed_eval import recording, tinygrad_version
    model = _model(name)
    names = list(model.OUTPUTS)
    fwd = build(model, how)

    def realized(x):
        outs = fwd(x)
        Tensor.realize(*[outs[k] for k in names])
        return outs
    result: dict = {"version": tinygrad_version(), "outputs": []}
    first = realized(_frame(model, 0))
    if values:
        result["outputs"].append(_numpy(first, names))
    x1 = _frame(model, 1)
    with recording() as rec:
        outs = realized(x1)
    result["counters"] = rec.counters()
    if values:
        result["outputs"].append(_numpy(outs, names))
    if jit:
        result["jit"] = jit_checks(model, realized, names)
    return result


def jit_checks(model, realized, names) -> dict:
    """Max |difference| of JIT capture and replay against plain runs, and of a pickled-then-loaded JIT.

    TinyJit runs frame 2 plainly, captures on frame 3 and replays on frame 4; the loaded copy runs frame 5.
    """
    from tinygrad import TinyJit
    jitted = TinyJit(lambda **x: {k: v for k, v in realized(x).items()})
    runs = {s: _numpy(jitted(**_frame(model, s)), names) for s in (2, 3, 4)}
    plain = {s: _numpy(realized(_frame(model, s)), names) for s in (3, 4)}
    out = {"capture_vs_plain": _max_diff(runs[3], plain[3]), "replay_vs_plain": _max_diff(runs[4], plain[4]),
           "frames_differ": _max_diff(plain[3], plain[4])}     # a replay of stale inputs would match neither
    loaded = pickle.loads(pickle.dumps(jitted))
    want = _numpy(jitted(**_frame(model, 5)), names)
    out["pickled_vs_original"] = _max_diff(_numpy(loaded(**_frame(model, 5)), names), want)
    return out


def torch_outputs(name: str = "openpilot_like", seed: int = 0, float64: bool = False) -> dict:
    """torch's outputs for a frame (parent side; torch comes through oracles.reference)."""
    from oracles.reference import torch_lib
    L = torch_lib(float64=float64)
    dt = L.torch.float64 if float64 else L.torch.float32
    model = _model(name)
    W = {k: L.torch.tensor(v, dtype=dt) for k, v in model.weights().items()}
    x = {k: L.torch.tensor(v, dtype=dt) for k, v in model.inputs(seed).items()}
    with L.torch.no_grad():
        outs = model.forward(lambda prim, *a, **kw: model.PRIMS[prim].torch(L, *a, **kw), W, x)
    return {k: outs[k].numpy() for k in model.OUTPUTS}


def onnx_reference_outputs(name: str = "openpilot_like", seed: int = 0) -> dict:
    """onnx.reference's outputs for a frame (numpy only)."""
    from fuzz.models.onnx_graph import build as build_onnx, reference_run
    model = _model(name)
    return reference_run(build_onnx(model), model.inputs(seed))


def model_run_config(cfg, patches: tuple = (), timeout: float = 300.0):
    """The RunConfig of a model configuration (fuzz.models.*.ModelConfig)."""
    from oracles.config import RunConfig
    return RunConfig(backend=cfg.backend, env=tuple(cfg.env), patches=tuple(patches), timeout=timeout)

"""The openpilot-like model on each configuration: values, kernel budget, JIT replay, pickled JIT, speed baseline.

The quick set (each ModelConfig's `ci` builds) runs in `tox -e fuzz`; TINYFUZZ_MODEL_CONFIGS=all runs every
configuration with both builds (direct Tensors and ONNX through OnnxRunner).
"""
from __future__ import annotations

import functools
import os

import numpy as np
import pytest

from fuzz.models import openpilot_like as model

ALL = os.environ.get("TINYFUZZ_MODEL_CONFIGS", "") == "all"
CASES = [(name, how) for name, cfg in model.CONFIGS.items() for how in model.HOWS if ALL or how in cfg.ci]


@pytest.fixture(scope="module")
def pool():
    from oracles.worker import WorkerPool
    p = WorkerPool()
    yield p
    p.close()


@functools.lru_cache(maxsize=None)
def torch_frame(seed: int) -> dict:
    from oracles.model_eval import torch_outputs
    return torch_outputs(seed=seed)


@functools.lru_cache(maxsize=None)
def onnx_reference_frame(seed: int) -> dict:
    from oracles.model_eval import onnx_reference_outputs
    return onnx_reference_outputs(seed=seed)


def _mismatch(got: dict, want: dict, atol: float, rtol: float) -> str:
    for name in model.OUTPUTS:
        g, w = np.asarray(got[name], np.float64), np.asarray(want[name], np.float64)
        if g.shape != w.shape:
            return f"{name}: shape {g.shape} != {w.shape}"
        bad = np.abs(g - w) > atol + rtol * np.abs(w)
        if bad.any() or not np.isfinite(g).all():
            return f"{name}: max abs error {np.nanmax(np.abs(g - w)):.3g} (atol {atol}, rtol {rtol})"
    return ""


@pytest.mark.parametrize("config, how", CASES, ids=[f"{c}-{h}" for c, h in CASES])
def test_openpilot_like(config, how, pool, configure):
    from oracles.model_eval import model_run_config
    from oracles.speed import Baselines, speed_verdict
    cfg = model.CONFIGS[config]
    run_config = configure(model_run_config(cfg))
    out = pool.call(run_config, "oracles.model_eval:run_model", how=how, values=cfg.tol is not None, jit=cfg.jit)
    if out.status != "ok":
        pytest.fail(f"{config}/{how}: {out.status} {out.error.get('type', '')}: "
                    f"{out.error.get('message', out.error.get('reason', ''))[:500]}", pytrace=False)
    res = out.value
    problems = []
    if cfg.tol is not None:
        atol, rtol = model.TOLERANCES[cfg.tol]
        for seed, got in enumerate(res["outputs"]):
            if msg := _mismatch(got, torch_frame(seed), atol, rtol):
                problems.append(f"frame {seed} vs torch: {msg}")
        if how == "onnx" and (msg := _mismatch(res["outputs"][0], onnx_reference_frame(0), atol, rtol)):
            problems.append(f"frame 0 vs onnx.reference: {msg}")
    counters = res["counters"]
    if counters["kernels"] > cfg.kernels:
        problems.append(f"kernel budget: {counters['kernels']} kernels > {cfg.kernels}")
    if cfg.jit:
        j = res["jit"]
        if j["capture_vs_plain"] or j["replay_vs_plain"]:
            problems.append(f"JIT differs from plain runs: capture {j['capture_vs_plain']:.3g}, replay {j['replay_vs_plain']:.3g}")
        if not j["frames_differ"]:
            problems.append("frames 3 and 4 gave the same outputs: the JIT check compares nothing")
        if j["pickled_vs_original"]:
            problems.append(f"pickled JIT differs from the original by {j['pickled_vs_original']:.3g}")
    base = Baselines(res["version"]).get(f"{model.content_hash()}:{how}", run_config)
    verdict = speed_verdict(counters, base, ops=(model.NAME, how), backend=run_config.label())
    if verdict.failed:
        problems.append(verdict.summary())
    if problems:
        pytest.fail(f"{model.NAME} {how} on {config}:\n  " + "\n  ".join(problems), pytrace=False)

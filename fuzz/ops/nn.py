"""Neural-net ops: activations, softmax family, layernorm/batchnorm, losses (reduction chosen by attr)."""
from __future__ import annotations

from hypothesis import strategies as st

from fuzz.dtypes import FLOATS
from fuzz.ops.base import ACTIVATION, AXIS, LOSS, NORM, Invalid, Op, Operand, Spec, choice, same

A = dict(family=ACTIVATION, dtypes=FLOATS, grad=True)
REDUCTION = {"reduction": choice("mean", "sum", "none")}


def _reduced_loss(specs, attrs):
    if 0 in specs[0].shape:
        raise Invalid("loss over an empty batch")
    return Spec(() if attrs["reduction"] != "none" else specs[0].shape[:1] if len(specs[1].shape) == 1
                else specs[0].shape, specs[0].dtype)


def _targets(draw, first: Spec) -> list[Operand]:
    return [Operand(first.shape[:1], "int32", f"index:{first.shape[1]}")]


def _channel_stats(draw, first: Spec) -> list[Operand]:
    c = (first.shape[1],)
    return [Operand(c, first.dtype), Operand(c, first.dtype), Operand(c, first.dtype), Operand(c, first.dtype, "positive")]


def _trailing(specs):
    r = len(specs[0].shape)
    return st.integers(1, min(r, 3)) if r else st.nothing()


def _on_channels(v, x):
    return v.reshape((1, -1) + (1,) * (x.dim() - 2))


def _torch_gelu(L, x):
    return L.F.gelu(x, approximate="tanh")


def _binary_cross_entropy(L, x, y, reduction):
    """torch's binary_cross_entropy spelled out (log clamped at -100, as torch does): torch refuses inputs outside
    [0, 1], which an operand computed by an earlier op can be (logaddexp, seen with torch 2.11); there both give nan."""
    t = L.torch
    loss = -(y * t.clamp(t.log(x), min=-100) + (1 - y) * t.clamp(t.log(1 - x), min=-100))
    return {"mean": loss.mean, "sum": loss.sum, "none": lambda: loss}[reduction]()


ROWS = [
    Op("relu", tiny="relu", torch="relu", **A),
    Op("relu6", tiny="relu6", torch=lambda L, x: L.F.relu6(x), **A),   # inf: nan, float16 6e4: 0 (KB-0012)
    Op("leaky_relu", params={"slope": choice(0.01, 0.2)}, tiny=lambda L, x, slope: x.leaky_relu(slope),
       torch=lambda L, x, slope: L.F.leaky_relu(x, slope), **A),
    Op("elu", params={"alpha": choice(1.0, 0.5)}, tiny=lambda L, x, alpha: x.elu(alpha), tol="transcendental",
       torch=lambda L, x, alpha: L.F.elu(x, alpha), **A),
    Op("celu", params={"alpha": choice(1.0, 0.5)}, tiny=lambda L, x, alpha: x.celu(alpha), tol="transcendental",
       torch=lambda L, x, alpha: L.F.celu(x, alpha), **A),
    Op("selu", tiny="selu", torch=lambda L, x: L.F.selu(x), tol="loose", **A,
       notes="tinygrad rounds selu's constants to 1.67326 / 1.0507 (torch: 1.6732632..., 1.0507009...)."),
    Op("gelu", tiny="gelu", torch=_torch_gelu, tol="transcendental", **A),   # tinygrad's gelu is the tanh form
    Op("quick_gelu", tiny="quick_gelu", torch=lambda L, x: x * L.torch.sigmoid(1.702 * x), tol="transcendental",
       **A),
    Op("silu", tiny="silu", torch=lambda L, x: L.F.silu(x), tol="transcendental", **A),
    # TRIAGE (reports/triage/registry.md): mish/softplus/hardswish: inf - inf inside (bfloat16 +-inf gives nan).
    # Those rows draw from 'finite' (no inf, no near-overflow) until the bugs are registered.
    Op("mish", domain="finite", tiny="mish", torch=lambda L, x: L.F.mish(x), tol="transcendental", **A),
    Op("softplus", domain="finite", params={"beta": choice(1.0, 2.0)}, tiny=lambda L, x, beta: x.softplus(beta), tol="transcendental",
       torch=lambda L, x, beta: L.torch.logaddexp(x * beta, L.torch.zeros_like(x)) / beta, **A,
       notes="torch's softplus turns linear past `threshold` (20), tinygrad never does; log1p(exp(x)) overflows from "
             "x = 89 in float32 (bucket c4571a43c4: inf for tinygrad's 818): the reference is logaddexp(beta x, 0) / beta"),
    Op("hardswish", domain="finite", tiny="hardswish", torch=lambda L, x: L.F.hardswish(x), tol="float", **A),
    Op("hardsigmoid", tiny="hardsigmoid", torch=lambda L, x: L.F.hardsigmoid(x), tol="float", **A),   # inf: nan (KB-0013)
    Op("hardtanh", tiny="hardtanh", torch=lambda L, x: L.F.hardtanh(x), **A),
    Op("softsign", tiny="softsign", torch=lambda L, x: L.F.softsign(x), tol="float", **A),
    Op("logsigmoid", tiny="logsigmoid", torch=lambda L, x: L.F.logsigmoid(x), tol="transcendental", **A),   # -inf: nan (KB-0031)
    Op("softmax", NORM, dtypes=FLOATS, params={"axis": AXIS}, min_rank=1, grad=True, tol="transcendental",
       tiny=lambda L, x, axis: x.softmax(axis), torch=lambda L, x, axis: x.softmax(axis)),
    Op("log_softmax", NORM, dtypes=FLOATS, params={"axis": AXIS}, min_rank=1, grad=True, tol="transcendental",
       tiny=lambda L, x, axis: x.log_softmax(axis), torch=lambda L, x, axis: x.log_softmax(axis)),
    Op("softmin", NORM, dtypes=FLOATS, params={"axis": AXIS}, min_rank=1, grad=True, tol="transcendental",
       tiny=lambda L, x, axis: x.softmin(axis), torch=lambda L, x, axis: L.F.softmin(x, axis)),
    Op("layernorm", NORM, dtypes=FLOATS, domain="finite", notes="float16: tinygrad squares in float16.", params={"n_axes": _trailing, "eps": choice(1e-5, 1e-3)}, min_rank=1,
       grad=True, tol="accumulate",
       tiny=lambda L, x, n_axes, eps: x.layernorm(tuple(range(-n_axes, 0)), eps),
       torch=lambda L, x, n_axes, eps: L.F.layer_norm(x, x.shape[x.dim() - n_axes:], eps=eps)),
    Op("batchnorm", NORM, dtypes=FLOATS, operands=_channel_stats, min_rank=2, max_rank=4, grad=True, tol="float",
       check=lambda specs, attrs: specs[0].shape[1] > 0,
       tiny=lambda L, x, w, b, mean, invstd: x.batchnorm(w, b, mean, invstd),
       torch=lambda L, x, w, b, mean, invstd: (x - _on_channels(mean, x)) * _on_channels(w, x)
       * _on_channels(invstd, x) + _on_channels(b, x),
       notes="tinygrad takes invstd and differentiates through the statistics; torch's batch_norm takes var "
             "and refuses gradients for running stats: the reference spells ((x - mean) * w) * invstd + b, "
             "tinygrad's order: invstd * w first overflowed float16 where tinygrad's answer was right (2e7b8adbcc)."),
    Op("binary_crossentropy", LOSS, dtypes=FLOATS, operands=same(1, "prob"), params=REDUCTION, domain="prob",
       min_rank=1, out=_reduced_loss, grad=True, tol="transcendental", edges=False,
       tiny=lambda L, x, y, reduction: x.binary_crossentropy(y, reduction),
       torch=_binary_cross_entropy,
       notes="probabilities in (0, 1): at 0 and 1 torch clamps log to -100, tinygrad gives inf."),
    Op("binary_crossentropy_logits", LOSS, dtypes=FLOATS, operands=same(1, "prob"), params=REDUCTION, min_rank=1,
       domain="finite", notes="TRIAGE: bfloat16 logits of +-inf give nan where torch gives inf.",
       out=_reduced_loss, grad=True, tol="transcendental",
       tiny=lambda L, x, y, reduction: x.binary_crossentropy_logits(y, reduction),
       torch=lambda L, x, y, reduction: L.F.binary_cross_entropy_with_logits(x, y, reduction=reduction)),
    Op("cross_entropy", LOSS, dtypes=FLOATS, operands=_targets, min_rank=2, max_rank=2, out=_reduced_loss,
       params={**REDUCTION, "label_smoothing": choice(0.0, 0.1)}, grad=True, tol="transcendental",
       tiny=lambda L, x, y, reduction, label_smoothing: x.cross_entropy(y, reduction, label_smoothing),
       torch=lambda L, x, y, reduction, label_smoothing: L.F.cross_entropy(x, y.long(), reduction=reduction,
                                                                           label_smoothing=label_smoothing)),
    Op("nll_loss", LOSS, dtypes=FLOATS, operands=_targets, min_rank=2, max_rank=2, out=_reduced_loss,
       params=REDUCTION, grad=True, tol="float",
       tiny=lambda L, x, y, reduction: x.nll_loss(y, reduction=reduction),
       torch=lambda L, x, y, reduction: L.F.nll_loss(x, y.long(), reduction=reduction)),
    Op("sparse_categorical_crossentropy", LOSS, dtypes=FLOATS, operands=_targets, min_rank=2, max_rank=2,
       out=_reduced_loss, params=REDUCTION, grad=True, tol="transcendental",
       tiny=lambda L, x, y, reduction: x.sparse_categorical_crossentropy(y, reduction=reduction),
       torch=lambda L, x, y, reduction: L.F.cross_entropy(x, y.long(), reduction=reduction)),
]

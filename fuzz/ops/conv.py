"""Convolutions (conv2d with groups, conv_transpose2d), 2-d pooling (average, max, max then unpool), on (N, C, H, W)
inputs; resampling (interpolate) over the trailing 1-3 axes of (N, C, ...)."""
from __future__ import annotations

from hypothesis import strategies as st

from fuzz.dtypes import FLOATS
from fuzz.ops.base import CONV, FLAG, POOL, Invalid, Op, Operand, Spec, choice, ints

WINDOW = dict(min_rank=4, max_rank=4, dtypes=FLOATS, grad=True)


def _conv_weight(transposed: bool):
    """conv2d: weight (Cout, C/groups, kh, kw) with Cout a multiple of groups; transposed: (C, Cout, kh, kw).

    Weights take no nan/inf (domain 'number'; 'finite' still allowed nan, found by a campaign 2026-12-06): torch multiplies zero padding by the weight (0 * nan = nan), tinygrad
    masks padded positions out, so an output that sees only padding is nan in torch and 0 in tinygrad. Both are
    defensible definitions of zero padding; inputs still carry nan/inf.
    """
    def rule(draw, first: Spec) -> list[Operand]:
        c = first.shape[1]
        kh, kw = draw(st.integers(1, 3)), draw(st.integers(1, 3))
        if transposed:
            return [Operand((c, draw(st.integers(1, 3)), kh, kw), first.dtype, "number")]
        groups = draw(st.sampled_from([g for g in (1, 2, 3) if c and c % g == 0] or [1]))
        return [Operand((groups * draw(st.integers(1, 2)), max(c // groups, 1), kh, kw), first.dtype, "number")]
    return rule


def _side(n, k, s, p, d, ceil=False) -> int:
    span = n + 2 * p - d * (k - 1) - 1
    if span < 0:
        raise Invalid("window larger than the padded input")
    out = (-(-span // s) if ceil else span // s) + 1
    if ceil and (out - 1) * s >= n + p:     # torch: the last window must start inside the input or left pad
        out -= 1
    return out


def _conv_out(specs, attrs):
    (n, c, h, w), (co, ci, kh, kw) = specs[0].shape, specs[1].shape
    if 0 in (n, c, h, w) or c != ci * attrs["groups"]:
        raise Invalid(f"conv2d {specs[0].shape} with weight {specs[1].shape}")
    s, p, d = attrs["stride"], attrs["padding"], attrs["dilation"]
    return Spec((n, co, _side(h, kh, s, p, d), _side(w, kw, s, p, d)), specs[0].dtype)


def _convt_out(specs, attrs):
    (n, c, h, w), (ci, co, kh, kw) = specs[0].shape, specs[1].shape
    s, p, d, op = attrs["stride"], attrs["padding"], attrs["dilation"], attrs["output_padding"]
    if 0 in (n, c, h, w) or op >= max(s, d):
        raise Invalid("conv_transpose2d: empty input or output_padding too large")
    side = lambda x, k: (x - 1) * s - 2 * p + d * (k - 1) + op + 1
    if side(h, kh) < 1 or side(w, kw) < 1:
        raise Invalid("conv_transpose2d: empty output")
    return Spec((n, co, side(h, kh), side(w, kw)), specs[0].dtype)


def _pool_out(specs, attrs):
    n, c, h, w = specs[0].shape
    k, s, p, d = attrs["kernel"], attrs.get("stride") or attrs["kernel"], attrs["padding"], attrs.get("dilation", 1)
    if 0 in (n, c, h, w) or p > k // 2:
        raise Invalid("pool: empty input, or padding over half the kernel (torch refuses)")
    return Spec((n, c, _side(h, k, s, p, d, attrs["ceil_mode"]), _side(w, k, s, p, d, attrs["ceil_mode"])),
                specs[0].dtype)


def _max_pool_out(specs, attrs):
    """As _pool_out, and every window reads some input element: for a window of padding only (a 1x1 input, kernel 2,
    dilation 2, padding 1) torch's max_pool2d backward writes out of its buffer (a double free in float64, garbage
    gradients in float16: device bucket 9ea4d5df93), so torch has no answer to compare with."""
    out = _pool_out(specs, attrs)
    k, s, p, d = attrs["kernel"], attrs.get("stride") or attrs["kernel"], attrs["padding"], attrs.get("dilation", 1)
    for side, n_out in zip(specs[0].shape[2:], out.shape[2:]):
        for o in range(n_out):
            if not any(0 <= o * s - p + d * j < side for j in range(k)):
                raise Invalid("max_pool2d: a window of padding only (torch's backward writes out of bounds)")
    return out


def _unpool_out(specs, attrs):
    """Sides a multiple of the kernel: elsewhere the pooled indices address the input's (h, w), the unpooled output is
    (h // k * k, w // k * k), and torch's max_unpool2d writes past its buffer (heap corruption took both jobs of a
    campaign down, 2026-12-06) where tinygrad drops the index."""
    n, c, h, w = specs[0].shape
    k = attrs["kernel"]
    if 0 in (n, c, h, w) or h % k or w % k:
        raise Invalid("max_unpool2d: an empty input, or a side that is not a multiple of the window")
    return Spec((n, c, h, w), specs[0].dtype)


def _unpool_reference(L, x, kernel):
    pooled, index = L.F.max_pool2d(x, kernel, return_indices=True)
    return L.F.max_unpool2d(pooled, index, kernel)


INTERPOLATE_MODES = {"linear": ("linear", "bilinear", "trilinear"), "nearest": ("nearest",) * 3,
                     "nearest-exact": ("nearest-exact",) * 3}


def _interp_sizes(specs):
    return st.lists(st.integers(1, 7), min_size=len(specs[0].shape) - 2, max_size=len(specs[0].shape) - 2)


def _interp_out(specs, attrs):
    if 0 in specs[0].shape:
        raise Invalid("interpolate of an empty tensor")
    if attrs["align_corners"] and attrs["mode"] != "linear":
        raise Invalid("align_corners is for linear interpolation only")
    return Spec(specs[0].shape[:2] + tuple(attrs["size"]), specs[0].dtype)


def _interp_reference(L, x, size, mode, align_corners):
    torch_mode = INTERPOLATE_MODES[mode][len(size) - 1]
    return L.F.interpolate(x, size=size, mode=torch_mode, align_corners=align_corners if mode == "linear" else None)


POOL_PARAMS = {"kernel": ints(1, 3), "stride": choice(None, 1, 2), "padding": ints(0, 1), "ceil_mode": choice(False, True)}

ROWS = [
    Op("conv2d", CONV, operands=_conv_weight(False), tol="accumulate", out=_conv_out,
       params={"groups": lambda specs: st.just(max(specs[0].shape[1] // max(specs[1].shape[1], 1), 1)),
               "stride": ints(1, 2), "padding": ints(0, 2), "dilation": ints(1, 2)},
       tiny=lambda L, x, w, groups, stride, padding, dilation: x.conv2d(w, groups=groups, stride=stride,
                                                                        padding=padding, dilation=dilation),
       torch=lambda L, x, w, groups, stride, padding, dilation: L.F.conv2d(x, w, groups=groups, stride=stride,
                                                                           padding=padding, dilation=dilation),
       **WINDOW),
    Op("conv_transpose2d", CONV, operands=_conv_weight(True), tol="accumulate", out=_convt_out,
       params={"stride": ints(1, 2), "padding": ints(0, 1), "dilation": ints(1, 2), "output_padding": ints(0, 1)},
       tiny=lambda L, x, w, stride, padding, dilation, output_padding: x.conv_transpose2d(
           w, stride=stride, padding=padding, dilation=dilation, output_padding=output_padding),
       torch=lambda L, x, w, stride, padding, dilation, output_padding: L.F.conv_transpose2d(
           x, w, stride=stride, padding=padding, dilation=dilation, output_padding=output_padding), **WINDOW),
    Op("avg_pool2d", POOL, params={**POOL_PARAMS, "count_include_pad": choice(True, False)}, out=_pool_out,
       tol="float", tiny=lambda L, x, kernel, stride, padding, ceil_mode, count_include_pad: x.avg_pool2d(
           (kernel, kernel), stride=stride or kernel, padding=padding, ceil_mode=ceil_mode,
           count_include_pad=count_include_pad),
       torch=lambda L, x, kernel, stride, padding, ceil_mode, count_include_pad: L.F.avg_pool2d(
           x, kernel, stride=stride or kernel, padding=padding, ceil_mode=ceil_mode,
           count_include_pad=count_include_pad), **WINDOW),
    Op("max_pool2d", POOL, params={**POOL_PARAMS, "dilation": ints(1, 2)}, out=_max_pool_out, domain="nonan",
       tiny=lambda L, x, kernel, stride, padding, ceil_mode, dilation: x.max_pool2d(
           (kernel, kernel), stride=stride or kernel, padding=padding, ceil_mode=ceil_mode, dilation=dilation),
       torch=lambda L, x, kernel, stride, padding, ceil_mode, dilation: L.F.max_pool2d(
           x, kernel, stride=stride or kernel, padding=padding, ceil_mode=ceil_mode, dilation=dilation),
       notes="nan: torch propagates it through the window max, tinygrad does not: 'nonan'.", **WINDOW),
    # windows that do not overlap: where they do, torch writes a max picked twice once and tinygrad's one-hot sum adds
    # it twice (max_unpool2d's inverse is defined for non-overlapping windows)
    Op("max_unpool2d", POOL, params={"kernel": ints(1, 3)}, out=_unpool_out, edges=False,
       tiny=lambda L, x, kernel: L.Tensor.max_unpool2d(*x.max_pool2d((kernel, kernel), return_indices=True),
                                                       (kernel, kernel)),
       torch=_unpool_reference, min_rank=4, max_rank=4, dtypes=("float32", "float64"), grad=True,
       notes="max_pool2d's indices then max_unpool2d; float32/float64 without edges: a tie inside a window picks "
             "another index (torch the first max; the unpooled answers differ), which random values avoid."),
    Op("interpolate", POOL, params={"size": _interp_sizes, "mode": choice("linear", "nearest", "nearest-exact"),
                                    "align_corners": FLAG},
       out=_interp_out, min_rank=3, max_rank=5, dtypes=("float32", "float64"), grad=True, tol="float", edges=False,
       tiny=lambda L, x, size, mode, align_corners: x.interpolate(tuple(size), mode=mode, align_corners=align_corners),
       torch=_interp_reference,
       notes="the trailing 1-3 axes of (N, C, ...) as torch takes them (tinygrad takes any number of leading axes). "
             "No edge values: a weight times inf is nan in torch's formula and inf in tinygrad's (bucket "
             "24acec60e0), as lerp's endpoints. Registered: align_corners to a side of 1 is nan (KB-0095), float64 "
             "weights in float32 (KB-0096), the same-side gradients (KB-0098, KB-0099)."),
]

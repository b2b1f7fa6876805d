"""The torch reference's casts from uint64: torch carries uint64 in int64, so its own cast to a float read values
from 2**63 up as negative (bucket 23ec24af7c was put down to tinygrad, then to the reference; both were half right:
the reference was wrong, and fixing it showed KB-0057). Checked against numpy, which converts the unsigned bits."""
from __future__ import annotations

import numpy as np
import pytest

from fuzz.program import Input, Node, Program, Values
from oracles.reference import run_torch


@pytest.mark.parametrize("target", ["float64", "float32", "float16", "bfloat16"])
def test_uint64_to_float_reads_the_unsigned_value(target):
    """Planted: -2 and -1 cast to uint64 are 2**64 - 2 and 2**64 - 1, far above 2**63. Control: 5 stays 5."""
    p = Program((Input((3,), "int32", Values(data=(-2, 5, -1))),),
                (Node("cast", (0,), {"dtype": "uint64"}), Node("cast", (1,), {"dtype": target})), (2,))
    want = np.array([-2, 5, -1], np.int32).astype(np.uint64).astype(np.float64)
    got = run_torch(p)["outputs"][0].astype(np.float64)
    if target in ("float16",):
        assert np.isinf(got[0]) and got[1] == 5.0          # 2**64 overflows float16: inf, as in C and numpy
    else:
        np.testing.assert_allclose(got, want, rtol=1e-2 if target == "bfloat16" else 1e-6)


def test_other_casts_are_torch_own():
    """Decoy: a uint32 source (torch carries it in int64 without a sign problem) takes torch's own cast."""
    p = Program((Input((2,), "uint32", Values(data=(4294967294, 3))),), (Node("cast", (0,), {"dtype": "float64"}),), (1,))
    np.testing.assert_array_equal(run_torch(p)["outputs"][0], [4294967294.0, 3.0])


def test_bfloat16_inputs_keep_their_bits_nan_included():
    """torch's float32 -> bfloat16 conversion writes a nan as 0xFFFF; tinygrad (and fuzz/values.py) hold 0x7FC0, so a
    bitcast of a bfloat16 nan differed (bucket d69406be7a: 32704 vs -1). The reference builds bfloat16 inputs from
    their bits: the bitcast of a nan reads 0x7FC0 (32704), and of 1.5 reads 16320, as in tinygrad."""
    p = Program((Input((2, 2), "bfloat16", Values(data=(1.5, float("nan"), -2.25, float("inf")))),),
                (Node("bitcast", (0,), {"dtype": "int16", "src": "bfloat16"}),), (1,))
    np.testing.assert_array_equal(run_torch(p)["outputs"][0], np.array([[16320, 32704], [-16368, 32640]], np.int16))
    # decoy: the float64 run computes bfloat16 in float64 and must still read the same numbers
    wide = run_torch(p.with_(nodes=(Node("add", (0, 0)),), outputs=(1,)), float64=True)["outputs"][0]
    np.testing.assert_array_equal(np.isnan(wide), [[False, True], [False, False]])
    assert wide[0, 0] == 3.0 and wide[1, 1] == np.inf


def test_a_0d_bfloat16_input_stays_0d():
    """The bits path must keep the shape: np.ascontiguousarray made a 0-d bfloat16 input (1,) and every output of
    such a program a shape mismatch (bench campaign bucket a020fc1585)."""
    p = Program((Input((), "bfloat16", Values(data=(1.5,))),), (Node("add", (0, 0)),), (1,))
    out = run_torch(p)["outputs"][0]
    assert out.shape == () and float(out) == 3.0


def test_a_product_over_one_element_is_that_element_in_the_gradient_too():
    """torch's prod backward is grad * prod / x: inf / inf = nan for an infinite element of a product over one element,
    whose derivative is 1 (bucket 2708fe1136: a float16 prod that overflowed, then a prod over its one element;
    tinygrad's inf gradient is the exact one, rounded). The reference treats a prod over an axis of one as that
    element: the gradient is inf. Control: over two elements the product is still torch's (values and gradients:
    [3, 2] -> 6, gradient [2, 3] times the loss's weight); a finite one-element product keeps its value."""
    one = Program((Input((3,), "float16", Values(data=(300.0, 300.0, 300.0)), requires_grad=True),),
                  (Node("prod", (0,), {"axis": None, "keepdim": True}), Node("prod", (1,), {"axis": 0, "keepdim": False})),
                  (2,))
    out = run_torch(one, grad=True)
    assert np.isinf(out["outputs"][0]) and np.isinf(out["grads"][0]).all(), out["grads"]
    two = Program((Input((2,), "float32", Values(data=(3.0, 2.0)), requires_grad=True),),
                  (Node("prod", (0,), {"axis": 0, "keepdim": False}),), (1,))
    out = run_torch(two, grad=True)
    g = out["grads"][0]          # the loss weighs the output: the gradient is w * [2, 3]
    assert out["outputs"][0] == 6.0 and g[0] / 2.0 == g[1] / 3.0 != 0, g
    finite = Program((Input((1, 2), "float32", Values(data=(3.0, -2.0))),), (Node("prod", (0,), {"axis": 0, "keepdim": True}),),
                     (1,))
    assert run_torch(finite)["outputs"][0].tolist() == [[3.0, -2.0]]

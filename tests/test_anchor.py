"""Step ops and index outputs are judged anchored on tinygrad's own operands (oracles/anchor.py, issue 16).

Controls: an operand one ulp off an integer before floor, or before a bitcast, and ties in cummax/cummin indices
found by a pristine campaign, pass. Caught: an operand off by more than the tolerance (told at the operand), a
planted floor that rounds, wrong indices among distinct values (tinygrad's own float16 sort bug, KB-0035).
The user path (pytest fuzz with the floor and sort plants) is in tests/test_oracles_catch.py.
"""
from __future__ import annotations

import dataclasses
from pathlib import Path

import numpy as np
import pytest

from fuzz.ops import ties
from fuzz.program import Input, Node, Program, Values
from oracles import capabilities
from oracles.anchor import anchored, probes
from oracles.config import RunConfig
from oracles.judge import judge, reference, value_verdict
from oracles.verdict import VerdictKind
from oracles.worker import Outcome

DATA = Path(__file__).parent / "data" / "anchor"
# bucket programs in bfloat16 run only where the C compiler takes __bf16 (Debian 12's clang 14 does not)
NEEDS_BF16 = pytest.mark.skipif(not capabilities.probe().cc_bf16, reason="this machine's C compiler lacks __bf16: "
                                "the bucket's bfloat16 program is unsupported here")
CPU = RunConfig(backend="CPU")


def stepped(op: str, **attrs) -> Program:
    """0.1 * 10 in float32 is 1.0 exactly: an operand one ulp below it floors to 0 and bitcasts one lower."""
    inputs = (Input((1,), "float32", Values(data=(0.1,))), Input((1,), "float32", Values(data=(10.0,))))
    return Program(inputs, (Node("mul", (0, 1)), Node(op, (2,), attrs)), outputs=(3,))


def judged_with(program: Program, operand: float):
    """Judge as if tinygrad computed `operand` for the mul and torch's step of it for the output."""
    x = np.array([operand], dtype=np.float32)
    step = {"floor": lambda: np.floor(x), "bitcast": lambda: x.view(np.int32)}[program.nodes[1].op]()
    got = {"outputs": [step]}
    expected = reference(program)
    first = value_verdict(program, got, expected, {})
    assert first.kind == VerdictKind.MISMATCH, "the control must differ before anchoring"
    return anchored(program, CPU, first, got, expected, lambda probe: Outcome("ok", {"outputs": [x]}))


def test_an_ulp_before_a_step_passes():
    one_ulp_below = float(np.nextafter(np.float32(1.0), np.float32(0.0)))
    verdict = judged_with(stepped("floor"), one_ulp_below)
    assert verdict.kind == VerdictKind.PASS and verdict.numbers["anchored"]
    # a bitcast output passes before anchoring: it is compared as its source floats (below)
    bitcast = stepped("bitcast", dtype="int32", src="float32")
    got = {"outputs": [np.array([one_ulp_below], np.float32).view(np.int32)]}
    assert not value_verdict(bitcast, got, reference(bitcast), {}).failed


@pytest.mark.parametrize("op,attrs", [("floor", {}), ("bitcast", {"dtype": "int32", "src": "float32"})])
def test_an_operand_off_beyond_tolerance_is_told_at_the_operand(op, attrs):
    verdict = judged_with(stepped(op, **attrs), 0.9)
    assert verdict.kind == VerdictKind.MISMATCH
    assert verdict.detail.startswith(f"operand of {op} (float32)") and verdict.numbers["what"] == "value"


def test_probes_are_step_operands_and_index_nodes():
    assert probes(stepped("floor")) == (2,)
    cummax = Program.loads((DATA / "ca6078faf4.json").read_text())
    assert probes(cummax) == (1,)                      # the index node itself; its operand is an input


@pytest.mark.parametrize("bucket", ["ca6078faf4", "d496f0817a"])
def test_ties_in_index_outputs_pass(bucket):
    """cummax / cummin indices over equal values (an expanded or padded constant): both picks are right."""
    program = Program.loads((DATA / f"{bucket}.json").read_text())
    expected = reference(program)
    from oracles.judge import run
    assert value_verdict(program, run(program, CPU).value, expected, {}).failed, "the control must differ raw"
    verdict = judge(program, CPU, expected)
    assert verdict.kind == VerdictKind.PASS and verdict.numbers.get("anchored")


def test_wrong_indices_among_distinct_values_are_caught():
    """float16 topk of a computed tensor picks index 0 for the smaller value at 1 (KB-0035, a real tinygrad bug)."""
    program = Program.loads((DATA / "1395c6cda8.json").read_text())
    verdict = judge(program, CPU)
    assert verdict.kind == VerdictKind.MISMATCH and "output 0 (int32)" in verdict.detail


def test_a_nan_lost_before_a_sort_is_told_at_the_operand():
    """lerp with a constant weight 0 folds inf * 0 away (KB-0034); the sort after it only shows the symptom."""
    program = Program.loads((DATA / "ee61e2eba2.json").read_text())
    verdict = judge(program, CPU)
    assert verdict.kind == VerdictKind.MISMATCH and verdict.numbers["what"] == "missing-nan"
    assert verdict.detail.startswith("operand of sort (float32)")


def test_planted_floor_is_caught():
    planted = RunConfig(backend="CPU", patches=("tests.plants:floor-rounds",))
    inputs = (Input((4,), "float32", Values(data=(0.25, 1.75, -0.25, 2.0))),)
    program = Program(inputs, (Node("floor", (0,)),), outputs=(1,))
    assert judge(program, CPU).kind == VerdictKind.PASS
    assert judge(program, planted).kind == VerdictKind.MISMATCH


SORTED = [0, 1, 2]
@pytest.mark.parametrize("rule,attrs,got,want,ok", [       # x = [1, 1, 3]
    (ties.permutation("dim"), {"dim": 0, "output": "indices"}, [1, 0, 2], SORTED, True),    # equal x[0], x[1]
    (ties.permutation("dim"), {"dim": 0, "output": "indices"}, [0, 0, 2], SORTED, False),   # not a permutation
    (ties.permutation("dim"), {"dim": 0, "output": "indices"}, [0, 2, 1], SORTED, False),   # another sequence
    (ties.permutation("dim"), {"dim": 0, "output": "values"}, SORTED, SORTED, False),       # values: no ties rule
    (ties.distinct("dim"), {"dim": 0, "output": "indices"}, [1, 0, 2], SORTED, True),
    (ties.distinct("dim"), {"dim": 0, "output": "indices"}, [1, 1, 2], SORTED, False),      # a position twice
    (ties.prefix("axis"), {"axis": 0, "output": "indices"}, [0, 0, 2], [0, 1, 2], True),    # cummax picks 0 or 1
    (ties.prefix("axis"), {"axis": 0, "output": "indices"}, [1, 1, 2], [0, 1, 2], False),   # index 1 at position 0
    (ties.reduced_index, {"axis": None, "keepdim": False}, 1, 0, True),
    (ties.reduced_index, {"axis": 0, "keepdim": True}, [2], [0], False),
])
def test_ties_rules(rule, attrs, got, want, ok):
    assert rule(np.array([1.0, 1.0, 3.0]), attrs, np.array(got), np.array(want)) is ok


# ---- a bitcast output is compared as its source floats (issue 16; bucket 2ca8def6c2) -------------------------

BITCAST = Program((Input((4,), "bfloat16", Values(data=(1.5, -2.25, 0.375, 3.0))),),
                  (Node("exp2", (0,)), Node("bitcast", (1,), {"dtype": "uint16", "src": "bfloat16"})), (2,))


def _bits_of_bf16(values) -> np.ndarray:
    return (np.asarray(values, np.float32).view(np.uint32) >> 16).astype(np.uint16)


@pytest.mark.parametrize("step, fails", [(1, False), (0x80, True)])      # one ulp; the exponent's low bit
def test_a_bitcast_of_a_float_is_judged_as_its_source(step, fails):
    want = _bits_of_bf16(np.exp2([1.5, -2.25, 0.375, 3.0]).astype(np.float32))
    got = want.copy()
    got[2] = got[2] + step
    v = value_verdict(BITCAST, {"outputs": [got]}, {"outputs": [want]}, {})
    assert v.failed == fails, v.detail


def test_an_integer_output_off_by_one_is_still_a_mismatch():
    """Decoy: an int output that is no bitcast of a float is compared exactly."""
    p = Program((Input((3,), "int32", Values(data=(1, 2, 3))),), (Node("add", (0, 0)),), (1,))
    v = value_verdict(p, {"outputs": [np.array([2, 4, 7], np.int32)]}, {"outputs": [np.array([2, 4, 6], np.int32)]}, {})
    assert v.failed and v.kind == VerdictKind.MISMATCH


# ---- an ill-conditioned element: torch's float32 and float64 answers disagree (bucket 1cbefaed19) ---------------

@pytest.mark.parametrize("got, fails", [
    (-5.87, False),               # between float32's -2.30 and float64's -6.52: a third rounding order
    (-9.0, False),                # beyond them by less than their distance (4.22)
    (-12.0, True),                # beyond by more: no rounding explains it
    (float("nan"), True),         # a nan is never a rounding of finite answers
])
def test_an_unstable_element_accepts_any_rounding_between_the_references(got, fails):
    p = Program((Input((2, 3), "float32", Values(seed=1)),), (Node("sum", (0,), {"axis": -1, "keepdim": False}),), (1,))
    expected = {"outputs": [np.array([1.0, -2.30], np.float32)], "outputs64": [np.array([1.0, -6.52], np.float64)]}
    v = value_verdict(p, {"outputs": [np.array([1.0, got], np.float32)]}, expected, {})
    assert v.failed == fails, v.detail
    stable = value_verdict(p, {"outputs": [np.array([1.3, -2.30], np.float32)]}, expected, {})   # decoy
    assert stable.failed and "at [0]" in stable.detail


# ---- near a domain edge: the step's span over its operand's tolerance (bucket 38964d8f4b) ----------------------

@NEEDS_BF16
def test_a_domain_edge_crossed_by_rounding_passes_and_a_wrong_step_does_not():
    """bfloat16 acosh(acosh(x)): tinygrad's inner acosh lands one ulp above 1 where torch's lands below, so the outer
    acosh is 0.0825 where torch's is nan. Anchored on tinygrad's operand and moved within its tolerance, torch's
    answers span it: a pass. Decoy: an outer acosh three times too big is outside every span."""
    program = Program.loads((DATA / "38964d8f4b.json").read_text())
    expected = reference(program)
    v = judge(program, CPU, expected)
    assert v.kind == VerdictKind.PASS and v.numbers.get("span"), v.detail
    from oracles.judge import run
    got = run(program, CPU).value
    wrong = {**got, "outputs": [np.where(np.isnan(got["outputs"][0]), got["outputs"][0], got["outputs"][0] * 3 + 0.5)]}
    first = value_verdict(program, wrong, expected, {})
    bad = anchored(program, CPU, first, wrong, expected, lambda probe: run(probe, CPU))
    assert bad.kind == VerdictKind.MISMATCH and bad.detail.startswith("acosh of bfloat16 values")


# a chain of three acosh: the first lands on 1.0 in tinygrad and 0.99609 in torch (both neighbours of the exact
# 0.99657 in bfloat16), so the second is 0 in tinygrad and nan in torch (device bucket 38964d8f4b)
ACOSH3 = Program((Input((1,), "bfloat16", Values(data=(1.5390625,))),),
                 (Node("acosh", (0,)), Node("acosh", (1,)), Node("acosh", (2,))), (2, 3))


@pytest.mark.parametrize("second, passes", [(0.0, True), (0.5, False)])
def test_a_probed_operand_is_judged_against_torchs_step_of_tinygrads_own_operand(second, passes):
    """Each probed operand is compared with torch's value computed from tinygrad's numbers of the probed values before
    it, not with torch's whole chain: acosh(1.0) is 0 in both (a pass, where the second acosh held against torch's
    chain, nan, was a mismatch); decoy: a second acosh of 0.5 for tinygrad's 1.0 is told at the operand."""
    expected = reference(ACOSH3)
    inner = [np.array([1.0], np.float32), np.array([second], np.float32)]
    got = {"outputs": [inner[1], np.arccosh(inner[1].astype(np.float64)).astype(np.float32)]}
    first = value_verdict(ACOSH3, got, expected, {})
    assert first.failed, "the plant must differ before anchoring"
    v = anchored(ACOSH3, CPU, first, got, expected, lambda probe: Outcome("ok", {"outputs": inner}))
    if passes:
        assert v.kind == VerdictKind.PASS and v.numbers.get("anchored"), v.detail
    else:
        assert v.kind == VerdictKind.MISMATCH and v.detail.startswith("operand of acosh (bfloat16)"), v.detail


# ---- gradients are compared normwise (bucket 3c748f546a) ------------------------------------------------------

@pytest.mark.parametrize("got, fails", [
    ([20.0, -0.5153], False),     # a small element that cancels, off by 0.3% of itself: within 1e-3 of the largest
    ([20.2, -0.5137], True),      # the largest element off by 1%
    ([20.2, -0.5188], True),      # every element off by 1% (a scaled gradient)
    ([20.0, 0.0], True),          # a lost gradient
])
def test_a_gradient_is_held_to_the_size_of_the_largest_element(got, fails):
    x = Input((2,), "float32", Values(seed=1), requires_grad=True)
    p = Program((x,), (Node("mul", (0, 0)),), (1,))
    want = np.array([20.0, -0.5137], np.float32)
    expected = {"outputs": [np.zeros(2, np.float32)], "grads": [want], "grads64": [want.astype(np.float64)]}
    v = value_verdict(p, {"outputs": [np.zeros(2, np.float32)], "grads": [np.array(got, np.float32)]}, expected, {})
    assert v.failed == fails, v.detail


def test_a_nan_index_inside_the_program_is_told_at_the_index():
    """Bucket 9d0d37394f: argmin of values holding nan, then 3 - index. The mismatch is told at the argmin (KB-0003's
    nan through an index row), not as an unexplained int32 output. Decoy: without the nan, pristine tinygrad passes."""
    from corpus import known
    program = Program.loads((DATA / "9d0d37394f.json").read_text())
    v = judge(program, CPU)
    assert v.detail.startswith("argmin of float32 values with nan: index v0 (int32)"), v.detail
    assert known.load().matching(v).id == "KB-0003"
    from fuzz.values import materialize
    data = np.nan_to_num(materialize(program.inputs[0]).astype(np.float64), nan=0.25, posinf=9.0, neginf=-9.0)
    clean = program.with_(inputs=(Input(program.inputs[0].shape, "float32", Values(data=tuple(float(d) for d in data))),))
    assert not judge(clean, CPU).failed


@pytest.mark.parametrize("stored, written, op, nan", [
    ((-0.0, 1.0), float("nan"), "assign_mul", True),    # bucket 2b5b35da64: [-0.0] *= nan, then argmin reads nan
    ((float("nan"), 1.0), 2.0, "assign", False),         # decoy: the stored nan is overwritten before argmin reads it
])
def test_an_input_written_before_an_index_row_holds_what_the_write_left(stored, written, op, nan):
    """An index row's operand is judged for nan by the numbers it reads: an input that a step wrote into before, by
    that step's numbers (an output here), not by the stored buffer. The plant is KB-0002 (argmin of nan gives n); the
    decoy's out-of-range index is no nan's and stays unknown."""
    from corpus import known
    program = Program((Input((2,), "float32", Values(data=stored)), Input((), "float32", Values(data=(written,)))),
                      (Node(op, (0, 1)), Node("argmin", (0,), {"axis": None, "keepdim": False})), (2, 3))
    expected = reference(program)
    got = {"outputs": [np.asarray(expected["outputs"][0], np.float32), np.array(2, np.int32)]}
    first = value_verdict(program, got, expected, {"ops": tuple(program.ops()), "backend": "CPU"})
    assert first.failed, "the plant must differ"
    v = anchored(program, CPU, first, got, expected, lambda probe: Outcome("ok", {"outputs": [np.array(2, np.int32)]}))
    assert v.detail.startswith("argmin of float32 values with nan:" if nan else "argmin of float32 values:"), v.detail
    bug = known.load().matching(v)
    assert (bug is not None and bug.id == "KB-0002") == nan


def test_any_and_all_test_floats_against_zero_as_a_step():
    """float16 softplus(-7.66) is 0 in tinygrad and 4.7e-4 in torch, within softplus's tolerance; all() of it then
    differs (bucket 0024634488). Anchored on tinygrad's operand it passes; an all() that is wrong for its own operand
    (a planted flip where the operand is far from 0) still fails."""
    program = Program.loads((DATA / "0024634488.json").read_text())
    expected = reference(program)
    from oracles.judge import run
    got = run(program, CPU).value
    first = value_verdict(program, got, expected, {})
    assert first.failed, "the control must differ raw"
    assert judge(program, CPU, expected).numbers.get("anchored")
    operand = run(program.with_(outputs=(1,)), CPU).value["outputs"][0]
    flipped = {"outputs": [~np.asarray(expected["outputs"][0])]}
    verdict = anchored(program, CPU, value_verdict(program, flipped, expected, {}), flipped, expected,
                       lambda probe: Outcome("ok", {"outputs": [operand]}))
    assert verdict.kind == VerdictKind.MISMATCH


def test_a_variant_is_judged_anchored_like_the_plain_run():
    """cummax indices over many equal values (minimum with a scalar): realizing each node breaks the ties another
    way than the plain run and torch, and both are right (bucket 19ec5e824f, realize mode). Indices that are wrong
    among distinct values still fail the variant."""
    from oracles.metamorphic import VARIANTS, _judge_values, judge_in_mode
    program = Program.loads((DATA / "19ec5e824f.json").read_text())
    verdicts = judge_in_mode(program, CPU, "realize", reference(program))
    assert verdicts[1].kind == VerdictKind.PASS and verdicts[1].numbers.get("anchored"), verdicts[1].detail
    from corpus import known            # the plain run's own float16 cummax indices are a registered bug
    assert not verdicts[0].failed or known.load().matching(verdicts[0]) is not None, verdicts[0].detail
    from oracles.judge import run
    expected = reference(program)
    plain = run(program, CPU)
    wrong = Outcome("ok", {"outputs": [np.full_like(plain.value["outputs"][0], 1)], "counters": {}})
    distinct = program.with_(inputs=tuple(Input(i.shape, i.dtype, Values(seed=7)) for i in program.inputs))
    bad = _judge_values(VARIANTS["realize"], distinct, CPU, wrong, run(distinct, CPU), reference(distinct),
                        probe=lambda p: run(p, CPU))
    assert bad.kind == VerdictKind.MISMATCH


def test_an_ill_conditioned_element_is_judged_within_the_span_of_rounding():
    """batchnorm of a batchnorm: 3.118 - 3.129, then times an invstd of 1e30 (bucket fa138811e1). One ulp of the
    first batchnorm moves the output by 2e-5 relative, past float32's tolerance: tinygrad's fused rounding gives
    -4.47174e27 for torch's -4.47184e27 and float64's -4.47182e27. Within the span of torch's runs with every
    intermediate an ulp apart it passes; a well-conditioned element off by as much still fails."""
    from oracles.anchor import ill_conditioned
    from oracles.judge import run
    program = Program.loads((DATA / "fa138811e1.json").read_text())
    expected = reference(program)
    got = run(program, CPU).value
    assert value_verdict(program, got, expected, {}).failed, "the control must differ raw"
    assert ill_conditioned(program, got, expected)
    assert judge(program, CPU, expected).numbers.get("conditioned")
    wrong = {"outputs": [np.array(expected["outputs"][0], copy=True)]}
    wrong["outputs"][0][0, 0] *= 1.0 + 2e-5          # channel 0 has no cancellation: its span is a few ulps
    assert value_verdict(program, wrong, expected, {}).failed and not ill_conditioned(program, wrong, expected)


def _written_first(program: Program) -> Program:
    """The program reading its input 0 through a step: a zero target of that shape is assigned input 0 first, and
    every read of input 0 reads the step (the stateful form of bucket dc02a0560e)."""
    n_in, src = len(program.inputs), program.inputs[0]
    target = Input(src.shape, src.dtype, Values(data=(0.0,) * int(np.prod(src.shape))))
    step = n_in + 1                              # the assign's index once the target is input 0
    def ref(a: int) -> int:
        return step if a == 0 else a + 1 if a < n_in else a + 2
    nodes = (Node("assign", (0, 1)),) + tuple(Node(n.op, tuple(ref(a) for a in n.args), n.attrs) for n in program.nodes)
    return Program((target,) + program.inputs, nodes, tuple(ref(o) for o in program.outputs))


def test_an_ill_conditioned_program_with_a_step_is_judged_within_the_span_of_rounding():
    """The same batchnorm of a batchnorm read after an assign: the step's own value is not moved (it is the tensor
    the step wrote), every other value is. The answer judged is tinygrad's fused rounding of the program without the
    step (with it, the step is realized and tinygrad happens to round as torch does; the step's extra level also
    widens the tolerance enough that this rounding passes raw, so the span itself is what is tested). A wrong
    well-conditioned element is still caught."""
    from oracles.anchor import ill_conditioned
    from oracles.judge import run
    plain = Program.loads((DATA / "fa138811e1.json").read_text())
    program = _written_first(plain)
    expected = reference(program)
    got = run(plain, CPU).value
    assert value_verdict(plain, got, reference(plain), {}).failed, "the control must differ raw without the step"
    assert ill_conditioned(program, got, expected)
    wrong = {"outputs": [np.array(expected["outputs"][0], copy=True)]}
    wrong["outputs"][0][0, 0] *= 1.0 + 1e-4          # past the tolerance the step widens
    assert value_verdict(program, wrong, expected, {}).failed and not ill_conditioned(program, wrong, expected)


@NEEDS_BF16
def test_a_gradient_at_a_kink_may_take_either_side():
    """bfloat16 hardswish at exactly 3: tinygrad's derivative is the left side's 1.5, torch's the right side's 1.0
    (bucket c7ae485550). Between torch's derivatives an ulp either side it passes; 3.0 at the kink, or any change
    where the function is smooth, still fails."""
    from oracles.anchor import at_a_kink
    from oracles.judge import run
    program = Program.loads((DATA / "c7ae485550.json").read_text())
    grad_cpu = RunConfig(backend="CPU", grad=True)
    expected = reference(program, grad=True)
    got = run(program, grad_cpu).value
    assert value_verdict(program, got, expected, {}).failed, "the control must differ raw"
    assert at_a_kink(program, got, expected)
    assert judge(program, grad_cpu, expected).numbers.get("kink")
    kink = tuple(np.argwhere(np.asarray(expected["grads"][0]) != np.asarray(got["grads"][0]))[0])
    for k, factor in ((kink, 2.0), ((0, 0, 0), 1.5)):      # far outside the span; a smooth element moved
        wrong = {**got, "grads": [np.array(got["grads"][0], copy=True)]}
        wrong["grads"][0][k] = expected["grads"][0][k] * factor + (0.5 if factor == 1.5 else 0.0)
        assert not at_a_kink(program, wrong, expected), k


def test_a_chain_of_bitcasts_is_read_back_to_its_float():
    """float64 log, then bitcast to uint64, then to int64: one ulp of the log is one integer step at the end (bucket
    4344778b9e). Read back to the float at the chain's start it passes; a step of many ulps still fails."""
    base = stepped("bitcast", dtype="int32", src="float32")
    chain = base.with_(nodes=base.nodes + (Node("bitcast", (3,), {"dtype": "uint32", "src": "int32"}),), outputs=(4,))
    expected = reference(chain)
    one_ulp = np.array([np.nextafter(np.float32(1.0), np.float32(0.0))], np.float32).view(np.uint32)
    assert not value_verdict(chain, {"outputs": [one_ulp]}, expected, {}).failed
    far = np.array([np.float32(0.9)], np.float32).view(np.uint32)
    assert value_verdict(chain, {"outputs": [far]}, expected, {}).failed


def test_anchoring_a_grad_mode_run_judges_its_values_only():
    """A grad-mode run carries gradients; anchoring compares its values with answers that have none (it raised
    KeyError and took a device campaign down, 2026-12-06)."""
    program = stepped("floor")
    x = np.array([float(np.nextafter(np.float32(1.0), np.float32(0.0)))], dtype=np.float32)
    got = {"outputs": [np.floor(x)], "grads": [np.ones(1, np.float32)]}
    expected = reference(program)
    first = value_verdict(program, {"outputs": got["outputs"]}, expected, {})
    verdict = anchored(program, CPU, first, got, expected, lambda probe: Outcome("ok", {"outputs": [x]}))
    assert verdict.kind == VerdictKind.PASS and verdict.numbers["anchored"]


# ---- asin, acos, atanh are step ops at their domain edge (bucket a7e42efaa1) -----------------------------------

ASIN2 = Program((Input((2,), "float16", Values(data=(0.841796875, 0.5))),), (Node("asin", (0,)), Node("asin", (1,))),
                (2,))


def _judged_asin2(outer: list, inner: list):
    """asin(asin(x)) judged as if tinygrad computed `inner` for the first asin and `outer` for the second."""
    expected = reference(ASIN2)
    got = {"outputs": [np.array(outer, np.float16)]}
    first = value_verdict(ASIN2, got, expected, {})
    assert first.failed, "the plant must differ before anchoring"
    return anchored(ASIN2, CPU, first, got, expected,
                    lambda probe: Outcome("ok", {"outputs": [np.array(inner, np.float16)]}))


def test_a_domain_edge_of_asin_crossed_by_rounding_passes():
    """float16 asin(0.8418) is 1.0006 exactly: torch rounds it to 1.001, tinygrad to 1.0 (within tolerance), so the
    outer asin is nan in torch and pi/2 in tinygrad. Anchored on tinygrad's operand it passes."""
    expected = reference(ASIN2)
    from oracles.judge import run
    got = run(ASIN2, CPU).value
    assert value_verdict(ASIN2, got, expected, {}).failed, "the control must differ raw"
    v = judge(ASIN2, CPU, expected)
    assert v.kind == VerdictKind.PASS and v.numbers.get("anchored"), v.detail


@pytest.mark.parametrize("outer, inner, told", [
    ([1.0, 0.551], [1.0, 0.5234], "asin of float16 values"),       # a wrong asin of tinygrad's own 1.0 (pi/2)
    ([float("nan"), float("nan")], [1.0, 0.5234], "asin of float16 values"),   # nan inside the domain, far from 1
    ([1.5703125, 0.551], [0.9, 0.5234], "operand of asin (float16)"),   # the operand itself off beyond tolerance
])
def test_a_wrong_asin_at_or_off_the_domain_edge_is_caught(outer, inner, told):
    v = _judged_asin2(outer, inner)
    assert v.kind == VerdictKind.MISMATCH and v.detail.startswith(told), v.detail


# ---- a gradient element torch's own runs disagree on the nan-ness of is not judged (bucket 0a90e24c5b) ----------

def test_a_gradient_where_torchs_runs_disagree_on_nan_is_not_judged():
    """float16 hardswish(atanh(x)) at |x| > 1: the forward is nan, and torch's hardswish backward of nan is the
    upstream gradient in its scalar loop (the float16 run, -0.75) but nan in its vectorized one (the float64 run);
    tinygrad gives 0. The element has no right answer: it is not judged, and the pass says how many were excused."""
    x = Input((3, 2, 1, 3), "float16", Values(seed=1589, domain="finite"), requires_grad=True)
    program = Program((x,), (Node("atanh", (0,)), Node("hardswish", (1,))), (2,))
    grad_cpu = RunConfig(backend="CPU", grad=True)
    expected = reference(program, grad=True)
    a, b = (np.isnan(np.asarray(expected[k][0], np.float64)) for k in ("grads", "grads64"))
    assert (a != b).any(), "the control needs elements torch's runs disagree on"
    v = judge(program, grad_cpu, expected)
    excused = (a != b) | expected["undetermined"][0]         # atanh outside |x| < 1 marks its elements as well
    assert v.kind == VerdictKind.PASS and v.numbers.get("undetermined") == int(excused.sum()), v.detail
    no_domain = {k: w for k, w in expected.items() if k != "undetermined"}
    assert judge(program, grad_cpu, no_domain).numbers.get("undetermined") == int((a != b).sum())


@pytest.mark.parametrize("got, fails", [
    ([0.0, 2.0, 5.0, 1.0], False),            # element 0 undetermined (torch: -0.75 and nan): any answer
    ([1e4, 2.0, 5.0, 1.0], False),
    ([0.0, 2.2, 5.0, 1.0], True),             # decoy: both torch runs finite, tinygrad off by 10%
    ([1e4, 2.0, 5.5, 1.0], True),             # an excused element's 1e4 does not widen the normwise scale
    ([0.0, 2.0, 5.0, 1.0, 7.0], True),        # decoy: both torch runs nan, tinygrad a number
])
def test_only_elements_torch_disagrees_on_are_excused(got, fails):
    n = len(got)
    x = Input((n,), "float32", Values(seed=1), requires_grad=True)
    p = Program((x,), (Node("mul", (0, 0)),), (1,))
    want = np.array([-0.75, 2.0, 5.0, 1.0, np.nan][:n], np.float32)
    want64 = np.array([np.nan, 2.0, 5.0, 1.0, np.nan][:n], np.float64)
    expected = {"outputs": [np.zeros(n, np.float32)], "grads": [want], "grads64": [want64]}
    v = value_verdict(p, {"outputs": [np.zeros(n, np.float32)], "grads": [np.array(got, np.float32)]}, expected, {})
    assert v.failed == fails, v.detail
    assert v.numbers.get("undetermined") == 1


# ---- a gradient through an op evaluated outside its domain is undetermined (buckets 451ac6e82c, e36e61d27e) ------

ACOSH_OF_SUM = Program((Input((4,), "float16", Values(data=(-33.0, 2.0, 0.5, 3.0)), requires_grad=True),),
                       (Node("acosh", (0,)),), (1,))


def test_the_reference_marks_gradient_elements_whose_path_crosses_an_op_outside_its_domain():
    """acosh of -33 and 0.5 is nan (outside x >= 1); torch's backward there is rsqrt(x*x - 1), a number at -33,
    which tinygrad's log(x + sqrt(x*x - 1)) backward meets as 0 * inf = nan. Only those elements are marked."""
    expected = reference(ACOSH_OF_SUM, grad=True)
    assert expected["undetermined"][0].tolist() == [True, False, True, False]
    assert np.isfinite(np.asarray(expected["grads64"][0], np.float64)[0]), "the plant needs torch's artifact"


@pytest.mark.parametrize("scale, fails", [
    ([np.nan, 1.0, np.nan, 1.0], False),    # tinygrad nan where acosh is nan: not judged
    ([np.nan, 1.5, np.nan, 1.0], True),     # decoy: an element inside the domain is still held to tolerance
])
def test_an_element_outside_the_domain_is_not_judged_and_the_rest_is(scale, fails):
    expected = reference(ACOSH_OF_SUM, grad=True)
    got = {"outputs": [np.asarray(expected["outputs"][0])],
           "grads": [(np.asarray(expected["grads64"][0]) * scale).astype(np.float16)]}
    v = value_verdict(ACOSH_OF_SUM, got, expected, {})
    assert v.failed == fails, v.detail
    assert fails or v.numbers.get("undetermined") == 2
    plain = {k: w for k, w in expected.items() if k != "undetermined"}      # control: without the mask it is judged
    assert value_verdict(ACOSH_OF_SUM, got, plain, {}).failed


def test_a_nan_operand_does_not_mark_an_op_it_passes_through():
    """Only where an op makes a nan from numbers: log10 of -0.26 marks x (abs's backward then reads sign(nan):
    torch 0, tinygrad 1, bucket d0985ed3dd); the exp after it, fed the nan, is not a new point, and a sibling
    element inside the domain stays judged."""
    x = Input((2,), "float64", Values(data=(-0.2646900509115033, 2.0)), requires_grad=True)
    p = Program((x,), (Node("log10", (0,)), Node("abs", (1,)), Node("exp", (2,))), (3,))
    assert reference(p, grad=True)["undetermined"][0].tolist() == [True, False]


# ---- a single op whose internal sum cancels is ill-conditioned too: inputs are moved an ulp (bucket 0dde06d54f) --

CANCELS = Program((Input((2,), "float32", Values(data=(-1.0, 2.0))), Input((4,), "int32", Values(data=(0, 0, 0, 1))),
                   Input((4,), "float32", Values(data=(1e30, 1.8940123, -1e30, 3.0)))),
                  (Node("scatter_reduce", (0, 1, 2), {"dim": 0, "include_self": True, "reduce": "mean"}),), (3,))


def test_a_sum_that_cancels_inside_one_op_is_judged_within_the_span_of_rounding():
    """scatter_reduce mean of -1 with 1e30, 1.894, -1e30: torch adds self first and gets 0.0, tinygrad sums the
    sources first and gets -0.25, the exact answer is 0.2235. No intermediate exists to move; an ulp of an input
    (7.6e22 for 1e30) spans both answers. The element that does not cancel (mean of 2 and 3) is still held to
    float32's tolerance."""
    from oracles.anchor import ill_conditioned
    from oracles.judge import run
    expected = reference(CANCELS)
    got = run(CANCELS, CPU).value
    assert value_verdict(CANCELS, got, expected, {}).failed, "the control must differ raw"
    assert ill_conditioned(CANCELS, got, expected)
    v = judge(CANCELS, CPU, expected)
    assert v.kind == VerdictKind.PASS and v.numbers.get("conditioned"), v.detail
    for wrong in ([-0.25, 2.5 * (1 + 1e-3)], [float("nan"), 2.5], [float("inf"), 2.5]):
        planted = {"outputs": [np.array(wrong, np.float32)]}
        assert value_verdict(CANCELS, planted, expected, {}).failed
        assert not ill_conditioned(CANCELS, planted, expected), wrong


@pytest.mark.parametrize("op, attrs, data", [
    ("sum", {"axis": -1, "keepdim": False}, None),
    ("cos", {}, (1e6, 0.5, -3.0, 2e5)),
])
def test_a_planted_error_in_a_well_conditioned_program_is_not_excused(op, attrs, data):
    """Decoys: a sum of ordinary numbers moves by an ulp or so when its inputs do, so an error of 1e-3 (past float32's
    tolerance) is outside that span. An elementwise op's input is not moved: float32 cos(1e6) is held to cos's own
    accuracy, and an answer off by an ulp of 1e6 in the phase (0.0625, KB-0006's symptom) is not excused."""
    from oracles.anchor import ill_conditioned
    shape = (4,) if data else (4, 64)
    p = Program((Input(shape, "float32", Values(seed=3, data=data)),), (Node(op, (0,), attrs),), (1,))
    expected = reference(p)
    wrong = {"outputs": [np.array(expected["outputs"][0], copy=True)]}
    if data:
        wrong["outputs"][0][0] = np.cos(np.float64(np.float32(1e6)) + 0.0625)
    else:
        wrong["outputs"][0][1] += 1e-3 + 1e-3 * abs(wrong["outputs"][0][1])
    assert value_verdict(p, wrong, expected, {}).failed
    assert not ill_conditioned(p, wrong, expected)


# ---- a value computed in float16 and cast up keeps float16's accuracy (bucket 6024fa4718, 2026-12-07) -----------

@NEEDS_BF16
def test_an_operand_cast_up_is_held_to_the_dtype_it_was_computed_in():
    """float16 acos, cast to float64, float32, then bfloat16 (a step): the float32 operand is 1.7773 for torch's
    1.7783, a float16 ulp. It is held to float16's tolerance, the dtype acos computed in (control: the bucket passes);
    decoy: a float16 input cast to float32 before acos is exact, so acos is held to float32's tolerance."""
    from oracles.anchor import operand_tolerance
    from oracles.compare import program_tolerance
    up = Program((Input((1,), "float16", Values(seed=16777217, domain="unit", edges=False)),),
                 (Node("acos", (0,)), Node("cast", (1,), {"dtype": "float64"}), Node("cast", (1,), {"dtype": "float32"}),
                  Node("cast", (3,), {"dtype": "bfloat16"})), (2, 4))
    assert operand_tolerance(up, 3, "float32") == program_tolerance(["transcendental"], "float16", 2)
    assert judge(up, CPU).kind == VerdictKind.PASS
    exact = Program((Input((1,), "float16", Values(data=(-0.2054,))),),
                    (Node("cast", (0,), {"dtype": "float32"}), Node("acos", (1,))), (2,))
    assert operand_tolerance(exact, 2, "float32") == program_tolerance(["exact", "transcendental"], "float32", 2)


# ---- a quotient rounded twice before its step (bucket c3bc44d0fd, 2026-12-07) ---------------------------------

QUOTIENT = Program((Input((), "bfloat16", Values(data=(67.0,))), Input((), "bfloat16", Values(data=(-1.8203125,)))),
                   (Node("div_rounded", (0, 1), {"mode": "trunc"}),), (2,))


def test_a_quotient_rounded_twice_before_trunc_may_land_a_step_away():
    """tinygrad's bfloat16 67 / -1.8203125 is 67 * (1 / -1.8203125), rounded twice: -37.0 where the rounded quotient
    is -36.75, so trunc gives -37 for torch's -36. The quotient of the inputs each moved an ulp is -36.92: both steps
    are right there."""
    from oracles.anchor import ill_conditioned
    from oracles.judge import run
    expected = reference(QUOTIENT)
    got = run(QUOTIENT, CPU).value
    assert value_verdict(QUOTIENT, got, expected, {}).failed, "the control must differ raw"
    v = judge(QUOTIENT, CPU, expected)
    assert v.kind == VerdictKind.PASS and v.numbers.get("conditioned"), v.detail
    for wrong in (-35.0, -38.0):          # a step further than an ulp of the inputs reaches
        planted = {"outputs": [np.array(wrong, np.float32)]}
        assert not ill_conditioned(QUOTIENT, planted, expected), wrong


@pytest.mark.parametrize("x, y", [(-59.75, 3.0), (59.75, 3.0), (-59.75, -3.0), (59.75, -3.0)])
@pytest.mark.parametrize("mode", ["trunc", "floor"])
def test_the_moved_quotient_spans_both_steps_whatever_the_signs(x, y, mode):
    """-59.75 / 3 = -19.917; tinygrad's bfloat16 x * (1/3) is -19.955, rounded -20 (device bucket c3bc44d0fd). The
    inputs moved an ulp alternately by input cancelled for x < 0 < y (-19.94 and -19.90: both trunc -19); moved by
    magnitude, each run moves |x / y| one way, so both neighbouring integers are spanned and one further is not."""
    from oracles.anchor import ill_conditioned
    p = Program((Input((), "bfloat16", Values(data=(x,))), Input((), "bfloat16", Values(data=(y,)))),
                (Node("div_rounded", (0, 1), {"mode": mode}),), (2,))
    expected = reference(p)
    right = float(np.asarray(expected["outputs64"][0]))
    away = -1.0 if x / y < 0 else 1.0           # tinygrad's twice-rounded quotient lands a step further from 0
    for got, excused in ((right + away, True), (right + 2 * away, False), (right - away, False)):
        planted = {"outputs": [np.array(got, np.float32)]}
        assert value_verdict(p, planted, expected, {}).failed
        assert ill_conditioned(p, planted, expected) == excused, (got, right)


def test_a_wrong_quotient_away_from_a_step_is_caught():
    """Decoy: 10 / -1.5 = -6.67 is a third of a step from the nearest integer; an ulp of the inputs (1.2% of the
    quotient at most, both moved its way) does not reach it, so trunc giving -7 (a floor, say) is a mismatch."""
    from oracles.anchor import ill_conditioned
    p = QUOTIENT.with_(inputs=(Input((), "bfloat16", Values(data=(10.0,))), Input((), "bfloat16", Values(data=(-1.5,)))))
    expected = reference(p)
    planted = {"outputs": [np.array(-7.0, np.float32)]}
    assert value_verdict(p, planted, expected, {}).failed
    assert not ill_conditioned(p, planted, expected)


# the same quotient beside an argsort: the argsort is probed, so the program is judged anchored, not for its
# conditioning; the quotient's inputs are not probed (inputs are exact) and are moved an ulp in the spans instead
QUOTIENT_SORTED = Program(QUOTIENT.inputs + (Input((3,), "float32", Values(data=(0.0, -1.0, 2.0))),),
                          (Node("div_rounded", (0, 1), {"mode": "trunc"}), Node("argsort", (2,), {"dim": 0, "descending": False})),
                          (3, 4))


def test_a_quotient_rounded_twice_beside_a_probed_node_may_land_a_step_away():
    """Bucket 19a9fdcc06: a bfloat16 floor of two inputs' quotient, 7 for torch's 8, in a program that also argsorts
    another input. Caught still: a step further than an ulp of the inputs reaches, and a wrong argsort."""
    from oracles.judge import run
    expected = reference(QUOTIENT_SORTED)
    got = run(QUOTIENT_SORTED, CPU).value
    first = value_verdict(QUOTIENT_SORTED, got, expected, {})
    assert first.failed, "the control must differ raw"
    assert probes(QUOTIENT_SORTED) == (4,)
    v = judge(QUOTIENT_SORTED, CPU, expected)
    assert v.kind == VerdictKind.PASS and v.numbers.get("span"), v.detail
    for wrong, order in ((-35.0, (1, 0, 2)), (-38.0, (1, 0, 2)), (-37.0, (0, 1, 2))):
        planted = {"outputs": [np.array(wrong, np.float32), np.array(order, np.int32)]}
        verdict = anchored(QUOTIENT_SORTED, CPU, value_verdict(QUOTIENT_SORTED, planted, expected, {}), planted,
                           expected, lambda probe: run(probe, CPU))
        assert verdict.kind == VerdictKind.MISMATCH, (wrong, order)


# ---- a scan rounded step by step in its own dtype is a right answer too (bucket 5331659f14) ---------------------

UNDERFLOWS = Program((Input((2, 5), "float32", Values(data=(1.6738827, 1e-40, 0.0048370534, 1e30, 1e30,
                                                            1.5, 2.0, 0.5, 3.0, 2.0))),),
                     (Node("cumprod", (0,), {"axis": -1}),), (1,))


def test_a_running_product_through_a_subnormal_may_round_each_step():
    """float32 cumprod of [1.674, 1e-40, 0.00484, 1e30, 1e30]: the third partial product 8.0966e-43 is a subnormal
    with ten significant bits, stored as 8.0995e-43. tinygrad (and numpy) round every step: 8.0995e17 last; torch
    carries a double and gets 8.0966e17. Within the span of torch's step-by-step float32 run it passes; the row of
    ordinary numbers is still held to float32's tolerance, and a nan or another value at the end is not excused."""
    from oracles.anchor import ill_conditioned
    from oracles.judge import run
    expected = reference(UNDERFLOWS)
    got = run(UNDERFLOWS, CPU).value
    assert value_verdict(UNDERFLOWS, got, expected, {}).failed, "the control must differ raw"
    v = judge(UNDERFLOWS, CPU, expected)
    assert v.kind == VerdictKind.PASS and v.numbers.get("conditioned"), v.detail
    for at, value in (((1, 4), 9.0 * (1 + 1e-3)), ((0, 4), float("nan")), ((0, 4), 8.2e17)):
        planted = {"outputs": [np.array(got["outputs"][0], copy=True)]}
        planted["outputs"][0][at] = value
        assert value_verdict(UNDERFLOWS, planted, expected, {}).failed
        assert not ill_conditioned(UNDERFLOWS, planted, expected), (at, value)


# a float64 running product past the largest double and back: 1e300, then 1e10 * 1e-10 at positions 256 and 257
PAST_THE_RANGE = Program((Input((768,), "float64", Values(data=tuple(1e300 if i == 0 else 1e10 if i == 256 else
                                                                   1e-10 if i == 257 else 1.0 for i in range(768)))),),
                         (Node("cumprod", (0,), {"axis": 0}),), (1,))


def test_a_running_product_that_comes_back_into_range_is_finite():
    """Bucket ee6d37b6e2: torch's float64 cumprod stays inf once a prefix overflows (1e310); tinygrad splits a 768-long
    axis into chunks of 256 whose partials never form that prefix and gives the exact 1e300 after it. Caught still:
    a finite number where the exact prefix is past the range (position 256), and a wrong finite one after it."""
    from oracles.anchor import ill_conditioned
    from oracles.judge import run
    expected = reference(PAST_THE_RANGE)
    got = run(PAST_THE_RANGE, CPU).value
    assert np.isinf(expected["outputs"][0][-1]) and got["outputs"][0][-1] == 1e300, "the control must differ raw"
    v = judge(PAST_THE_RANGE, CPU, expected)
    assert v.kind == VerdictKind.PASS and v.numbers.get("conditioned"), v.detail
    for at, value in ((256, 1e300), (767, 2e300)):
        planted = {"outputs": [np.array(got["outputs"][0], copy=True)]}
        planted["outputs"][0][at] = value
        assert not ill_conditioned(PAST_THE_RANGE, planted, expected), (at, value)


def test_a_running_product_off_by_as_much_without_a_subnormal_is_caught():
    """Decoy: the same relative error (3.6e-4) in a cumprod that stays in the normal range is no rounding order's."""
    from oracles.anchor import ill_conditioned
    p = Program((Input((5,), "float32", Values(data=(1.6738827, 1e-20, 0.0048370534, 1e30, 1e10))),),
                (Node("cumprod", (0,), {"axis": -1}),), (1,))
    expected = reference(p)
    wrong = {"outputs": [np.array(expected["outputs"][0], copy=True)]}
    wrong["outputs"][0][4] *= 1 + 3.6e-4
    assert value_verdict(p, wrong, expected, {}).failed
    assert not ill_conditioned(p, wrong, expected)


def test_a_half_precision_scan_rounded_in_half_each_step_is_still_caught():
    """Decoy: neither new span reaches below the half-precision policy. A float16 cumsum whose running sum is kept in
    float16 (numpy's order: one float16 rounding per step) is off by many ulps of its terms (KB-0086, KB-0091); an
    ulp of a float16 term is no rounding a float32 accumulator makes, and the step-by-step run keeps float32."""
    from fuzz.values import materialize
    from oracles.anchor import ill_conditioned
    x = Input((2048,), "float16", Values(seed=5))
    p = Program((x,), (Node("cumsum", (0,), {"axis": 0}),), (1,))
    expected = reference(p)
    half = {"outputs": [np.cumsum(materialize(x), dtype=np.float16)]}
    assert value_verdict(p, half, expected, {}).failed, "the plant must differ"
    assert not ill_conditioned(p, half, expected)


def test_anchored_torch_runs_happen_in_the_reference_worker():
    """torch's anchored reruns run in the reference's worker: what torch does there (raise, or die) leaves the
    judging process alive and the verdict as it was (TorchRunFailed). A nudged run there moves every float
    intermediate, so it differs from the plain answer (control: the plain rerun equals the reference)."""
    from oracles.anchor import TorchRunFailed, torch_run
    p = Program((Input((4,), "float32", Values(seed=2)),), (Node("exp2", (0,)),), (1,))
    plain = torch_run(p)["outputs"][0]
    assert np.array_equal(plain, reference(p)["outputs"][0])
    nudged = torch_run(p, hook={"kind": "nudge", "sign": 1.0})["outputs"][0]
    assert not np.array_equal(plain, nudged)
    with pytest.raises(TorchRunFailed):
        torch_run(p, hook={"kind": "no such anchor"})
    assert torch_run(p)["outputs"][0].shape == (4,)     # the worker came back for the next run


@pytest.mark.parametrize("bucket", ["fd9d37c66d", "67108aa4d6"])
def test_a_product_overflowing_a_float32_accumulator_passes(bucket):
    """float32 prod of 90 numbers holding -1e30 (device bucket fd9d37c66d), and a cumprod (67108aa4d6), overflow to
    -inf in a float32 running product; torch's CPU kernels keep a double one (-3.86e19; -9.7e37). A running product
    rounded in the dtype step by step (numpy's loop) reaches the same infinity: right. Decoys: an inf where that run
    stays finite, and a finite element off by half, fail."""
    from oracles.anchor import ill_conditioned
    from oracles.judge import run
    program = Program.loads((DATA / f"{bucket}.json").read_text())
    expected = reference(program)
    got = run(program, CPU).value
    assert value_verdict(program, got, expected, {}).failed, "the control must differ raw"
    assert judge(program, CPU, expected).kind == VerdictKind.PASS
    want = np.asarray(expected["outputs"][0]).astype(np.float64)
    mine = np.asarray(got["outputs"][0]).astype(np.float64)
    decoys = [(k, -mine.flat[k]) for k in np.flatnonzero(np.isinf(mine))[:1]]      # the other infinity
    decoys += [(k, v) for k in np.flatnonzero(np.isfinite(want) & (np.abs(want) > 0.1) & (np.abs(want) < 10))[:1]
               for v in (np.inf, want.flat[k] * 1.5)]
    assert decoys
    for at, planted in decoys:
        wrong = np.array(got["outputs"][0], copy=True)
        wrong.flat[at] = planted
        assert not ill_conditioned(program, {"outputs": [wrong]}, expected), planted


# ---- KB-0096's float32 weights told at the interpolate, not at an output a later op amplified (5c00836d7e) --------

AMPLIFIED = Program((Input((1, 3, 3, 2), "float64", Values(seed=139690478)),),
                    (Node("interpolate", (0,), {"align_corners": False, "mode": "linear", "size": [6, 6]}),
                     Node("scalar_fpow", (1,), {"scalar": -0.5})), (2,))


def test_float32_weights_are_told_at_the_interpolate():
    """float64 interpolate then `** -0.5`: 1.3e-7 at the interpolate (its float32 weights) is 65x at the output, past
    the bound taken there; measured at the interpolate, and torch given tinygrad's interpolate agreeing, it is KB-0096.
    Decoys: an interpolate 1e-6 off (a wrong weight), and an output off beyond what the interpolate explains."""
    from corpus import known
    from oracles.anchor import float32_weights_upstream
    from oracles.judge import FLOAT32_WEIGHTS, run
    v = judge(AMPLIFIED, CPU)
    assert v.failed and FLOAT32_WEIGHTS in v.detail, v.detail
    assert known.load().matching(v).id == "KB-0096"
    bare = dataclasses.replace(v, detail=v.detail.replace(FLOAT32_WEIGHTS, ""))
    got = run(AMPLIFIED, CPU).value

    def off(scale):
        def probe_run(probe):
            out = run(probe, CPU)
            return Outcome("ok", {**out.value, "outputs": [o * scale for o in out.value["outputs"]]})
        return probe_run
    assert float32_weights_upstream(AMPLIFIED, bare, got, off(1.0)).detail == v.detail          # control
    assert float32_weights_upstream(AMPLIFIED, bare, got, off(1 + 1e-6)).detail == bare.detail   # a wrong weight
    wrong = {**got, "outputs": [got["outputs"][0] * (1 + 1e-5)]}
    assert float32_weights_upstream(AMPLIFIED, bare, wrong, off(1.0)).detail == bare.detail      # not explained


# ---- a domain edge inside an operand's tolerance is in the span (device bucket d1006fda83) -------------------------

ACOSH_TWICE = Program((Input((3,), "float16", Values(data=(1.54296875, 2.0, 3.0))),),
                      (Node("acosh", (0,)), Node("acosh", (1,))), (2,))


@pytest.mark.parametrize("first, fails", [
    (None, False),      # tinygrad's own: acosh(1.0005) = 0.0308, between acosh(1) = 0 and the upper end's 0.14
    (0.5, True),        # decoy: beyond acosh over the operand's whole tolerance
])
def test_the_span_holds_the_step_at_a_domain_edge_inside_the_tolerance(first, fails):
    """float16 acosh(1.54296875) is 0.9999 exactly, torch rounds it to 1.0 (then 0), tinygrad to 1.0005 (then 0.0308),
    float64 says nan. The moved runs give nan below and 0.14 above; the run at the edge gives 0."""
    from oracles.judge import run
    got = run(ACOSH_TWICE, CPU).value
    if first is not None:
        got = {**got, "outputs": [np.array([first, *got["outputs"][0][1:]], np.float16)]}
    v = judge(ACOSH_TWICE, CPU, reference(ACOSH_TWICE), outcome=Outcome("ok", got))
    assert v.failed == fails, v.detail

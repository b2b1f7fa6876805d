"""Registry rows test themselves: each row's own verdict is known as that row, and decoys are not.

A row's own verdict is the one stored with its corpus bucket (corpus/crashes/<bucket>/meta.json), or its `example`
when the bug was found outside the corpus (shard plans, UOp kernels, the JIT). Decoys, per row: a crash, a segfault
and a value regression of another kind in the same op, and the same symptom in another op (or another oracle, for
bugs no op carries). A decoy that matched would be a new regression swallowed as this registered bug.
"""
from __future__ import annotations

import dataclasses
import json

import numpy as np
import pytest

from corpus import known
from corpus.store import DEFAULT_ROOT
from corpus.triage import Decision, triage
from fuzz.errors import UsageError
from fuzz.program import Input, Node, Program, Values
from oracles.verdict import Verdict, VerdictKind

REGISTRY = known.load()
FLOATS, INTS = ("float16", "float32", "float64", "bfloat16"), ("int32", "int64", "uint8")


def own_verdict(row: known.KnownBug) -> Verdict:
    meta = DEFAULT_ROOT / "crashes" / row.bucket / "meta.json"
    if meta.exists():
        return Verdict.from_json(json.loads(meta.read_text())["verdict"])
    assert row.example, f"{row.id}: no corpus bucket and no example verdict to test its rule on"
    return Verdict.from_json(row.example)


def mismatch(dtype: str, what: str, ops, backend: str, oracle: str = "value") -> Verdict:
    detail = {"nan": "got np.float64(nan), expected np.float64(1.0)", "missing-nan": "got np.float64(1.0), expected "
              "np.float64(nan)", "inf": "got np.float64(inf), expected np.float64(1.0)"}.get(what, "got 3, expected 4 (1 of 1 differ)")
    return Verdict(VerdictKind.MISMATCH, oracle, f"output 0 ({dtype}): at [0]: {detail}", ops=tuple(ops), backend=backend,
                   numbers={"dtype": dtype, "what": what})


def decoys(row: known.KnownBug, own: Verdict) -> dict[str, Verdict]:
    ops, backend = own.ops, own.backend
    out = {"crash in the same op": Verdict(VerdictKind.CRASH, "crash", "RuntimeError: planted regression",
                                          exc_type="RuntimeError", message="planted regression", ops=ops, backend=backend),
           "segfault outside tinygrad in the same op": Verdict(VerdictKind.DIED, "died", "killed by SIGSEGV",
                                                               exc_type="SIGSEGV", ops=ops, backend=backend)}
    # a rule that names a text instead of dtypes is met by no unmarked mismatch: any dtype makes a decoy
    covered = {(d, w) for m in row.rules if m["verdict"] == "mismatch" for d in m.get("dtypes", ()) for w in m["difference"]}
    # every dtype and kind covered (a rule that asks for a mark instead): an unmarked float32 mismatch is the decoy
    other = next((dw for dw in [(d, w) for d in FLOATS + INTS for w in ("value", "nan", "missing-nan", "inf")
                                if not (d in INTS and w != "value")] if dw not in covered), ("float32", "value"))
    out[f"{other[1]} mismatch in {other[0]} in the same op"] = mismatch(*other, ops, backend)
    # the ops named by the rules that take the row's own verdict (another rule of the row may name ops it has not)
    named = {op for m in row.rules if known._rule_holds(m, own) for op in m.get("ops", []) + m.get("any_ops", [])}
    if named:
        elsewhere = next(op for op in ("exp2", "add", "where", "sum") if op not in named)
        out[f"the same symptom in {elsewhere}"] = dataclasses.replace(own, ops=(elsewhere,))
    else:
        oracle = next(o for o in ("value", "crash", "jit", "uop") if o != own.oracle)
        out[f"the same symptom under oracle {oracle}"] = dataclasses.replace(own, oracle=oracle)
    return out


ROWS = [r for r in REGISTRY.rows if r.open]
CASES = [(r, name, v) for r in ROWS for name, v in decoys(r, own_verdict(r)).items()]


@pytest.mark.parametrize("row", ROWS, ids=[r.id for r in ROWS])
def test_row_knows_its_own_verdict(row):
    decided = triage(own_verdict(row), REGISTRY)
    assert decided.decision == Decision.KNOWN and decided.bug.id == row.id, decided.describe()


@pytest.mark.parametrize("row", ROWS, ids=[r.id for r in ROWS])
def test_row_rule_alone_matches_its_own_verdict(row):
    """The rule, not only the exact bucket: a raw (unminimized) failure of this bug has another bucket."""
    v = own_verdict(row)
    assert row.matches(dataclasses.replace(v, ops=v.ops + ("reshape",))), row.match


@pytest.mark.parametrize("row, name, decoy", CASES, ids=[f"{r.id}-{n}" for r, n, _ in CASES])
def test_decoy_is_not_this_row(row, name, decoy):
    assert not row.matches(decoy), f"{row.id} swallows {name}: {decoy.signature}"


@pytest.mark.parametrize("message, known_as", [
    ("Unexpected instruction types specified for ex2", "KB-0020"),        # nvJitLink 13.5 (PyPI), this machine
    ("Unexpected instruction types specified for 'ex2'", "KB-0020"),      # torch 2.11's cu13 nvJitLink (H100 host)
    ("Unexpected instruction types specified for 'add'", None),            # decoy: an instruction KB-0020 is not about
])
def test_ptx_f64_rule_reads_every_nvjitlink_wording(message, known_as):
    """The gate went red on the H100 host's pristine tinygrad (2026-12-06): its nvJitLink quotes the instruction."""
    from oracles.verdict import Verdict, VerdictKind
    v = Verdict(VerdictKind.CRASH, "render", f"CompileError: jitlink Error 4, NVJITLINK_ERROR_PTX_COMPILE\n"
                f"ptxas application ptx input, line 53; error   : {message}", ops=("mish", "mul"),
                backend="NULL:PTX:sm_90", exc_type="CompileError", message=message)
    decided = triage(v, REGISTRY)
    assert (decided.bug.id if decided.decision == Decision.KNOWN else None) == known_as, decided.describe()


def test_a_fixed_bug_failing_again_is_a_regression():
    row = REGISTRY.rows[0]
    fixed = known.Registry([dataclasses.replace(row, status="fixed-in 0.15.0")])
    assert triage(own_verdict(row), fixed).decision == Decision.REGRESSION


def test_an_exact_bucket_counts_only_while_open_and_on_its_backend():
    row = next(r for r in ROWS if r.backends and (DEFAULT_ROOT / "crashes" / r.bucket).exists())
    v = own_verdict(row)
    elsewhere = dataclasses.replace(v, backend="NULL:OPENCL")
    bare = known.Registry([dataclasses.replace(row, match=None)])
    assert triage(v, bare).decision == Decision.KNOWN
    assert triage(elsewhere, bare).decision == Decision.NEW


@pytest.mark.parametrize("text, hit, miss", [
    ("sin", "KeyError: sin", "using the single missing value"),            # KB-0020's old rule matched all three
    (r"\(bfloat16\)", "output 0 (bfloat16): off", "output 0 (float16): off"),
])
def test_text_matches_whole_words(text, hit, miss):
    rx = known._whole_words(text)
    assert rx.search(hit) and not rx.search(miss)


@pytest.mark.parametrize("rule, complaint", [
    ({"verdict": "crash", "ops": ["relu6"]}, "oracle"),
    ({"verdict": "crash", "oracle": "crash", "text": "boom"}, "ops"),
    ({"verdict": "crash", "oracle": "crash", "ops": ["relu6"]}, "text or dtypes"),
    ({"verdict": "mismatch", "oracle": "value", "ops": ["relu6"], "dtypes": ["float32"]}, "difference"),
    ({"verdict": "mismatch", "oracle": "value", "ops": ["x"], "dtypes": ["float32"], "difference": ["nans"]}, "nans"),
    ({"verdict": "crash", "oracle": "crash", "ops": [], "dtypes": ["float32"]}, "names no op"),
    ({"oracle": "crash", "ops": ["relu6"], "text": "x"}, "verdict"),
    # a misspelt oracle never matches: rows named "opt:wino" for the variant "wino" swallowed nothing (2026-12-07)
    ({"verdict": "crash", "oracle": ["crash", "opt:wino"], "ops": ["conv2d"], "text": "x"}, "'opt:wino' is no oracle"),
])
def test_a_rule_that_does_not_name_itself_is_refused(tmp_path, rule, complaint):
    path = tmp_path / "known.json"
    path.write_text(json.dumps([{"id": "KB-0001", "bucket": "b", "title": "t", "status": "open", "kind": "crash",
                                 "match": rule}]))
    with pytest.raises(UsageError, match=complaint):
        known.load(path)


def test_kb0021_takes_only_zero_d_gradients_with_an_equal_twin():
    """KB-0021 (equal-valued 0-d inputs are one CONST UOp) used to take any wrong 0-d gradient. Planted: the twin mark
    the grad oracle writes is KB-0021. Decoy: the same mismatch with 0-d inputs of different values is new. Control:
    the oracle marks only a real twin (same dtype, same value, both 0-d)."""
    from oracles.judge import twin_scalars
    from oracles.verdict import Verdict, VerdictKind

    def program(a, b, dtype_b="float32"):
        return Program((Input((), "float32", Values(data=(a,)), requires_grad=True),
                        Input((), dtype_b, Values(data=(b,)), requires_grad=True)), (Node("mul", (0, 1)),), (2,))

    assert twin_scalars(program(0.5, 0.5), 0) == " (0-d inputs x0 and x1 hold one value)"
    assert twin_scalars(program(0.5, 0.5), 1) == " (0-d inputs x0 and x1 hold one value)"
    assert twin_scalars(program(0.5, 0.25), 0) == "" and twin_scalars(program(0.5, 0.5, "float64"), 0) == ""
    base = "gradient 0 (float32): at []: got np.float64(2.0), expected np.float64(1.0) (1 of 1 differ)"
    for mark, known_as in ((twin_scalars(program(0.5, 0.5), 0), "KB-0021"), ("", None)):
        v = Verdict(VerdictKind.MISMATCH, "grad", base + mark, ops=("mul",), backend="CPU",
                    numbers={"dtype": "float32", "grad": 0, "what": "value"})
        decided = triage(v, REGISTRY)
        assert (decided.bug.id if decided.decision == Decision.KNOWN else None) == known_as, decided.describe()


def test_kb0057_takes_only_mismatches_through_a_wrapping_cast():
    """KB-0057 (a narrowing cast's range clamped, not wrapped). Planted: a mismatch the oracle marks with a
    uint -> int cast no wider is KB-0057. Decoys: a signed narrowing cast (int16 -> int8, whose range tinygrad gets
    right) and a widening one (uint8 -> int16) are not marked, and an unmarked cast mismatch is not KB-0057."""
    from oracles.judge import wrapping_cast
    from oracles.verdict import Verdict, VerdictKind

    def chain(src, mid):
        return Program((Input((2,), src, Values(data=(254, 3))),),
                       (Node("cast", (0,), {"dtype": mid}), Node("cast", (1,), {"dtype": "float64"})), (2,))

    assert wrapping_cast(chain("uint8", "int8")) == " (through a wrapping cast uint8 -> int8)"
    assert wrapping_cast(chain("uint32", "int16")) == " (through a wrapping cast uint32 -> int16)"
    assert wrapping_cast(chain("int16", "int8")) == "" and wrapping_cast(chain("uint8", "int16")) == ""
    base = "output 0 (float64): at [0]: got np.float64(-2.0), expected np.float64(4294967294.0) (1 of 2 differ)"
    for mark, known_as in ((wrapping_cast(chain("uint8", "int8")), "KB-0057"), ("", None)):
        v = Verdict(VerdictKind.MISMATCH, "value", base + mark, ops=("cast", "cast"), backend="CPU",
                    numbers={"dtype": "float64", "output": 0, "what": "value"})
        decided = triage(v, REGISTRY)
        assert (decided.bug.id if decided.decision == Decision.KNOWN else None) == known_as, decided.describe()


def test_an_operand_difference_is_the_mismatch_class():
    """An anchored verdict tells the operand first ("operand of scalar_ge (float32): ... got nan, expected -inf; then
    output 0 (bool): ..."): its class is the operand's nan, not the bool output's value (bucket 89042f3270 is
    KB-0031's logsigmoid(-inf), which the rule missed)."""
    from oracles.verdict import Verdict, VerdictKind, mismatch_class
    detail = ("operand of scalar_ge (float32): at [0, 0, 3]: got np.float64(nan), expected np.float64(-inf); then "
              "output 0 (bool): at [0, 0, 3]: got np.True_, expected np.False_ (36 of 144 differ)")
    v = Verdict(VerdictKind.MISMATCH, "value", detail, ops=("logsigmoid", "scalar_ge"), backend="CPU",
                numbers={"dtype": "float32", "what": "nan", "operand": 1, "output": 0})
    assert mismatch_class(v) == ("float32", "nan")
    assert known.load().matching(v).id in ("KB-0031", "KB-0011")
    plain = Verdict(VerdictKind.MISMATCH, "value", "output 0 (float32): at [1]: got np.float64(3.0), expected "
                    "np.float64(nan) (1 of 2 differ)", ops=("logsigmoid",), backend="CPU", numbers={"dtype": "float32"})
    assert mismatch_class(plain) == ("float32", "missing-nan")      # decoy: the plain form is read as before


def test_all_padding_is_marked_only_for_a_padded_zero_size_input():
    from oracles.marks import all_padding
    padded = Program((Input((1, 0, 2), "float32", Values(seed=1), view=(("pad", [[0, 0], [1, 2], [0, 0]]),)),),
                     (Node("sum", (0,), {"axis": 1, "keepdim": False}),), (1,))
    assert all_padding(padded) == " (x0 is all padding: a zero-size buffer padded)"
    assert all_padding(padded.with_(inputs=(Input((1, 3, 2), "float32", Values(seed=1),
                                                  view=(("pad", [[0, 0], [1, 2], [0, 0]]),)),))) == ""   # decoy


def test_ranked_shards_mark_needs_two_sharded_inputs_of_different_rank():
    """KB-0023's silent form (bucket 154141447a) is known by this mark only."""
    from oracles.marks import ranked_shards
    x, w = Input((3, 1, 4, 4), "float32", Values(seed=1)), Input((4, 1), "float32", Values(seed=2))
    plan = {"devices": 4, "allreduce": "naive", "steps": [], "inputs": [{"axis": 2, "at": "view"}, {"axis": 0, "at": "view"}]}
    p = Program((x, w), (Node("mul", (0, 1)),), (2,), shard=plan)
    assert ranked_shards(p) == " (x0 and x1, of ranks 4 and 2, are both sharded)"
    replicated = {**plan, "inputs": [{"axis": 2, "at": "view"}, {"axis": None, "at": "view"}]}
    assert ranked_shards(p.with_(shard=replicated)) == ""                   # decoy: one input sharded
    v = Verdict(VerdictKind.MISMATCH, "shard", "output 0 (float32): at [0, 0, 0, 0]: got np.float64(3.0), expected "
                "np.float64(-1.0) (12 of 12 differ)" + ranked_shards(p), ops=("linear",), backend="CPU [4 devices]")
    assert known.load().matching(v).id == "KB-0023"
    assert known.load().matching(dataclasses.replace(v, detail=v.detail.split(" (x0")[0])) is None   # no mark


def test_wide_dilated_kernel_mark_needs_padding_and_a_kernel_wider_than_the_input():
    """KB-0073 (bucket b5c6bf59ea) is known by this mark only."""
    from oracles.marks import wide_dilated_kernel
    x, w = Input((2, 1, 1, 1), "float32", Values(seed=1)), Input((2, 1, 1, 2), "float32", Values(seed=2))
    conv = lambda **a: Program((x, w), (Node("conv2d", (0, 1), {"groups": 1, "stride": 1, "padding": 1, "dilation": 2,
                                                                 **a}),), (2,))
    assert wide_dilated_kernel(conv()) == " (v0: conv2d's dilated kernel spans more than its unpadded input)"
    wide = Input((2, 1, 3, 3), "float32", Values(seed=1))
    assert wide_dilated_kernel(conv().with_(inputs=(wide, w))) == ""      # decoy: the kernel fits the input
    # conv_transpose2d is a conv2d of the stride-dilated input with padding d * (k - 1) - p (bucket eb194376c9)
    one, tw = Input((1, 1, 1, 1), "float64", Values(seed=1)), Input((1, 2, 2, 2), "float64", Values(seed=2))
    convt = lambda x, **a: Program((x, tw), (Node("conv_transpose2d", (0, 1), {"stride": 1, "padding": 1, "dilation": 2,
                                                                               "output_padding": 0, **a}),), (2,))
    assert wide_dilated_kernel(convt(one)) == " (v0: conv_transpose2d's dilated kernel spans more than its unpadded input)"
    assert wide_dilated_kernel(convt(Input((1, 1, 4, 4), "float64", Values(seed=1)))) == ""     # decoy: a wide input


def test_chained_division_and_identity_view_marks():
    """KB-0074 (bucket ea742e5bc2) by its mark; KB-0059's mark sees through an identity view (bucket b331220a9a)."""
    from oracles.marks import chained_division, reshaped_setitem
    x = Input((4,), "float16", Values(seed=1))
    chain = Program((x,), (Node("softsign", (0,)), Node("softsign", (1,))), (2,))
    assert chained_division(chain) == " (v1 divides the quotient v0 again)"
    apart = Program((x, x), (Node("softsign", (0,)), Node("div", (1, 2))), (3,))     # decoy: the quotient divides
    assert chained_division(apart) == ""
    target = Input((2,), "int16", Values(data=(4, -4)), view=(("permute", [0]),))
    setitem = Program((target,), (Node("setitem_scalar", (0,), {"index": [[None, None, 2]], "value": -2}),), (1,))
    assert "writes through a reshape" in reshaped_setitem(setitem)
    real = Input((3,), "int16", Values(data=(4, -4, 5)), view=(("shrink", [[0, 2]]),))   # decoy: a real view
    assert reshaped_setitem(setitem.with_(inputs=(real,))) == ""


def test_std_of_one_mark_needs_a_std_over_single_elements():
    """KB-0069 (bucket 97c7937932: the input is also an output, so torch's gradient is its weight, not 0) by this mark."""
    from oracles.marks import std_of_one
    std = lambda shape, axis: Program((Input(shape, "float16", Values(seed=1), requires_grad=True),),
                                      (Node("std", (0,), {"axis": axis, "keepdim": True, "correction": 0}),), (0, 1))
    assert std_of_one(std((), None)) == " (v0: std over one element)"
    assert std_of_one(std((3, 1), 1)) == " (v0: std over one element)"
    assert std_of_one(std((3, 2), 1)) == ""                        # decoy: two elements per std
    # a std of equal elements (buckets 5daeded9e7, b0ed236e41): the std output is 0 somewhere in tinygrad's run
    zero = {"outputs": [np.zeros((3, 2)), np.array([[0.5], [0.0], [1.0]])]}
    assert std_of_one(std((3, 2), 1), zero) == " (v0: std is 0 at some element)"
    assert std_of_one(std((3, 2), 1), {"outputs": [np.zeros((3, 2)), np.array([[0.5], [0.25], [1.0]])]}) == ""
    unseen = Program((Input((3, 2), "float16", Values(seed=1), requires_grad=True),),
                     (Node("std", (0,), {"axis": 1, "keepdim": True, "correction": 0}), Node("exp", (1,))), (2,))
    assert std_of_one(unseen, {"outputs": [np.zeros((3, 1))]}) == ""   # decoy: the std is no output (the 0 is exp's)
    v = Verdict(VerdictKind.MISMATCH, "grad", "gradient 0 (float16): at []: got np.float64(nan), expected "
                "np.float64(6.25)" + std_of_one(std((), None)), ops=("std",), backend="CPU",
                numbers={"dtype": "float16", "what": "nan"})
    assert known.load().matching(v).id == "KB-0069"
    assert known.load().matching(dataclasses.replace(v, detail=v.detail.split(" (v0")[0])) is None   # no mark


def test_expanded_to_zero_padded_mark_needs_an_expand_to_a_side_of_0():
    """KB-0108 (bucket 1bfb61a489: uint64 [4] expanded to 0, padded by (0, 1), is [4]) by this mark; decoys: an expand
    to a side of 2, and a pad of an input without a view."""
    from oracles.marks import expanded_to_zero_padded
    pad = lambda view: Program((Input((1,), "uint64", Values(data=(4,)), view=view),),
                               (Node("pad", (0,), {"pads": [[0, 1]], "value": 0}),), (1,))
    assert expanded_to_zero_padded(pad((("expand", [0]),))) == " (v0 pads x0, expanded to a side of 0)"
    assert expanded_to_zero_padded(pad((("expand", [2]),))) == ""
    assert expanded_to_zero_padded(pad(())) == ""
    detail = "output 0 (uint64): at [0]: got np.uint64(4), expected np.uint64(0) (1 of 1 differ)"
    v = Verdict(VerdictKind.MISMATCH, "value", detail + expanded_to_zero_padded(pad((("expand", [0]),))), ops=("pad",),
                backend="CPU", numbers={"dtype": "uint64", "what": "value"})
    assert known.load().matching(v).id == "KB-0108"
    assert known.load().matching(dataclasses.replace(v, detail=detail)) is None                        # no mark


def test_layernorm_of_one_mark_needs_normalized_axes_of_one_element():
    """KB-0107 (bucket 131c598dfe: bfloat16 [1, 2, 0], layernorm over the last axis of (3, 1) and over both) by this
    mark; decoys: a layernorm over 3 elements, and the same gradient mismatch in float32."""
    from oracles.marks import layernorm_of_one
    ln = lambda shape, n_axes, dtype="bfloat16": Program(
        (Input(shape, dtype, Values(seed=1), requires_grad=True),),
        (Node("layernorm", (0,), {"n_axes": n_axes, "eps": 1e-5}),), (1,))
    assert layernorm_of_one(ln((3, 1), 1)) == " (v0: layernorm over one element)"
    assert layernorm_of_one(ln((3, 1), 2)) == ""                   # decoy: three elements normalized together
    detail = "gradient 0 (bfloat16): at [0, 0]: got np.float64(2.0), expected np.float64(0.4168)"
    v = Verdict(VerdictKind.MISMATCH, "grad", detail + layernorm_of_one(ln((3, 1), 1)), ops=("layernorm", "layernorm"),
                backend="CPU", numbers={"dtype": "bfloat16", "what": "value"})
    assert known.load().matching(v).id == "KB-0107"
    assert known.load().matching(dataclasses.replace(v, detail=detail)) is None                        # no mark
    f32 = dataclasses.replace(v, detail=v.detail.replace("bfloat16", "float32"), numbers={"dtype": "float32", "what": "value"})
    assert known.load().matching(f32) is None                                                           # float32


@pytest.mark.parametrize("dtype, op, got, marked", [
    ("bfloat16", "matmul", 8.0, True),        # KB-0081: off by an ulp of the terms (300), not of the result (2.5)
    ("bfloat16", "matmul", 60.0, False),      # decoy: off by more than the terms' scale (0.1 + 0.05 * 300)
    ("float32", "matmul", 8.0, False),        # decoy: float32 products are not rounded
    ("bfloat16", "add", 8.0, False),          # decoy: no products summed
])
def test_half_products_mark_needs_bfloat16_products_off_within_the_terms_scale(dtype, op, got, marked):
    """The mark is what the numbers say (bucket 12eef7d117): judged on stored answers, output [2.5, 300]."""
    from oracles.judge import value_verdict
    a = Input((1, 2), dtype, Values(seed=1))
    program = Program((a, Input((2, 2) if op == "matmul" else (1, 2), dtype, Values(seed=2))),
                      (Node(op, (0, 1)),), (2,))
    want = np.array([[2.5, 300.0]], np.float32)
    expected = {"outputs": [want], "outputs64": [want.astype(np.float64)]}
    v = value_verdict(program, {"outputs": [np.array([[got, 300.0]], np.float32)]}, expected,
                      {"ops": (op,), "backend": "CPU"})
    assert v.failed
    assert ("bfloat16 products" in v.detail) == marked
    bug = known.load().matching(v)
    assert (bug is not None and bug.id == "KB-0081") == marked


def test_a_mismatch_is_reported_where_tinygrad_matches_neither_run():
    """torch's bfloat16 conv2d gave -inf where its float64 run and tinygrad gave nan (bucket 12eef7d117): that element
    is right; the verdict tells the element that matches neither run."""
    from oracles.judge import _closest
    got = np.array([np.nan, 2.0, 5.0])
    first, wide = np.array([-np.inf, 2.0, 1.0]), np.array([np.nan, 2.0, 1.0])
    diff = _closest(got, [first, wide], 1e-3, 1e-3, True)
    assert diff is not None and "at [2]" in diff.detail and diff.what == "value"
    assert _closest(got[:2], [first[:2], wide[:2]], 1e-3, 1e-3, True) is None     # control: each matches one run


def _v(kind: str, oracle: str, detail: str, ops, backend: str = "CPU", **numbers) -> Verdict:
    return Verdict(VerdictKind(kind), oracle, detail, ops=tuple(ops), backend=backend, numbers=numbers,
                   exc_type="RuntimeError" if kind == "crash" else "")


# Widened rules and new marks of the seventh session: each verdict as the campaign found it, and a decoy beside it
# that must not be taken (a new regression looking alike).
WIDENED = [
    # device bucket 7243a9adab: KB-0114, new (a float64 kernel holding its folded constant and accumulator as float)
    (_v("mismatch", "value", "output 0 (float64): at []: got np.float64(709.2813110351562), expected "
        "np.float64(709.2817337802788) (1 of 1 differ) (output 0: float64 numbers that are all float32 values)",
        ["cross_entropy"], dtype="float64", what="value"), "KB-0114"),
    (_v("mismatch", "value", "output 0 (float64): at []: got np.float64(709.2813110351562), expected "
        "np.float64(709.2817337802788) (1 of 1 differ)", ["cross_entropy"], dtype="float64", what="value"),
     None),                                                                  # decoy: numbers float32 cannot hold
    # device bucket f2ca6a9a8c: bitwise_not of a padded uint32 buffer: the pad's ~0 is a weak-int (long) vector
    # constant cast to uint32 after UPCAST 2, rendered as a plain C cast as KB-0046's half constant is (0.13.0 right)
    (_v("crash", "realize", "invalid conversion between ext-vector type 'unsigned_int2' (vector of 2 'unsigned int' "
        "values) and 'long2' (vector of 2 'long' values)", ["bitwise_not", "prod"]), "KB-0046"),
    (_v("crash", "realize", "invalid conversion between ext-vector type 'int2' (vector of 2 'int' values) and "
        "'float2' (vector of 2 'float' values)", ["bitwise_not", "prod"]), None),     # decoy: no long constant
    # device bucket a5242be88d: relu(relu(x)) realized after each step loses a nan (the rule named the plain run only)
    (_v("mismatch", "realize", "output 0 (float64): at [2, 5]: got np.float64(0.0), expected np.float64(nan)",
        ["relu", "relu"], dtype="float64", what="missing-nan"), "KB-0005"),
    (_v("mismatch", "realize", "output 0 (float64): at [2, 5]: got np.float64(0.0), expected np.float64(nan)",
        ["exp", "exp"], dtype="float64", what="missing-nan"), None),          # decoy: no relu
    # device bucket d7e0c9a290: the garbage of KB-0048's uninitialized accumulator (a conv of an all-padding input,
    # 1.4e-45 where 0) read by a fused cummin gives index 1 on a size-1 axis; realized first, or NOOPT=1, 0
    (_v("mismatch", "value", "cummin of float32 values: output 0 (int32): at [0, 0, 0, 0]: got np.int32(1), expected "
        "np.int32(0) (1020 of 1020 differ) (x0 is all padding: a zero-size buffer padded)",
        ["conv_transpose2d", "cummin"], dtype="int32", what="value"), "KB-0048"),
    (_v("mismatch", "value", "cummin of float32 values: output 0 (int32): at [0, 0, 0, 0]: got np.int32(1), expected "
        "np.int32(0) (1020 of 1020 differ)", ["conv_transpose2d", "cummin"], dtype="int32", what="value"),
     None),                                                                  # decoy: no all-padding input
    (_v("mismatch", "grad", "gradient 0 (float32): at [3, 2, 12, 2]: got np.float64(inf), expected "
        "np.float64(1.9310373095155704e+38)", ["sinh", "sinh", "sinh"], dtype="float32", what="inf"), "KB-0062"),
    (_v("mismatch", "grad", "gradient 0 (float32): at [3]: got np.float64(inf), expected np.float64(1.93e+30)",
        ["sinh"], dtype="float32", what="inf"), None),                      # decoy: far from the top of the range
    (_v("crash", "crash", "OverflowError: (34, 'Numerical result out of range')", ["scalar_rpow", "scalar_rpow"]),
     None),                                                                  # decoy: no safe_pow frame
    (_v("mismatch", "value", "sort of float32 values with nan: output 0 (int32): at [0, 1, 3]: got np.int32(1), "
        "expected np.int32(3) (14 of 125 differ)", ["sort"], dtype="int32", what="value"), "KB-0002"),
    (_v("mismatch", "value", "sort of float32 values: output 0 (int32): at [0, 1, 3]: got np.int32(1), "
        "expected np.int32(3) (14 of 125 differ)", ["sort"], dtype="int32", what="value"), None),   # decoy: no nan
    (_v("mismatch", "value", "output 0 (float32): at [0]: got np.float64(inf), expected np.float64(-inf)",
        ["scalar_rdiv", "scalar_rdiv"], dtype="float32", what="inf"), "KB-0034"),
    (_v("mismatch", "value", "output 0 (float32): at [0]: got np.float64(inf), expected np.float64(2.0)",
        ["scalar_rdiv"], dtype="float32", what="inf"), None),               # decoy: an inf for a number
    (_v("crash", "shard", "RuntimeError: UOp verification failed at 20 on Ops.INDEX dtypes.double 2 [(Ops.PARAM, "
        "dtypes.double, ParamArg(3, dtypes.double, device='CPU')), (Ops.CONST, dtypes.weakint, 0)] None",
        ["batchnorm"], backend="CPU [2 devices]"), "KB-0050"),
    (_v("crash", "shard", "RuntimeError: UOp verification failed at 20 on Ops.STORE dtypes.void 2 [(Ops.PARAM, "
        "dtypes.double, ParamArg(3, dtypes.double, device='CPU'))] None", ["add"], backend="CPU [2 devices]"), None),
    (_v("mismatch", "value", "output 0 (float16): at [0, 0]: got np.float64(-inf), expected np.float64(-1820.0)",
        ["prod"], dtype="float16", what="inf"), "KB-0086"),
    (_v("mismatch", "value", "output 0 (float16): at [0, 0]: got np.float64(-inf), expected np.float64(-1820.0)",
        ["sum"], dtype="float16", what="inf"), None),                       # decoy: sums accumulate in float32
    (_v("mismatch", "value", "output 0 (int16): at [0, 2]: got np.int16(-2), expected np.int16(0) (1 of 49 differ)"
        " (v1 divides the quotient v0 again)", ["scalar_floordiv", "scalar_floordiv"], dtype="int16", what="value"),
     "KB-0089"),
    (_v("mismatch", "value", "output 0 (int16): at [0, 2]: got np.int16(-2), expected np.int16(0) (1 of 49 differ)",
        ["scalar_floordiv", "scalar_floordiv"], dtype="int16", what="value"), None),     # decoy: no chain
    (_v("mismatch", "opt:noopt", "differs from the plain run: output 0 (float32): at [0, 6, 0, 3]: got "
        "np.float64(inf), expected np.float64(nan)", ["scatter_reduce"], dtype="float32", what="missing-nan"), "KB-0003"),
    (_v("mismatch", "opt:noopt", "differs from the plain run: output 0 (float32): at [0, 6, 0, 3]: got "
        "np.float64(3.0), expected np.float64(2.0)", ["scatter_reduce"], dtype="float32", what="value"), None),
    # the eleventh session's (2026-12-07): four known bugs through ops their rules did not name
    (_v("mismatch", "value", "output 0 (bfloat16): at [1, 3]: got np.float64(nan), expected np.float64(inf)",
        ["binary_crossentropy_logits"], dtype="bfloat16", what="nan"), "KB-0031"),
    (_v("mismatch", "value", "output 0 (bfloat16): at [1, 3]: got np.float64(nan), expected np.float64(0.6875)",
        ["binary_crossentropy_logits"], dtype="bfloat16", what="nan"), None),      # decoy: nan for a finite loss
    (_v("mismatch", "value", "output 0 (float32): at [1, 1, 0, 1]: got np.float64(inf), expected np.float64(nan)",
        ["max_pool2d"], dtype="float32", what="missing-nan"), "KB-0003"),
    (_v("mismatch", "value", "output 0 (float32): at [1, 1, 0, 1]: got np.float64(2.5), expected np.float64(3.0)",
        ["max_pool2d"], dtype="float32", what="value"), None),                     # decoy: a wrong maximum
    (_v("mismatch", "value", "cummin of float64 values with nan: index v0 (float64): at [2, 0, 1]: got "
        "np.float64(1.2393848495368638), expected np.float64(nan) (1 of 8 differ); then output 0 (int32): at [1, 0, 1]: "
        "got np.int32(0), expected np.int32(1) (2 of 8 differ)", ["cummin", "cummin"], dtype="float64", what="value"),
     "KB-0003"),
    (_v("mismatch", "value", "cummin of float64 values with nan: index v0 (float64): at [2, 0, 1]: got "
        "np.float64(1.25), expected np.float64(0.5) (1 of 8 differ); then output 0 (int32): at [1, 0, 1]: "
        "got np.int32(0), expected np.int32(1) (2 of 8 differ)", ["cummin", "cummin"], dtype="float64", what="value"),
     None),                                                                     # decoy: a wrong number, not a lost nan
    (_v("mismatch", "value", "output 0 (bool): at []: got np.True_, expected np.False_ (1 of 1 differ)", ["isclose"],
        dtype="bool", what="value"), "KB-0038"),
    (_v("mismatch", "jit", "output 0 (bool): at [2]: got np.True_, expected np.False_ (1 of 3 differ)", ["isclose"],
        dtype="bool", what="value"), None),                                    # decoy: not a 0-d constant
    (_v("mismatch", "opt:beam", "argmax of float16 values: output 0 (int32): at [0]: got np.int32(2), expected "
        "np.int32(1) (1 of 1 differ)", ["reciprocal", "argmax"], dtype="int32", what="value"), "KB-0035"),
    (_v("mismatch", "opt:beam", "argmax of float32 values: output 0 (int32): at [0]: got np.int32(2), expected "
        "np.int32(1) (1 of 1 differ)", ["reciprocal", "argmax"], dtype="int32", what="value"), None),   # decoy: float32
    (_v("crash", "crash", "RuntimeError: UOp verification failed at 11 on Ops.FLOORMOD dtypes.weakfloat 2 [(Ops.EXP2, "
        "dtypes.weakfloat, None), (Ops.CONST, dtypes.weakint, 255)] None", ["scalar_rpow", "scalar_mod"]), "KB-0103"),
    (_v("crash", "crash", "RuntimeError: UOp verification failed at 11 on Ops.FLOORMOD dtypes.weakfloat 2 [(Ops.MUL, "
        "dtypes.weakfloat, None), (Ops.CONST, dtypes.weakint, 255)] None", ["scalar_mul", "scalar_mod"]), None),  # no pow
    (_v("crash", "shard", "RuntimeError: UOp verification failed at 71 on Ops.EXPAND dtypes.bfloat16 2 [(Ops.PARAM, "
        "dtypes.bfloat16, ParamArg(9, dtypes.bfloat16, device='CPU')), (Ops.CONST, dtypes.weakint, 3)] None (x2 and x3, "
        "of ranks 3 and 2, are both sharded)", ["matmul", "matmul", "matmul"], backend="CPU [3 devices]"), "KB-0050"),
    (_v("crash", "shard", "RuntimeError: UOp verification failed at 71 on Ops.EXPAND dtypes.bfloat16 2 [(Ops.CONST, "
        "dtypes.bfloat16, 1.0), (Ops.CONST, dtypes.weakint, 3)] None", ["matmul"], backend="CPU [3 devices]"), None),
    (_v("mismatch", "value", "argmax of bfloat16 values with nan: output 0 (int32): at [1, 0, 0, 0]: got np.int32(1), "
        "expected np.int32(0) (1 of 4 differ)", ["argmax"], dtype="int32", what="value"), "KB-0002"),
    (_v("mismatch", "value", "argmax of bfloat16 values: output 0 (int32): at [1, 0, 0, 0]: got np.int32(1), "
        "expected np.int32(0) (1 of 4 differ)", ["argmax"], dtype="int32", what="value"), None),    # decoy: no nan
    (_v("mismatch", "value", "output 0 (float16): at [1, 6]: got np.float64(-inf), expected np.float64(-1082.0) "
        "(v0 multiplies float16 values in scatter_reduce)", ["scatter_reduce"], dtype="float16", what="inf"), "KB-0086"),
    (_v("mismatch", "value", "output 0 (float16): at [1, 6]: got np.float64(-inf), expected np.float64(-1082.0)",
        ["scatter_reduce"], dtype="float16", what="inf"), None),           # decoy: a scatter_reduce sum or amax
    (_v("mismatch", "value", "output 0 (float16): at [0]: got np.float64(inf), expected np.float64(18944.0) (v2 divides "
        "10000.0 by v1's 0.1 over a value: 10000.0 / 0.1 is past float16's range)", ["scalar_rdiv"] * 4,
        dtype="float16", what="inf"), "KB-0109"),
    (_v("mismatch", "value", "output 0 (float16): at [0]: got np.float64(inf), expected np.float64(18944.0)",
        ["scalar_rdiv"] * 4, dtype="float16", what="inf"), None),          # decoy: constants that fit
    (dataclasses.replace(_v("crash", "crash", "RecursionError: maximum recursion depth exceeded", ["round", "var_shrink",
        "var_unshrink"]), exc_type="RecursionError", frame="tinygrad/uop/render.py:pretty_print"), "KB-0110"),
    (dataclasses.replace(_v("crash", "crash", "RecursionError: maximum recursion depth exceeded", ["round", "var_shrink",
        "var_unshrink"]), exc_type="RecursionError", frame="tinygrad/uop/ops.py:rewrite"), None),   # decoy: a rewrite
    (dataclasses.replace(_v("crash", "crash", "RecursionError: maximum recursion depth exceeded", ["round", "flip"]),
        exc_type="RecursionError", frame="tinygrad/uop/render.py:pretty_print"), None),   # decoy: no Variable
    (_v("mismatch", "grad", "gradient 0 (bfloat16): at [1, 0]: got np.float64(0.0), expected np.float64(0.3516239821910858)"
        " (2 of 6 differ) (v0: elu at an exact 0)", ["elu"], dtype="bfloat16", what="value"), "KB-0111"),
    (_v("mismatch", "grad", "gradient 0 (bfloat16): at [1, 0]: got np.float64(0.25), expected np.float64(0.3516239821910858)"
        " (2 of 6 differ) (v0: elu at an exact 0)", ["elu"], dtype="bfloat16", what="value"), None),  # decoy: not 0
    (_v("mismatch", "grad", "gradient 0 (bfloat16): at [1, 0]: got np.float64(0.0), expected np.float64(0.3516239821910858)"
        " (2 of 6 differ)", ["elu"], dtype="bfloat16", what="value"), None),          # decoy: no zero input
    (_v("mismatch", "jit", "call 3 (replay) differs from eager: output 1 (bool): at [0]: got np.int32(0), expected "
        "np.int32(1) (2 of 3 differ) (v2 is weakint: a bool tensor indexed by two tensors)",
        ["argmax", "getitem_tensors", "getitem_tensors"], dtype="bool", what="value"), "KB-0061"),
    (_v("mismatch", "jit", "call 3 (replay) differs from eager: output 1 (int32): at [0]: got np.int32(0), expected "
        "np.int32(1) (2 of 3 differ)", ["argmax", "getitem_tensors", "getitem_tensors"], dtype="int32", what="value"),
     None),                                                       # decoy: an int tensor indexed, no weak result
    (_v("crash", "shard", "ValueError: invalid shrink ((0, 3),) for ()", [], backend="CPU [2 devices]"), "KB-0040"),
    (_v("crash", "shard", "ValueError: invalid shrink ((0, 3),) for (2,)", [], backend="CPU [2 devices]"), None),
    # the twelfth session's (2026-12-07): campaign buckets of known bugs their rules missed, and one new bug (KB-0112)
    (_v("mismatch", "value", "output 0 (float64): at [0, 1, 0]: got np.float64(0.0), expected np.float64(nan) (v0: a "
        "reflect pad of x0, which holds -0.0)", ["pad_edge", "rsqrt", "rsqrt"], dtype="float64", what="missing-nan"),
     "KB-0112"),
    (_v("mismatch", "value", "output 0 (float64): at [0, 1, 0]: got np.float64(0.0), expected np.float64(nan)",
        ["pad_edge", "rsqrt", "rsqrt"], dtype="float64", what="missing-nan"), None),      # decoy: no -0.0 padded
    (_v("mismatch", "value", "output 0 (float64): at [0, 1, 0]: got np.float64(0.5), expected np.float64(nan) (v0: a "
        "reflect pad of x0, which holds -0.0)", ["pad_edge", "rsqrt", "rsqrt"], dtype="float64", what="missing-nan"),
     None),                                                     # decoy: a number for nan, which no sign of zero gives
    (_v("mismatch", "value", "sort of float16 values with nan: index v0 (float16): at [0, 0, 0]: got np.float16(-3.283), "
        "expected np.float16(nan) (11 of 30 differ); then output 0 (int32): at [1, 0, 1]: got np.int32(1), expected "
        "np.int32(0) (6 of 30 differ)", ["sort", "sort"], dtype="float16", what="value"), "KB-0002"),
    (_v("mismatch", "value", "sort of float16 values: index v0 (float16): at [0, 0, 0]: got np.float16(-3.283), "
        "expected np.float16(-3.281) (11 of 30 differ); then output 0 (int32): at [1, 0, 1]: got np.int32(1), expected "
        "np.int32(0) (6 of 30 differ)", ["sort", "sort"], dtype="float16", what="value"), None),   # decoy: no nan
    (_v("mismatch", "value", "output 0 (float16): at [9, 1, 2, 0]: got np.float64(5984.0), expected np.float64(6020.0) "
        "(1 of 784 differ)", ["pow"], dtype="float16", what="value"), "KB-0030"),
    (_v("mismatch", "value", "output 0 (float32): at [9, 1, 2, 0]: got np.float64(5984.0), expected np.float64(6020.0) "
        "(1 of 784 differ)", ["pow"], dtype="float32", what="value"), None),      # decoy: float32 pow is right
    (_v("mismatch", "value", "output 0 (bfloat16): at [4, 9, 116]: got np.float64(35.75), expected "
        "np.float64(37.931339263916016) (66 of 32512 differ) (v0: bfloat16 cumprod rounded to bfloat16 at every step)",
        ["cumprod"], dtype="bfloat16", what="value"), "KB-0086"),
    (_v("mismatch", "value", "output 0 (bfloat16): at [4, 9, 116]: got np.float64(35.75), expected "
        "np.float64(37.931339263916016) (66 of 32512 differ)", ["cumprod"], dtype="bfloat16", what="value"),
     None),                                            # decoy: not the step-rounded product
    (_v("mismatch", "value", "output 0 (uint8): at [0]: got np.uint8(113), expected np.uint8(176) (32 of 32 differ) "
        "(a uint8 scalar_sub read wider before it wraps)", ["keccak", "scalar_sub", "keccak", "keccak"], dtype="uint8",
        what="value"), "KB-0008"),
    (_v("mismatch", "opt:beam", "differs from the plain run: output 0 (uint8): at [0]: got np.uint8(113), expected "
        "np.uint8(176) (32 of 32 differ) (a uint8 scalar_sub read wider before it wraps)",
        ["keccak", "scalar_sub", "keccak", "keccak"], dtype="uint8", what="value"), "KB-0008"),
    (_v("mismatch", "value", "output 0 (uint8): at [0]: got np.uint8(113), expected np.uint8(176) (32 of 32 differ)",
        ["keccak", "scalar_sub", "keccak", "keccak"], dtype="uint8", what="value"), None),   # decoy: the sub not hashed
    (_v("mismatch", "value", "output 0 (float16): at [21, 32, 0, 2]: got np.float64(30.109375), expected "
        "np.float64(30.203125) (1 of 5280 differ)", ["square", "hardswish"], dtype="float16", what="value"), "KB-0012"),
    (_v("mismatch", "value", "output 0 (float32): at [21, 32, 0, 2]: got np.float64(30.109375), expected "
        "np.float64(30.203125) (1 of 5280 differ)", ["square", "hardswish"], dtype="float32", what="value"), None),
    # the twelfth session's device campaign (2026-12-07)
    (_v("mismatch", "value", "argmin of bfloat16 values with nan: output 0 (int32): at [0, 1, 0]: got np.int32(5), "
        "expected np.int32(3) (1 of 4 differ)", ["argmin"], dtype="int32", what="value"), "KB-0003"),
    (_v("mismatch", "value", "argmin of bfloat16 values: output 0 (int32): at [0, 1, 0]: got np.int32(5), "
        "expected np.int32(3) (1 of 4 differ)", ["argmin"], dtype="int32", what="value"), None),   # decoy: no nan
    (_v("mismatch", "grad", "gradient 0 (float64): at [0, 0, 8]: got np.float64(nan), expected np.float64(inf)",
        ["sinh", "sinh", "sinh"], dtype="float64", what="nan"), "KB-0071"),
    (_v("mismatch", "grad", "gradient 0 (float64): at [0, 0, 8]: got np.float64(nan), expected np.float64(3.5)",
        ["sinh", "sinh", "sinh"], dtype="float64", what="nan"), None),       # decoy: nan for a finite gradient
    (_v("mismatch", "value", "output 0 (float32): at [0, 1, 0]: got np.float64(1.1242603063583374), expected "
        "np.float64(nan) (v0: cos of an input past 1e3)", ["cos", "rsqrt"], dtype="float32", what="missing-nan"),
     "KB-0006"),
    (_v("mismatch", "value", "output 0 (float32): at [0, 1, 0]: got np.float64(1.1242603063583374), expected "
        "np.float64(nan)", ["cos", "rsqrt"], dtype="float32", what="missing-nan"), None),   # decoy: no large phase
    (dataclasses.replace(_v("crash", "jit", "ValueError: bad reshape: () -> (5, 5, 3, 2)", ["conv_transpose2d"]),
                         exc_type="ValueError", message="bad reshape: () -> (5, 5, 3, 2)",
                         frame="tinygrad/uop/ops.py:_shape"), "KB-0073"),
    (dataclasses.replace(_v("crash", "jit", "ValueError: bad reshape: () -> (5, 5, 3, 2)", ["conv_transpose2d"]),
                         exc_type="ValueError", message="bad reshape: () -> (5, 5, 3, 2)",
                         frame="tinygrad/tensor.py:reshape"), None),           # decoy: raised elsewhere
    # the thirteenth session's device campaign: KB-0065 through a quotient (a weakfloat read after the write)
    (_v("mismatch", "value", "output 0 (float32): at [0, 2]: got np.float64(-inf), expected np.float64(0.75) (v0 is "
        "weakfloat: an int tensor with a Python float) (v0 is weakfloat from x0, read after a write into it)",
        ["scalar_rdiv", "assign_add"], dtype="float32", what="inf"), "KB-0065"),
    (_v("mismatch", "value", "output 0 (float32): at [0, 2]: got np.float64(-inf), expected np.float64(0.75) (v0 is "
        "weakfloat: an int tensor with a Python float)", ["scalar_rdiv", "assign_add"], dtype="float32", what="inf"),
     None),                                                                   # decoy: not read after a write
    (_v("mismatch", "value", "output 0 (float32): at []: got np.float64(-251.5), expected np.float64(4294967040.0) "
        "(1 of 1 differ) (v1 is weakfloat: an int tensor with a Python float) (v0: 0-d uint32 arithmetic past its "
        "range, not wrapped)", ["scalar_sub", "scalar_sub"], dtype="float32", what="value"), "KB-0015"),
    (_v("mismatch", "value", "output 0 (float32): at []: got np.float64(-251.5), expected np.float64(4294967040.0) "
        "(1 of 1 differ) (v1 is weakfloat: an int tensor with a Python float)", ["scalar_sub", "scalar_sub"],
        dtype="float32", what="value"), None),                                # decoy: a buffer, whose sum wraps
    (_v("mismatch", "value", "output 0 (float16): at [1]: got np.float64(2.0), expected np.float64(0.0) (1 of 2 "
        "differ) (v0: diagonal of x0, a padded view)", ["diagonal"], dtype="float16", what="value"), "KB-0113"),
    (_v("mismatch", "value", "output 0 (float16): at [1]: got np.float64(2.0), expected np.float64(0.0) (1 of 2 "
        "differ)", ["diagonal"], dtype="float16", what="value"), None),     # decoy: an unpadded input's diagonal
    # the thirteenth session's pristine campaign (2026-12-07): four known bugs their rules missed
    (_v("mismatch", "value", "cast of uint32 values: output 0 (float64): at []: got np.float64(-1.0), expected "
        "np.float64(4294967295.0) (1 of 1 differ) (v0: a 0-d int64 -1 cast to uint32, which does not hold it)",
        ["cast", "cast"], dtype="float64", what="value"), "KB-0017"),
    (_v("mismatch", "value", "cast of uint32 values: output 0 (float64): at [0]: got np.float64(-1.0), expected "
        "np.float64(4294967295.0) (1 of 2 differ)", ["cast", "cast"], dtype="float64", what="value"), None),  # a buffer
    (_v("mismatch", "value", "output 0 (float64): at [0, 2, 2]: got np.float64(inf), expected np.float64(nan) "
        "(v0: a negative base whose reciprocal overflows, to a negative constant power)", ["pow"], dtype="float64",
        what="missing-nan"), "KB-0042"),
    (_v("mismatch", "value", "output 0 (float64): at [0, 2, 2]: got np.float64(inf), expected np.float64(nan)",
        ["pow"], dtype="float64", what="missing-nan"), None),                 # decoy: no such base
    (_v("mismatch", "opt:beam", "output 0 (float16): at [1, 1, 0]: got np.float64(1.5703125), expected "
        "np.float64(1.5546875) (1 of 8 differ) (v0: atan of x0, where x / sqrt(1 + x*x) rounds to 1 in float16)",
        ["atan"], dtype="float16", what="value"), "KB-0009"),
    (_v("mismatch", "opt:beam", "output 0 (float16): at [1, 1, 0]: got np.float64(0.5703125), expected "
        "np.float64(0.5546875) (1 of 8 differ)", ["atan"], dtype="float16", what="value"), None),   # decoy: small x
    (_v("mismatch", "value", "output 0 (bfloat16): at [6]: got np.float64(-inf), expected np.float64(nan)",
        ["acosh"], dtype="bfloat16", what="missing-nan"), "KB-0080"),
    (_v("mismatch", "value", "output 0 (bfloat16): at [6]: got np.float64(inf), expected np.float64(nan)",
        ["acosh"], dtype="bfloat16", what="missing-nan"), None),              # decoy: +inf is not the cancellation
]


@pytest.mark.parametrize("verdict, known_as", WIDENED, ids=[f"{i}-{k}" for i, (_, k) in enumerate(WIDENED)])
def test_widened_rules_take_their_form_and_not_the_decoy(verdict, known_as):
    bug = known.load().matching(verdict)
    assert (bug.id if bug else None) == known_as


def test_folded_scalar_ratio_and_half_scatter_product_marks():
    """KB-0109's mark needs c1 / (c2 / x) with c1 / c2 past the dtype's range (10000 / 0.1 in float16; not in float32,
    not 1000 / 0.1, not a division of the quotient by a scalar); KB-0086's scatter_reduce mark needs a float16 or
    bfloat16 prod (not a sum, not float32)."""
    from oracles.marks import folded_scalar_ratio, half_scatter_product
    def chain(dtype, c1, c2, outer="scalar_rdiv"):
        return Program((Input((1,), dtype, Values(seed=1)),), (Node("scalar_rdiv", (0,), {"scalar": c2}),
                                                               Node(outer, (1,), {"scalar": c1})), (2,))
    assert "10000.0 / 0.1 is past float16's range" in folded_scalar_ratio(chain("float16", 10000.0, 0.1))
    assert folded_scalar_ratio(chain("float32", 10000.0, 0.1)) == ""
    assert folded_scalar_ratio(chain("float16", 1000.0, 0.1)) == ""
    assert folded_scalar_ratio(chain("float16", 10000.0, 0.1, outer="scalar_div")) == ""
    def scatter(dtype, reduce):
        return Program((Input((2, 3), dtype, Values(seed=1)), Input((2, 3), "int32", Values(data=(0, 1, 0, 1, 0, 1))),
                        Input((2, 3), dtype, Values(seed=2))),
                       (Node("scatter_reduce", (0, 1, 2), {"dim": 1, "reduce": reduce, "include_self": True}),), (3,))
    assert half_scatter_product(scatter("float16", "prod")) == " (v0 multiplies float16 values in scatter_reduce)"
    assert half_scatter_product(scatter("float16", "sum")) == half_scatter_product(scatter("float32", "prod")) == ""


def test_the_float64_in_32_bits_mark_needs_float32_numbers():
    """KB-0114's mark is told by the numbers: a float64 output whose numbers are all float32 values and not all whole
    (bucket 7243a9adab's 709.2813110351562). Decoys: a float64 number float32 cannot hold, whole numbers (a count is
    float32-exact and proves nothing), and a float32 output."""
    from oracles.marks import float64_in_32_bits

    def ce(dtype):
        return Program((Input((4, 3), dtype, Values(seed=2)), Input((4,), "int32", Values(data=(0, 1, 2, 1)))),
                       (Node("cross_entropy", (0, 1), {"reduction": "sum", "label_smoothing": 0.0}),), (2,))
    assert "float64 numbers that are all float32 values" in float64_in_32_bits(ce("float64"), 0,
                                                                                np.array(709.2813110351562))
    assert float64_in_32_bits(ce("float64"), 0, np.array(709.2817337802788)) == ""
    assert float64_in_32_bits(ce("float64"), 0, np.array([709.0, 3.0])) == ""
    assert float64_in_32_bits(ce("float32"), 0, np.array(709.2813110351562)) == ""


def test_the_thirteenth_sessions_marks_need_their_values():
    """KB-0017's mark needs a 0-d integer input the cast's target cannot hold (not a buffer, not a value that fits),
    KB-0015's a 0-d integer input whose arithmetic with an int scalar leaves the dtype;
    KB-0042's a negative base whose reciprocal overflows to a 0-d negative power (not a normal base, not a positive
    exponent); KB-0009's an atan input where x / sqrt(1 + x*x) rounds to 1 in its dtype (float16 63.125, not 20,
    not float32)."""
    from oracles.marks import atan_near_one, narrowing_scalar_cast, negative_subnormal_power, unwrapped_scalar_arith

    def cast(shape, data, dst):
        return Program((Input(shape, "int64", Values(data=data)),), (Node("cast", (0,), {"dtype": dst}),), (1,))
    assert "a 0-d int64 -1 cast to uint32" in narrowing_scalar_cast(cast((), (-1,), "uint32"))
    assert narrowing_scalar_cast(cast((1,), (-1,), "uint32")) == narrowing_scalar_cast(cast((), (7,), "uint32")) == ""

    def minus(shape, held, c):       # KB-0015's: a 0-d uint32 minus an int past 0 (not a buffer, not inside the range)
        return Program((Input(shape, "uint32", Values(data=(held,))),), (Node("scalar_sub", (0,), {"scalar": c}),), (1,))
    assert "0-d uint32 arithmetic past its range" in unwrapped_scalar_arith(minus((), 4, 255))
    assert unwrapped_scalar_arith(minus((1,), 4, 255)) == unwrapped_scalar_arith(minus((), 300, 255)) == ""

    def power(base, exponent):
        return Program((Input((2,), "float64", Values(data=base)), Input((), "float64", Values(data=(exponent,)))),
                       (Node("pow", (0, 1)),), (2,))
    assert "reciprocal overflows" in negative_subnormal_power(power((-5e-324, 2.0), -1.1448))
    assert negative_subnormal_power(power((-0.5, 2.0), -1.1448)) == ""
    assert negative_subnormal_power(power((-5e-324, 2.0), 1.1448)) == ""

    from oracles.marks import diagonal_of_padded

    def diagonal(view):              # KB-0113's: a diagonal of a padded input (not of a plain or only permuted one)
        return Program((Input((2, 1), "float16", Values(seed=1), view=view),), (Node("diagonal", (0,), {"offset": 2}),),
                       (1,))
    assert "diagonal of x0, a padded view" in diagonal_of_padded(diagonal((("pad", ((0, 1), (2, 1))),)))
    assert diagonal_of_padded(diagonal(())) == diagonal_of_padded(diagonal((("permute", (1, 0)),))) == ""

    def atan(dtype, x):
        return Program((Input((2,), dtype, Values(data=(x, 1.0))),), (Node("atan", (0,)),), (1,))
    assert "rounds to 1 in float16" in atan_near_one(atan("float16", 63.125))
    assert atan_near_one(atan("float16", 20.0)) == atan_near_one(atan("float32", 63.125)) == ""


def test_signed_zero_joined_mark_needs_a_summing_pad_or_cat_of_an_input_holding_negative_zero():
    """KB-0112 (bucket be11064d15): a reflect or replicate pad, or a cat of unequal pieces, of an input holding -0.0;
    decoys: a circular pad (a repeat, no sum), only +0.0 in the input, a cat of equal pieces (a stack)."""
    from oracles.marks import signed_zero_joined
    def pad(data, mode="reflect"):
        return Program((Input((1, 4), "float64", Values(data=data)),),
                       (Node("pad_edge", (0,), {"pads": [[0, 0], [1, 1]], "mode": mode}),), (1,))
    def cat(side):
        return Program((Input((2,), "float32", Values(data=(-0.0, 1.0))), Input((side,), "float32", Values(seed=1))),
                       (Node("cat", (0, 1), {"dim": 0, "n_inputs": 2}),), (2,))
    assert signed_zero_joined(pad((1.0, -0.0, 2.0, 3.0))) == " (v0: a reflect pad of x0, which holds -0.0)"
    replicate = signed_zero_joined(pad((1.0, -0.0, 2.0, 3.0), "replicate"))
    assert replicate == " (v0: a replicate pad of x0, which holds -0.0)"
    assert signed_zero_joined(pad((1.0, -0.0, 2.0, 3.0), "circular")) == ""
    assert signed_zero_joined(pad((1.0, 0.0, 2.0, 3.0))) == ""
    assert signed_zero_joined(cat(3)) == " (v0: a cat of x0, which holds -0.0)"
    assert signed_zero_joined(cat(2)) == ""


def test_half_cumprod_rounded_mark_is_told_by_the_numbers():
    """KB-0086's cumprod form (bucket 4f250f5059): tinygrad's float16/bfloat16 cumprod equals the running product
    rounded to the dtype at every step. Decoys: the product rounded once (torch's), and a float32 cumprod."""
    from fuzz.dtypes import bfloat16_round
    from fuzz.values import materialize
    from oracles.marks import half_cumprod_rounded
    def cumprod(dtype):
        return Program((Input((4, 12), dtype, Values(seed=3, domain="small")),), (Node("cumprod", (0,), {"axis": 1}),),
                       (1,))
    for dtype, rounded in (("float16", lambda v: np.float16(v)), ("bfloat16", bfloat16_round)):
        x = materialize(cumprod(dtype).inputs[0]).astype(np.float64)
        steps = [x[:, 0]]
        for i in range(1, x.shape[1]):
            steps.append(rounded(np.asarray(steps[-1], np.float64) * x[:, i]))
        step_rounded, once = np.stack(steps, 1).astype(np.float32), rounded(np.cumprod(x, 1)).astype(np.float32)
        assert not np.array_equal(step_rounded, once), "the plant needs a product that rounds differently"
        mark = f" (v0: {dtype} cumprod rounded to {dtype} at every step)"
        assert half_cumprod_rounded(cumprod(dtype), {"outputs": [step_rounded]}) == mark
        assert half_cumprod_rounded(cumprod(dtype), {"outputs": [once]}) == ""
    x = materialize(cumprod("float32").inputs[0])
    assert half_cumprod_rounded(cumprod("float32"), {"outputs": [np.cumprod(x, 1, dtype=np.float32)]}) == ""


def test_narrow_int_widened_mark_counts_keccak_as_a_wider_reader():
    """KB-0008 (bucket 4abe464775): a uint8 sum hashed by keccak (which reads bytes as uint64 words) is marked; decoy:
    the sum of a hash, read by nothing wider."""
    from oracles.marks import narrow_int_widened
    x = Input((3,), "uint8", Values(data=(5, 200, 99)))
    hashed = Program((x,), (Node("scalar_sub", (0,), {"scalar": 100}), Node("keccak", (1,), {"cfg": "sha3_256"})), (2,))
    assert narrow_int_widened(hashed) == " (a uint8 scalar_sub read wider before it wraps)"
    after = Program((x,), (Node("keccak", (0,), {"cfg": "sha3_256"}), Node("scalar_sub", (1,), {"scalar": 100})), (2,))
    assert narrow_int_widened(after) == ""


def test_elu_at_zero_mark_needs_an_elu_of_an_input_holding_0():
    """KB-0111 (bucket 5c78ac45f8): an elu of an input with an exact 0; decoys: no 0 in the input, an elu of a computed
    value (a 0 there is not the input's), a celu of the same input."""
    from oracles.marks import elu_at_zero
    def elu(data, op="elu", through=None):
        nodes = ((Node(through, (0,)),) if through else ()) + (Node(op, (1 if through else 0,), {"alpha": 0.5}),)
        return Program((Input((3,), "float32", Values(data=data), requires_grad=True),), nodes, (len(nodes),))
    assert elu_at_zero(elu((1.0, 0.0, -3.0))) == " (v0: elu at an exact 0)"
    assert elu_at_zero(elu((1.0, 0.5, -3.0))) == ""
    assert elu_at_zero(elu((1.0, 0.0, -3.0), through="neg")) == ""
    assert elu_at_zero(elu((1.0, 0.0, -3.0), op="celu")) == ""


def test_weak_result_mark_names_a_bool_tensor_indexed_by_two_tensors():
    """KB-0061's mark for a weakint result (bucket a5721f70a9): a bool tensor indexed by two index tensors; decoys: an
    int32 tensor indexed the same way, and a program with neither."""
    from oracles.marks import weak_result
    def indexed(dtype):
        return Program((Input((3, 4), dtype, Values(seed=1)), Input((2,), "int32", Values(data=(0, 2))),
                        Input((2,), "int32", Values(data=(1, 3)))),
                       (Node("getitem_tensors", (0, 1, 2), {"axes": [0, 1]}),), (3,))
    assert weak_result(indexed("bool")) == " (v0 is weakint: a bool tensor indexed by two tensors)"
    assert weak_result(indexed("int32")) == ""
    assert weak_result(Program((Input((3,), "bool", Values(seed=1)),), (Node("logical_not", (0,)),), (1,))) == ""


def test_padded_replica_and_scalar_copy_marks():
    """KB-0084 (bucket fe40940ec1) and KB-0085 (bucket 473458cc87) are known by these marks only."""
    from oracles.marks import padded_replica, scalar_copy_before_write
    x0, x1 = Input((1, 8), "float64", Values(seed=1)), Input((1,), "float64", Values(seed=2), view=(("pad", [[1, 6]]),))
    plan = {"devices": 4, "allreduce": "naive", "steps": [], "inputs": [{"axis": 1, "at": "view"},
                                                                          {"axis": None, "at": "base"}]}
    p = Program((x0, x1), (Node("add", (0, 1)),), (2,), shard=plan)
    assert padded_replica(p) == " (x1 is padded after it is replicated, beside a sharded input)"
    assert padded_replica(p.with_(shard={**plan, "inputs": [plan["inputs"][0], {"axis": None, "at": "view"}]})) == ""
    assert padded_replica(p.with_(shard={**plan, "inputs": [{"axis": None, "at": "view"}, plan["inputs"][1]]})) == ""
    s = Input((), "bfloat16", Values(data=(-2.0,)))
    copy = Program((s,), (Node("to_device", (0,)), Node("assign_mul", (0, 0))), (1, 0, 2))
    assert scalar_copy_before_write(copy) == " (v0 copies 0-d x0 before a later write into it)"
    wide = Input((1,), "bfloat16", Values(data=(-2.0,)))
    assert scalar_copy_before_write(copy.with_(inputs=(wide,))) == ""          # decoy: a (1,) tensor is right
    after = Program((s,), (Node("assign_mul", (0, 0)), Node("to_device", (0,))), (1, 2))
    assert scalar_copy_before_write(after) == ""                              # decoy: the copy follows the write


def test_large_phase_mark_needs_a_finite_input_past_1e3():
    from oracles.marks import large_phase
    def cos_of(*data, op="cos"):
        return Program((Input((len(data),), "float32", Values(data=data)),), (Node(op, (0,)),), (1,))
    assert large_phase(cos_of(0.5, 1e30)) == " (v0: cos of an input past 1e3)"
    assert large_phase(cos_of(0.5, 2e3, op="tan")) == " (v0: tan of an input past 1e3)"
    assert large_phase(cos_of(0.5, float("inf"))) == large_phase(cos_of(0.5, 999.0)) == ""      # decoys
    assert large_phase(cos_of(0.5, 1e30, op="exp")) == ""

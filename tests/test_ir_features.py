"""Python scalars, stateful steps and symbolic shapes in the Program IR (issue 15): their rules, the torch reference,
the repro, the judge's marks and the registry rules that read them, and a plant per feature that `fuzz run` finds within a small
budget, with a clean control and a decoy campaign that cannot see it."""
from __future__ import annotations

import json
import subprocess
import sys

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings

from corpus import known
from corpus.triage import Decision, triage
from fuzz.__main__ import main
from fuzz.infer import infer, read_back
from fuzz.ops import Invalid
from fuzz.program import Input, Node, Program, Values
from fuzz.repro import lowering_code, write_repro
from fuzz.strategies import programs
from oracles.marks import narrow_int_widened, reshaped_setitem, view_write_reader
from oracles.reference import run_torch
from oracles.verdict import Verdict, VerdictKind

REGISTRY = known.load()


def lit(shape, dtype, data, view=()) -> Input:
    return Input(tuple(shape), dtype, Values(data=tuple(data)), view=tuple(view))


# ---- scalars ------------------------------------------------------------------------------------

def test_scalar_rows_read_as_the_user_wrote_them():
    assert lowering_code("scalar_rsub", ["x0"], {"scalar": 3}) == "3 - x0"
    assert lowering_code("scalar_fpow", ["x0"], {"scalar": 0.5}) == "x0 ** 0.5"
    assert lowering_code("scalar_floordiv", ["x0"], {"scalar": -3}) == "x0 // -3"


def test_a_float_scalar_lifts_an_int_tensor_to_float32_and_an_int_scalar_keeps_its_dtype():
    x = lit((3,), "int16", (1, 2, 3))
    lifted = Program((x,), (Node("scalar_mul", (0,), {"scalar": 0.5}),), (1,))
    kept = Program((x,), (Node("scalar_mul", (0,), {"scalar": 3}),), (1,))
    assert infer(lifted)[1].dtype == "float32" and infer(kept)[1].dtype == "int16"
    got = run_torch(lifted)["outputs"][0]
    assert got.dtype == np.float32 and got.tolist() == [0.5, 1.0, 1.5]
    assert run_torch(lifted, float64=True)["outputs"][0].dtype == np.float64    # the wide run computes it wide


# ---- stateful steps: the rules -------------------------------------------------------------------

X4 = lit((4,), "float32", (1.0, 2.0, 3.0, 4.0))
X2 = lit((2,), "float32", (10.0, 20.0))


@pytest.mark.parametrize("program, why", [
    (Program((X4, X2), (Node("exp2", (0,)), Node("assign", (2, 1))), (3,)), "a step's target is an input"),
    (Program((lit((2,), "float32", (1.0, 2.0), view=(("pad", [[1, 1]]),)), X4), (Node("assign", (0, 1)),), (2,)),
     "a view that copies"),
    (Program((X4, lit((4,), "float32", (0.0,) * 4)), (Node("permute", (0,), {"order": [0]}), Node("assign", (0, 1))),
             (2, 3)), "may alias"),
    # a symbolic shrink is a view too (bucket b233bc8f8f: x[:v] read after x += 4)
    (Program((X4, lit((), "float32", (4.0,))), (Node("var_shrink", (0,), {"axis": 0, "bound": 3}),
                                                 Node("assign_add", (0, 1)),
                                                 Node("var_unshrink", (2,), {"shape": [3]})), (4, 3)), "may alias"),
])
def test_a_step_that_breaks_the_rules_is_refused(program, why):
    with pytest.raises(Invalid, match=why):
        infer(program)


def test_a_computed_value_may_be_read_after_a_step_on_its_input():
    program = Program((X4, lit((4,), "float32", (0.0,) * 4)), (Node("exp2", (0,)), Node("assign", (0, 1))), (2, 3))
    infer(program)
    # decoy: a symbolic shrink read back before the step is a buffer of its own, readable after it
    infer(Program((X4, lit((), "float32", (4.0,))), (Node("var_shrink", (0,), {"axis": 0, "bound": 3}),
                                                    Node("var_unshrink", (2,), {"shape": [3]}),
                                                    Node("assign_add", (0, 1))), (3, 4)))


@settings(max_examples=60, suppress_health_check=list(HealthCheck), database=None, deadline=None)
@given(programs(ops=["assign", "assign_add", "assign_mul", "setitem", "setitem_scalar", "setitem_list", "permute",
                     "cast", "getitem", "add", "scalar_mul"], max_ops=6))
def test_generated_programs_with_steps_keep_the_rules(program):
    infer(program)


# ---- stateful steps: what the reference, the repro and the judge make of them ---------------------

def shrink_view_program() -> Program:
    """x0 = base[1:3] of [1, 2, 3, 4]; v0 = x0 * 2 (read before the write); v1 = (x0 += [10, 20])."""
    x0 = lit((4,), "float32", (1.0, 2.0, 3.0, 4.0), view=(("shrink", [[1, 3]]),))
    return Program((x0, X2), (Node("scalar_mul", (0,), {"scalar": 2.0}), Node("assign_add", (0, 1))), (2, 3))


def test_the_reference_runs_the_steps_eagerly():
    got = run_torch(shrink_view_program())["outputs"]
    assert [g.tolist() for g in got] == [[4.0, 6.0], [12.0, 23.0]]


def test_a_step_on_a_wide_uint_target_stays_that_tensor():
    """uint16 is carried in int32 and wrapped after each op: a step wraps in place, so the input reads the write."""
    x = lit((2,), "uint16", (65535, 1))
    program = Program((x, lit((2,), "uint16", (1, 1))), (Node("assign_add", (0, 1)),), (0, 2))
    assert [g.tolist() for g in run_torch(program)["outputs"]] == [[0, 2], [0, 2]]


def test_the_repro_replays_the_steps_and_realizes_outputs_together(tmp_path):
    x0 = lit((5,), "float32", (0.0, 1.0, 2.0, 3.0, 4.0))
    program = Program((x0, lit((2,), "float32", (7.0, 8.0))),
                      (Node("exp2", (1,)), Node("setitem", (0, 1), {"index": [[1, 3, 1]]})), (2, 3))
    script, run = run_repro(program, tmp_path)
    assert "v1 = x0.__setitem__(_key([[1, 3, 1]]), x1) or x0" in script and "Tensor.realize(v0, v1)" in script
    assert run.returncode == 0, run.stdout + run.stderr


def run_repro(program: Program, tmp_path, plant: str | None = None):
    """The program's repro against torch's answers, written and run: (script, completed process)."""
    import os
    want = run_torch(program)["outputs"]
    script = write_repro(program, title="ir", env={"DEV": "CPU"}, expected=want,
                         tolerances=[(1e-5, 1e-5)] * len(want))
    (tmp_path / "repro.py").write_text(script)
    env = {**os.environ, **({"TINYFUZZ_PLANT": plant} if plant else {})}
    return script, subprocess.run([sys.executable, str(tmp_path / "repro.py")], capture_output=True, text=True,
                                  timeout=300, env=env)


def test_marks_name_the_program_property_a_registered_bug_needs():
    program = shrink_view_program()
    assert view_write_reader(program) == " (v0 reads x0 before a later write through its view)"
    whole = program.with_(inputs=(lit((2,), "float32", (2.0, 3.0)), X2))      # decoy: no view, a whole assign
    assert view_write_reader(whole) == ""

    def setitem(index, size=4):
        return Program((lit((size,), "float32", tuple(range(size))),),
                       (Node("setitem_scalar", (0,), {"index": index, "value": 9.0}),), (1,))
    assert reshaped_setitem(setitem([[None, None, 2]])) == " (setitem v0 writes through a reshape of x0's buffer)"
    assert reshaped_setitem(setitem([0], size=1)) != ""
    assert reshaped_setitem(setitem([[1, None, 2]])) == "" and reshaped_setitem(setitem([[None, None, 3]])) == ""

    def widened(dtype):
        return Program((lit((), dtype, (3,)),), (Node("scalar_mul", (0,), {"scalar": 32767}),
                                                 Node("scalar_mul", (1,), {"scalar": 2.0})), (2,))
    assert narrow_int_widened(widened("int16")) == " (a int16 scalar_mul read wider before it wraps)"
    assert narrow_int_widened(widened("int32")) == ""


@pytest.mark.parametrize("ops, detail, known_as", [
    (("scalar_mul", "assign_add"), "(v0 reads x0 before a later write through its view)", "KB-0058"),
    (("scalar_mul", "assign_add"), "", None),                                # decoy: the same mismatch, unmarked
    (("setitem_scalar",), "(setitem v0 writes through a reshape of x0's buffer)", "KB-0059"),
    (("setitem_scalar",), "", None),
    (("scalar_mul", "scalar_mul"), "(a int16 scalar_mul read wider before it wraps)", "KB-0008"),
    (("exp2", "scalar_mul"), "", None),
])
def test_a_step_or_scalar_bug_is_known_only_by_its_mark(ops, detail, known_as):
    v = Verdict(VerdictKind.MISMATCH, "value", f"output 0 (float32): at [0]: got np.float64(6.0), expected "
                f"np.float64(4.0) (1 of 2 differ) {detail}".strip(), ops=ops, backend="CPU",
                numbers={"dtype": "float32", "output": 0, "what": "value"})
    decided = triage(v, REGISTRY)
    assert (decided.bug.id if decided.decision == Decision.KNOWN else None) == known_as, decided.describe()


# ---- a plant per feature, found by `fuzz run` --------------------------------------------------------

# ---- symbolic shapes (fuzz/ops/symbolic.py) ----------------------------------------------------------

X23 = lit((2, 3), "float32", (0.5, -1.0, 2.0, 3.0, -0.25, 1.5))
Y23 = lit((2, 3), "float32", (1.0, 2.0, -3.0, 0.5, 0.25, -2.0))
CUT = {"axis": 1, "bound": 2}


@pytest.mark.parametrize("program, why", [
    (Program((X23,), (Node("var_shrink", (0,), CUT),), (1,)), "read it back with var_unshrink"),
    (Program((X23,), (Node("var_shrink", (0,), CUT), Node("reshape", (1,), {"shape": [4]}),
                      Node("var_unshrink", (2,), {"shape": [4]})), (3,)), "reshape cannot take a symbolic axis"),
    (Program((X23, lit((2, 2), "float32", (1.0,) * 4)), (Node("var_shrink", (0,), CUT), Node("add", (2, 1)),
                                                          Node("var_unshrink", (3,), {"shape": [2, 2]})), (4,)),
     "meets a number"),         # x[:, :v] + a (2, 2) tensor: tinygrad cannot know v is 2, and refuses
    (Program((X23, Y23), (Node("var_shrink", (0,), CUT), Node("var_shrink", (1,), {"axis": 1, "bound": 1}),
                          Node("add", (2, 3)), Node("var_unshrink", (4,), {"shape": [2, 2]})), (5,)), "another Variable"),
])
def test_a_symbolic_program_that_breaks_the_rules_is_refused(program, why):
    with pytest.raises(Invalid, match=why):
        infer(program)


def symbolic_program() -> Program:
    """v0 = x0[:, :v], v1 = x1[:, :v] (one Variable: bound 2 of a side 3), v2 = v0 * v1, v3 = v2.sum(1) (concrete),
    v4 = softmax of v2 over the cut, v5 = v4 read back."""
    return Program((X23, Y23), (Node("var_shrink", (0,), CUT), Node("var_shrink", (1,), CUT), Node("mul", (2, 3)),
                                Node("sum", (4,), {"axis": 1, "keepdim": False}), Node("softmax", (4,), {"axis": 1}),
                                Node("var_unshrink", (6,), {"shape": [2, 2]})), (5, 7))


def test_a_symbolic_program_runs_its_cuts_as_one_variable_and_reads_back_at_the_bound():
    program = symbolic_program()
    infer(program)
    x, y = np.asarray(X23.values.data).reshape(2, 3)[:, :2], np.asarray(Y23.values.data).reshape(2, 3)[:, :2]
    sums, soft = run_torch(program)["outputs"]
    assert np.allclose(sums, (x * y).sum(1))
    assert soft.shape == (2, 2)
    assert read_back(Program((X23,), (Node("var_shrink", (0,), CUT),), (1,))).nodes[-1] == \
        Node("var_unshrink", (1,), {"shape": [2, 2]})


@settings(max_examples=40, suppress_health_check=list(HealthCheck), database=None, deadline=None)
@given(programs(ops=["var_shrink", "add", "matmul", "linear", "einsum", "sum", "exp", "permute", "reshape", "cat"],
                max_ops=5))
def test_generated_symbolic_programs_keep_the_rules(program):
    infer(program)          # no reshape/cat of a symbolic axis, no symbolic output, one Variable per aligned side


def test_the_repro_cuts_with_a_variable_and_fails_with_the_plant(tmp_path):
    script, run = run_repro(symbolic_program(), tmp_path)
    assert "def shrink_to_variable(" in script and "v0 = shrink_to_variable(x0, 1, 2)" in script
    assert run.returncode == 0, run.stdout + run.stderr
    _, planted = run_repro(symbolic_program(), tmp_path, plant="tests.plants_ir:variable-one-short")
    assert planted.returncode == 1, planted.stdout + planted.stderr


BUDGET = 16      # programs


def campaign(tmp_path, ops: str, *flags) -> tuple[int, list[dict]]:
    rc = main(["run", "--corpus", str(tmp_path), "--modes", "values", "--ops", ops, "--max-programs", str(BUDGET),
               "--max-ops", "3", "--jobs", "1", "--minimize-checks", "4", "--seed", "0", *flags])
    return rc, [json.loads(p.read_text()) for p in sorted(tmp_path.glob("crashes/*/meta.json"))]


FEATURES = [
    ("scalars", "tests.plants_ir:scalar-reverse-swapped", "scalar_rsub,scalar_rdiv,scalar_mul", "add,mul,sum"),
    ("steps", "tests.plants_ir:assign-doubles", "assign,assign_add,setitem,exp2", "add,mul,exp2"),
    ("copies", "tests.plants_ir:copy-scaled", "to_device,to_device_contiguous,permute,flip", "add,mul,permute,flip"),
    ("symbolic", "tests.plants_ir:variable-one-short", "var_shrink,sum,add,matmul", "sum,add,matmul,shrink"),
]


@pytest.mark.parametrize("feature, plant, ops, decoy_ops", FEATURES, ids=[f[0] for f in FEATURES])
def test_a_campaign_finds_a_bug_on_the_features_path(tmp_path, capsys, feature, plant, ops, decoy_ops):
    rc, metas = campaign(tmp_path / "planted", ops, "--patch", plant)
    out = capsys.readouterr().out
    assert rc == 1 and metas, out[-3000:]
    assert all(set(m["verdict"]["ops"]) & set(ops.split(",")) for m in metas)
    rc, metas = campaign(tmp_path / "clean", ops)                       # control: pristine tinygrad
    out = capsys.readouterr().out
    assert rc == 0 and metas == [], out[-3000:]
    rc, metas = campaign(tmp_path / "decoy", decoy_ops, "--patch", plant)   # programs without the feature
    out = capsys.readouterr().out
    assert rc == 0 and metas == [], out[-3000:]


def test_the_jit_replays_symbolic_programs_with_a_new_bound_each_call(tmp_path, capsys):
    """The KV cache's use of TinyJit: the cut's Variable is an argument, bound to another value on each call
    (oracles/variant_eval.py JitCuts). A captured JIT that replays with its first Variable values is found by the jit
    mode over cuts; pristine tinygrad is clean; programs without cuts cannot see the plant."""
    rc, metas = campaign(tmp_path / "planted", "var_shrink,sum,add", "--modes", "jit", "--patch",
                         "tests.plants_ir:jit-stale-variables")
    out = capsys.readouterr().out
    assert rc == 1 and any(m["verdict"]["oracle"] == "jit" for m in metas), out[-3000:]
    rc, metas = campaign(tmp_path / "clean", "var_shrink,sum,add", "--modes", "jit")          # control
    assert rc == 0 and metas == [], capsys.readouterr().out[-3000:]
    rc, metas = campaign(tmp_path / "decoy", "sum,add,shrink", "--modes", "jit", "--patch",
                         "tests.plants_ir:jit-stale-variables")
    assert rc == 0 and metas == [], capsys.readouterr().out[-3000:]


def test_large_programs_reach_long_reductions(tmp_path, capsys):
    """The campaign's large programs (fuzz/strategies.py LARGE_ONE_IN, threshold shapes) find a bug in sums over an
    axis of 128 or more; pristine tinygrad is clean on the same programs; programs of the small regime (the fuzz
    tests' and every mode that runs a program many times) never reduce so long an axis."""
    from hypothesis import HealthCheck, Phase, given, seed, settings
    from fuzz.strategies import programs
    rc, metas = campaign(tmp_path / "planted", "sum", "--patch", "tests.plants_ir:long-reduce-off",
                         "--max-programs", "64", "--max-ops", "3")
    out = capsys.readouterr().out
    assert rc == 1 and any("sum" in m["verdict"]["ops"] for m in metas), out[-3000:]
    assert "long programs" in out and "large values" in out
    rc, metas = campaign(tmp_path / "clean", "sum", "--max-programs", "64", "--max-ops", "3")   # control
    assert rc == 0 and metas == [], capsys.readouterr().out[-3000:]
    sides: list[int] = []

    @seed(0)
    @settings(max_examples=60, database=None, phases=[Phase.generate], suppress_health_check=list(HealthCheck))
    @given(programs(ops=["sum", "add"]))            # decoy: the small regime
    def small(p):
        sides.extend(s for inp in p.inputs for s in inp.shape)
    small()
    assert max(sides) < 128              # a view's stored buffer may be a few elements wider than its sides of 8


# ---- `fuzz run --tinygrad PATH|REPO@REF` (issue 15: campaigns on other tinygrads) ------------------------------

def test_run_takes_a_tinygrad_checkout_and_a_repository_ref(tmp_path, capsys):
    import shutil
    import tinygrad
    from pathlib import Path
    from oracles.checkout import tinygrad_at
    installed = Path(tinygrad.__file__).resolve().parent.parent
    rc = main(["run", "--corpus", str(tmp_path / "c"), "--tinygrad", str(installed), "--max-programs", "2",
               "--jobs", "1", "--modes", "values", "--ops", "scalar_mul,assign"])
    assert rc == 0, capsys.readouterr().out[-2000:]
    assert "2 programs" in capsys.readouterr().out
    repo = tmp_path / "repo"                                # a repository with one commit holding tinygrad/
    shutil.copytree(installed / "tinygrad", repo / "tinygrad", ignore=shutil.ignore_patterns("__pycache__"))
    for cmd in (["init", "-q"], ["add", "-A"], ["-c", "user.name=t", "-c", "user.email=t@t", "commit", "-qm", "x"],
                ["tag", "v9.9.9"]):
        subprocess.run(["git", "-C", str(repo), *cmd], check=True, capture_output=True)
    at = tinygrad_at(f"{repo}@v9.9.9")
    assert (at / "tinygrad" / "__init__.py").read_text() == (installed / "tinygrad" / "__init__.py").read_text()


@pytest.mark.parametrize("spec", ["/nonexistent/tinygrad-checkout", "/nonexistent/repo@v0.13.0"])
def test_a_bad_tinygrad_is_one_line_and_exit_2(tmp_path, capsys, spec):
    assert main(["run", "--corpus", str(tmp_path), "--tinygrad", spec, "--max-programs", "1"]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and ("tinygrad" in err or "git" in err), err


def test_the_minimizer_keeps_a_new_failure_new():
    """Under a planted JIT bug every replay is stale; shrinking drifted to an output that is an input itself, KB-0028's
    own symptom, and the regression was counted known. With the registry the minimizer keeps the failure's identity:
    a candidate that is a registered bug is not the same failure. Control: without the registry it would be."""
    from corpus import known, record
    from oracles.config import RunConfig
    from oracles.metamorphic import judge_as
    from oracles.judge import reference
    config = RunConfig(patches=("tests.plants_modes:jit-replay-skips",))
    x = Input((3,), "float32", Values(seed=4))
    original = Program((x,), (Node("neg", (0,)),), (1,))
    alias = Program((x,), (Node("neg", (0,)), Node("permute", (0,), {"order": [0]})), (2, 1))   # output 0 is x0
    verdict = judge_as(original, config, "jit", "jit", reference(original))
    registry = known.load()
    assert verdict.failed and registry.matching(verdict) is None, verdict.detail
    assert registry.matching(judge_as(alias, config, "jit", "jit", reference(alias))).id == "KB-0028"
    assert not record.fails_alike(verdict, config, {}, "jit", registry)(alias)
    assert record.fails_alike(verdict, config, {}, "jit")(alias)                 # control: no identity asked
    assert record.fails_alike(verdict, config, {}, "jit", registry)(original)

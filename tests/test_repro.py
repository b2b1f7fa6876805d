"""repro.py: standalone (tinygrad + numpy), reproduces in a fresh interpreter under the plant, passes without it."""
from __future__ import annotations

import ast
import os
import subprocess
import sys
from pathlib import Path

import pytest

from corpus.record import repro_for
from fuzz.program import Input, Node, Program, Values
from fuzz.repro import lowering_code, write_repro
from oracles.config import RunConfig
from oracles.judge import judge, reference

ROOT = Path(__file__).resolve().parent.parent
TWO = (Input((2, 3), "float32", Values(seed=3), view=(("permute", [1, 0]),)), Input((2,), "float32", Values(seed=4)))


def run_script(path: Path, plant: str | None) -> subprocess.CompletedProcess:
    env = {k: v for k, v in os.environ.items() if k != "TINYFUZZ_PLANT"}
    env["PYTHONPATH"] = str(ROOT)            # only so the plant's module imports; the script itself needs none of it
    if plant:
        env["TINYFUZZ_PLANT"] = plant if ":" in plant else f"tests.plants:{plant}"
    return subprocess.run([sys.executable, str(path)], env=env, capture_output=True, text=True, timeout=300,
                          cwd=path.parent)


def test_lowerings_are_written_as_tinygrad_code():
    assert lowering_code("exp2", ["x0"], {}) == "x0.exp2()"
    assert lowering_code("lt", ["x0", "x1"], {}) == "x0 < x1"            # a lambda row, found by its bytecode
    assert lowering_code("where", ["c", "a", "b"], {}) == "c.where(a, b)"
    assert lowering_code("stack", ["a", "b", "c"], {"dim": 1, "n_inputs": 3}) == "a.stack(b, c, dim=1)"   # *ys
    assert lowering_code("cast", ["a"], {"dtype": "float16"}) == "a.cast(dtypes.float16)"      # L.dtype(name)


def test_script_imports_only_tinygrad_and_numpy(tmp_path):
    p = Program(inputs=TWO, nodes=(Node("add", (0, 1)), Node("exp2", (2,))), outputs=(3,))
    text = write_repro(p, title="t", env={"DEV": "CPU"}, expected=[reference(p)["outputs"][0]], tolerances=[(1e-5, 1e-4)])
    imported = {a.name.split(".")[0] for n in ast.walk(ast.parse(text)) if isinstance(n, ast.Import) for a in n.names}
    imported |= {n.module.split(".")[0] for n in ast.walk(ast.parse(text)) if isinstance(n, ast.ImportFrom)}
    assert imported <= {"os", "sys", "numpy", "tinygrad", "faulthandler"}
    assert len(text.splitlines()) < 40                              # short enough to paste into a bug report


@pytest.mark.parametrize("plant, nodes, kind", [
    ("exp2-high", (Node("add", (0, 1)), Node("exp2", (2,))), "mismatch"),
    ("segfault", (Node("add", (0, 1)), Node("sqrt", (2,))), "died"),
])
def test_repro_reproduces_in_a_fresh_interpreter(tmp_path, plant, nodes, kind):
    p = Program(inputs=TWO, nodes=nodes, outputs=(3,))
    if plant == "segfault":
        p = p.with_(inputs=(TWO[0], Input((2,), "float32", Values(seed=4, domain="positive"))))
    config = RunConfig(backend="CPU", patches=(f"tests.plants:{plant}",))
    expected = reference(p)
    verdict = judge(p, config, expected)
    assert verdict.kind.value == kind
    path = tmp_path / "repro.py"
    path.write_text(repro_for(p, verdict, config, expected))
    planted = run_script(path, plant)
    assert planted.returncode != 0, planted.stdout + planted.stderr  # the bug is present: non-zero
    if kind == "mismatch":
        assert "WRONG" in planted.stdout and "expected" in planted.stdout
    clean = run_script(path, None)
    assert clean.returncode == 0, clean.stdout + clean.stderr      # control: pristine tinygrad passes
    assert "ok" in clean.stdout


def test_a_gradient_verdicts_repro_checks_the_gradient(tmp_path):
    """A grad verdict's repro builds the judge's loss and compares the gradients: it exits 1 under a plant that
    scales only gradients (its outputs are right), 0 on pristine tinygrad. Before, it printed 'ok' (bucket
    20eac61c9b, erf's gradient at 0)."""
    plant = "tests.plants_modes:grad-scaled"
    inputs = (Input((2, 3), "float32", Values(seed=3), view=(("permute", [1, 0]),), requires_grad=True),
              Input((2,), "float32", Values(seed=4), requires_grad=True))
    p = Program(inputs=inputs, nodes=(Node("add", (0, 1)), Node("exp2", (2,))), outputs=(3,))
    config = RunConfig(backend="CPU", grad=True, patches=(plant,))
    expected = reference(p, grad=True)
    verdict = judge(p, config, expected)
    assert verdict.kind.value == "mismatch" and verdict.oracle == "grad", verdict.detail
    path = tmp_path / "repro.py"
    path.write_text(repro_for(p, verdict, config, expected))
    planted = run_script(path, plant)
    assert planted.returncode == 1 and "gradient 0: WRONG" in planted.stdout and "output 0: ok" in planted.stdout, \
        planted.stdout + planted.stderr
    clean = run_script(path, None)                                   # control
    assert clean.returncode == 0 and "gradient 1: ok" in clean.stdout, clean.stdout + clean.stderr
    value = judge(p.with_(inputs=tuple(i.__class__(**{**i.__dict__, "requires_grad": False}) for i in inputs)),
                  RunConfig(backend="CPU", patches=("tests.plants:exp2-high",)))
    assert "gradient" not in repro_for(p, value, config, expected)   # decoy: a value verdict's repro checks outputs


def test_a_gradient_repro_leaves_out_elements_outside_the_domain(tmp_path):
    """acosh of float16 -33 is nan; torch's backward gives a number there, tinygrad nan (buckets 451ac6e82c,
    e36e61d27e). The judge does not judge that element, nor does the repro: pristine exits 0, a plant scaling
    gradients 1% still exits 1 through a float32 gradient beside it."""
    plant = "tests.plants_modes:grad-scaled"
    p = Program((Input((4,), "float16", Values(data=(-33.0, 2.0, 0.5, 3.0)), requires_grad=True),
                 Input((3,), "float32", Values(seed=5), requires_grad=True)),
                (Node("acosh", (0,)), Node("exp", (1,))), (2, 3))
    config = RunConfig(backend="CPU", grad=True, patches=(plant,))
    expected = reference(p, grad=True)
    verdict = judge(p, config, expected)
    assert verdict.oracle == "grad" and verdict.failed, verdict.detail
    path = tmp_path / "repro.py"
    path.write_text(repro_for(p, verdict, config, expected))
    assert run_script(path, plant).returncode == 1
    clean = run_script(path, None)
    assert clean.returncode == 0, clean.stdout + clean.stderr
    path.write_text(repro_for(p, verdict, config, {k: w for k, w in expected.items() if k != "undetermined"}))
    assert run_script(path, None).returncode == 1        # control: without the mask pristine is off at -33


def test_a_crash_in_a_gradient_run_keeps_the_backward_in_its_repro(tmp_path):
    """A crash (or death, or hang) of a grad-mode run may come from the backward pass: its repro builds the judge's
    loss and takes the gradients, checking them against torch's (bucket 20de794b44: a segfault in a max's gradient
    whose repro ran the forward only and exited 0). Under a plant that scales gradients, the script exits 1; clean,
    0. Decoys: the same crash outside a grad run, and a crash of a program without gradients, run forward only."""
    from oracles.verdict import Verdict, VerdictKind
    plant = "tests.plants_modes:grad-scaled"
    p = Program((Input((2, 3), "float32", Values(seed=5), requires_grad=True),), (Node("max", (0,), {"axis": -1, "keepdim": False}),),
                (1,))
    crash = Verdict(VerdictKind.CRASH, "crash", "RuntimeError: planted", backend="CPU")
    expected = reference(p, grad=True)
    text = repro_for(p, crash, RunConfig(backend="CPU"), expected, grad_run=True)
    assert "loss.gradient(" in text
    path = tmp_path / "repro.py"
    path.write_text(text)
    assert run_script(path, plant).returncode == 1
    clean = run_script(path, None)
    assert clean.returncode == 0 and "gradient 0: ok" in clean.stdout, clean.stdout + clean.stderr
    assert "gradient" not in repro_for(p, crash, RunConfig(backend="CPU"), expected)
    no_grad = p.with_(inputs=(Input((2, 3), "float32", Values(seed=5)),))
    assert "gradient" not in repro_for(no_grad, crash, RunConfig(backend="CPU"), reference(no_grad), grad_run=True)


def test_a_variant_verdicts_repro_runs_under_the_variants_settings():
    """Bucket faac8131ca (a BEAM argmax out of range) wrote a repro without BEAM: it ran the plain kernel and exited 0.
    A variant's verdict writes the settings that variant ran under (BEAM=2 and its bounds; NOOPT=1); decoys: the
    plain run's value verdict and a jit verdict (no settings of its own) set none of them."""
    from oracles.verdict import Verdict, VerdictKind
    p = Program((Input((2,), "float16", Values(seed=5)),), (Node("argmax", (0,), {"axis": 0, "keepdim": False}),), (1,))
    expected = reference(p)
    texts = {o: repro_for(p, Verdict(VerdictKind.MISMATCH, o, "x", backend="CPU"), RunConfig(backend="CPU"), expected)
             for o in ("opt:beam", "opt:noopt", "value", "jit")}
    assert "os.environ.setdefault('BEAM', '2')" in texts["opt:beam"] and "BEAM_UPCAST_MAX" in texts["opt:beam"]
    assert "os.environ.setdefault('NOOPT', '1')" in texts["opt:noopt"]
    assert not any(k in texts[o] for o in ("value", "jit") for k in ("'BEAM'", "'NOOPT'"))


def test_unreadable_lowering_falls_back_to_a_method_call(monkeypatch):
    """A lambda whose source cannot be found (file edited mid-run, exec'd code) must not stop a campaign."""
    from fuzz import repro
    from fuzz.ops import OPS
    fake = eval("lambda L, x: x.exp2()")                  # no source file to read
    monkeypatch.setitem(OPS, "exp2", OPS["exp2"].__class__(**{**OPS["exp2"].__dict__, "tiny": fake}))
    p = Program(inputs=TWO[:1], nodes=(Node("exp2", (0,)),), outputs=(1,))
    text = repro.write_repro(p, title="t", env={})
    assert "v0 = x0.exp2()   # guessed from the op's name" in text


@pytest.mark.parametrize("node", [
    Node("getitem", (0,), {"index": [[0, 2, 1], 1]}),                          # copies the helper _key
    Node("sort", (0,), {"dim": 0, "descending": True, "output": "values"}),     # copies _pick and its PICK table
    Node("stack", (0, 0), {"dim": 1, "n_inputs": 2}),                           # lambda L, x, *ys
])
def test_registry_helpers_travel_with_the_repro(tmp_path, node):
    """A clean program's repro runs in a fresh interpreter and exits 0: every lowering was written out right."""
    p = Program(inputs=(Input((3, 2), "float32", Values(seed=5)),), nodes=(node,), outputs=(1,))
    expected = reference(p)
    text = write_repro(p, title="t", env={"DEV": "CPU"}, expected=expected["outputs"], tolerances=[(1e-6, 1e-6)])
    assert "guessed" not in text and "fuzz" not in text.replace("tinyfuzz", "")
    path = tmp_path / "repro.py"
    path.write_text(text)
    r = run_script(path, None)
    assert r.returncode == 0, text + r.stdout + r.stderr


def test_repro_names_no_setting_of_the_machine_that_found_it():
    """The compiler and the compile-cache path belong to the machine; a repro run elsewhere uses that machine's."""
    p = Program(inputs=TWO, nodes=(Node("add", (0, 1)),), outputs=(2,))
    config = RunConfig(backend="CPU")
    assert "CC" in config.environ() and "CACHEDB" in config.environ()   # the worker has them; the script must not
    verdict = judge(p, config)
    text = repro_for(p, verdict, config, reference(p))
    assert "'DEV', 'CPU'" in text
    assert "CC" not in text and "CACHEDB" not in text and str(Path.home()) not in text


def test_corpus_repros_name_no_machine_settings():
    for repro in sorted((ROOT / "corpus" / "crashes").glob("*/repro.py")):
        text = repro.read_text()
        assert "'CC'" not in text and "CACHEDB" not in text and "/root/" not in text, repro


def _corpus_repros():
    return sorted((ROOT / "corpus" / "crashes").glob("*/repro.py"))


@pytest.mark.parametrize("repro", _corpus_repros(), ids=lambda p: p.parent.name)
def test_every_corpus_repro_still_shows_its_bug(repro):
    """Each bucket is a registered open bug, and its standalone script says so: exit 1 in a fresh interpreter."""
    text = repro.read_text()
    assert text.startswith('"""tinyfuzz bucket ' + repro.parent.name), "empty or foreign repro"
    out = run_script(repro, None)
    assert out.returncode == 1, f"{repro} exited {out.returncode}:\n{out.stdout[-1500:]}{out.stderr[-1500:]}"


# ---- a shard verdict's repro runs the plan (issue 16: its repro ran one device and printed ok) -----------------

SHARD_PLAN = {"devices": 2, "allreduce": "ring", "inputs": [{"axis": 0, "at": "view"}, {"axis": 1, "at": "base"}],
              "steps": [{"after": 0, "do": "reshard", "axis": 1}, {"after": 1, "do": "assign"}]}
# gradients through a reshard step crash on pristine tinygrad (KB-0024): the gradient case places inputs only
GRAD_PLAN = {"devices": 2, "allreduce": "naive", "inputs": [{"axis": 0, "at": "view"}, {"axis": 0, "at": "base"}],
             "steps": [{"after": 1, "do": "widen"}]}


@pytest.mark.parametrize("plant, oracle, grad, plan", [("allreduce-wrong-op", "shard", False, SHARD_PLAN),
                                                       ("shard-offset", "grad-shard", True, GRAD_PLAN)])
def test_a_shard_verdicts_repro_runs_the_plan(tmp_path, plant, oracle, grad, plan):
    """The plant breaks only sharded runs; the repro of the shard oracle's verdict exits 1 under it and 0 without,
    and the plain repro of the same program (decoy) cannot see it."""
    from oracles.metamorphic import metamorphic
    x = Input((4, 6), "float32", Values(seed=1), requires_grad=grad)
    y = Input((4, 6), "float32", Values(seed=2), requires_grad=grad)
    p = Program((x, y), (Node("add", (0, 1)), Node("mul", (2, 0)), Node("sum", (3,), {"axis": 0, "keepdim": False})),
                (3, 4), shard=plan)
    planted = f"tests.plants_shard:{plant}"
    expected = reference(p.with_(shard=None), grad=grad)
    verdict = next(v for v in metamorphic(p, RunConfig(patches=(planted,)), variants=[oracle]) if v.oracle == oracle)
    assert verdict.failed, verdict.detail
    path = tmp_path / "repro.py"
    text = repro_for(p, verdict, RunConfig(), expected)
    assert "shard(" in text and "# plan: " in text and "os.environ['RING']" in text
    path.write_text(text)
    bad = run_script(path, planted)
    assert bad.returncode == 1 and "WRONG" in bad.stdout, bad.stdout + bad.stderr
    clean = run_script(path, None)
    assert clean.returncode == 0, clean.stdout + clean.stderr
    plain = repro_for(p, judge(p.with_(shard=None), RunConfig()), RunConfig(), expected)
    assert "shard(" not in plain

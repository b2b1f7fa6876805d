"""The speed oracle: thresholds and the baseline store, planted slowdowns caught as `slow`, and why TRUSTWORTHY holds."""
from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from fuzz.errors import UsageError
from fuzz.program import Program
from oracles.config import RunConfig
from oracles.judge import judge
from oracles.speed import Baselines, compare_counters, judge_speed, measure, speed_verdict
from oracles.verdict import VerdictKind
from oracles.worker import WorkerPool
from tests.plants_speed import PLANTS

ROOT = Path(__file__).resolve().parent.parent
PROGRAMS = ROOT / "corpus" / "baselines" / "programs"
BASE = {"kernels": 3, "ops": 1000, "mem": 4000, "uops": 200, "image_reads": 10, "gated_image_reads": 2}


def program(name: str) -> Program:
    return Program.loads((PROGRAMS / f"{name}.json").read_text())


@pytest.fixture(scope="module")
def pool():
    p = WorkerPool()
    yield p
    p.close()


# ---- thresholds, verdicts, store: no tinygrad needed ------------------------------------------------------------

@pytest.mark.parametrize("name, value, slow", [
    ("kernels", 4, True), ("image_reads", 11, True), ("gated_image_reads", 3, True),
    ("ops", 1010, False), ("ops", 1011, True), ("mem", 4040, False), ("mem", 4041, True),
    ("uops", 210, False), ("uops", 211, True),
])
def test_threshold_per_counter(name, value, slow):
    assert compare_counters({**BASE, name: value}, BASE).slow is slow


def test_slow_verdict_carries_the_numbers():
    v = speed_verdict({**BASE, "kernels": 5, "mem": 3000}, BASE, ops=("exp2",), backend="CPU")
    assert v.kind is VerdictKind.SLOW and v.oracle == "speed"
    assert v.numbers["worse"] == {"kernels": [3, 5]} and v.numbers["better"] == {"mem": [4000, 3000]}
    assert "kernels 3 -> 5 (+2)" in v.detail


def test_improvement_is_reported_not_slow():
    v = speed_verdict({**BASE, "kernels": 2}, BASE)
    assert v.kind is VerdictKind.PASS and v.numbers["better"] == {"kernels": [3, 2]}
    assert "baseline --update" in v.detail


def test_no_baseline_passes_and_says_so():
    v = speed_verdict(BASE, None)
    assert v.kind is VerdictKind.PASS and v.detail == "no baseline recorded"


def test_baselines_round_trip(tmp_path):
    cfg = RunConfig(env=(("IMAGE", "1"),))
    store = Baselines("9.9.9", tmp_path)
    store.put("abc", cfg, BASE, "what")
    store.save()
    again = Baselines("9.9.9", tmp_path)
    assert again.get("abc", cfg) == BASE
    assert again.get("abc", RunConfig()) is None          # other settings, other baseline


def test_plants_share_the_pristine_baseline(tmp_path):
    store = Baselines("9.9.9", tmp_path)
    store.put("abc", RunConfig(), BASE)
    assert store.get("abc", RunConfig(patches=("tests.plants_speed:exp2-unfused",))) == BASE


def test_malformed_baseline_file_is_a_usage_error(tmp_path):
    (tmp_path / "tinygrad-9.9.9.json").write_text("{not json")
    with pytest.raises(UsageError, match="not a baseline file"):
        Baselines("9.9.9", tmp_path)


# ---- planted slowdowns: values stay right, the speed oracle says slow -----------------------------------------

SUBJECT = {"exp2-unfused": "unary-chain", "no-remove-bufferize": "softmax", "split-reduce-early": "sum-all"}


@pytest.mark.parametrize("plant", sorted(SUBJECT))
def test_plant_is_slow_and_values_pass(plant, pool, tmp_path):
    prog, pristine = program(SUBJECT[plant]), RunConfig()
    planted = RunConfig(patches=(f"tests.plants_speed:{plant}",))
    outcome = measure(prog, pristine, pool)
    assert outcome.status == "ok", outcome.error
    store = Baselines(outcome.value["version"], tmp_path)
    store.put(prog.content_hash, pristine, outcome.value["counters"])
    control = judge_speed(prog, pristine, store, pool)
    assert control.kind is VerdictKind.PASS and not control.numbers["worse"], control.summary()
    caught = judge_speed(prog, planted, store, pool)
    assert caught.kind.value == PLANTS[plant].expect, caught.summary()
    assert "kernels" in caught.numbers["worse"], caught.summary()     # each plant costs at least one kernel
    values = judge(prog, planted, pool=pool)
    assert values.kind is VerdictKind.PASS, values.summary()          # right answers, slowly


# ---- why each TRUSTWORTHY setting is needed ---------------------------------------------------------------------

def test_scache_hides_a_late_scheduler_change(pool):
    """With SCACHE=1 a scheduler change applied after warm-up is answered from the schedule cache."""
    prog = program("softmax")
    kernels = {}
    for scache in ("1", "0"):
        cfg = RunConfig(env=(("SCACHE", scache),))
        before = measure(prog, cfg, pool).value["counters"]["kernels"]
        assert pool.call(cfg, "oracles.speed_eval:apply_plant", spec="tests.plants_speed:no-remove-bufferize").value
        kernels[scache] = (before, measure(prog, cfg, pool).value["counters"]["kernels"])
    assert kernels["1"][0] == kernels["1"][1], kernels        # hidden: same count after the change
    assert kernels["0"][1] > kernels["0"][0], kernels         # seen with SCACHE=0


def _counts_in_process(parallel: str, plant: bool) -> dict:
    code = ("import json, sys\n"
            "from fuzz.program import Program\nfrom oracles.speed_eval import program_counters\n"
            + ("from tests.plants_speed import apply_plant\napply_plant('codegen-noopt')\n" if plant else "")
            + "print(json.dumps(program_counters(Program.loads(sys.argv[1]))))\n")
    env = {**os.environ, "PARALLEL": parallel, "SCACHE": "0"}
    out = subprocess.run([sys.executable, "-c", code, program("softmax").dumps()], cwd=ROOT, env=env,
                         capture_output=True, text=True, timeout=240)
    assert out.returncode == 0, out.stderr[-2000:]
    return json.loads(out.stdout.strip().splitlines()[-1])


def test_parallel_compile_pool_runs_pristine_codegen():
    """In a plain (non-daemon) process, PARALLEL>0 compiles a multi-kernel schedule in spawned processes that
    import tinygrad afresh: a codegen change made in this process silently does not apply there."""
    pristine = _counts_in_process("0", plant=False)["uops"]
    assert _counts_in_process("0", plant=True)["uops"] != pristine          # applies in-process
    assert _counts_in_process("2", plant=True)["uops"] == pristine          # lost in the compile pool


def test_parallel_is_moot_in_daemon_workers(pool):
    """tinygrad never opens its compile pool in a daemonic process, and the suite's workers are daemons: there a
    compile-path plant applies whatever PARALLEL says. TRUSTWORTHY still sets PARALLEL=0 for anything else."""
    prog = program("softmax")
    pristine = measure(prog, RunConfig(env=(("PARALLEL", "2"),)), pool).value["counters"]["uops"]
    planted = measure(prog, RunConfig(env=(("PARALLEL", "2"),), patches=("tests.plants_speed:codegen-noopt",)), pool)
    assert planted.value["counters"]["uops"] != pristine


# ---- the user's path: `python -m fuzz baseline` ------------------------------------------------------------------

def _baseline_cli(tmp_path, *args):
    out = subprocess.run([sys.executable, "-m", "fuzz", "baseline", "--models", "none", "--programs", "speed", "--dir", str(tmp_path), *args],
                         cwd=ROOT, capture_output=True, text=True, timeout=600)
    return out.returncode, out.stdout


def test_baseline_cli_records_then_reports_slow_and_better(tmp_path):
    code, out = _baseline_cli(tmp_path)
    assert code == 0 and out.count("new ") == len(list(PROGRAMS.glob("*.json"))), out
    (path,) = tmp_path.glob("tinygrad-*.json")
    data = json.loads(path.read_text())
    key = next(k for k, e in data["entries"].items() if e["what"] == "programs/softmax")
    data["entries"][key]["counters"]["kernels"] -= 1          # pretend tinygrad used to need one kernel less
    key2 = next(k for k, e in data["entries"].items() if e["what"] == "programs/sum-all")
    data["entries"][key2]["counters"]["mem"] *= 2             # ... and twice the traffic here
    path.write_text(json.dumps(data))
    code, out = _baseline_cli(tmp_path)
    assert code == 1 and "slow    programs/softmax [CPU]: kernels 2 -> 3 (+1)" in out, out
    assert "better  programs/sum-all [CPU]: mem" in out and "baseline --update" in out, out
    assert json.loads(path.read_text()) == data                # nothing rewritten without --update
    code, out = _baseline_cli(tmp_path, "--update")
    assert code == 0 and "(baselines updated)" in out, out
    code, out = _baseline_cli(tmp_path)
    assert code == 0 and "0 slow, 0 better" in out, out


def test_baseline_cli_bad_backend_is_one_line(tmp_path):
    out = subprocess.run([sys.executable, "-m", "fuzz", "baseline", "--backend", "CPU:X68", "--dir", str(tmp_path)],
                         cwd=ROOT, capture_output=True, text=True, timeout=120)
    assert out.returncode == 2 and out.stderr.startswith("error: unknown backend 'CPU:X68'; did you mean 'CPU:X86'?")
    assert len(out.stderr.strip().splitlines()) == 1

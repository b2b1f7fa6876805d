"""The failure CLIs as a user meets them: bad input gets one line and exit 2; Ctrl-C keeps what was found;
replay's exit code follows the known-bug registry; minimize prints before/after sizes."""
from __future__ import annotations

import dataclasses
import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from corpus.store import Corpus
from fuzz.__main__ import main
from fuzz.program import Input, Node, Program, Values
from oracles.config import RunConfig
from oracles.judge import judge, reference

ROOT = Path(__file__).resolve().parent.parent
GOOD = Program(inputs=(Input((2, 3), "float32", Values(seed=1)),), nodes=(Node("exp2", (0,)),), outputs=(1,))


def fuzz_cli(*args, **kw) -> subprocess.CompletedProcess:
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    return subprocess.run([sys.executable, "-m", "fuzz", *args], env=env, capture_output=True, text=True,
                          timeout=120, cwd=kw.get("cwd", ROOT))


def _files(tmp_path):
    bad_json = tmp_path / "bad.json"
    bad_json.write_text("{not json")
    unknown_op = tmp_path / "unknown.json"
    unknown_op.write_text(json.dumps(GOOD.to_json() | {"nodes": [{"op": "exp22", "args": [0]}]}))
    bucket = tmp_path / "corpus" / "crashes" / "b1"
    bucket.mkdir(parents=True)
    (bucket / "program.json").write_text('{"inputs": 3}')
    (bucket / "meta.json").write_text(json.dumps({"verdict": {"kind": "crash"}}))
    reg = tmp_path / "reg"
    reg.mkdir()
    (reg / "known_bugs.json").write_text('[{"id": "KB-1"}]')
    return tmp_path


BAD = [   # (arguments, what the one line must say)
    (["run", "--backend", "CPU:X68"], "unknown backend 'CPU:X68'; did you mean 'CPU:X86'?"),
    (["run", "--minutes", "-1"], "--minutes -1.0: must be positive"),
    (["run", "--minutes", "soon"], "invalid float value: 'soon'"),
    (["run", "--ops", "exp22"], "unknown op 'exp22'"),
    (["run", "--max-ops", "0"], "--max-ops 0: must be at least 1"),
    (["run", "--patch", "tests.plants:nope"], "has no plant 'nope'"),
    (["run", "--bogus"], "unrecognized arguments: --bogus"),
    (["replay", "--corpus", "{t}/nowhere"], "no such directory"),
    (["replay", "--corpus", "{t}/corpus"], "program.json: not a tinyfuzz program"),
    (["replay", "--corpus", "{t}/reg"], "field 'bucket' must be a non-empty string"),
    (["minimize", "{t}/missing.json"], "no such file or directory"),
    (["minimize", "{t}/bad.json"], "bad.json: not valid JSON"),
    (["minimize", "{t}/unknown.json"], "'exp22' is not a registered op; did you mean 'exp2'?"),
    (["minimize", "{t}/bad.json", "--backend", "CPU,PYTHON"], "not valid JSON"),
    (["bugs", "--known", "{t}/reg/known_bugs.json"], "field 'bucket' must be a non-empty string"),
]


@pytest.mark.parametrize("args, says", BAD, ids=[" ".join(a) for a, _ in BAD])
def test_bad_input_is_one_line_and_exit_2(tmp_path, args, says):
    t = _files(tmp_path)
    before = sorted(str(p) for p in t.rglob("*"))
    extra = ["--corpus", str(t / "run-corpus")] if args[0] == "run" else []
    r = fuzz_cli(*[a.format(t=t) for a in args], *extra)
    assert r.returncode == 2, r.stdout + r.stderr
    assert r.stdout == "" and r.stderr.startswith("error: ") and r.stderr.count("\n") == 1, r.stderr
    assert says in r.stderr
    assert sorted(str(p) for p in t.rglob("*")) == before            # nothing else touched


def test_interrupt_keeps_what_was_found(tmp_path):
    """SIGINT mid-run of two jobs: exit 130, and every bucket written so far is whole (meta, program, repro)."""
    corpus = tmp_path / "c"
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    proc = subprocess.Popen([sys.executable, "-m", "fuzz", "run", "--corpus", str(corpus), "--ops", "exp2,neg",
                             "--minutes", "5", "--jobs", "2", "--patch", "tests.plants:exp2-high"], env=env, cwd=ROOT,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                            # a shell's background job ignores SIGINT and its children inherit that: the run must
                            # start with Ctrl-C in effect, or the SIGINT below does nothing (seen in a `&`-launched CI)
                            preexec_fn=lambda: signal.signal(signal.SIGINT, signal.SIG_DFL))
    try:
        deadline = time.monotonic() + 240
        while not list(corpus.glob("crashes/*/meta.json")) and time.monotonic() < deadline and proc.poll() is None:
            time.sleep(0.5)
        time.sleep(1.0)                                                # let it get busy with the next programs
        proc.send_signal(signal.SIGINT)
        out, err = proc.communicate(timeout=150)       # the jobs get STOP_GRACE (30 s) to hand in tallies
    finally:
        if proc.poll() is None:
            proc.kill()
    assert proc.returncode == 130, out + err
    assert "interrupted" in err and "Traceback" not in err
    entries = Corpus(corpus).entries()                                 # reads back cleanly: nothing half-written
    assert entries and all(e.meta["hits"] >= 1 for e in entries)
    for e in entries:
        assert (e.path / "repro.py").exists() and "exp2" in e.program.ops()
    assert not list(corpus.rglob("*.tmp"))


def test_replay_follows_the_registry(tmp_path, capsys):
    """A planted bug's bucket: untriaged FAIL (1); registered, it xfails (0); without the plant, XPASS (1)."""
    corpus = Corpus(tmp_path)
    config = RunConfig(backend="CPU", patches=("tests.plants:exp2-high",))
    expected = reference(GOOD)
    verdict = judge(GOOD, config, expected)
    bucket, _ = corpus.record(GOOD, verdict, raw_signature=verdict.signature, tinygrad="0.14.0", expected=expected)
    planted = ["replay", "--corpus", str(tmp_path), "--patch", "tests.plants:exp2-high"]
    assert main(planted) == 1 and "FAIL   crash" in capsys.readouterr().out
    (tmp_path / "known_bugs.json").write_text(json.dumps([{
        "id": "KB-0001", "bucket": bucket, "title": "exp2 is 1% high", "status": "open", "backends": ["CPU"],
        "kind": "wrong result", "explanation": "planted", "repro": "", "found": "2026-11-27"}]))
    assert main(planted) == 0 and "xfail  crash" in capsys.readouterr().out
    assert main(["replay", "--corpus", str(tmp_path)]) == 1
    assert "XPASS" in capsys.readouterr().out


def test_replay_exitfirst_stops_at_the_first_new_failure(tmp_path, capsys):
    """The gate's replay -x: two seeds the plant breaks, one line of FAIL and a stop; without -x both are judged.
    Control: pristine, -x changes nothing."""
    (tmp_path / "seeds").mkdir()
    for name, seed in (("a", 1), ("b", 2)):
        p = GOOD.with_(inputs=(dataclasses.replace(GOOD.inputs[0], values=Values(seed=seed)),))
        (tmp_path / "seeds" / f"{name}.json").write_text(p.dumps())
        Corpus(tmp_path).save_expected(p, reference(p))
    planted = ["replay", "--corpus", str(tmp_path), "--patch", "tests.plants:exp2-high"]
    assert main(planted + ["-x"]) == 1
    out = capsys.readouterr().out
    assert out.count("FAIL   seed") == 1 and "stopped at the first failure" in out
    assert main(planted) == 1 and capsys.readouterr().out.count("FAIL   seed") == 2
    assert main(["replay", "--corpus", str(tmp_path), "-x"]) == 0 and "2 pass" in capsys.readouterr().out


def test_replay_judges_a_seed_on_the_backends_it_killed_mutants_on(tmp_path, capsys):
    """A seed a mutation run saw kill through NULL:OPENCL (killsuite/killers.json "seed-a@NULL:OPENCL") is replayed
    there too: an OpenCL renderer that cannot spell EXP2 (tests.plants_backends:opencl-exp2-render-crash) is red,
    which the CPU replay alone cannot see (control: without the record, green with the plant). Clean control:
    pristine passes on both. Decoys: a label on a backend the gate does not run (HIP needs comgr) and one of a seed
    that is not there add nothing."""
    (tmp_path / "seeds").mkdir()
    (tmp_path / "seeds" / "a.json").write_text(GOOD.dumps())
    Corpus(tmp_path).save_expected(GOOD, reference(GOOD))
    planted = ["replay", "--corpus", str(tmp_path), "--patch", "tests.plants_backends:opencl-exp2-render-crash"]
    assert main(planted) == 0 and "on NULL:OPENCL" not in capsys.readouterr().out
    (tmp_path / "killsuite").mkdir()
    (tmp_path / "killsuite" / "killers.json").write_text(json.dumps(
        {"seed-a@NULL:OPENCL": 1, "seed-a@NULL:HIP:gfx1100": 2, "seed-gone@NULL:OPENCL": 1}))
    assert main(["replay", "--corpus", str(tmp_path)]) == 0
    out = capsys.readouterr().out
    assert "pass   seed a on CPU" in out and "pass   seed a on NULL:OPENCL" in out and "HIP" not in out, out
    assert main(planted) == 1
    out = capsys.readouterr().out
    assert "pass   seed a on CPU" in out and "FAIL   seed a on NULL:OPENCL" in out and "EXP2" in out, out


def test_replay_judges_the_tensor_core_seed_on_the_emulated_tensor_cores(tmp_path, capsys):
    """corpus/seed_backends.json names the backends a hand-picked seed is judged on besides CPU: the tensor-core
    matmul (K twice the tensor core's) on NV's and AMD's emulated layouts, where an emulated WMMA adding its
    accumulator twice (tests.plants_backends:python-wmma-double-acc) is red; on CPU it cannot be. Clean control:
    pristine passes on all three. Decoys: a backend the gate cannot run is a one-line usage error naming the file."""
    import shutil
    real = Corpus()
    (tmp_path / "seeds").mkdir()
    shutil.copy(real.seeds / "tensor-core-matmul-f16.json", tmp_path / "seeds")
    shutil.copy(real.root / "seed_backends.json", tmp_path)
    seed = Corpus(tmp_path).entries()[0]
    Corpus(tmp_path).save_expected(seed.program, real.expected(seed.program))
    assert main(["replay", "--corpus", str(tmp_path)]) == 0
    assert capsys.readouterr().out.count("pass   seed tensor-core-matmul-f16 on ") == 3
    assert main(["replay", "--corpus", str(tmp_path), "--patch", "tests.plants_backends:python-wmma-double-acc"]) == 1
    out = capsys.readouterr().out
    assert "pass   seed tensor-core-matmul-f16 on CPU" in out
    assert "FAIL   seed tensor-core-matmul-f16 on PYTHON::sm_89" in out
    (tmp_path / "seed_backends.json").write_text(json.dumps({"tensor-core-matmul-f16": ["NULL:HIP:gfx1100"]}))
    assert main(["replay", "--corpus", str(tmp_path)]) == 2
    err = capsys.readouterr().err
    assert "seed_backends.json" in err and "NULL:HIP:gfx1100" in err and err.count("\n") == 1, err


def test_replay_jobs_judge_side_by_side_and_tell_in_order(tmp_path, capsys):
    """--jobs 2 (the gate's): the same lines in the same order as one at a time, for seeds the plant breaks and a
    pristine one among them (control: pristine, all pass); -x still stops with one FAIL line."""
    (tmp_path / "seeds").mkdir()
    for name, seed in (("a", 1), ("b", 2), ("c", 3)):
        p = GOOD.with_(inputs=(dataclasses.replace(GOOD.inputs[0], values=Values(seed=seed)),))
        (tmp_path / "seeds" / f"{name}.json").write_text(p.dumps())
        Corpus(tmp_path).save_expected(p, reference(p))
    planted = ["replay", "--corpus", str(tmp_path), "--patch", "tests.plants:exp2-high"]
    assert main(planted) == 1
    one = capsys.readouterr().out
    assert main(planted + ["--jobs", "2"]) == 1
    assert capsys.readouterr().out == one and one.count("FAIL   seed") == 3
    assert main(planted + ["--jobs", "2", "-x"]) == 1 and capsys.readouterr().out.count("FAIL   seed") == 1
    assert main(["replay", "--corpus", str(tmp_path), "--jobs", "2"]) == 0 and "3 pass" in capsys.readouterr().out


def test_replay_x_stops_at_a_failure_judged_behind_a_slow_entry(tmp_path, capsys, monkeypatch):
    """--jobs 2 -x: a failure judged while a slow entry before it still runs is told, and stops the gate, then; told
    in order it waited for the slow one (a 50 s keccak program held back every failure after it). Control: without
    -x the lines keep the gate's order. Decoy: the slow entry's own pass line is not told before the stop."""
    import threading
    from fuzz.commands import replay
    (tmp_path / "seeds").mkdir()
    for name in ("a-slow", "b", "c-bad"):
        (tmp_path / "seeds" / f"{name}.json").write_text(GOOD.dumps())
    released = threading.Event()

    def judged(entry, *args):
        if entry.name == "a-slow":
            released.wait(30)              # runs until the failure after it has been told
            return [("pass", "pass   seed a-slow on CPU")]
        return [("FAIL", "FAIL   seed c-bad on CPU: planted")] if entry.name == "c-bad" else \
            [("pass", f"pass   seed {entry.name} on CPU")]
    real_print = print
    told = lambda *a, **k: (real_print(*a, **k), "FAIL" in str(a[0]) and released.set())
    monkeypatch.setattr("builtins.print", told)
    monkeypatch.setattr(replay, "_replay_entry", judged)
    assert main(["replay", "--corpus", str(tmp_path), "--jobs", "2", "-x"]) == 1
    out = capsys.readouterr().out
    assert "FAIL   seed c-bad" in out and "a-slow" not in out and "stopped at the first failure" in out, out
    released.clear()
    monkeypatch.setattr("builtins.print", real_print)
    threading.Timer(0.5, released.set).start()
    assert main(["replay", "--corpus", str(tmp_path), "--jobs", "2"]) == 1
    out = capsys.readouterr().out
    assert out.index("a-slow") < out.index("seed b ") < out.index("c-bad"), out


def test_minimize_command_prints_sizes(tmp_path, capsys):
    p = Program(inputs=(Input((3, 4), "float32", Values(seed=2)),),
                nodes=(Node("neg", (0,)), Node("abs", (1,)), Node("exp2", (2,)), Node("neg", (3,))), outputs=(4,))
    (tmp_path / "p.json").write_text(p.dumps())
    rc = main(["minimize", str(tmp_path / "p.json"), "--patch", "tests.plants:exp2-high",
               "--out", str(tmp_path / "min.json"), "--repro", str(tmp_path / "repro.py")])
    out = capsys.readouterr().out
    assert rc == 1 and "before: 4 ops" in out and "after: 1 ops" in out, out
    assert Program.loads((tmp_path / "min.json").read_text()).ops() == ["exp2"]
    assert "x0.exp2()" in (tmp_path / "repro.py").read_text()
    assert main(["minimize", str(tmp_path / "p.json")]) == 0          # control: pristine tinygrad, nothing to do


def test_doctor_refuses_a_compiler_that_cannot_start(tmp_path, monkeypatch, capsys):
    """A clang on PATH whose shared libraries are missing made every CPU program a crash verdict (the device's replay:
    474 FAIL, 2026-12-07). doctor compiles a one-line C file and says why it cannot, in one line, exit 2; control:
    this machine's compiler passes; decoy: no compiler at all keeps its own message."""
    broken = tmp_path / "clang-broken"
    broken.write_text("#!/bin/sh\necho 'error while loading shared libraries: libLLVM.so.19.1' >&2\nexit 127\n")
    broken.chmod(0o755)
    from oracles.config import default_cc
    assert main(["doctor"]) == 0 and "ok:" in capsys.readouterr().out
    try:
        monkeypatch.setenv("CC", str(broken))
        default_cc.cache_clear()                         # the compiler is looked up once per process
        assert main(["doctor"]) == 2
        err = capsys.readouterr().err
        assert "does not compile a one-line C file: error while loading shared libraries" in err
        assert "Traceback" not in err
        monkeypatch.setenv("CC", str(tmp_path / "no-such-clang"))
        default_cc.cache_clear()
        assert main(["doctor"]) == 2 and "no C compiler" in capsys.readouterr().err
    finally:
        monkeypatch.undo()
        default_cc.cache_clear()

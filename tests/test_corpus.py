"""The corpus store, the known-bug registry, replay's classification table and BUGS.md."""
from __future__ import annotations

import json

import numpy as np
import pytest

from corpus import known
from corpus.store import Corpus, read_program
from fuzz.commands.replay import classify
from fuzz.errors import UsageError
from fuzz.program import Input, Node, Program, Values
from oracles.verdict import Verdict, VerdictKind

PROGRAM = Program(inputs=(Input((2, 3), "float32", Values(seed=4)),), nodes=(Node("exp2", (0,)),), outputs=(1,))
MISMATCH = Verdict(VerdictKind.MISMATCH, "value", "output 0 off", ops=("exp2",), backend="CPU")
CRASH = Verdict(VerdictKind.CRASH, "crash", "x", exc_type="RuntimeError", message="bad at 0x1f", ops=("exp2",), backend="CPU")
EXPECTED = {"outputs": [np.ones((2, 3), np.float32)], "outputs64": [np.ones((2, 3))], "grads": None, "grads64": None}


def test_record_new_then_hit(tmp_path):
    c = Corpus(tmp_path)
    bucket, new = c.record(PROGRAM, MISMATCH, raw_signature="raw-a", tinygrad="0.14.0", expected=EXPECTED,
                           repro="print('hi')\n", sizes={"ops_before": 8, "ops_after": 1})
    assert new and bucket == MISMATCH.bucket
    d = tmp_path / "crashes" / bucket
    assert sorted(p.name for p in d.iterdir()) == ["meta.json", "program.json", "repro.py"]
    meta = json.loads((d / "meta.json").read_text())
    assert meta["hits"] == 1 and meta["tinygrad"] == "0.14.0" and meta["signature"] == MISMATCH.signature
    assert meta["first_seen"] == meta["last_seen"] and meta["oracle"] == "value" and meta["backend"] == "CPU"
    assert read_program(d / "program.json") == PROGRAM
    assert np.array_equal(c.expected(PROGRAM)["outputs"][0], EXPECTED["outputs"][0])   # replay needs no torch
    on_python = Verdict(VerdictKind.MISMATCH, "value", "output 0 off", ops=("exp2",), backend="PYTHON")
    again, new2 = c.record(PROGRAM, on_python, raw_signature="raw-b", tinygrad="0.14.0")
    assert again == bucket and not new2                  # one bug on two backends is one bucket
    meta = json.loads((d / "meta.json").read_text())
    assert meta["hits"] == 2 and meta["raw_signatures"] == ["raw-a", "raw-b"] and meta["backends"] == ["CPU", "PYTHON"]
    assert Corpus(tmp_path).bucket_of_raw("raw-b") == bucket        # a fresh reader finds it from disk
    assert not list(tmp_path.rglob("*.tmp"))                          # atomic writes leave nothing behind


def test_interrupted_write_is_ignored(tmp_path):
    """A bucket dir without meta.json (killed mid-write) is skipped, not a malformed-corpus error."""
    (tmp_path / "crashes" / "half").mkdir(parents=True)
    (tmp_path / "crashes" / "half" / "program.json").write_text("{")
    assert Corpus(tmp_path).entries() == []


def test_entries_and_seeds(tmp_path):
    c = Corpus(tmp_path)
    c.record(PROGRAM, CRASH, raw_signature="r", tinygrad="0.14.0")
    (tmp_path / "seeds").mkdir()
    (tmp_path / "seeds" / "exp2.json").write_text(PROGRAM.dumps())
    kinds = [(e.kind, e.name) for e in c.entries()]
    assert kinds == [("crash", CRASH.bucket), ("seed", "exp2")]
    assert c.entries()[0].verdict == CRASH


def test_kill_entries_are_the_suite_programs_with_stored_answers(tmp_path):
    """The gate replays the kill suite: programs with torch's answers stored count (in order), one without does not
    (control), and a broken line is a one-line usage error naming the file and line (decoy: no traceback)."""
    from oracles import expected as expected_store
    other = PROGRAM.with_(outputs=PROGRAM.outputs[:1]) if len(PROGRAM.outputs) > 1 else \
        Program(PROGRAM.inputs[:1], (), (0,))
    suite = tmp_path / "killsuite"
    suite.mkdir()
    (suite / "programs.jsonl").write_text(PROGRAM.dumps() + "\n" + other.dumps() + "\n")
    expected_store.save(suite / "expected", PROGRAM.content_hash, {"outputs": [np.zeros(2, np.float32)]})
    c = Corpus(tmp_path)
    assert [(e.kind, e.name) for e in c.kill_entries()] == [("kill", f"ks-{PROGRAM.content_hash}")]
    assert c.expected(PROGRAM)["outputs"][0].shape == (2,) and c.expected(other) is None
    assert c.entries() == []                             # buckets and seeds only: mutation reads the suite itself
    (suite / "programs.jsonl").write_text(PROGRAM.dumps() + "\n{\n")
    with pytest.raises(UsageError, match=r"programs.jsonl:2: not a program") as e:
        c.kill_entries()
    assert "\n" not in str(e.value)


def test_a_compiler_failure_has_one_signature_whatever_the_compilers_path():
    """A bucket recorded where clang is /tmp/clang19/.../clang-19 (the device) and replayed where it is clang-19
    failed "differently"; the command's program is normalized away. Decoy: another exit status still differs."""
    from oracles.verdict import normalize_message
    tail = "', '-c', '-x', 'c', '-O2', '-', '-o', '-']' returned non-zero exit status 1."
    device = normalize_message("Command '['/tmp/clang19/usr/lib/llvm-19/bin/clang-19" + tail)
    here = normalize_message("Command '['clang-19" + tail)
    assert device == here == "Command '['clang-N', '-c', '-x', 'c', '-O2', '-', '-o', '-']' returned non-zero exit status N."
    assert normalize_message("Command '['clang-19" + tail.replace("status 1", "status -11")) != here


def test_the_replay_judges_in_the_order_a_mutation_run_wrote(tmp_path):
    """gate_order.json (mutate/killsuite.py write_gate_order, from a run's reach order) puts a kill test before the
    seed that comes first in the corpus; buckets stay first (a bucket named in the order too); entries it does not
    name (added since the run measured the suite: a new seed) come right after the buckets, in the corpus's order.
    Control: without the file, the corpus's order (buckets, seeds, kill tests). Decoy: a label on another backend
    ("ks-...@NULL:OPENCL") is not written, and an unknown label moves nothing."""
    from mutate.killsuite import write_gate_order
    from oracles import expected as expected_store
    c = Corpus(tmp_path)
    bucket, _ = c.record(PROGRAM, MISMATCH, raw_signature="raw-a", tinygrad="0.14.0", expected=EXPECTED)
    seed = Program(PROGRAM.inputs, (Node("exp", (0,)),), (1,))
    c.seeds.mkdir(parents=True, exist_ok=True)
    (c.seeds / "harden-1.json").write_text(seed.dumps() + "\n")
    kill = Program(PROGRAM.inputs, (Node("neg", (0,)),), (1,))
    c.killsuite.mkdir(parents=True, exist_ok=True)
    (c.killsuite / "programs.jsonl").write_text(kill.dumps() + "\n")
    expected_store.save(c.killsuite / "expected", kill.content_hash, {"outputs": [np.zeros(2, np.float32)]})
    labels = [f"crash-{bucket}", "seed-harden-1", f"ks-{kill.content_hash}"]
    assert [e.label for e in c.replay_entries()] == labels
    written = write_gate_order(c.killsuite, [f"ks-{kill.content_hash}@NULL:OPENCL", f"ks-{kill.content_hash}",
                                             "ks-gone", "seed-harden-1", f"crash-{bucket}"])
    assert written == [f"ks-{kill.content_hash}", "ks-gone", "seed-harden-1", f"crash-{bucket}"]
    assert [e.label for e in c.replay_entries()] == [labels[0], labels[2], labels[1]]
    (c.seeds / "harden-2.json").write_text(kill.with_(nodes=(Node("abs", (0,)),)).dumps() + "\n")
    assert [e.label for e in c.replay_entries()] == [labels[0], "seed-harden-2", labels[2], labels[1]]
    # a test the run's record dropped (its tracing hung) comes after those it measured, not first as an unmeasured one
    assert write_gate_order(c.killsuite, ["seed-harden-1"], ["seed-harden-2", "seed-harden-1"]) == \
        ["seed-harden-1", "seed-harden-2"]
    assert [e.label for e in c.replay_entries()] == [labels[0], labels[2], "seed-harden-1", "seed-harden-2"]
    # a seed `mutate harden` also put in the kill suite is judged once, as the kill test
    (c.seeds / "harden-3.json").write_text(kill.dumps() + "\n")
    assert [e.label for e in c.replay_entries()] == [labels[0], labels[2], "seed-harden-1", "seed-harden-2"]


def test_the_gate_trims_slow_kill_tests_that_add_nothing(tmp_path):
    """mutate/killsuite.py gate_trim: a kill test reaching nothing new (by_reach's rest) that killed no mutant and
    takes over 5 s, or whose tracing hung, is left out of the replay (it stays in the kill suite). Decoys: one that
    killed a mutant (on another backend too), a fast one, one reaching new lines, one judged in a variant's mode, a
    seed, one whose tracing died (not hung). Control: written without `trimmed`, the replay judges it."""
    from mutate.killsuite import gate_trim, write_gate_order
    from oracles import expected as expected_store
    record = {"tests": {"ks-slow": {"seconds": 10.0}, "ks-killer": {"seconds": 10.0}, "ks-fast": {"seconds": 1.0},
                        "ks-new": {"seconds": 10.0}, "ks-mode": {"seconds": 10.0}, "seed-x": {"seconds": 10.0}},
              "dropped": {"ks-hung": "tracing ks-hung failed: hang {'reason': 'no answer within 600s'}",
                          "ks-died": "tracing ks-died failed: died {}"}}
    rest = ["ks-slow", "ks-killer", "ks-fast", "ks-mode", "seed-x"]
    trimmed = gate_trim(record, rest, {"ks-killer@NULL:OPENCL": 1}, {"ks-mode": "opt"})
    assert sorted(trimmed) == ["ks-hung", "ks-slow"] and "10 s" in trimmed["ks-slow"]
    c = Corpus(tmp_path)
    kill = Program(PROGRAM.inputs, (Node("neg", (0,)),), (1,))
    c.killsuite.mkdir(parents=True)
    (c.killsuite / "programs.jsonl").write_text(kill.dumps() + "\n")
    expected_store.save(c.killsuite / "expected", kill.content_hash, {"outputs": [np.zeros(2, np.float32)]})
    name = f"ks-{kill.content_hash}"
    write_gate_order(c.killsuite, [name])
    assert [e.label for e in c.replay_entries()] == [name]
    assert write_gate_order(c.killsuite, [name], trimmed={name: "slow"}) == []
    assert c.replay_entries() == [] and [e.name for e in c.kill_entries()] == [name]


def test_hardened_programs_are_kill_tests_and_outlive_a_rebuild(tmp_path):
    """`mutate harden` writes hardened.jsonl beside the drawn programs.jsonl: the gate replays both and mutation loads
    both; a rebuild of the drawn suite (`mutate suite`) rewrites programs.jsonl and keeps the hardened program and its
    answers (it used to drop them with the old suite)."""
    from oracles import expected as expected_store
    from mutate.killsuite import load_suite
    other = Program(PROGRAM.inputs[:1], (), (0,))
    suite = tmp_path / "killsuite"
    suite.mkdir()
    (suite / "programs.jsonl").write_text(PROGRAM.dumps() + "\n")
    (suite / "hardened.jsonl").write_text(other.dumps() + "\n")
    for p in (PROGRAM, other):
        expected_store.save(suite / "expected", p.content_hash, {"outputs": [np.zeros(2, np.float32)]})
    names = [f"ks-{PROGRAM.content_hash}", f"ks-{other.content_hash}"]
    assert [e.name for e in Corpus(tmp_path).kill_entries()] == names
    assert [t.name for t in load_suite(suite)] == names
    from mutate import killsuite
    from oracles.config import RunConfig
    killsuite.build_suite(0, 0, RunConfig(backend="CPU"), suite, per_op=0, log=lambda *a: None)   # an empty rebuild
    assert (suite / "programs.jsonl").read_text() == "" and [t.name for t in load_suite(suite)] == names[1:]


def test_a_kill_test_with_a_shard_plan_is_replayed_on_its_plan(tmp_path):
    """A kill-suite program drawn with a shard plan is replayed in the shard mode (its plan is what it tests); one
    without a plan keeps the plain judge (control)."""
    from oracles import expected as expected_store
    sharded = PROGRAM.with_(shard={"devices": 2, "allreduce": "naive", "steps": [],
                                   "inputs": [{"axis": None, "at": "view"} for _ in PROGRAM.inputs]})
    suite = tmp_path / "killsuite"
    suite.mkdir()
    (suite / "programs.jsonl").write_text(PROGRAM.dumps() + "\n" + sharded.dumps() + "\n")
    for p in (PROGRAM, sharded):
        expected_store.save(suite / "expected", p.content_hash, {"outputs": [np.zeros(2, np.float32)]})
    metas = {e.name: e.meta for e in Corpus(tmp_path).kill_entries()}
    assert metas == {f"ks-{PROGRAM.content_hash}": {}, f"ks-{sharded.content_hash}": {"mode": "shard", "oracle": "shard"}}
    # a test a mutation run saw kill through JIT replays is replayed in the jit mode (its plain verdict counts too)
    (suite / "gate_modes.json").write_text(json.dumps({f"ks-{PROGRAM.content_hash}": "jit"}))
    metas = {e.name: e.meta for e in Corpus(tmp_path).kill_entries()}
    assert metas[f"ks-{PROGRAM.content_hash}"] == {"mode": "jit", "oracle": "*"}


def test_a_seed_with_a_shard_plan_is_replayed_on_its_plan(tmp_path):
    """The data-parallel all-reduce seeds (corpus/seeds/allreduce-*.json: a sum over the sharded axis) are judged on
    their plans, as kill tests are: an all-reduce that loses the last shard (tests.plants_shard:allreduce-drop-shard)
    is caught, pristine passes (control); judged plainly they ran on one device and saw nothing. Decoy: the same
    program without a plan is a plain seed."""
    from oracles.config import RunConfig
    from oracles.metamorphic import judge_as
    seed = {e.name: e for e in Corpus().entries()}["allreduce-sum-naive"]
    assert seed.meta == {"mode": "shard", "oracle": "shard"}
    expected = Corpus().expected(seed.program)
    clean = judge_as(seed.program, RunConfig(backend="CPU"), "shard", "shard", expected)
    planted = judge_as(seed.program, RunConfig(backend="CPU", patches=("tests.plants_shard:allreduce-drop-shard",)),
                       "shard", "shard", expected)
    assert clean.kind.value == "pass", clean.summary()
    assert planted.kind.value == "mismatch" and planted.oracle == "shard", planted.summary()
    (tmp_path / "seeds").mkdir()
    (tmp_path / "seeds" / "plain.json").write_text(seed.program.with_(shard=None).dumps())
    assert [e.meta for e in Corpus(tmp_path).entries()] == [{}]


def test_a_kill_test_binding_a_variable_is_replayed_in_the_jit_mode(tmp_path):
    """A kill test with a symbolic axis is judged in the jit mode: the plant that makes a captured JIT replay the
    Variable values of its first replay (tests.plants_ir:jit-stale-variables) is caught there, and pristine tinygrad
    passes (control). Decoy: a program without a Variable keeps the plain judge. The program is a real kill test
    (ks-dea4bc51dbfda15e) with torch's stored answers."""
    import shutil
    from oracles.config import RunConfig
    from oracles.metamorphic import judge_as
    real = {e.name: e for e in Corpus().kill_entries()}["ks-dea4bc51dbfda15e"]
    suite = tmp_path / "killsuite"
    (suite / "expected").mkdir(parents=True)
    (suite / "programs.jsonl").write_text(real.program.dumps() + "\n" + PROGRAM.dumps() + "\n")
    for p in (real.program, PROGRAM):
        src = Corpus().killsuite / "expected" / f"{p.content_hash}.npz"
        if src.is_file():
            shutil.copy(src, suite / "expected" / src.name)
    from oracles import expected as expected_store
    expected_store.save(suite / "expected", PROGRAM.content_hash, {"outputs": [np.zeros((2, 3), np.float32)]})
    corpus = Corpus(tmp_path)
    entries = {e.name: e for e in corpus.kill_entries()}
    symbolic = entries[real.name]
    assert symbolic.meta == {"mode": "jit", "oracle": "*"} and entries[f"ks-{PROGRAM.content_hash}"].meta == {}
    expected = corpus.expected(symbolic.program)
    clean = judge_as(symbolic.program, RunConfig(backend="CPU"), "jit", "*", expected)
    planted = judge_as(symbolic.program, RunConfig(backend="CPU", patches=("tests.plants_ir:jit-stale-variables",)),
                       "jit", "*", expected)
    assert clean.kind.value == "pass", clean.summary()
    assert planted.kind.value == "mismatch" and planted.oracle == "jit", planted.summary()


@pytest.mark.parametrize("text, says", [
    ("{", "not valid JSON"),
    ('{"inputs": []}', "not a tinyfuzz program"),
    ('{"inputs": [{"shape": [2], "dtype": "float32", "values": {"seed": 0, "domain": "normal"}}],'
     ' "nodes": [{"op": "sqrtt", "args": [0]}], "outputs": [1]}', "'sqrtt' is not a registered op; did you mean 'sqrt'?"),
    ('{"inputs": [], "nodes": [], "outputs": [4]}', "outputs [4] must name existing values"),
])
def test_malformed_programs_are_usage_errors(tmp_path, text, says):
    (tmp_path / "seeds").mkdir()
    (tmp_path / "seeds" / "bad.json").write_text(text)
    with pytest.raises(UsageError, match="bad.json") as e:
        Corpus(tmp_path).entries()
    assert says in str(e.value) and "\n" not in str(e.value)


ROW = {"id": "KB-0001", "bucket": "abc", "title": "t", "status": "open", "backends": ["CPU"], "kind": "wrong result",
       "explanation": "why", "repro": "corpus/crashes/abc/repro.py", "found": "2026-11-01"}


@pytest.mark.parametrize("change, says", [
    ({"status": "maybe"}, "status 'maybe'"),
    ({"kind": "wrong resul"}, "did you mean 'wrong result'"),
    ({"id": "KB-1"}, "must look like 'KB-0001'"),
    ({"bogus": 1}, "unknown field 'bogus'"),
    ({"title": ""}, "field 'title'"),
    ({"upstream": {"summary": "s", "refs": ["https://github.com/tinygrad/tinygrad/pull/1"]}},
     "each of upstream.refs must be an object"),        # `fuzz bugs` raised a traceback on it (2026-12-07)
])
def test_registry_rows_are_checked(tmp_path, change, says):
    path = tmp_path / "known_bugs.json"
    path.write_text(json.dumps([ROW | change]))
    with pytest.raises(UsageError, match="row 0") as e:
        known.load(path)
    assert says in str(e.value)


def test_registry_loads_and_renders_newest_first(tmp_path):
    path = tmp_path / "known_bugs.json"
    rows = [ROW, ROW | {"id": "KB-0002", "bucket": "def", "status": "fixed-in 0.15.0", "found": "2026-11-20"}]
    path.write_text(json.dumps(rows))
    reg = known.load(path)
    assert reg.get("abc").open and not reg.get("def").open and reg.get("zzz") is None
    md = known.render_markdown(reg, {"KB-0001": "print(1)\n"})
    assert md.index("## KB-0002") < md.index("## KB-0001") and "```python\nprint(1)\n```" in md
    assert "1 open (1 of them genuine, 0 debatable), 1 fixed; 0 more rows are duplicates of these." in md
    assert known.load(tmp_path / "missing.json").rows == []
    assert known.load(path).rows == known.load(_roundtrip(tmp_path, reg)).rows


def _roundtrip(tmp_path, reg):
    p = tmp_path / "again.json"
    p.write_text(known.dump(reg.rows))
    return p


PASS = Verdict(VerdictKind.PASS, ops=("exp2",), backend="CPU")
OTHER = Verdict(VerdictKind.CRASH, "crash", exc_type="ValueError", message="other", ops=("exp2",), backend="CPU")
UNSUP = Verdict(VerdictKind.UNSUPPORTED, "crash", ops=("exp2",), backend="CPU")


class _Entry:
    def __init__(self, kind, verdict):
        self.kind, self.verdict = kind, verdict
        self.name = verdict.bucket if verdict is not None else "seed-0"


def _row(status, bucket):
    return known.KnownBug("KB-0001", bucket, "t", status, ("CPU",), "crash")


@pytest.mark.parametrize("kind, got, status_of_row, status", [
    ("crash", CRASH, "open", "xfail"),       # a known bug failing again is expected
    ("crash", PASS, "open", "XPASS"),        # ... and one that now passes is reported, never dropped
    ("crash", PASS, "fixed-in 0.15.0", "pass"),
    ("crash", CRASH, "fixed-in 0.15.0", "FAIL"),   # a fixed bug back again: regression
    ("crash", CRASH, None, "FAIL"),        # untriaged bucket
    ("crash", OTHER, "open", "FAIL"),      # fails, but differently: new
    ("crash", PASS, None, "pass"),
    ("crash", UNSUP, "open", "skip"),
    ("seed", PASS, None, "pass"),
    ("seed", MISMATCH, None, "FAIL"),
    ("seed", MISMATCH, "open", "xfail"),   # a seed failing as a registered bucket
])
def test_replay_classification(kind, got, status_of_row, status):
    entry = _Entry(kind, CRASH if kind == "crash" else None)
    bucket = CRASH.bucket if kind == "crash" else MISMATCH.bucket
    registry = known.Registry([_row(status_of_row, bucket)] if status_of_row else [])
    assert classify(entry, got, registry, "CPU").status == status


def test_signature_ignores_addresses_and_core_ignores_ops():
    a = Verdict(VerdictKind.CRASH, "crash", exc_type="E", message="at 0xdead, size 12", ops=("exp2", "add"))
    b = Verdict(VerdictKind.CRASH, "crash", exc_type="E", message="at 0xbeef, size 40", ops=("exp2",))
    assert a.core == b.core and a.bucket != b.bucket


def test_a_kill_test_the_registry_refuses_now_is_stale_not_a_traceback(tmp_path, capsys):
    """A row's rules tightened after a kill test was stored (svdvals of 132 matrices, refused since they compiled past
    the hang retry): replay prints STALE for it and exits 0; before, infer's Invalid ended the replay in a traceback."""
    from fuzz.__main__ import main
    from oracles import expected as expected_store
    big = Program((Input((5, 3, 3), "float32", Values(seed=1)),), (Node("svdvals", (0,)),), (1,))
    suite = tmp_path / "killsuite"
    suite.mkdir()
    (suite / "programs.jsonl").write_text(big.dumps() + "\n")
    expected_store.save(suite / "expected", big.content_hash, {"outputs": [np.zeros((5, 3), np.float32)]})
    rc = main(["replay", "--corpus", str(tmp_path)])
    out = capsys.readouterr().out
    assert rc == 0 and "STALE  kill" in out and "more than 4 matrices" in out, out

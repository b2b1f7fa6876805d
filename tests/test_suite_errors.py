"""An exception raised in the suite's own frames is the suite's error, with its traceback: never a tinygrad verdict,
never skipped (issue 16). Planted: oracles.tiny_eval.to_numpy reads None (tests.plants:suite-raises). Controls: an
unplanted program passes; a method tinygrad lacks is still a crash (API) verdict; tinygrad raising in its own code
(KB-0001's int ** int) is still a crash verdict.
"""
from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from fuzz.program import Input, Node, Program, Values
from oracles.config import RunConfig
from oracles.judge import judge
from oracles.verdict import SuiteError, VerdictKind

ROOT = Path(__file__).resolve().parent.parent
NEG = Program((Input((3,), "float32", Values(data=(0.0, 0.5, 1.0))),), (Node("neg", (0,)),), outputs=(1,))
RELU = NEG.with_(nodes=(Node("relu", (0,)),))
INT_POW = ROOT / "corpus" / "crashes" / "ceceba2047" / "program.json"     # KB-0001: int32 ** int32


def test_an_exception_in_our_frames_is_a_suite_error_with_its_traceback():
    with pytest.raises(SuiteError) as e:
        judge(NEG, RunConfig(backend="CPU", patches=("tests.plants:suite-raises",)))
    assert "oracles/tiny_eval.py" in str(e.value) and "AttributeError" in str(e.value)


def test_controls_stay_verdicts():
    assert judge(NEG, RunConfig(backend="CPU")).kind == VerdictKind.PASS
    api = judge(RELU, RunConfig(backend="CPU", patches=("tests.plants:tensor-method-removed",)))
    assert api.kind == VerdictKind.CRASH and api.detail.startswith("crash (API)")


def test_tinygrad_raising_in_its_own_code_is_a_crash():
    v = judge(Program.loads(INT_POW.read_text()), RunConfig(backend="CPU"))
    assert v.kind == VerdictKind.CRASH and v.frame.startswith("tinygrad/")


def test_a_campaign_counts_and_shows_suite_errors(tmp_path):
    (tmp_path / "corpus").mkdir()
    out = subprocess.run([sys.executable, "-m", "fuzz", "run", "--ops", "neg,abs", "--max-programs", "3",
                          "--corpus", str(tmp_path / "corpus"), "--patch", "tests.plants:suite-raises"],
                         cwd=ROOT, capture_output=True, text=True, timeout=300)
    assert "suite bug on CPU" in out.stdout and "tiny_eval.py" in out.stdout, out.stdout[-2000:]
    assert "3 suite errors" in out.stdout and "0 new buckets" in out.stdout, out.stdout[-2000:]


def test_a_refusal_the_suite_translates_for_tinygrad_is_unsupported_not_ours():
    """oracles/shard_eval.place turns tinygrad's 'multi axis uneven' into NotImplementedError in our own frame: that
    is tinygrad refusing by design (oracles/refusals.py), so `unsupported`; any other error of ours stays ours."""
    from oracles.judge import verdict_of
    from oracles.worker import Outcome
    uneven = {"type": "NotImplementedError", "ours": True, "frame": "oracles/shard_eval.py:place",
              "message": "tinygrad refuses uneven shards: multi axis uneven: self.shape[axis]=3 axis=2 dcount=2"}
    v = verdict_of(NEG, RunConfig(backend="CPU"), Outcome("error", error=uneven), {})
    assert v.kind == VerdictKind.UNSUPPORTED and v.numbers["refusal"] == "uneven-shard"
    decoy = uneven | {"message": "tinygrad refuses uneven shards because we said so"}
    with pytest.raises(SuiteError):
        verdict_of(NEG, RunConfig(backend="CPU"), Outcome("error", error=decoy), {})


def test_an_exception_in_the_judge_itself_is_counted_and_the_campaign_goes_on(tmp_path, capsys, monkeypatch):
    """Anything raised in the judging process (tinygrad runs in workers) is the suite's bug: a KeyError in anchoring
    took two campaigns down on 2026-12-06, their tallies lost. Now each such program is a counted suite error and the
    campaign judges the rest."""
    from fuzz.__main__ import main
    import oracles.metamorphic as metamorphic
    real, calls = metamorphic.judge_in_mode, []

    def flaky(program, config, mode, expected, *args, **kwargs):
        calls.append(program)
        if len(calls) == 1:
            raise KeyError("grads")
        return real(program, config, mode, expected, *args, **kwargs)
    monkeypatch.setattr(metamorphic, "judge_in_mode", flaky)
    rc = main(["run", "--corpus", str(tmp_path), "--modes", "values", "--ops", "neg,abs", "--max-programs", "4",
               "--jobs", "1", "--seed", "0"])
    out = capsys.readouterr().out
    assert rc == 0 and len(calls) >= 3, out[-2000:]
    assert "suite bug on CPU" in out and "KeyError" in out and "1 suite errors" in out, out[-2000:]


def test_an_exception_after_judging_is_counted_not_a_hypothesis_flaky_failure(tmp_path, capsys, monkeypatch):
    """Raised outside the judge (the registry check, recording a bucket), an exception reached Hypothesis, whose replay
    of the example passed (judged once) and raised FlakyFailure: the cause was hidden and the job ended (seed 9's
    campaign, 2026-12-07). Now it is a counted suite error with its frame, and the campaign goes on. Control: the
    later programs are judged (calls go on)."""
    from fuzz.__main__ import main
    import fuzz.commands.run as run
    real, calls = run.judged, []

    def breaks_once(verdict, registry, tally):
        calls.append(verdict)
        if len(calls) == 1:
            raise RuntimeError("registry lookup broke")
        return real(verdict, registry, tally)
    monkeypatch.setattr(run, "judged", breaks_once)
    rc = main(["run", "--corpus", str(tmp_path), "--modes", "values", "--ops", "neg,abs", "--max-programs", "4",
               "--jobs", "1", "--seed", "0"])
    out = capsys.readouterr().out
    assert rc == 0 and len(calls) >= 3, out[-2000:]
    assert "suite bug in values" in out and "RuntimeError: registry lookup broke" in out, out[-2000:]
    assert "1 suite errors" in out and "Flaky" not in out, out[-2000:]


def dies_once(args, ops, cfgs, corpus_root, job, jobs, seconds=None, first=0):
    """A campaign job (spawned) whose first process dies outright, as a heap corruption kills it; the restart counts
    one program. Job 2 of 2 never dies (control: its count arrives)."""
    import os as _os
    from fuzz.commands.run import Tally
    if job == 0 and first == 0:
        _os._exit(134)
    tally = Tally()
    tally.programs = 1 if job == 0 else 10
    tally.suite_errors = first          # the restart's batch offset, seen by the test below
    return tally


def test_a_job_whose_process_dies_loses_only_its_counts_and_starts_again(tmp_path, capsys):
    """Two jobs shared one process pool: one job's process dying (torch's heap corrupted by an in-process anchoring
    rerun, 2026-12-06) broke both and ended the campaign with 0 programs counted. Now the other job's tally arrives,
    and the dead job starts again for the time left on batches its predecessor did not reach."""
    import argparse
    from corpus.store import Corpus
    from fuzz.commands.run import RESTART_ROUNDS, Tally, parallel
    tally = Tally()
    parallel(argparse.Namespace(minutes=5), [], [], Corpus(tmp_path), tally, 2, job_fn=dies_once)
    out = capsys.readouterr().out
    assert tally.programs == 11, out                              # the live job's 10, the restarted job's 1
    assert tally.suite_errors == 1 + RESTART_ROUNDS, out          # one death counted; the restart skipped ahead
    assert "job 1 ended early" in out and "started again for the time left" in out

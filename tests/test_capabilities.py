"""Capabilities are probed, recorded with each bucket, and a bucket replays elsewhere as "not reproducible here"
when a capability its program depends on differs (a bfloat16 CPU bucket found where the conversion is a call of
__truncsfbf2, KB-0032, replayed on a CPU with native bfloat16)."""
from __future__ import annotations

import dataclasses
import json
from argparse import Namespace

import pytest

from corpus.store import Corpus
from fuzz.commands import replay
from fuzz.program import Program
from oracles import capabilities
from oracles.verdict import Verdict, VerdictKind

BF16 = Program.from_json({"version": 1, "inputs": [{"dtype": "bfloat16", "shape": [3],
                                                      "values": {"data": [1.0, 2.0, 3.0]}}],
                          "nodes": [{"op": "exp2", "args": [0], "attrs": {}}], "outputs": [1]})
F32 = Program.from_json({**BF16.to_json(), "inputs": [{"dtype": "float32", "shape": [3],
                                                         "values": {"data": [1.0, 2.0, 3.0]}}]})
TRUNC = Verdict(VerdictKind.CRASH, "crash", "RuntimeError: undefined symbol __truncsfbf2", exc_type="RuntimeError",
                message="Attempting to relocate against an undefined symbol __truncsfbf2", ops=("exp2",), backend="CPU")


def test_probe_reads_this_machine():
    host = capabilities.probe()
    assert host.cc and host.python and host.numpy
    assert isinstance(host.cc_bf16, bool) and isinstance(host.cc_calls_truncsfbf2, bool)
    assert json.loads(json.dumps(host.to_json()))["cc"] == host.cc


@pytest.mark.parametrize("dtypes, backend, keys", [
    ({"bfloat16"}, "CPU", capabilities.BF16_CAPS),
    ({"bfloat16", "float32"}, "CPU:1 [2 devices]", capabilities.BF16_CAPS),
    ({"float32"}, "CPU", ()),                 # nothing about the machine decides a float32 CPU verdict
    ({"bfloat16"}, "PYTHON", ()),             # the emulator compiles nothing
    ({"float16"}, "PYTHON", ("python", "numpy")),   # KB-0016's bucket passed on another Python and numpy
])
def test_relevant_capabilities(dtypes, backend, keys):
    assert capabilities.relevant(dtypes, backend) == keys


def _bucket(tmp_path, program, host) -> Corpus:
    corpus = Corpus(tmp_path)
    corpus.record(program, TRUNC, raw_signature=TRUNC.signature, tinygrad="0.14.0", host=host)
    rows = [{"id": "KB-0001", "bucket": TRUNC.bucket, "title": "bf16 needs __truncsfbf2", "status": "open",
             "backends": ["CPU"], "kind": "crash"}]
    (tmp_path / "known_bugs.json").write_text(json.dumps(rows))
    return corpus


def _replay(tmp_path, capsys) -> tuple[int, str]:
    rc = replay.run(Namespace(backend="", corpus=str(tmp_path), known=None, timeout=60.0, patch=[]))
    return rc, capsys.readouterr().out


NEEDS_BF16 = pytest.mark.skipif(not capabilities.probe().cc_bf16, reason="this machine's C compiler lacks __bf16, so the "
                                "bucket's bfloat16 program is unsupported here (test_a_compiler_without_bf16_...)")


@NEEDS_BF16
def test_bucket_from_a_cpu_without_native_bf16_is_not_reproducible_here(tmp_path, capsys, monkeypatch):
    here = capabilities.probe()
    monkeypatch.setattr(capabilities, "probe", lambda cc=None: dataclasses.replace(here, cc_calls_truncsfbf2=False))
    there = dataclasses.replace(here, cc_calls_truncsfbf2=True).to_json()
    _bucket(tmp_path, BF16, there)
    rc, out = _replay(tmp_path, capsys)
    assert rc == 0 and "NOTHERE" in out, out
    assert "not reproducible here: cc_calls_truncsfbf2: True there, False here" in out


@NEEDS_BF16
def test_same_capabilities_still_report_xpass(tmp_path, capsys, monkeypatch):
    """Control: recorded on a machine like this one, the bucket that now passes is an XPASS, as before."""
    here = dataclasses.replace(capabilities.probe(), cc_calls_truncsfbf2=False)
    monkeypatch.setattr(capabilities, "probe", lambda cc=None: here)
    _bucket(tmp_path, BF16, here.to_json())
    rc, out = _replay(tmp_path, capsys)
    assert rc == 1 and "XPASS" in out, out


@NEEDS_BF16
def test_a_bucket_that_fails_here_as_it_failed_there_is_a_fail(tmp_path, capsys, monkeypatch):
    """An untriaged bucket from a machine with native bfloat16 that fails here with the same verdict reproduces: it
    is FAIL, not "not reproducible here" (device buckets c3bc44d0fd and df8621d8cd, 2026-12-07, hid so). The plant
    kills bfloat16 sqrt's worker on both sides."""
    from oracles.config import RunConfig
    from oracles.judge import judge
    here = capabilities.probe()
    monkeypatch.setattr(capabilities, "probe", lambda cc=None: dataclasses.replace(here, cc_calls_truncsfbf2=False))
    plant = "tests.plants:segfault"
    program = Program.from_json({**BF16.to_json(), "nodes": [{"op": "sqrt", "args": [0], "attrs": {}}]})
    verdict = judge(program, RunConfig(backend="CPU", patches=(plant,)))
    assert verdict.failed, verdict.detail
    Corpus(tmp_path).record(program, verdict, raw_signature=verdict.signature, tinygrad="0.14.0",
                            host=dataclasses.replace(here, cc_calls_truncsfbf2=True).to_json())
    rc = replay.run(Namespace(backend="", corpus=str(tmp_path), known=None, timeout=60.0, patch=[plant]))
    out = capsys.readouterr().out
    assert rc == 1 and "FAIL" in out and "untriaged bucket" in out and "NOTHERE" not in out, out


def test_an_irrelevant_difference_does_not_excuse(tmp_path, capsys, monkeypatch):
    """Decoy: a float32 program does not depend on bfloat16 capabilities, so the XPASS stands."""
    here = capabilities.probe()
    monkeypatch.setattr(capabilities, "probe", lambda cc=None: dataclasses.replace(here, cc_calls_truncsfbf2=False))
    _bucket(tmp_path, F32, dataclasses.replace(here, cc_calls_truncsfbf2=True).to_json())
    rc, out = _replay(tmp_path, capsys)
    assert rc == 1 and "XPASS" in out and "NOTHERE" not in out, out


def test_a_compiler_without_bf16_is_unsupported_not_a_crash():
    from oracles.refusals import is_unsupported
    msg = ("Command '['clang-14', '-c', '-x', 'c', '-', '-o', '-']' returned non-zero exit status 1.\n"
           "__bf16 is not supported on this target")
    error = {"type": "CalledProcessError", "message": msg}
    assert is_unsupported(error, "CPU", dtypes={"bfloat16"}).name == "cc-without-bf16"
    assert is_unsupported(error, "CPU", dtypes={"float32"}) is None              # no bf16 in the program: a crash
    other = {**error, "message": msg.replace("__bf16 is not supported", "use of undeclared identifier")}
    assert is_unsupported(other, "CPU", dtypes={"bfloat16"}) is None             # another compile error: a crash


@pytest.mark.parametrize("program, hangs, kind", [
    (BF16, True, VerdictKind.UNSUPPORTED),     # the machine's compiler hangs on bf16 stores: not tinygrad's hang
    (BF16, False, VerdictKind.HANG),           # control: a sound compiler, so the hang is tinygrad's
    (F32, True, VerdictKind.HANG),             # decoy: no bf16 in the program, the capability is irrelevant
])
def test_a_hang_on_a_compiler_that_hangs_by_itself_is_unsupported(monkeypatch, program, hangs, kind):
    from oracles.config import RunConfig
    from oracles.judge import verdict_of
    from oracles.worker import Outcome
    here = dataclasses.replace(capabilities.probe(), cc_bf16_store_hangs=hangs)
    monkeypatch.setattr(capabilities, "probe", lambda cc=None: here)
    v = verdict_of(program, RunConfig(backend="CPU"), Outcome("hang", error={"reason": "no answer within 20s"}), {})
    assert v.kind == kind
    if kind == VerdictKind.UNSUPPORTED:
        assert "hangs on bfloat16 stores" in v.detail and v.numbers["refusal"] == "cc-hangs-on-bf16"

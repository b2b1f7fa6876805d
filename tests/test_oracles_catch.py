"""Planted bugs in tinygrad make the fuzz test fail, for the right reason; pristine tinygrad passes the same run.

The whole path a user takes: `pytest fuzz/test_fuzz.py` in a subprocess with the ci profile, focused on the ops a
plant touches (--ops), with the plant applied in every worker (--patch).
"""
from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
PLANTED = {                       # plant -> the ops the fuzz test draws from
    "sum-off-by-one": "sum,add,mul",
    "cast-through-half": "cast,add,mul",
    "exp2-high": "exp2,add,mul",
    "floor-rounds": "floor,add,mul",                  # step ops are judged anchored (oracles/anchor.py) ...
    "sort-indices-reversed": "sort,argsort,add",      # ... and index outputs by their ties rule: still caught
}


def fuzz_test(ops: str, patch: str | None, new_buckets: Path | None = None) -> subprocess.CompletedProcess:
    cmd = [sys.executable, "-m", "pytest", "fuzz/test_fuzz.py", "-k", "program_matches_torch", "-q", "-x",
           "-p", "no:cacheprovider", "--hypothesis-seed=0", "--ops", ops]
    if patch:
        cmd += ["--patch", patch]
    env = {**os.environ, "HYPOTHESIS_PROFILE": "ci", "TINYFUZZ_CI_EXAMPLES": "25"}
    if new_buckets is not None:
        env["TINYFUZZ_NEW_BUCKETS"] = str(new_buckets)
    return subprocess.run(cmd, cwd=ROOT, env=env, capture_output=True, text=True, timeout=600)


@pytest.mark.parametrize("plant", sorted(PLANTED))
def test_fuzz_test_catches_plant(plant):
    control = fuzz_test(PLANTED[plant], None)
    assert control.returncode == 0, f"pristine tinygrad fails the focused fuzz test:\n{control.stdout[-3000:]}"
    planted = fuzz_test(PLANTED[plant], f"tests.plants:{plant}")
    assert planted.returncode == 1, f"the plant {plant} went unnoticed:\n{planted.stdout[-3000:]}"
    assert "mismatch (value)" in planted.stdout, planted.stdout[-3000:]


# Regressions that resemble registered bugs (issue 17): plant -> (ops drawn, what the failure says). Each op's
# registered bug is hit by the control run too, so a pass there shows the gate still knows the real bug.
LOOKALIKES = {
    "tests.plants_gate:relu6-raises": ("relu6", r"crash \(crash\) on CPU: RuntimeError: planted"),    # not KB-0012
    "tests.plants:segfault": ("sqrt", r"died \(died\) on CPU: killed by SIGSEGV"),                  # not KB-0022
    "tests.plants_gate:int-max-off": ("max", r"mismatch \(value\) on CPU: output \d+ \(u?int\d+\)"),  # not KB-0003
}


def test_lookalike_control_passes():
    ops = ",".join(sorted({ops for ops, _ in LOOKALIKES.values()}))
    control = fuzz_test(ops, None)
    assert control.returncode == 0, f"pristine tinygrad fails the focused fuzz test:\n{control.stdout[-3000:]}"


@pytest.mark.parametrize("patch", sorted(LOOKALIKES))
def test_regression_that_resembles_a_registered_bug_is_new(patch, tmp_path):
    ops, says = LOOKALIKES[patch]
    planted = fuzz_test(ops, patch, tmp_path)
    assert planted.returncode == 1, f"{patch} was swallowed as a known bug:\n{planted.stdout[-3000:]}"
    assert re.search(says, planted.stdout), planted.stdout[-3000:]
    buckets = sorted(tmp_path.glob("crashes/*/repro.py"))
    assert buckets, "the gate wrote no bucket for the new failure"
    assert "import tinygrad" in buckets[0].read_text() or "from tinygrad" in buckets[0].read_text()


def test_a_removed_tensor_method_fails_the_gate(tmp_path):
    """A tinygrad PR that removes a Tensor method the suite lowers to is a crash (API), never `unsupported`."""
    planted = fuzz_test("relu", "tests.plants:tensor-method-removed", tmp_path)
    assert planted.returncode == 1, planted.stdout[-3000:]
    assert "crash (API): Tensor has no attribute 'relu'" in planted.stdout, planted.stdout[-3000:]


def test_unknown_op_is_a_usage_error():
    out = fuzz_test("sum,cumsun", None)
    assert out.returncode == 4 and "unknown op 'cumsun'; did you mean 'cumsum'?" in out.stderr + out.stdout

"""Planted bugs in tinygrad make the fuzz test fail, for the right reason; pristine tinygrad passes the same run.

The whole path a user takes: `pytest fuzz/test_fuzz.py` in a subprocess with the ci profile, focused on the ops a
plant touches (--ops), with the plant applied in every worker (--patch).
"""
from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
PLANTED = {                       # plant -> the ops the fuzz test draws from
    "sum-off-by-one": "sum,add,mul",
    "cast-through-half": "cast,add,mul",
    "exp2-high": "exp2,add,mul",
}


def fuzz_test(ops: str, patch: str | None) -> subprocess.CompletedProcess:
    cmd = [sys.executable, "-m", "pytest", "fuzz/test_fuzz.py", "-k", "program_matches_torch", "-q", "-x",
           "-p", "no:cacheprovider", "--hypothesis-seed=0", "--ops", ops]
    if patch:
        cmd += ["--patch", patch]
    env = {**os.environ, "HYPOTHESIS_PROFILE": "ci", "TINYFUZZ_CI_EXAMPLES": "25"}
    return subprocess.run(cmd, cwd=ROOT, env=env, capture_output=True, text=True, timeout=600)


@pytest.mark.parametrize("plant", sorted(PLANTED))
def test_fuzz_test_catches_plant(plant):
    control = fuzz_test(PLANTED[plant], None)
    assert control.returncode == 0, f"pristine tinygrad fails the focused fuzz test:\n{control.stdout[-3000:]}"
    planted = fuzz_test(PLANTED[plant], f"tests.plants:{plant}")
    assert planted.returncode == 1, f"the plant {plant} went unnoticed:\n{planted.stdout[-3000:]}"
    assert "mismatch (value)" in planted.stdout, planted.stdout[-3000:]


def test_unknown_op_is_a_usage_error():
    out = fuzz_test("sum,cumsun", None)
    assert out.returncode == 4 and "unknown op 'cumsun'; did you mean 'cumsum'?" in out.stderr + out.stdout

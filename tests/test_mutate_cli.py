"""`python -m mutate` as a user runs it: one-line errors for bad input, and a small run end to end."""
from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest

from fuzz.program import Input, Node, Program, Values
from fuzz.values import materialize
from oracles import expected as expected_store

ROOT = Path(__file__).resolve().parent.parent


def mutate(*args, cwd=ROOT, timeout=600):
    env = dict(os.environ, PYTHONPATH=str(ROOT))
    return subprocess.run([sys.executable, "-m", "mutate", *args], cwd=cwd, env=env, capture_output=True, text=True,
                          timeout=timeout)


@pytest.mark.parametrize("args, message", [
    (["run", "--shard", "3/2"], "error: --shard 3/2: K must be between 1 and N"),
    (["run", "--operator", "bogus"], "error: unknown operator 'bogus'"),
    (["list", "--path", "nothing/"], "error: no tinygrad source file matches 'nothing/'"),
    (["run", "--tinygrad", "/nonexistent"], "error: --tinygrad '/nonexistent': no tinygrad package there"),
    (["merge", "/nonexistent.sqlite"], "error: '/nonexistent.sqlite': no such store"),
    (["run", "--sample", "0"], "error: --sample 0: must be at least 1"),
    (["run", "--secondary-tests", "-1"], "error: --secondary-tests -1: must be 0 (all) or more"),
])
def test_bad_input_is_one_line(tmp_path, args, message):
    out = mutate(*args, "--store", str(tmp_path / "s.sqlite"))
    assert out.returncode == 2, out.stderr
    assert out.stderr.startswith(message) and out.stderr.count("\n") == 1, out.stderr


def test_small_run_end_to_end_then_resume(tmp_path):
    p = Program((Input((4, 3), "float32", Values(seed=1)), Input((4, 3), "float32", Values(seed=2))),
                (Node("add", (0, 1)),), (2,))
    a, b = (materialize(i) for i in p.inputs)
    want = a.astype(np.float64) + b
    suite = tmp_path / "suite"
    expected_store.save(suite / "expected", p.content_hash, {"outputs": [want.astype(np.float32)], "outputs64": [want]})
    (suite / "programs.jsonl").write_text(p.dumps() + "\n")
    args = ["run", "--path", "mixin/elementwise.py", "--function", "ElementwiseMixin.add", "--suite", str(suite),
            "--corpus", str(tmp_path / "no-corpus"), "--store", str(tmp_path / "r.sqlite")]
    out = mutate(*args)
    assert out.returncode == 0, out.stderr
    assert "mutation score" in out.stdout and "by operator:" in out.stdout
    killed = re.search(r"mutation score [\d.]+% \((\d+) killed", out.stdout)
    assert killed and int(killed.group(1)) > 0, out.stdout     # add -> MUL/SUB style mutants of Tensor.add change the sum
    again = mutate(*args)
    assert again.returncode == 0 and "0 run now" in again.stdout, again.stdout

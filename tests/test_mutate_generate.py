"""Mutant generation, overlays, shards, --since and the store: no tinygrad run needed."""
from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from fuzz.errors import UsageError
from mutate import run as R
from mutate.apply import make_overlay, remove_overlay
from mutate.generate import Generated, Mutant, file_mutants, hand_mutant, scope_files
from mutate.operators import TABLE
from mutate.store import Result, Store

RULES = '''from x import PatternMatcher, UPat, Ops
def helper(x):
    y = x + 1
    return y
pm = PatternMatcher([
  (UPat(Ops.ADD, name="x"),
   lambda x: x.src[0]),
  (UPat(Ops.MUL, name="x"), helper),
])
LIMIT = 4
'''


def generated(tmp_path, text=RULES) -> list[Mutant]:
    f = tmp_path / "rules.py"
    f.write_text(text)
    g = Generated()
    file_mutants(f, "rules.py", TABLE, (), g)
    return g.mutants


def test_ids_are_stable_and_unique(tmp_path):
    a, b = generated(tmp_path), generated(tmp_path)
    assert [m.id for m in a] == [m.id for m in b]
    assert len({m.id for m in a}) == len(a)


def test_cover_says_which_lines_must_run(tmp_path):
    ms = generated(tmp_path)
    deletions = {m.old.split("(")[2].split(",")[0]: m for m in ms if m.operator == "delete-rule"}
    assert deletions["Ops.ADD"].cover == (7,)            # the lambda's body
    assert deletions["Ops.MUL"].cover == (3, 4)          # the named callback's body
    inside = [m for m in ms if m.operator == "arith" and m.line == 3]
    assert inside and inside[0].cover == (3,) and inside[0].func == "helper"
    module = [m for m in ms if m.operator == "constant" and m.line == 10]
    assert module and module[0].cover is None and module[0].func == "<module>"   # runs at import: every program


DEFAULTS = '''class A:
  SCALE = 2.5
  def selu(self, alpha=1.5, gamma=[1, 2]):
    """doc"""
    return self * alpha + gamma[0]
f = lambda x, k=3: x * k
'''


def test_a_default_argument_is_covered_by_its_functions_calls(tmp_path):
    """A default argument is evaluated at import, yet it matters only where the function runs (selu's alpha 1.67326
    made 2.67326 survived W50: as module code it counted every program as covering it, and the fastest 40 held no selu
    program). Its cover is the function's body; decoys: a class attribute stays module code, a lambda's default (its
    body is on its own line already) too."""
    ms = generated(tmp_path, DEFAULTS)
    defaults = [m for m in ms if m.line == 3]
    assert defaults and all(m.cover == (4, 5) for m in defaults), [(m.old, m.cover) for m in defaults]
    assert {m.old for m in defaults} >= {"1.5", "1", "2"}
    decoys = [m for m in ms if m.line == 2 or (m.line == 6 and m.old == "3")]
    assert decoys and all(m.cover is None for m in decoys), [(m.line, m.old, m.cover) for m in decoys]


def test_diff_shows_the_change(tmp_path):
    m = next(m for m in generated(tmp_path) if m.operator == "constant" and m.line == 10)
    d = m.diff(RULES)
    assert "-LIMIT = 4" in d and ("+LIMIT = 5" in d or "+LIMIT = 3" in d)


def test_scope_leaves_out_runtime_and_drivers(tmp_path):
    """renderer/amd (the assembler only hand-written kernels reach) is out; renderer/cstyle.py, beside it, is in."""
    for rel in ("__init__.py", "tensor.py", "uop/ops.py", "runtime/ops_cpu.py", "runtime/autogen/cuda.py",
                "renderer/amd/dsl.py", "renderer/cstyle.py"):
        (tmp_path / rel).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / rel).write_text("x = 1\n")
    assert scope_files(tmp_path) == ["renderer/cstyle.py", "tensor.py", "uop/ops.py"]
    assert scope_files(tmp_path, ("uop/",)) == ["uop/ops.py"]
    with pytest.raises(UsageError):
        scope_files(tmp_path, ("nothing/",))


def test_overlay_imports_the_mutant_and_leaves_the_original(tmp_path):
    pkg = tmp_path / "src" / "tinygrad"
    (pkg / "uop").mkdir(parents=True)
    (pkg / "__init__.py").write_text("from tinygrad.uop.ops import VALUE\n")
    (pkg / "uop" / "__init__.py").write_text("")
    (pkg / "uop" / "ops.py").write_text("VALUE = 1 + 1\n")
    (pkg / "uop" / "other.py").write_text("OTHER = 7\n")
    m = hand_mutant(pkg, "uop/ops.py", "1 + 1", "1 - 1")
    overlay = make_overlay(pkg, m)
    try:
        out = subprocess.run([sys.executable, "-c", "import tinygrad, tinygrad.uop.other as o; "
                              "print(tinygrad.VALUE, o.OTHER, tinygrad.__file__)"],
                             cwd=tmp_path, env={"PYTHONPATH": overlay}, capture_output=True, text=True, check=True)
        value, other, where = out.stdout.split()
        assert (value, other) == ("0", "7") and where.startswith(overlay)
        assert (pkg / "uop" / "ops.py").read_text() == "VALUE = 1 + 1\n"
    finally:
        remove_overlay(overlay)
    assert not Path(overlay).exists()


def test_shards_partition_deterministically(tmp_path):
    ms = generated(tmp_path)
    parts = [R.shard(ms, k, 3) for k in (1, 2, 3)]
    assert sorted(m.id for p in parts for m in p) == sorted(m.id for m in ms)
    assert {m.id for m in R.shard(ms, 2, 3)} == {m.id for m in R.shard(list(reversed(ms)), 2, 3)}
    for bad in ("3/2", "0/2", "x"):
        with pytest.raises(UsageError):
            R.parse_shard(bad)


def test_sample_is_seeded(tmp_path):
    ms = generated(tmp_path)
    assert R.sample(ms, 5, 1) == R.sample(list(reversed(ms)), 5, 1)
    assert R.sample(ms, 5, 1) != R.sample(ms, 5, 2)


def test_since_keeps_mutants_on_changed_lines(tmp_path):
    repo = tmp_path / "checkout"
    (repo / "tinygrad").mkdir(parents=True)
    f = repo / "tinygrad" / "rules.py"
    f.write_text(RULES)
    git = lambda *a: subprocess.run(["git", "-C", str(repo), *a], check=True, capture_output=True)
    git("init", "-q")
    git("-c", "user.email=t@t", "-c", "user.name=t", "commit", "-qam", "x", "--allow-empty")
    git("add", ".")
    git("-c", "user.email=t@t", "-c", "user.name=t", "commit", "-qm", "rules")
    f.write_text(RULES.replace("LIMIT = 4", "LIMIT = 8"))
    lines = R.changed_lines(str(repo), "HEAD")
    assert lines == {"rules.py": {10}}
    ms = generated(repo / "tinygrad", f.read_text())
    kept = R.since(ms, lines)
    assert kept and all(m.line == 10 for m in kept)
    with pytest.raises(UsageError):
        R.changed_lines(str(repo), "no-such-rev")


def test_store_merges_shards_and_knows_what_is_done(tmp_path):
    a, b = Store(tmp_path / "a.sqlite"), Store(tmp_path / "b.sqlite")
    a.put("sut", "s1", Result("m1", "x.py", "arith", 1, "f", "killed", "t1", "value"))
    b.put("sut", "s1", Result("m2", "x.py", "arith", 2, "f", "survived"))
    b.put("sut", "s1", Result("m3", "x.py", "arith", 3, "f", "error"))
    assert a.merge_from(tmp_path / "b.sqlite") == 2
    assert a.done("sut", "s1") == {"m1", "m2"}                 # errors are retried
    assert a.done("other-tinygrad", "s1") == set()
    assert a.kills_by_test("sut", "s1") == {"t1": 1}
    s = R.score(a.results("sut", "s1"))
    assert (s["killed"], s["survived"], s["error"]) == (1, 1, 1) and s["score"] == 0.5

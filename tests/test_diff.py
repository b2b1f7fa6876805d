"""`fuzz diff` and its parts: environments, the version adapter, the classification, and planted regressions.

The planted ones take the user's path: a copy of the installed tinygrad with one change appended to its
tensor.py, the CLI run in a subprocess with the copy as head, its exit code, output and corpus checked.
"""
from __future__ import annotations

import importlib.util
import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from fuzz.errors import UsageError
from oracles.diff import classify
from oracles.envs import env_dir_name, resolve
from oracles.verdict import Verdict, VerdictKind

REPO = Path(__file__).resolve().parent.parent

MUTANTS = {   # appended to the copy's tensor.py: one change each, to Tensor only
    "exp2-wrong": "_exp2 = Tensor.exp2\nTensor.exp2 = lambda self: _exp2(self) * 1.01\n",
    "exp2-unfused": "_exp2 = Tensor.exp2\nTensor.exp2 = lambda self: _exp2(self).contiguous()\n",
    "no-log10": "for _c in Tensor.__mro__:\n    if 'log10' in vars(_c): delattr(_c, 'log10')\n",   # also the mixin's
    "pristine": "",
}


def mutated_copy(tmp_path: Path, name: str) -> Path:
    """A checkout-like directory holding a copy of the installed tinygrad with MUTANTS[name] applied."""
    src = Path(importlib.util.find_spec("tinygrad").submodule_search_locations[0])   # found, not imported
    dst = tmp_path / name / "tinygrad"
    shutil.copytree(src, dst, ignore=shutil.ignore_patterns("__pycache__"))
    if MUTANTS[name]:
        with open(dst / "tensor.py", "a") as f:
            f.write("\n# tinyfuzz planted change\n" + MUTANTS[name])
    return dst.parent


def fuzz(*args: str, timeout: int = 280) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "fuzz", *args], cwd=REPO, capture_output=True, text=True, timeout=timeout)


def diff(head: Path, corpus: Path, ops: str, programs: int = 6, checks: int = 25) -> subprocess.CompletedProcess:
    return fuzz("diff", "--base", "installed", "--head", str(head), "--ops", ops, "--programs", str(programs),
                "--max-ops", "4", "--seed", "6", "--corpus", str(corpus), "--minimize-checks", str(checks),
                "--report", str(corpus / "report.md"))


# ---- the planted differences ------------------------------------------------------------------------

def test_pristine_copy_is_clean(tmp_path):
    out = diff(mutated_copy(tmp_path, "pristine"), tmp_path / "corpus", "exp2,add,mul")
    assert out.returncode == 0, out.stdout + out.stderr
    assert "regressed" not in out.stdout.split("diff ")[-1] and "slower" not in out.stdout
    assert not list((tmp_path / "corpus").glob("crashes/*/meta.json"))


def test_wrong_exp2_is_regressed_with_minimized_repro(tmp_path):
    corpus = tmp_path / "corpus"
    out = diff(mutated_copy(tmp_path, "exp2-wrong"), corpus, "exp2,add,mul")
    assert out.returncode == 1, out.stdout + out.stderr
    assert ": regressed: " in out.stdout
    metas = [json.loads(p.read_text()) for p in corpus.glob("crashes/*/meta.json")]
    regressed = [m for m in metas if m["oracle"] == "diff:regressed"]
    assert regressed, metas
    m = regressed[0]
    assert m["kind"] == "mismatch" and "exp2" in m["ops"]
    assert m["size"]["ops_after"] <= m["size"]["ops_before"] and m["size"]["ops_after"] <= 2
    assert (corpus / "crashes" / m["bucket"] / "repro.py").is_file()
    assert "## regressed" in (corpus / "report.md").read_text()


def test_unfused_exp2_is_slower(tmp_path):
    corpus = tmp_path / "corpus"
    out = diff(mutated_copy(tmp_path, "exp2-unfused"), corpus, "exp2,add,mul", programs=20)   # some may be unsupported here
    assert out.returncode == 1, out.stdout + out.stderr
    assert ": slower: " in out.stdout and "regressed" not in out.stdout.split("diff ")[-1]
    slow = [json.loads(p.read_text()) for p in corpus.glob("crashes/*/meta.json")]
    assert any(m["oracle"] == "diff:slower" and m["kind"] == "slow" for m in slow), slow


def test_missing_method_is_unsupported_on_that_side_of_a_diff(tmp_path):
    """The adapter, diff path only: a Tensor method one version lacks (0.12.0 has no log10) makes the program
    unsupported there. Judging one tinygrad, the same miss is a crash (API): tests/test_unsupported.py."""
    out = diff(mutated_copy(tmp_path, "no-log10"), tmp_path / "corpus", "log10", programs=3, checks=0)
    assert out.returncode == 0, out.stdout + out.stderr
    assert "unsupported 3" in out.stdout and "crash" not in out.stdout


# ---- bad input: one line, exit 2 ----------------------------------------------------------------------

@pytest.mark.parametrize("head, says", [
    ("/no/such/dir", "no such file or directory"),
    ("tinygrad=0.13", "not a version spec"),
    ("tests", "neither a tinygrad checkout"),
])
def test_bad_environment_is_one_line(head, says):
    out = fuzz("diff", "--base", "installed", "--head", head, timeout=60)
    assert out.returncode == 2 and says in out.stderr and len(out.stderr.strip().splitlines()) == 1, out.stderr


def test_checkout_forms(tmp_path):
    pkg = tmp_path / "x" / "tinygrad"
    pkg.mkdir(parents=True)
    (pkg / "__init__.py").write_text("")
    (pkg / "tensor.py").write_text("")
    assert resolve(str(pkg.parent)).path == str(pkg.parent.resolve())
    assert resolve(str(pkg)).path == str(pkg.parent.resolve())         # the package dir itself, e.g. a copy
    assert resolve("installed").path is None
    assert env_dir_name("tinygrad==0.13.0") == "tinygrad-0.13.0"
    with pytest.raises(UsageError):
        resolve("")


# ---- classification -----------------------------------------------------------------------------------

PASS = Verdict(VerdictKind.PASS, ops=("exp2",))
WRONG = Verdict(VerdictKind.MISMATCH, detail="output 0 off", ops=("exp2",))
CRASH = Verdict(VerdictKind.CRASH, "crash", exc_type="IndexError", message="boom", ops=("exp2",))
SKIP = Verdict(VerdictKind.UNSUPPORTED, "crash", exc_type="NotImplementedError", ops=("exp2",))
C = {"kernels": 1, "ops": 100, "mem": 6400}


@pytest.mark.parametrize("base, head, bc, hc, outcome, kind", [
    (PASS, WRONG, C, C, "regressed", VerdictKind.MISMATCH),
    (PASS, CRASH, C, {}, "regressed", VerdictKind.CRASH),
    (WRONG, PASS, C, C, "fixed", VerdictKind.PASS),
    (WRONG, CRASH, C, {}, "changed", VerdictKind.CRASH),
    (CRASH, CRASH, {}, {}, "same", VerdictKind.PASS),
    (PASS, PASS, C, C | {"kernels": 2}, "slower", VerdictKind.SLOW),
    (PASS, PASS, C, C | {"mem": 6401}, "same", VerdictKind.PASS),        # within oracles.speed's 1% slack
    (PASS, PASS, C, C | {"ops": 80}, "faster", VerdictKind.PASS),
    (SKIP, WRONG, C, C, "unsupported", VerdictKind.UNSUPPORTED),
])
def test_classify(base, head, bc, hc, outcome, kind):
    f = classify(base, head, bc, hc)
    assert (f.outcome, f.verdict.kind) == (outcome, kind)
    assert f.verdict.oracle == f"diff:{outcome}"
    assert f.failed == (outcome in ("regressed", "changed", "slower"))


# ---- `fuzz run --base/--head`: the same diff over the campaign's settings, tinygrads named as REPO@REF ----------

def _commit_all(repo: Path, message: str) -> str:
    env = {"GIT_AUTHOR_NAME": "t", "GIT_AUTHOR_EMAIL": "t@t", "GIT_COMMITTER_NAME": "t", "GIT_COMMITTER_EMAIL": "t@t",
           "PATH": "/usr/bin:/bin"}
    for args in (["add", "-A"], ["commit", "-q", "-m", message]):
        subprocess.run(["git", "-C", str(repo), *args], check=True, capture_output=True, env=env)
    return subprocess.run(["git", "-C", str(repo), "rev-parse", "HEAD"], check=True, capture_output=True,
                          text=True).stdout.strip()


@pytest.fixture(scope="module")
def history(tmp_path_factory) -> tuple[Path, str, str]:
    """A git repository of the installed tinygrad: commit `good` pristine, commit `bad` with exp2 1% off."""
    repo = mutated_copy(tmp_path_factory.mktemp("history"), "pristine")
    subprocess.run(["git", "init", "-q", "-b", "master", str(repo)], check=True)
    good = _commit_all(repo, "pristine")
    with open(repo / "tinygrad" / "tensor.py", "a") as f:
        f.write("\n# tinyfuzz planted change\n" + MUTANTS["exp2-wrong"])
    return repo, good, _commit_all(repo, "exp2 off by 1%")


def run_base_head(repo: Path, base: str, head: str, corpus: Path) -> subprocess.CompletedProcess:
    return fuzz("run", "--base", f"{repo}@{base}", "--head", f"{repo}@{head}", "--ops", "exp2,add,mul",
                "--max-programs", "6", "--max-ops", "4", "--seed", "6", "--corpus", str(corpus),
                "--minimize-checks", "25")


def test_run_base_head_finds_the_commit_that_broke_exp2(history, tmp_path):
    repo, good, bad = history
    out = run_base_head(repo, good, bad, tmp_path / "corpus")
    assert out.returncode == 1 and ": regressed: " in out.stdout, out.stdout + out.stderr
    metas = [json.loads(p.read_text()) for p in (tmp_path / "corpus").glob("crashes/*/meta.json")]
    assert any(m["oracle"] == "diff:regressed" and "exp2" in m["ops"] for m in metas), metas


def test_run_base_head_on_one_commit_is_clean(history, tmp_path):
    repo, good, _ = history
    out = run_base_head(repo, good, good, tmp_path / "corpus")                  # control
    assert out.returncode == 0, out.stdout + out.stderr
    assert "regressed" not in out.stdout.split("diff ")[-1]


@pytest.mark.parametrize("flags, says", [
    (["--base", "installed"], "--base and --head go together"),
    (["--base", "installed", "--head", "installed", "--coverage", "/tmp/x"], "--coverage and --base/--head"),
    (["--base", "installed", "--head", "installed", "--backend", "CPU,PYTHON"], "compare on one backend"),
])
def test_run_base_head_bad_flags_are_one_line(flags, says):
    out = fuzz("run", *flags, timeout=60)
    assert out.returncode == 2 and says in out.stderr and len(out.stderr.strip().splitlines()) == 1, out.stderr

"""python -m fuzz bench --red: the plants it finds, what it calls red, missed and a decoy flagged, and bad input.
No gate runs here (the bench is the measurement, never a timed test)."""
from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from fuzz import redbench
from fuzz.errors import UsageError

ROOT = Path(__file__).resolve().parent.parent


def test_every_plant_module_is_found_and_names_resolve():
    plants = redbench.all_plants()
    specs = {p.spec for p in plants}
    assert {"tests.plants:exp2-high", "tests.plants_uop:clang-int16-add-renders-sub", "tests.plants:slow-sin"} <= specs
    assert [p.spec for p in plants if p.decoy] == list(redbench.DECOYS)
    assert redbench.select(plants, ["exp2-high", "tests.plants_modes:grad-scaled"])[1].spec.endswith("grad-scaled")
    with pytest.raises(UsageError, match="unknown plant 'exp3-high'"):
        redbench.select(plants, ["exp3-high"])


def _r(spec, red, seconds, decoy=False):
    plant = None if spec is None else redbench.PlantSpec(spec if not decoy else redbench.DECOYS[0], "mismatch")
    return redbench.RedTime(plant, red, seconds, "pytest" if red else "", "FAILED fuzz/test_fuzz.py::t" if red else "")


def test_summary_counts_fast_reds_misses_and_flagged_decoys():
    results = [_r(None, False, 80), _r("tests.plants:a", True, 50), _r("tests.plants:b", True, 200),
               _r("tests.plants:c", False, 90), _r("x", True, 30, decoy=True)]
    assert [r.verdict for r in results[1:]] == ["red", "red", "MISSED", "RED ON A DECOY"]
    text = redbench.summary(results, 120)
    assert text.startswith("1 of 3 plants red within 120s; 2 red at all; pristine green in 80s")
    assert text.endswith("decoys flagged: 1 of 1")
    assert "at pytest: FAILED" in redbench.line(results[1]) and "MISSED" in redbench.line(results[3])


def test_first_failure_prefers_pytest_lines_then_replay_lines():
    assert redbench.first_failure("..\nFAILED fuzz/test_x.py::t[CPU] - boom\n1 failed") == \
        "FAILED fuzz/test_x.py::t[CPU] - boom"
    assert redbench.first_failure("pass  seed a\nFAIL  crash 12ab on CPU: mismatch\n") == \
        "FAIL  crash 12ab on CPU: mismatch"
    assert redbench.first_failure("") == ""


@pytest.mark.parametrize("args, message", [(["--red", "nope"], "unknown plant 'nope'"),
                                           (["--red", "all", "--cores-per-gate", "0"], "--cores-per-gate 0")])
def test_bad_input_is_one_line_exit_2(args, message):
    done = subprocess.run([sys.executable, "-m", "fuzz", "bench", *args], capture_output=True, text=True, cwd=ROOT)
    assert done.returncode == 2 and message in done.stderr and "Traceback" not in done.stderr
    assert len(done.stderr.strip().splitlines()) == 1


def test_the_bench_runs_the_gates_own_commands():
    """The bench times `tox -e fuzz` as tox.ini writes it: a changed gate command without the bench following it
    would measure something CI does not run."""
    import configparser
    ini = configparser.ConfigParser(interpolation=None)
    ini.read(ROOT / "tox.ini")
    commands = [line.replace("{posargs}", "").split() for line in ini["testenv:fuzz"]["commands"].strip().splitlines()]
    assert commands == [["python", *redbench.REPLAY], ["pytest", *redbench.PYTEST[2:]]]


def test_the_gates_quick_stored_answer_tests_run_first():
    """pytest runs files in order and the gate stops at its first failure: test_speed.py's baselined programs (a
    lost fusion is red there in 3 s) ran after every Hypothesis test. They are collected first now; the rest keep
    their order (decoy: test_backends' first test still precedes test_fuzz's)."""
    out = subprocess.run([sys.executable, "-m", "pytest", "fuzz", "--collect-only", "-q", "-p", "no:cacheprovider"],
                         cwd=ROOT, capture_output=True, text=True, timeout=300)
    ids = [line for line in out.stdout.splitlines() if "::" in line]
    first = [i for i, t in enumerate(ids) if "test_baselined_program_not_slow" in t]
    assert first and first == list(range(len(first))), ids[:5]
    files = [t.split("::")[0] for t in ids[len(first):]]
    assert files.index("fuzz/test_backends.py") < files.index("fuzz/test_fuzz.py")

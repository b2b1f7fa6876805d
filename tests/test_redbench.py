"""python -m fuzz bench --red: the plants it finds, what it calls red, missed and a decoy flagged, and bad input.
No gate runs here (the bench is the measurement, never a timed test)."""
from __future__ import annotations

import shlex
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
    commands = [shlex.split(line.replace("{posargs}", ""))
                for line in ini["testenv:fuzz"]["commands"].strip().splitlines()]
    assert commands == [["python", *args] if step == "replay" else ["pytest", *args[2:]] for step, args in redbench.GATE]
    assert [step for step, _ in redbench.GATE] == ["quick", "replay", "pytest"]


def test_the_gates_quick_stored_answer_tests_run_first():
    """pytest runs files in order and the gate stops at its first failure: test_speed.py's baselined programs (a
    lost fusion is red there in 3 s) ran after every Hypothesis test. The quick tests (conftest.py QUICK) are
    collected first and marked, so `-m quick` runs them before the replay; the rest keep their order (decoy:
    test_backends' first test still precedes test_fuzz's, and the torch-judged fuzz tests are not quick)."""
    def collect(*extra):
        out = subprocess.run([sys.executable, "-m", "pytest", "fuzz", "--collect-only", "-q", "-p", "no:cacheprovider",
                              *extra], cwd=ROOT, capture_output=True, text=True, timeout=300)
        return [line for line in out.stdout.splitlines() if "::" in line]
    ids, quick = collect(), collect("-m", "quick")
    from conftest import QUICK
    assert quick == ids[:len(quick)] and {t.split("::")[1].split("[")[0] for t in quick} == set(QUICK), quick[:5]
    assert not any("test_program_matches_torch" in t for t in quick)
    files = [t.split("::")[0] for t in ids[len(quick):]]
    assert files.index("fuzz/test_backends.py") < files.index("fuzz/test_fuzz.py")
    assert collect("-m", "not quick") == ids[len(quick):]

"""The fuzz tests honour --patch and --tinygrad: a test that builds its own RunConfig (a compile-only target, an
emulated tensor core, the simplifier on PYTHON) passes it through conftest's `configure`. Four built theirs bare and
ran pristine tinygrad whatever --patch said, so the plants meant for them were never seen (2026-12-07)."""
from __future__ import annotations

import ast
import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def _bare_configs(path: Path) -> list[str]:
    """Calls building a RunConfig (RunConfig(...), row.config(...), model_run_config(...)) not inside configure(...)."""
    tree = ast.parse(path.read_text())
    wrapped = {id(a) for node in ast.walk(tree) if isinstance(node, ast.Call) and getattr(node.func, "id", "") ==
               "configure" for a in ast.walk(node) if a is not node}
    builds = lambda f: getattr(f, "id", "") in ("RunConfig", "model_run_config") or getattr(f, "attr", "") == "config"
    return [f"{path.name}:{n.lineno}" for n in ast.walk(tree)
            if isinstance(n, ast.Call) and builds(n.func) and id(n) not in wrapped]


def test_every_fuzz_test_config_takes_the_sessions_plants():
    """Decoy: a bare RunConfig(...) in a file is found (the check can fail)."""
    bare = [b for p in sorted((ROOT / "fuzz").glob("test_*.py")) for b in _bare_configs(p)]
    assert not bare, f"RunConfigs built without configure(...): {bare}"
    probe = Path(os.environ.get("TMPDIR", "/tmp")) / "tinyfuzz_bare_config_probe.py"
    probe.write_text("def test_x(configure):\n    judge(p, RunConfig(backend='PYTHON'))\n"
                     "    judge(p, configure(RunConfig()))\n")
    try:
        assert _bare_configs(probe) == [f"{probe.name}:2"]
    finally:
        probe.unlink()


def test_a_plant_reaches_the_simplifier_fuzz_test_through_the_user_path():
    """`pytest fuzz ... --patch tests.plants_uop:sym-mod-drops-bound`, the ci profile at seed 0 as the gate runs it:
    red; pristine: green (control)."""
    env = {**os.environ, "HYPOTHESIS_PROFILE": "ci", "PYTHONPATH": str(ROOT), "PYTHONHASHSEED": "0"}
    cmd = [sys.executable, "-m", "pytest", "fuzz/test_uop.py::test_simplify_keeps_value", "-q", "-p",
           "no:cacheprovider", "--hypothesis-seed=0"]
    clean = subprocess.run(cmd, cwd=ROOT, env=env, capture_output=True, text=True, timeout=600)
    assert clean.returncode == 0, clean.stdout[-2000:]
    planted = subprocess.run(cmd + ["--patch", "tests.plants_uop:sym-mod-drops-bound"], cwd=ROOT, env=env,
                             capture_output=True, text=True, timeout=600)
    assert planted.returncode == 1 and "simplify" in planted.stdout, planted.stdout[-2000:]

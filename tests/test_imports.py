"""The flow is one way: fuzz -> oracles -> corpus -> mutate -> reports. A library module imports from its own package
and from those to its left, never to its right; only the CLIs and the pytest fuzz tests wire stages together."""
from __future__ import annotations

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
STAGES = ["fuzz", "oracles", "corpus", "mutate", "reports"]
# Wiring code: commands and the pytest fuzz tests may import any stage (shared/STYLE.md, section 3).
WIRING = ("fuzz/__main__.py", "fuzz/commands/", "fuzz/test_", "mutate/__main__.py", "reports/__main__.py")


def imported_stages(path: Path) -> set[tuple[str, int]]:
    """(stage, line) for every import of a tinyfuzz stage in a file, at any depth (lazy imports count too)."""
    out = set()
    for node in ast.walk(ast.parse(path.read_text(), str(path))):
        names = [a.name for a in node.names] if isinstance(node, ast.Import) else \
            [node.module] if isinstance(node, ast.ImportFrom) and node.module and node.level == 0 else []
        out |= {(n.split(".")[0], node.lineno) for n in names if n.split(".")[0] in STAGES}
    return out


def library_modules() -> list[Path]:
    return [p for stage in STAGES for p in sorted((ROOT / stage).rglob("*.py"))
            if not str(p.relative_to(ROOT)).startswith(WIRING)]


def right_of(stage: str, path: Path) -> list[str]:
    allowed = set(STAGES[:STAGES.index(stage) + 1])
    return [f"{path.relative_to(ROOT)}:{line} imports {s}" for s, line in sorted(imported_stages(path)) if s not in allowed]


@pytest.mark.parametrize("stage", STAGES)
def test_library_imports_flow_one_way(stage):
    bad = [msg for p in library_modules() if p.relative_to(ROOT).parts[0] == stage for msg in right_of(stage, p)]
    assert not bad, "\n".join(bad)


def test_the_check_catches_a_backward_import(tmp_path):
    """Control for the rule itself: a fuzz module importing oracles is reported, one importing only fuzz is not."""
    bad, good = tmp_path / "bad.py", tmp_path / "good.py"
    bad.write_text("def f():\n    from oracles.worker import run_program\n")
    good.write_text("from fuzz.program import Program\n")
    assert imported_stages(bad) == {("oracles", 2)}
    assert [s for s, _ in imported_stages(good) if s not in STAGES[:1]] == []

"""The kill tests: the deterministic kill suite (corpus/killsuite/) plus corpus seeds and crash buckets.

The kill suite is drawn once with fuzz.strategies.programs under a fixed Hypothesis seed, its expected outputs
computed once with torch and stored with oracles/expected.py, and only programs pristine tinygrad passes are
kept: a mutant then needs no torch, and any failure is the mutant's doing. `python -m mutate suite` builds it.
"""
from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from pathlib import Path

from fuzz.program import Program
from oracles import expected as expected_store

SUITE_DIR = Path(__file__).resolve().parent.parent / "corpus" / "killsuite"


@dataclass(frozen=True)
class KillTest:
    name: str             # "ks-<hash>", "seed-<name>", "crash-<bucket>"
    program: Program
    expected: dict


# The smoke set: the first kill-suite programs, run first for every mutant they cover. A mutant they kill (or one
# killed at import) breaks nearly everything; the report's non-trivial score leaves those out.
SMOKE = 5


def smoke_names(tests: list[KillTest]) -> list[str]:
    return [t.name for t in tests if t.name.startswith("ks-")][:SMOKE]


def suite_version(tests: list[KillTest]) -> str:
    """Names and program hashes of every test: a changed suite re-tests every mutant."""
    text = "\n".join(f"{t.name} {t.program.content_hash}" for t in sorted(tests, key=lambda t: t.name))
    return hashlib.sha256(text.encode()).hexdigest()[:12]


def load_suite(directory: str | Path = SUITE_DIR, corpus_root: str | Path | None = None) -> list[KillTest]:
    """The kill suite's programs with their stored outputs, then corpus entries that have stored outputs."""
    directory = Path(directory)
    tests = []
    index = directory / "programs.jsonl"
    if index.exists():
        for line in index.read_text().splitlines():
            if not line.strip():
                continue
            program = Program.from_json(json.loads(line))
            exp = expected_store.load(directory / "expected", program.content_hash)
            if exp is not None:
                tests.append(KillTest(f"ks-{program.content_hash}", program, exp))
    if corpus_root is not None:      # a seed `harden` also put in the suite is one test, not two
        have = {t.program.content_hash for t in tests}
        tests += [t for t in corpus_tests(corpus_root) if t.program.content_hash not in have]
    return tests


def corpus_tests(root: str | Path) -> list[KillTest]:
    """corpus/seeds and corpus/crashes entries with stored expected outputs (entries without them need torch)."""
    from corpus.store import Corpus
    corpus = Corpus(root)
    out = []
    for entry in corpus.entries():
        exp = corpus.expected(entry.program)
        if exp is not None:
            out.append(KillTest(f"{entry.kind}-{entry.name}", entry.program, exp))
    return out


def draw_programs(count: int, seed: int, max_ops: int = 4, ops: tuple[str, ...] = (),
                  grad: bool = False) -> list[Program]:
    """Up to `count` distinct programs from fuzz.strategies.programs with a fixed seed: the same list on every
    machine with the same registry. Programs over empty tensors are skipped: they compute nothing."""
    from hypothesis import HealthCheck, Phase, given, settings
    from hypothesis import seed as fix_seed
    from fuzz.strategies import programs

    drawn: dict[str, Program] = {}

    @fix_seed(seed)
    @settings(max_examples=max(count * 4, 8), database=None, deadline=None, phases=[Phase.generate], derandomize=False,
              suppress_health_check=list(HealthCheck))
    @given(programs(ops=ops, max_ops=max_ops, grad=grad))
    def collect(p):
        if len(drawn) < count and not any(0 in inp.shape for inp in p.inputs):
            drawn.setdefault(p.content_hash, p)

    collect()
    return list(drawn.values())[:count]


def stratified(per_op: int, seed: int, max_ops: int = 3) -> list[Program]:
    """`per_op` programs focused on each registry op in turn: every op the suite knows reaches the compiler.

    A plain draw focuses each program on a few ops, so a small suite touches few of them (60 draws once
    reached 14 of 147 ops)."""
    from fuzz.ops import OPS
    out: dict[str, Program] = {}
    for k, name in enumerate(OPS):
        for p in draw_programs(per_op, seed + k, max_ops, ops=(name,)):
            out.setdefault(p.content_hash, p)
    return list(out.values())


def build_suite(count: int, seed: int, config, directory: str | Path = SUITE_DIR, max_ops: int = 4,
                per_op: int = 0, log=print) -> list[KillTest]:
    """Draw, compute torch's answers, keep what pristine tinygrad passes, write programs.jsonl and expected/."""
    from oracles.judge import judge, reference
    directory = Path(directory)
    kept = []
    drawn = stratified(per_op, seed, max_ops) if per_op else draw_programs(count, seed, max_ops)
    for program in drawn:
        try:
            exp = reference(program)
        except Exception as e:        # torch refuses some programs (dtype gaps): they cannot be kill tests
            log(f"  skip {program.content_hash}: torch: {type(e).__name__}: {str(e)[:80]}")
            continue
        verdict = judge(program, config, expected=exp)
        if verdict.failed or verdict.kind.value != "pass":
            log(f"  skip {program.content_hash}: pristine tinygrad gives {verdict.summary()[:120]}")
            continue
        expected_store.save(directory / "expected", program.content_hash, exp)
        kept.append(KillTest(f"ks-{program.content_hash}", program, exp))
    directory.mkdir(parents=True, exist_ok=True)
    keep = {f"{t.program.content_hash}.npz" for t in kept}
    for old in (directory / "expected").glob("*.npz"):       # answers of an earlier suite
        if old.name not in keep:
            old.unlink()
    (directory / "programs.jsonl").write_text("".join(t.program.dumps() + "\n" for t in kept))
    (directory / "README.md").write_text(
        f"Kill suite for mutation testing: {len(kept)} programs drawn with fuzz.strategies.programs"
        f"(max_ops={max_ops}{f', {per_op} per registry op' if per_op else ''}) under Hypothesis seed {seed}, "
        f"kept when pristine tinygrad passes them on "
        f"{config.label()}. Expected outputs from torch in expected/. Rebuild: python -m mutate suite.\n")
    return kept

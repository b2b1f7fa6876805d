"""Mutation-guided search (`python -m mutate harden`): turn surviving mutants into kill tests (issue 18).

For each covered survivor of a run, the kill tests that reach its line say where to look: their ops, and gradients
when they have them. Programs are drawn from those ops under a fixed seed and run twice, on pristine tinygrad and
with the mutant planted; the mutant is killed by the first program whose answer it changes (values, gradients,
speed counters, a crash or a hang), within a time budget per survivor. A killing program joins the kill suite
with torch's answers; when pristine tinygrad also agrees with torch on it, it joins corpus/seeds/ too, so the CI
gate's replay (`tox -e fuzz`) notices the same change in tinygrad.
"""
from __future__ import annotations

import time
from dataclasses import dataclass
from pathlib import Path

from corpus.store import KILL_INDEX_FILES
from fuzz.program import Program
from mutate.apply import make_overlay, remove_overlay
from mutate.coverage_map import CoverageMap
from mutate.execute import answers_of, backend_config, compile_only, mutant_verdict, oracle_of
from mutate.generate import Mutant
from mutate.killsuite import KillTest, draw_programs
from oracles.judge import judge, run as run_program
from oracles.render_eval import render_verdict
from oracles.verdict import VerdictKind
from oracles.worker import WorkerPool

DRAWS = 120                # programs drawn per survivor (about a minute of judging); drawing 400 took ~10 s each
MUTANT_TIMEOUT = (10.0, 5.0)    # x pristine's seconds, + seconds: the mutant's allowance per program


@dataclass(frozen=True)
class Hardened:
    mutant: Mutant
    program: Program | None     # the program that kills it, or None
    oracle: str = ""
    detail: str = ""
    tries: int = 0
    seconds: float = 0.0
    seed: bool = False          # found on CPU and pristine agrees with torch on it: it also joins corpus/seeds/
    backend: str = "CPU"        # where it was searched: a backend of the tests that reach the line


def reach(mutant: Mutant, cov: CoverageMap, tests: dict[str, KillTest]) -> tuple[tuple[str, ...], bool, set[str]]:
    """(ops, gradients, backends) of the kill tests that run the mutant's line: where a killing program is likely."""
    names = [n for n in cov.covering(mutant) if n.split("@")[0] in tests]
    programs = [tests[n.split("@")[0]].program for n in names]
    ops = tuple(sorted({op for p in programs for op in p.ops()}))
    backends = {n.split("@")[1] if "@" in n else "CPU" for n in names}
    return ops, any(i.requires_grad for p in programs for i in p.inputs), backends


def where(backends: set[str], allowed: tuple[str, ...]) -> str:
    """The backend to search on: the first of `allowed` that reaches the line, one that runs programs first (a
    compile-only target judges renders alone)."""
    reaching = [b for b in allowed if b in backends] or list(allowed[:1])
    return next((b for b in reaching if not compile_only(b)), reaching[0])


def harden_all(root: str, survivors: list[Mutant], cov: CoverageMap, tests: list[KillTest],
               backends: tuple[str, ...] = ("CPU",), budget_s: float = 60.0, seed: int = 0, max_ops: int = 4,
               jobs: int = 2, log=print) -> list[Hardened]:
    """One budgeted search per survivor, `jobs` at once, each with its own workers. Hypothesis is not thread-safe,
    so one search draws its programs at a time (under a lock) while the others judge theirs."""
    import threading
    from concurrent.futures import ThreadPoolExecutor
    by_name = {t.name: t for t in tests}
    drawing = threading.Lock()

    def one(m: Mutant) -> Hardened:
        ops, grad, reaching = reach(m, cov, by_name)
        backend = where(reaching, backends)
        with drawing:     # a seed per mutant: survivors reached by the same tests must not all try the same programs
            drawn = _drawn(ops, grad and not compile_only(backend), seed + int(m.id[:6], 16), max_ops)
        return search(root, m, drawn, backend, budget_s)

    out = []
    with ThreadPoolExecutor(max(1, jobs)) as ex:
        for h in ex.map(one, survivors):
            log(f"  {h.mutant.id} {h.mutant.location:<34} {h.backend:<14} "
                + (f"killed by {h.oracle} after {h.tries} programs ({h.seconds:.0f}s): {h.detail[:100]}" if h.program
                   else f"survives {h.tries} programs ({h.seconds:.0f}s)"))
            out.append(h)
    return out


def _drawn(ops: tuple[str, ...], grad: bool, seed: int, max_ops: int) -> list[Program]:
    """Programs over the ops, alternating with programs that take gradients when the reaching tests did."""
    if not ops:
        return []
    plain = draw_programs(DRAWS, seed, max_ops, ops=ops)
    if not grad:
        return plain
    try:
        with_grad = draw_programs(DRAWS, seed, max_ops, ops=ops, grad=True)
    except Exception:          # none of the ops has a gradient rule
        return plain
    return [p for pair in zip(plain, with_grad) for p in pair]


def search(root: str, mutant: Mutant, drawn: list[Program], backend: str = "CPU", budget_s: float = 60.0) -> Hardened:
    """Judge the mutant against pristine tinygrad on each drawn program, until one kills it or the budget ends."""
    start = time.monotonic()
    overlay = make_overlay(root, mutant)
    pristine_pool, mutant_pool = WorkerPool(), WorkerPool()
    tries = 0
    rendering = compile_only(backend)         # nothing runs there: renders are judged
    try:
        for program in drawn:
            if time.monotonic() - start > budget_s:
                break
            grad = any(i.requires_grad for i in program.inputs) and not rendering
            t0 = time.monotonic()
            pristine = _pristine(program, backend_config(backend, sut_path=str(Path(root).parent), grad=grad),
                                 rendering, pristine_pool)
            if pristine is None:
                continue                 # pristine cannot run it: nothing to compare with
            tries += 1
            allowance = {} if rendering else {"timeout": (time.monotonic() - t0) * MUTANT_TIMEOUT[0]
                                                         + MUTANT_TIMEOUT[1]}
            answers, counters = pristine
            mutant_cfg = backend_config(backend, sut_path=overlay, grad=grad, **allowance)
            verdict, _ = mutant_verdict(program, backend, mutant_cfg, answers, mutant_pool, counters)
            if verdict.kind != VerdictKind.PASS:
                return Hardened(mutant, program, oracle_of(verdict), verdict.summary()[:300], tries,
                                time.monotonic() - start, backend=backend)
        return Hardened(mutant, None, tries=tries, seconds=time.monotonic() - start, backend=backend)
    finally:
        pristine_pool.close()
        mutant_pool.close()
        remove_overlay(overlay)


def _pristine(program: Program, cfg, rendering: bool, pool) -> tuple[dict, dict | None] | None:
    """(answers, counters) of pristine tinygrad's run, ({}, None) when it renders on a compile-only target, None when
    it cannot run the program."""
    if rendering:
        return ({}, None) if render_verdict(program, cfg, pool).kind == VerdictKind.PASS else None
    out = run_program(program, cfg, pool)
    return (answers_of(out.value), out.value.get("counters", {})) if out.status == "ok" else None


def adopt(found: Hardened, root: str, suite_dir: Path, corpus_root: Path, log=print) -> Hardened:
    """A killing program joins the kill suite with torch's answers, and corpus/seeds/ when it was found on CPU (the
    gate's backend), pristine tinygrad agrees with torch there, and the mutant does not: the gate judges a seed by
    torch's answers, not pristine tinygrad's, so a program that kills only through pristine's exact numbers (a
    difference torch's tolerance or an undefined element takes) or its speed counters would be a seed that catches
    nothing (harden round 3's seed for df37a91330a4, 2026-12-07).

    A program torch cannot run has no stored answers and is left out (kill tests are replayed without torch)."""
    import dataclasses
    from corpus.store import Corpus
    from oracles import expected as expected_store
    from oracles.judge import reference
    program = found.program
    wants_grad = any(i.requires_grad for i in program.inputs)
    try:
        answers = reference(program, grad=wants_grad)
    except Exception as e:     # torch refuses some programs (dtype gaps)
        log(f"  {found.mutant.id}: torch cannot run its killing program ({type(e).__name__}); not kept")
        return dataclasses.replace(found, program=None)
    expected_store.save(suite_dir / "expected", program.content_hash, answers)
    index = suite_dir / KILL_INDEX_FILES[1]
    lines = index.read_text().splitlines() if index.exists() else []
    if program.dumps() not in lines:
        index.write_text("".join(line + "\n" for line in lines + [program.dumps()]))
    agrees = found.backend == "CPU" and \
        judge(program, backend_config("CPU", grad=wants_grad), expected=answers).kind == VerdictKind.PASS \
        and _gate_catches(program, found.mutant, root, answers, wants_grad)
    if agrees:
        corpus = Corpus(corpus_root)
        corpus.seeds.mkdir(parents=True, exist_ok=True)
        seed = corpus.seeds / f"harden-{found.mutant.id}.json"
        if seed.exists() and seed.read_text().strip() != program.dumps():   # an earlier round's program for this
            seed = corpus.seeds / f"harden-{found.mutant.id}-{program.content_hash[:8]}.json"   # mutant stays too
        seed.write_text(program.dumps() + "\n")
        corpus.save_expected(program, answers)
    return dataclasses.replace(found, seed=agrees)


def _gate_catches(program: Program, mutant: Mutant, root: str, answers: dict, grad: bool) -> bool:
    """Does the gate's judging (the program's values against torch's answers) fail with the mutant planted?"""
    overlay = make_overlay(root, mutant)
    try:
        return judge(program, backend_config("CPU", sut_path=overlay, grad=grad), expected=answers).kind \
            != VerdictKind.PASS
    finally:
        remove_overlay(overlay)

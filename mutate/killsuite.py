"""The kill tests: the deterministic kill suite (corpus/killsuite/) plus corpus seeds and crash buckets.

The kill suite is drawn once with fuzz.strategies.programs under a fixed Hypothesis seed, its expected outputs
computed once with torch and stored with oracles/expected.py, and only programs pristine tinygrad passes are
kept: a mutant then needs no torch, and any failure is the mutant's doing. `python -m mutate suite` builds it.
"""
from __future__ import annotations

import hashlib
import json
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

from corpus.store import KILL_INDEX_FILES, KILLERS_FILE, kill_programs
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
    """The kill suite's programs with their stored outputs, then corpus entries that have stored outputs. A program
    a registry row refuses now (its rules tightened after it was stored) is stale and left out: the judge cannot read
    it (`fuzz replay` reports it STALE)."""
    directory = Path(directory)
    tests = []
    for _, program in kill_programs(directory):
        exp = expected_store.load(directory / "expected", program.content_hash)
        if exp is not None:
            tests.append(KillTest(f"ks-{program.content_hash}", program, exp))
    if corpus_root is not None:      # a seed `harden` also put in the suite is one test, not two
        have = {t.program.content_hash for t in tests}
        tests += [t for t in corpus_tests(corpus_root) if t.program.content_hash not in have]
    return [t for t in tests if not _stale(t.program)]


def _stale(program: Program) -> bool:
    from fuzz.infer import infer
    from fuzz.ops.base import Invalid
    try:
        infer(program)
    except Invalid:
        return True
    return False


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
                  grad: bool = False, sharded: bool = False, keep=None, examples: int = 0) -> list[Program]:
    """Up to `count` distinct programs from fuzz.strategies.programs with a fixed seed: the same list on every
    machine with the same registry. Programs over empty tensors are skipped: they compute nothing; so are programs
    whose every input holds one element at most (`degenerate`). `sharded`: each with a shard plan (fuzz/shard.py),
    over the ops that have a shard rule. `keep`: only programs it accepts, from `examples` draws at most."""
    from hypothesis import HealthCheck, Phase, given, settings
    from hypothesis import seed as fix_seed
    from fuzz.shard import shard_ops, sharded_programs
    from fuzz.strategies import programs

    drawn: dict[str, Program] = {}
    strategy = programs(ops=ops or (tuple(shard_ops()) if sharded else ()), max_ops=max_ops, grad=grad)

    @fix_seed(seed)
    @settings(max_examples=examples or max(count * 4, 8), database=None, deadline=None, phases=[Phase.generate], derandomize=False,
              suppress_health_check=list(HealthCheck))
    @given(sharded_programs(strategy) if sharded else strategy)
    def collect(p):
        if len(drawn) < count and not any(0 in inp.shape for inp in p.inputs) and not degenerate(p) \
                and (keep is None or keep(p)):
            drawn.setdefault(p.content_hash, p)

    collect()
    return list(drawn.values())[:count]


def degenerate(program: Program) -> bool:
    """Every input holds one element at most. Hypothesis generates its simplest example first, a 0-d input, and a
    suite drawing one program per op kept 382 such programs of 400 (W50): a sort of one element, whose indices a
    planted reversal cannot change, a matmul of 1x1, a pad of a scalar. Mutants there survive any oracle."""
    import math
    return all(math.prod(inp.shape) <= 1 for inp in program.inputs)


def stratified(per_op: int, seed: int, max_ops: int = 3, grad: bool = False, ops: tuple[str, ...] = ()) -> list[Program]:
    """`per_op` programs focused on each registry op in turn: every op the suite knows reaches the compiler
    (`grad`: each differentiable op, with gradients taken).

    A plain draw focuses each program on a few ops, so a small suite touches few of them (60 draws once
    reached 14 of 147 ops)."""
    from fuzz.ops import OPS
    out: dict[str, Program] = {}
    for k, name in enumerate(OPS):
        if (grad and not OPS[name].grad) or (ops and name not in ops):
            continue
        for p in draw_programs(per_op, seed + k, max_ops, ops=(name,), grad=grad):
            out.setdefault(p.content_hash, p)
    return list(out.values())


# Metamorphic variants that apply to few programs, with the ops a program needs for one to apply
# (oracles/metamorphic.py): 6 of 200 conv2d draws are a 3x3 float32/64 stride-1 conv that WINO=1 takes, and no kill
# test of W50's suite was one, so Winograd's code (mixin/op.py) was unreached and the variant never killed.
VARIANT_OPS = {"wino": ("conv2d",)}
VARIANT_TRIES = 400     # draws per variant to find its programs in


def for_variants(per_variant: int, seed: int, max_ops: int = 3) -> list[Program]:
    """`per_variant` programs each VARIANT_OPS variant applies to."""
    from oracles.metamorphic import VARIANTS
    out: dict[str, Program] = {}
    for k, (name, ops) in enumerate(VARIANT_OPS.items()):
        for p in draw_programs(per_variant, seed + k, max_ops, ops=ops, keep=VARIANTS[name].applies,
                               examples=VARIANT_TRIES):
            out.setdefault(p.content_hash, p)
    return list(out.values())


def by_value(seed: int, max_ops: int = 3, ops: tuple[str, ...] = ()) -> list[Program]:
    """A program per value of each categorical attribute of each registry op (fuzz.ops.base.choice), the op's row
    pinned to that value while it is drawn: one draw per op takes one pad mode of three, one scatter_reduce
    reduction of five, and the compiler paths of the others stay unreached by every kill test."""
    import contextlib
    import dataclasses
    from fuzz.ops import OPS
    from fuzz.ops.base import choice

    @contextlib.contextmanager
    def pinned(name: str, param: str, value):
        row = OPS[name]
        OPS[name] = dataclasses.replace(row, params={**row.params, param: choice(value)})
        try:
            yield
        finally:
            OPS[name] = row

    out: dict[str, Program] = {}
    for k, name in enumerate(ops or list(OPS)):
        for param, kind in OPS[name].params.items():
            if not isinstance(kind, choice) or len(kind.values) < 2:
                continue
            for j, value in enumerate(kind.values):
                with pinned(name, param, value):
                    for p in draw_programs(1, seed + 1000 * k + j, max_ops, ops=(name,)):
                        out.setdefault(p.content_hash, p)
    return list(out.values())


def build_suite(count: int, seed: int, config, directory: str | Path = SUITE_DIR, max_ops: int = 4,
                per_op: int = 0, grad_per_op: int = 0, sharded: int = 0, per_value: bool = False,
                per_variant: int = 0, extend: bool = False, log=print) -> list[KillTest]:
    """Draw, compute torch's answers, keep what pristine tinygrad passes, write programs.jsonl and expected/.

    Besides the plain draws: `grad_per_op` programs with gradients per differentiable op (the backward pass is
    code of its own), and `sharded` programs with shard plans (their kill tests run the plan: schedule/multi.py).
    `extend`: the suite's programs stay, first and in their order, and only drawn programs it lacks are added: a
    registry changed since the last build draws some programs differently (22 of 440 on 2026-12-07), and a rebuild
    would drop kill tests the gate's modes and the killers record name."""
    import dataclasses
    from oracles.judge import judge, reference
    directory = Path(directory)
    kept = []
    if extend:      # the drawn programs only: harden's (hardened.jsonl) stay in their own index
        drawn_before = {p.content_hash for index, p in kill_programs(directory) if index.name == KILL_INDEX_FILES[0]}
        kept = [t for t in load_suite(directory) if t.program.content_hash in drawn_before]
    earlier = {t.program.content_hash for t in kept}
    drawn = stratified(per_op, seed, max_ops) if per_op else draw_programs(count, seed, max_ops)
    if grad_per_op:
        drawn += stratified(grad_per_op, seed + 10_000, max_ops, grad=True)
    if sharded:
        drawn += draw_programs(sharded, seed + 20_000, max_ops, sharded=True)
    if per_value:
        known = {p.content_hash for p in drawn}
        drawn += [p for p in by_value(seed + 30_000, max_ops) if p.content_hash not in known]
    if per_variant:
        known = {p.content_hash for p in drawn}
        drawn += [p for p in for_variants(per_variant, seed + 40_000, max_ops) if p.content_hash not in known]
    for program in (p for p in drawn if p.content_hash not in earlier):
        grad = any(i.requires_grad for i in program.inputs)
        try:
            exp = reference(program.with_(shard=None), grad=grad)
        except Exception as e:        # torch refuses some programs (dtype gaps): they cannot be kill tests
            log(f"  skip {program.content_hash}: torch: {type(e).__name__}: {str(e)[:80]}")
            continue
        verdicts = [judge(program.with_(shard=None), dataclasses.replace(config, grad=grad), expected=exp)]
        if program.shard is not None:      # the CI gate replays it in the shard mode: pristine must pass there too
            from oracles.metamorphic import judge_in_mode
            verdicts += judge_in_mode(program, config, "shard", exp)
        failed = next((v for v in verdicts if v.failed or v.kind.value != "pass"), None)
        if failed:
            log(f"  skip {program.content_hash}: pristine tinygrad gives {failed.summary()[:120]}")
            continue
        expected_store.save(directory / "expected", program.content_hash, exp)
        kept.append(KillTest(f"ks-{program.content_hash}", program, exp))
    directory.mkdir(parents=True, exist_ok=True)
    keep = {f"{t.program.content_hash}.npz" for t in kept}
    hardened = [p for index, p in kill_programs(directory) if index.name == KILL_INDEX_FILES[1]]
    keep |= {f"{p.content_hash}.npz" for p in hardened}           # harden's programs keep their answers
    for old in (directory / "expected").glob("*.npz"):       # answers of an earlier suite
        if old.name not in keep:
            old.unlink()
    (directory / "programs.jsonl").write_text("".join(t.program.dumps() + "\n" for t in kept))
    (directory / "README.md").write_text(
        f"Kill suite for mutation testing: {len(kept)} programs drawn with fuzz.strategies.programs"
        f"(max_ops={max_ops}{f', {per_op} per registry op' if per_op else ''}"
        f"{f', {grad_per_op} with gradients per differentiable op' if grad_per_op else ''}"
        f"{f', {sharded} with shard plans' if sharded else ''}"
        f"{', one per value of each categorical attribute' if per_value else ''}"
        f"{f', {per_variant} per narrow metamorphic variant ({chr(44).join(VARIANT_OPS)})' if per_variant else ''}) "
        f"under Hypothesis seed {seed}, "
        f"kept when pristine tinygrad passes them on "
        f"{config.label()}. Expected outputs from torch in expected/."
        f"{f' {len(earlier)} of them kept from an earlier draw (--extend).' if earlier else ''}"
        f" Rebuild: python -m mutate suite.\n")
    return kept


# The metamorphic oracles the CI gate's replay can run for a kill test (fuzz/modes.py modes), by the variant a
# mutation run saw it kill with: a test that killed a mutant only through its JIT replay is replayed in the jit mode.
GATE_MODES = {"jit": "jit", "opt:noopt": "opt", "opt:random": "opt", "wino": "opt", "realize": "realize"}
GATE_FILE = "gate_modes.json"


def gate_modes(rows: list[dict]) -> dict[str, str]:
    """{kill test name: mode} from a mutation run's results: the mode of the variant each kill-suite test (on the
    CPU backend, as the gate runs it) killed the most mutants with. Tests that killed only through the plain run (values,
    gradients, crashes) or a shard plan (already replayed on its plan) are left out."""
    counts: dict[str, Counter] = {}
    for r in rows:
        if r["status"] == "killed" and r["test"].startswith("ks-") and "@" not in r["test"] and r["oracle"] in GATE_MODES:
            counts.setdefault(r["test"], Counter())[GATE_MODES[r["oracle"]]] += 1
    return {t: max(sorted(c), key=lambda m: c[m]) for t, c in sorted(counts.items())}


def write_gate_modes(directory: str | Path, rows: list[dict], names: set[str] | None = None) -> dict[str, str]:
    """The committed modes updated by a run's (`rows`): a test's mode from an earlier run stays while the test is in
    the suite (`names`; None: all stay), so a run whose sample kills nothing through a variant no longer empties the
    file (the first run of 2026-12-07 did: the gate lost its jit and opt replays)."""
    return _update_gate_modes(directory, lambda earlier: {t: m for t, m in earlier.items()
                                                          if names is None or t in names} | gate_modes(rows))


def add_gate_modes(directory: str | Path, modes: dict[str, str]) -> dict[str, str]:
    """gate_modes.json with `modes` added (a test's earlier mode stays: it killed a mutant through it)."""
    return _update_gate_modes(directory, lambda earlier: modes | earlier)


def _update_gate_modes(directory: str | Path, update) -> dict[str, str]:
    """Rewrite gate_modes.json as `update` makes it from what it holds; the modes written."""
    path = Path(directory) / GATE_FILE
    modes = update(json.loads(path.read_text()) if path.is_file() else {})
    path.write_text(json.dumps(dict(sorted(modes.items())), indent=1, sort_keys=True) + "\n")
    return modes


def write_gate_order(directory: str | Path, order: list[str], names: list[str] = (),
                     trimmed: dict[str, str] | None = None) -> list[str]:
    """The CI gate's replay order (corpus/store.py GATE_ORDER_FILE): kill-test labels, `mutate.run.by_reach`'s
    greedy order of what each reaches on the run's first backend, then the run's other tests (`names`: those its
    record dropped, tracing hung or died: a keccak program hangs under coverage; left unnamed, the replay took one
    first, as a test no run has measured, and it held the gate 50 s). `trimmed` ({name: why}, gate_trim): tests the
    replay leaves out, kept apart in the file. Labels on other backends ("name@NULL:OPENCL") are not the replay's
    and are left out."""
    from corpus.store import GATE_ORDER_FILE
    trimmed = trimmed or {}
    order = list(order) + [n for n in names if n not in set(order)]
    labels = [n for n in order if "@" not in n and n not in trimmed]
    (Path(directory) / GATE_ORDER_FILE).write_text(json.dumps({"order": labels, "trimmed": trimmed}, indent=0) + "\n")
    return labels


TRIM_SECONDS = 5.0      # a kill test slower than this (traced, on CPU) the gate leaves out when it adds nothing


def gate_trim(record: dict, rest: list[str], killers: dict[str, int], modes: dict[str, str],
              seconds: float = TRIM_SECONDS) -> dict[str, str]:
    """{kill test: why} the CI gate leaves out, trimmed by coverage: a `ks-` test that reaches no tinygrad line the
    gate's other tests do not (`rest`: by_reach's second list) or whose tracing hung, that killed no mutant on any
    backend (killers.json) and is judged in no variant's mode, and that costs more than `seconds`. It stays in the
    kill suite: mutation runs it. The gate was 310 s on pristine tinygrad here with 9 such tests taking 147 s of
    the replay's judging (a keccak program 50 s, 2026-12-07)."""
    killed = {label.split("@")[0] for label in killers}
    out = {}
    hung = [n for n, why in record.get("dropped", {}).items() if "hang" in str(why)]
    for name in list(rest) + hung:
        if not name.startswith("ks-") or name in killed or name in modes:
            continue
        took = record["tests"].get(name, {}).get("seconds")
        if took is None:
            out[name] = "its tracing hung; killed no mutant"
        elif took > seconds:
            out[name] = f"reaches nothing new, killed no mutant, {took:.0f} s"
    return out


# Which kill tests killed mutants in earlier runs, committed beside the suite: under `--max-tests` a mutant runs its
# covering tests that killed most first, then the fastest. Read from the store alone, that order depended on the
# machine's history: a fresh store ran the fastest 40 and lost 4 of W49's kills (W50). The file makes it the
# repository's, the same on any clone; each run raises a test's count to what it killed in that run. The CI gate
# reads it too: a "name@backend" label is replayed on that backend (corpus/store.py Corpus.gate_backends).


def load_killers(directory: str | Path) -> dict[str, int]:
    """{kill test label ("name" or "name@backend"): mutants it killed in the run that killed most with it}."""
    path = Path(directory) / KILLERS_FILE
    return json.loads(path.read_text()) if path.is_file() else {}


def write_killers(directory: str | Path, rows: list[dict], names: set[str]) -> dict[str, int]:
    """The committed record raised by a run's kills (`rows`: its results); labels of tests no longer in the suite
    (`names`: the suite's test names) are dropped."""
    counts = dict(load_killers(directory))
    for test, n in Counter(r["test"] for r in rows if r["status"] == "killed" and r["test"]).items():
        counts[test] = max(counts.get(test, 0), n)
    kept = {t: n for t, n in sorted(counts.items()) if t.split("@")[0] in names}
    (Path(directory) / KILLERS_FILE).write_text(json.dumps(kept, indent=1, sort_keys=True) + "\n")
    return kept

"""pytest wiring for tinyfuzz: --backend / --tinygrad options, the run_config fixture, Hypothesis profiles.

Profiles: `ci` (seeded, bounded: what `tox -e fuzz` runs), `dev` (random, a few hundred examples),
`nightly` (explore, long). The example database lives under corpus/hypothesis, so failures found once replay first.
"""
from __future__ import annotations

import os
from pathlib import Path

import pytest
from hypothesis import HealthCheck, Phase, settings
from hypothesis.database import DirectoryBasedExampleDatabase, ReadOnlyDatabase

ROOT = Path(__file__).parent
DATABASE = DirectoryBasedExampleDatabase(str(ROOT / "corpus" / "hypothesis"))
_SLOW_OK = [HealthCheck.too_slow, HealthCheck.filter_too_much, HealthCheck.data_too_large,
            HealthCheck.function_scoped_fixture]

# ci: deterministic through pytest's --hypothesis-seed (tox passes 0), replaying the stored examples read-only.
# ci stops at its first new failure without shrinking: the gate has written the bucket with its repro by then, and
# `python -m fuzz minimize .tinyfuzz/new/crashes/<bucket>` shrinks it on demand. Shrinking through crashing or hanging
# examples cost a broken tinygrad minutes per test before CI turned red (issue 18).
# Every profile derives from Hypothesis's "default", never from whatever is loaded: with CI set in the environment,
# Hypothesis loads its own "ci" (derandomize=True), and a profile built on top of it drew other programs from the
# same seed on a CI machine than on a developer's (seen 2026-12-06: red in CI, green at the desk).
_BASE = settings.get_profile("default")
settings.register_profile("ci", _BASE, max_examples=int(os.environ.get("TINYFUZZ_CI_EXAMPLES", "30")), deadline=None,
                          database=ReadOnlyDatabase(DATABASE), suppress_health_check=_SLOW_OK, print_blob=True,
                          phases=[Phase.explicit, Phase.reuse, Phase.generate])
settings.register_profile("dev", _BASE, max_examples=200, deadline=None, database=DATABASE,
                          suppress_health_check=_SLOW_OK)
settings.register_profile("nightly", _BASE, max_examples=5000, deadline=None, database=DATABASE,
                          suppress_health_check=_SLOW_OK)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "dev"))


def pytest_addoption(parser):
    group = parser.getgroup("tinyfuzz")
    group.addoption("--backend", default=os.environ.get("TINYFUZZ_BACKEND", "CPU"),
                    help="comma-separated tinygrad backends to fuzz (CPU, CPU:X86, PYTHON, ...)")
    group.addoption("--tinygrad", default=os.environ.get("TINYFUZZ_TINYGRAD"),
                    help="path of a tinygrad checkout to test instead of the installed one")
    group.addoption("--ops", default=os.environ.get("TINYFUZZ_OPS", ""),
                    help="comma-separated registry ops the program fuzz tests draw from (default: all)")
    group.addoption("--patch", action="append", default=[], metavar="MODULE:NAME",
                    help="apply a planted bug in every worker (the suite's own tests: tests.plants:sum-off-by-one)")


def pytest_configure(config):
    config.addinivalue_line("markers", "quick: decides in seconds without torch; the gate runs these first")
    from fuzz.errors import UsageError
    from oracles.config import parse_backends
    try:
        config._tinyfuzz_backends = parse_backends(config.getoption("--backend"))
    except UsageError as e:
        raise pytest.UsageError(str(e)) from None
    try:
        from fuzz.ops import known_ops
        ops = [o.strip() for o in config.getoption("--ops").split(",") if o.strip()]
        known_ops(ops)
    except UsageError as e:
        raise pytest.UsageError(str(e)) from None
    os.environ["TINYFUZZ_OPS"] = ",".join(ops)     # read when fuzz/test_fuzz.py builds its strategies
    path = config.getoption("--tinygrad")
    if path and not (Path(path) / "tinygrad" / "__init__.py").exists():
        raise pytest.UsageError(f"--tinygrad {path!r}: no tinygrad/__init__.py there")


# The gate stops at its first failure (-x), and pytest runs tests in file order: test_speed.py came last, so a lost
# fusion (tests.plants_speed, red in 3 s alone) waited for every Hypothesis test first. Tests that need no torch and
# decide in seconds (about 8 s together on 2 cores) are marked `quick`: they run first, and `tox -e fuzz` runs them
# before the replay too (`-m quick`), which took over 100 s on the device with 8 gates side by side, so a lost fusion
# or a broken simplifier waited for it (2026-12-07: exp2-unfused, split-reduce-early and sym-mod-drops-bound not red
# within 130 s). The tensor-core tests are not quick: about 20 s each.
QUICK = ("test_baselined_program_not_slow", "test_narrow_int_arithmetic_wraps", "test_simplify_keeps_value",
         "test_kernel_renders")


def pytest_collection_modifyitems(session, config, items):
    for item in items:
        if getattr(item, "originalname", item.name) in QUICK:
            item.add_marker(pytest.mark.quick)
    items.sort(key=lambda item: item.get_closest_marker("quick") is None)     # stable: else as found


def pytest_generate_tests(metafunc):
    if "run_config" in metafunc.fixturenames:
        backends = metafunc.config._tinyfuzz_backends
        metafunc.parametrize("run_config", backends, indirect=True, ids=backends)


@pytest.fixture
def configure(request):
    """The session's --patch plants and --tinygrad checkout applied to a RunConfig a test builds for a target of its
    own (a compile-only row, an emulated tensor core, the simplifier on PYTHON). Tests that built theirs bare ran
    pristine tinygrad whatever --patch said: the planted OpenCL renderer, tensor core and simplifier were never seen
    by the fuzz tests meant for them (2026-12-07)."""
    import dataclasses
    path = request.config.getoption("--tinygrad")
    sut = str(Path(path).resolve()) if path else None
    patches = tuple(request.config.getoption("--patch"))
    return lambda config: dataclasses.replace(config, sut_path=sut or config.sut_path,
                                              patches=config.patches + patches)


@pytest.fixture
def run_config(request, configure):
    from oracles.config import RunConfig
    return configure(RunConfig(backend=request.param))


def require(name: str) -> None:
    """In a backend's fuzz test: skip a target whose probe failed for a missing dependency (oracles/backends.py REASONS,
    cause "missing"); any other failed probe fails the test, since tinygrad may have broken the backend."""
    from oracles.backends import probe_here
    result = probe_here(name)
    if not result.runs and result.missing:
        pytest.skip(f"{name}: {result.reason}")
    if not result.runs:
        pytest.fail(f"{name} does not start, and no missing dependency explains it: {result.reason}", pytrace=False)


NEW_BUCKETS = ROOT / ".tinyfuzz" / "new"     # where the gate writes each new failure's bucket (a CI artifact)


class KnownBugGate:
    """What a fuzz test does with a failure, as corpus.triage decides: a registered open tinygrad bug is counted and
    let pass, so Hypothesis keeps exploring past it; anything else fails the test with its summary, and its bucket
    (program, meta, repro.py) is written under TINYFUZZ_NEW_BUCKETS (default .tinyfuzz/new) for CI to keep."""

    def __init__(self):
        from corpus import known
        self.registry = known.load()
        self.hits: dict[str, int] = {}
        self.judged: dict[str, tuple[int, int, int]] = {}   # test id -> (verdicts, tinygrad's refusals, the machine's)
        self.new_buckets = Path(os.environ.get("TINYFUZZ_NEW_BUCKETS", NEW_BUCKETS))
        self._recorder = None

    def check(self, verdict, context: str = "", fresh=None, program=None, config=None) -> None:
        """`fresh()` judges the same program again in a new worker: a crash that does not happen there depended on
        what the long-lived worker ran before, not on this program; it is reported (summary line), not failed.
        With `program` and `config`, a new failure is written as a bucket with its repro."""
        from corpus.triage import Decision, triage
        self.count(verdict)
        decided = triage(verdict, self.registry)
        if decided.decision == Decision.PASS:
            return
        if decided.decision == Decision.KNOWN:
            self.hits[decided.bug.id] = self.hits.get(decided.bug.id, 0) + 1
            return
        if fresh is not None and verdict.kind.value in ("crash", "died") and not fresh().failed:
            key = f"state-dependent {verdict.kind.value} {verdict.bucket} ({verdict.exc_type})"
            self.hits[key] = self.hits.get(key, 0) + 1
            print(f"tinyfuzz: {key} did not recur in a fresh worker:\n{verdict.summary()}\n{context}")
            return
        where = self.write_bucket(program, verdict, config)
        why = f"{decided.bug.id} was {decided.bug.status} and fails again (regression)\n" if decided.bug else ""
        pytest.fail(f"{why}{verdict.summary()}\nbucket {verdict.bucket}{where}\n{context}", pytrace=False)

    def count(self, verdict) -> None:
        """Per test: how many verdicts, how many of them `unsupported` (checked against UNSUPPORTED_SHARE)."""
        from oracles.refusals import MACHINE
        test = os.environ.get("PYTEST_CURRENT_TEST", "").rsplit(" ", 1)[0]
        seen, unsupported, machine = self.judged.get(test, (0, 0, 0))
        refused = verdict.kind.value == "unsupported"
        by_machine = refused and verdict.numbers.get("refusal") in MACHINE    # this machine's limit, not tinygrad's
        self.judged[test] = (seen + 1, unsupported + (refused and not by_machine), machine + by_machine)

    def unsupported_share(self, test: str) -> tuple[int, int, int]:
        return self.judged.get(test, (0, 0, 0))

    def write_bucket(self, program, verdict, config) -> str:
        """The unminimized bucket of a new failure (`fuzz minimize` shrinks it later): ' (written to DIR)' or ''."""
        from fuzz.program import Program
        if not isinstance(program, Program) or config is None:
            return ""
        from corpus.record import Recorder, reference_or_none
        from corpus.store import Corpus
        expected = reference_or_none(program, config.grad)
        if expected is None:
            return ""
        if self._recorder is None:
            self._recorder = Recorder(Corpus(self.new_buckets), max_checks=0, log=lambda *a: None)
        bucket, _, _ = self._recorder.record(program, verdict, config, expected)
        return f" (written to {self._recorder.corpus.bucket_dir(bucket)})"


_GATE: KnownBugGate | None = None


@pytest.fixture(scope="session")
def known_bugs() -> KnownBugGate:
    global _GATE
    if _GATE is None:
        _GATE = KnownBugGate()
    return _GATE


# A fuzz test whose programs tinygrad mostly refuses tests nothing: more than this share of `unsupported` verdicts
# (tinygrad's own refusals, oracles/refusals.py) fails the test. Backends that refuse by design whole families of
# programs (compile-only targets) stay well under it because their tests draw what those targets take.
UNSUPPORTED_SHARE = float(os.environ.get("TINYFUZZ_UNSUPPORTED_SHARE", "0.5"))


def over_bound(seen: int, unsupported: int) -> bool:
    """Did tinygrad refuse more than UNSUPPORTED_SHARE of a test's programs (once it judged at least ten)?"""
    return seen >= 10 and unsupported / seen > UNSUPPORTED_SHARE


@pytest.fixture(autouse=True)
def _unsupported_share_bound(request):
    """After a fuzz test that judged through the gate: print its unsupported share, fail it past the bound."""
    yield
    if _GATE is None:
        return
    seen, unsupported, machine = _GATE.unsupported_share(request.node.nodeid)
    if seen:
        request.node.user_properties.append(("tinyfuzz_unsupported", (unsupported, machine, seen)))   # through xdist
    if over_bound(seen, unsupported):
        pytest.fail(f"{unsupported} of {seen} verdicts were `unsupported` (more than {UNSUPPORTED_SHARE:.0%}): the test "
                    f"judged almost nothing; see oracles/refusals.py for what counts as tinygrad's refusal", pytrace=False)


def pytest_terminal_summary(terminalreporter):
    shares = {r.nodeid.split("::", 1)[-1]: v for reports in terminalreporter.stats.values() for r in reports
              if getattr(r, "when", "") == "teardown" for k, v in getattr(r, "user_properties", []) if k == "tinyfuzz_unsupported"}
    if shares:
        terminalreporter.write_line("tinyfuzz: unsupported per fuzz test (tinygrad's refusals/verdicts, +the machine's): "
                                    + ", ".join(f"{t} {u}/{n}" + (f" +{m}" if m else "")
                                                for t, (u, m, n) in sorted(shares.items())))
    if _GATE is not None and _GATE.hits:
        hits = ", ".join(f"{k} x{v}" for k, v in sorted(_GATE.hits.items()))
        terminalreporter.write_line(f"tinyfuzz: known tinygrad bugs and state-dependent crashes hit (not failures): {hits}")

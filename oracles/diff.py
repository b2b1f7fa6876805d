"""Diff two tinygrad environments: run a Program in both, judge each against torch, say what changed.

Each side has its own workers, apart from the main pool: a subprocess of the side's interpreter (a version's
virtualenv, any interpreter, or this one with a checkout first on sys.path) that serves oracles.worker_main over
a socket pair, so a different interpreter needs no multiprocessing-wide setting. The outcome is named in the
language of a regression and carried by an ordinary Verdict (oracle "diff:<outcome>"), so it goes into the
same corpus and buckets:

| outcome     | base          | head              | Verdict kind                 |
| regressed   | right         | wrong / crashes   | head's (mismatch, crash...)  |
| fixed       | wrong         | right             | pass                         |
| changed     | wrong         | wrong, otherwise  | head's                       |
| slower      | right         | right, a counter worse (oracles.speed thresholds) | slow |
| faster      | right         | right, counters better, none worse | pass          |
| same        | as base       | (a known failure unchanged, or nothing to say)   | pass         |
| unsupported | either side refuses the program (oracles.adapter) | unsupported          |
"""
from __future__ import annotations

import functools
import json
import socket
import subprocess
import tempfile
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field, replace
from multiprocessing.connection import Connection
from pathlib import Path

from fuzz.errors import UsageError
from fuzz.program import Program
from oracles.config import RunConfig
from oracles.envs import Env
from oracles.speed import compare_counters, describe
from oracles.verdict import Verdict, VerdictKind
from oracles.worker import Outcome, Worker, WorkerPool

REPO = Path(__file__).resolve().parent.parent
FAILING = ("regressed", "changed", "slower")          # outcomes that make `fuzz diff` exit 1 and go to the corpus
PROBE_TIMEOUT = 120.0
COUNTERS = ("kernels", "ops", "mem")                 # speed counters compared; `ops` is tinygrad's estimate, whose
                                                     # accounting changed between releases (see docs/diff.md)


# ---- workers in another interpreter ----------------------------------------------------------------

class _Proc:
    """The bits of multiprocessing.Process that Worker uses, over a Popen."""

    def __init__(self, popen: subprocess.Popen):
        self.popen = popen

    def is_alive(self) -> bool:
        return self.popen.poll() is None

    def kill(self) -> None:
        self.popen.kill()

    def join(self, timeout: float | None = None) -> None:
        try:
            self.popen.wait(timeout)
        except subprocess.TimeoutExpired:
            pass

    @property
    def exitcode(self) -> int | None:
        return self.popen.poll()


class EnvWorker(Worker):
    """A Worker whose process is `env.python` running oracles.worker_main.serve on one end of a socket pair."""

    def __init__(self, config: RunConfig, env: Env):
        self.config, self.env, self.requests = config, env, 0
        ours, theirs = socket.socketpair()
        args = {"environ": config.environ(), "patches": list(config.patches), "sut_path": env.path,
                "memory_mb": config.memory_mb}
        boot = (f"import sys; sys.path.insert(0, {str(REPO)!r}); from oracles.diff import child_main; "
                f"child_main({theirs.fileno()}, {json.dumps(args)!r})")
        self.stderr = tempfile.TemporaryFile()
        try:
            popen = subprocess.Popen([self.env.python, "-c", boot], pass_fds=(theirs.fileno(),), stdin=subprocess.DEVNULL,
                                     stdout=subprocess.DEVNULL, stderr=self.stderr, cwd=_empty_dir())
        except OSError as e:
            raise UsageError(f"{env.spec!r}: cannot start {env.python}: {e.strerror}") from None
        finally:
            theirs.close()
        self.proc = _Proc(popen)
        self.conn = Connection(ours.detach())

    def stderr_tail(self, lines: int = 3) -> str:
        self.stderr.seek(0)
        text = self.stderr.read().decode(errors="replace").strip().splitlines()
        return " | ".join(text[-lines:])

    def kill(self) -> None:
        super().kill()
        self.stderr.close()


@functools.lru_cache(maxsize=None)
def _empty_dir() -> str:
    """The workers' working directory: `python -c` puts it first on sys.path, so a stray `types.py` or `nt.py`
    in a shared directory like /tmp would shadow the standard library there."""
    return tempfile.mkdtemp(prefix="tinyfuzz-env-")


def child_main(fd: int, args: str) -> None:
    """The other interpreter's entry point: serve requests exactly like a spawned pool worker."""
    from oracles.worker_main import serve
    _exit_with_parent()
    a = json.loads(args)
    serve(Connection(fd), a["environ"], tuple(a["patches"]), a["sut_path"], a["memory_mb"])


def _exit_with_parent() -> None:
    """A worker busy with a hanging program never reads the closed socket: leave when the parent is gone."""
    import os
    import threading
    import time
    parent = os.getppid()

    def watch():
        while os.getppid() == parent:
            time.sleep(1.0)
        os._exit(3)
    threading.Thread(target=watch, daemon=True).start()


class EnvPool(WorkerPool):
    """WorkerPool's contract for one environment: workers run that environment's interpreter."""

    def __init__(self, env: Env):
        super().__init__(make=lambda config: EnvWorker(config, env))
        self.env = env

    def lost(self, worker, outcome: Outcome) -> None:
        if outcome.status == "died" and worker.stderr_tail():
            outcome.error["reason"] = f"{outcome.error.get('reason', '')}: {worker.stderr_tail()}"


# ---- one side of a diff ------------------------------------------------------------------------------

@dataclass
class Side:
    name: str                 # "base" or "head"
    env: Env
    config: RunConfig
    pool: EnvPool
    info: dict = field(default_factory=dict)    # oracles.adapter.probe(): version, file, features

    @property
    def label(self) -> str:
        v = self.info.get("version", "?")
        return self.env.spec if v in self.env.spec else f"{self.env.spec} ({v})"

    def run(self, program: Program) -> Outcome:
        return self.pool.call(self.config, "oracles.adapter:run_request", program=program.to_json(),
                              grad=self.config.grad, counters=True)


def open_side(name: str, env: Env, config: RunConfig) -> Side:
    """Start the side's worker and probe its tinygrad; a side that cannot start is the user's UsageError."""
    side = Side(name, env, replace(config, sut_path=env.path), EnvPool(env))
    out = side.pool.call(side.config, "oracles.adapter:probe", timeout=PROBE_TIMEOUT)
    if out.status != "ok":
        why = out.error.get("message") or out.error.get("reason") or out.status
        side.pool.close()
        raise UsageError(f"--{name} {env.spec!r}: its tinygrad does not start ({why.strip()[:200]})")
    side.info = out.value
    if env.path and not side.info["file"].startswith(env.path):
        side.pool.close()
        raise UsageError(f"--{name} {env.spec!r}: the worker imported tinygrad from {side.info['file']}, not the checkout")
    return side


# ---- what changed ------------------------------------------------------------------------------------

@dataclass(frozen=True)
class Finding:
    outcome: str              # regressed, fixed, changed, slower, faster, same, unsupported
    verdict: Verdict          # in regression language, oracle "diff:<outcome>"
    base: Verdict             # each side judged against torch on its own
    head: Verdict

    @property
    def failed(self) -> bool:
        return self.outcome in FAILING


def classify(base: Verdict, head: Verdict, base_counters: dict, head_counters: dict, labels=("base", "head"),
             watch: tuple = COUNTERS) -> Finding:
    """Name what changed between base's and head's verdicts (each already judged against torch)."""
    b, h = labels
    numbers = {"base": base.summary()[:300], "head": head.summary()[:300],
               "counters": {"base": base_counters, "head": head_counters}}

    def verdict(outcome: str, like: Verdict, detail: str, kind: VerdictKind | None = None, **more) -> Finding:
        v = Verdict(kind or like.kind, f"diff:{outcome}", detail, exc_type=like.exc_type, message=like.message,
                    frame=like.frame, ops=like.ops, backend=like.backend, numbers=numbers | more)
        return Finding(outcome, v, base, head)

    if VerdictKind.UNSUPPORTED in (base.kind, head.kind):
        who = b if base.kind == VerdictKind.UNSUPPORTED else h
        like = base if who == b else head
        return verdict("unsupported", like, f"unsupported on {who}: {like.detail[:200]}")
    if not base.failed and head.failed:
        return verdict("regressed", head, f"{b} agrees with torch; {h}: {head.detail}", torch_agrees="base")
    if base.failed and not head.failed:
        return verdict("fixed", base, f"{h} agrees with torch; {b} was: {base.summary()}", VerdictKind.PASS,
                       torch_agrees="head")
    if base.failed and head.failed:
        if base.core == head.core:
            return verdict("same", head, f"fails alike on both: {head.detail}", VerdictKind.PASS)
        return verdict("changed", head, f"wrong on both, differently; {b}: {base.detail[:150]}; {h}: {head.detail}",
                       torch_agrees="neither")
    cmp = compare_counters({k: v for k, v in head_counters.items() if k in watch}, base_counters)
    if cmp.slow:
        more = f"; better: {describe(cmp.better)}" if cmp.better else ""
        return verdict("slower", head, f"{h} slower than {b}: {describe(cmp.worse)}{more}", VerdictKind.SLOW,
                       worse=cmp.worse, better=cmp.better)
    if cmp.better:
        return verdict("faster", head, f"{h} faster than {b}: {describe(cmp.better)}", VerdictKind.PASS, better=cmp.better)
    return verdict("same", head, "", VerdictKind.PASS)


class Differ:
    """Both sides started once; diff(program) runs it on each (concurrently) and classifies."""

    def __init__(self, base: Env, head: Env, config: RunConfig, watch: tuple = COUNTERS):
        self.config, self.watch = config, watch
        self.base = open_side("base", base, config)
        try:
            self.head = open_side("head", head, config)
        except BaseException:
            self.base.pool.close()
            raise
        self.threads = ThreadPoolExecutor(max_workers=2)

    @property
    def labels(self) -> tuple[str, str]:
        return self.base.label, self.head.label

    def diff(self, program: Program, expected: dict) -> Finding:
        from oracles.judge import verdict_of
        futures = [self.threads.submit(side.run, program) for side in (self.base, self.head)]
        (bo, ho) = [f.result() for f in futures]
        bv = verdict_of(program, self.base.config, bo, expected)
        hv = verdict_of(program, self.head.config, ho, expected)
        counters = [o.value.get("counters", {}) if o.status == "ok" else {} for o in (bo, ho)]
        return classify(bv, hv, counters[0], counters[1], self.labels, self.watch)

    def still_fails(self, finding: Finding):
        """The minimizer's predicate: a candidate shows the same outcome with the same core signature."""
        from oracles.judge import reference
        from oracles.reference import ReferenceError_

        def check(candidate: Program) -> bool:
            try:
                exp = reference(candidate, grad=self.config.grad)
            except ReferenceError_:
                return False
            if finding.outcome in ("slower", "faster") and not candidate.nodes:
                return False      # speed without an op is loading and copying out, not the compiler's work
            got = self.diff(candidate, exp)
            return got.outcome == finding.outcome and got.verdict.core == finding.verdict.core
        return check

    def close(self) -> None:
        self.base.pool.close()          # first: a call in flight then ends (died) instead of holding shutdown
        self.head.pool.close()
        self.threads.shutdown(wait=True, cancel_futures=True)


def versions(differ: Differ) -> str:
    return f"{differ.base.info.get('version', '?')} -> {differ.head.info.get('version', '?')}"


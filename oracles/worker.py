"""Isolated workers: tinygrad runs in child processes, so a segfault, hang or OOM is a verdict, not our crash.

A worker is keyed by its RunConfig's settings (tinygrad reads them at import), started with `spawn` so no
tinygrad state leaks in from the parent, and replaced whenever it dies or hangs. A request names a task
("module:function") the worker imports and calls with keyword arguments; results come back pickled.
"""
from __future__ import annotations

import contextlib
import multiprocessing as mp
import os
import re
import signal
import tempfile
import threading
import time
from pathlib import Path
from dataclasses import dataclass, field
from typing import Any, Callable

from oracles.config import RunConfig

STARTUP_ALLOWANCE = 30.0      # seconds a fresh worker may spend importing tinygrad before its first answer counts
MAX_REQUESTS = 400            # restart a worker after this many programs: bounds memory growth and cache effects


@dataclass
class Outcome:
    status: str                          # "ok", "error", "hang", "died"
    value: Any = None                    # the task's result when ok
    error: dict = field(default_factory=dict)   # type, message, frame, traceback when error; signal/reason when died
    seconds: float = 0.0


@contextlib.contextmanager
def _signals_held():
    """SIGINT and SIGTERM wait until the block ends (main thread, POSIX); elsewhere nothing is held."""
    held = {signal.SIGINT, signal.SIGTERM}
    try:
        old = signal.pthread_sigmask(signal.SIG_BLOCK, held)
    except (AttributeError, ValueError, OSError):
        yield
        return
    try:
        yield
    finally:
        signal.pthread_sigmask(signal.SIG_SETMASK, old)


class Worker:
    fault_path = ""        # subclasses that start their process another way (zygote forks, other interpreters) keep none

    def __init__(self, config: RunConfig):
        self.config = config
        ctx = mp.get_context("spawn")
        self.conn, child = ctx.Pipe()
        from oracles import worker_main
        # faulthandler writes the Python stack of a fatal signal here, so a death has its innermost tinygrad frame
        fd, self.fault_path = tempfile.mkstemp(prefix="tinyfuzz-fault-", suffix=".txt")
        os.close(fd)
        environ = {**config.environ(), worker_main.FAULT_FILE: self.fault_path}
        self.proc = ctx.Process(target=worker_main.serve, args=(child, environ, config.patches,
                                                                config.sut_path, config.memory_mb), daemon=True)
        # a start is not interrupted halfway: a Ctrl-C or a job's SIGTERM landing while the child reads its start-up
        # data left it printing "EOFError: Ran out of input" (a fresh-clone CI run, 2026-12-06); it arrives after
        with _signals_held():
            self.proc.start()
        child.close()
        self.requests = 0

    def call(self, task: str, kwargs: dict, timeout: float) -> Outcome:
        start = time.monotonic()
        allowance = STARTUP_ALLOWANCE if self.requests == 0 else 0.0
        self.requests += 1
        try:
            self.conn.send((task, kwargs))
            if not self.conn.poll(timeout + allowance):
                self.kill()
                return Outcome("hang", error={"reason": f"no answer within {timeout:g}s"}, seconds=time.monotonic() - start)
            status, payload = self.conn.recv()
        except (EOFError, BrokenPipeError, ConnectionResetError, OSError):
            self.proc.join(5)
            return Outcome("died", error=_death(self.proc.exitcode, self.fault_path), seconds=time.monotonic() - start)
        return Outcome(status, value=payload if status == "ok" else None,
                       error=payload if status != "ok" else {}, seconds=time.monotonic() - start)

    @property
    def alive(self) -> bool:
        return self.proc.is_alive()

    def kill(self) -> None:
        with contextlib.suppress(ProcessLookupError, PermissionError):
            pid = getattr(self.proc, "pid", None)     # EnvWorker's process handle (oracles/diff.py) has none
            if pid:
                os.killpg(pid, signal.SIGKILL)     # the worker's own group: it and the compiler it started
        if self.proc.is_alive():
            self.proc.kill()
        self.proc.join(5)
        self.conn.close()
        if self.fault_path:
            with contextlib.suppress(OSError):
                os.unlink(self.fault_path)


def _death(exitcode: int | None, fault_path: str = "") -> dict:
    frame = fault_frame(fault_path)
    if exitcode is not None and exitcode < 0:
        try:
            name = signal.Signals(-exitcode).name
        except ValueError:
            name = f"signal {-exitcode}"
        return {"reason": f"killed by {name}" + (f" in {frame}" if frame else ""), "signal": name, "frame": frame}
    return {"reason": f"exited with code {exitcode}", "signal": "", "frame": frame}


_FAULT_LINE = re.compile(r'^\s*File "([^"]+)", line \d+ in (\S+)', re.M)


def fault_frame(path: str) -> str:
    """The innermost tinygrad frame in a faulthandler dump ("tinygrad/runtime/ops_cpu.py:__call__"), or ''."""
    try:
        text = Path(path).read_text(errors="replace") if path else ""
    except OSError:
        return ""
    from oracles.worker_main import innermost_tinygrad_frame
    return innermost_tinygrad_frame(_FAULT_LINE.findall(text))    # faulthandler prints the most recent call first


class WorkerPool:
    """One live worker per distinct configuration; dead or hung ones are replaced on the next call.

    `make` builds a worker for a configuration: spawned here; forked from a zygote (mutate/zygote.py) or started
    in another interpreter (oracles/diff.py) by the pools that reuse this contract.
    """

    def __init__(self, make: Callable[[RunConfig], Any] | None = None):
        self.make = make or Worker
        self.workers: dict[tuple, Any] = {}

    def call(self, config: RunConfig, task: str, timeout: float | None = None, **kwargs) -> Outcome:
        key = config.worker_key
        w = self.workers.get(key)
        if w is None or not w.alive or w.requests >= MAX_REQUESTS:
            if w is not None:
                w.kill()
            w = self.workers[key] = self.make(config)
        out = w.call(task, kwargs, config.timeout if timeout is None else timeout)
        if out.status in ("hang", "died"):
            self.lost(w, out)
            w.kill()
            del self.workers[key]
        return out

    def lost(self, worker, outcome: Outcome) -> None:
        """A worker hung or died: subclasses may add what they know to the outcome."""

    def close(self) -> None:
        for w in self.workers.values():
            w.kill()
        self.workers.clear()


_POOLS = threading.local()


def pool() -> WorkerPool:
    """This thread's pool (closed at exit): a worker answers one call at a time, so threads that judge side by side
    (`fuzz replay --jobs`) each have workers of their own."""
    if getattr(_POOLS, "pool", None) is None:
        import atexit
        _POOLS.pool = WorkerPool()
        atexit.register(_POOLS.pool.close)
    return _POOLS.pool

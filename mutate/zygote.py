"""A fork server for mutant workers: one spawned process imports the worker's dependencies (numpy, the op
registry, the oracles; never tinygrad) once, then forks a fresh worker per mutant on request.

Forking after tinygrad is imported would hand every mutant pristine tinygrad's caches (TINYGRAD-NOTES.md), so
the zygote never imports it: each forked worker imports tinygrad from its own overlay, as a spawned one would,
but skips the interpreter start and the other imports. The pool has the same `call` as oracles.worker.WorkerPool,
so judge() takes it unchanged.
"""
from __future__ import annotations

import multiprocessing as mp
import os
import signal
import sys
import threading

from oracles.config import RunConfig
from oracles.worker import Outcome, Worker, WorkerPool

PRELOAD = ("numpy", "fuzz.ops", "fuzz.values", "oracles.tiny_eval", "oracles.worker_main", "mutate.worker_tasks")


def _zygote_main(conn) -> None:
    import importlib
    for name in PRELOAD:
        importlib.import_module(name)
    assert "tinygrad" not in sys.modules, "the zygote must not import tinygrad"
    signal.signal(signal.SIGCHLD, signal.SIG_IGN)          # forked workers are reaped by the kernel
    while True:
        try:
            environ, patches, sut_path, memory_mb = conn.recv()
        except (EOFError, KeyboardInterrupt):
            return
        mine, theirs = mp.Pipe()
        pid = os.fork()
        if pid == 0:
            conn.close()
            mine.close()
            signal.signal(signal.SIGCHLD, signal.SIG_DFL)  # tinygrad waits on clang: it needs exit statuses
            from oracles import worker_main
            try:
                worker_main.serve(theirs, environ, patches, sut_path, memory_mb)
            finally:
                os._exit(0)
        theirs.close()
        conn.send((pid, mine))
        mine.close()


class Zygote:
    def __init__(self):
        ctx = mp.get_context("spawn")
        self.conn, child = ctx.Pipe()
        self.proc = ctx.Process(target=_zygote_main, args=(child,), daemon=True)
        self.proc.start()
        child.close()
        self.lock = threading.Lock()

    def fork(self, config: RunConfig):
        with self.lock:
            # the config's worker modes too: without them a HIP render-only row's forked workers needed comgr,
            # and 36 of its 40 kill tests were dropped as unsupported (2026-12-07)
            self.conn.send((config.environ(), config.patches, config.sut_path, config.memory_mb))
            return self.conn.recv()

    def close(self) -> None:
        self.conn.close()
        self.proc.join(5)
        if self.proc.is_alive():
            self.proc.kill()


class _Forked:
    """Enough of multiprocessing.Process for oracles.worker.Worker to manage a forked pid it did not start."""

    def __init__(self, pid: int):
        self.pid, self.exitcode = pid, None

    def is_alive(self) -> bool:
        try:
            os.kill(self.pid, 0)
            return True
        except ProcessLookupError:
            return False

    def kill(self) -> None:
        try:
            os.kill(self.pid, signal.SIGKILL)
        except ProcessLookupError:
            pass

    def join(self, timeout=None) -> None:
        pass


class ForkWorker(Worker):
    def __init__(self, config: RunConfig, zygote: Zygote):
        self.config = config
        try:
            pid, self.conn = zygote.fork(config)
        except (EOFError, OSError):            # the zygote died (killed from outside): start another, once
            pid, self.conn = restart().fork(config)
        self.proc = _Forked(pid)
        self.requests = 0


class ForkPool(WorkerPool):
    """oracles.worker.WorkerPool's contract, with workers forked from the zygote."""

    def __init__(self, zygote: Zygote):
        super().__init__(make=lambda config: ForkWorker(config, zygote))
        self.zygote = zygote


_ZYGOTE: Zygote | None = None
_LOCK = threading.Lock()


def restart() -> Zygote:
    global _ZYGOTE
    with _LOCK:
        if _ZYGOTE is not None:
            _ZYGOTE.close()
        _ZYGOTE = None
    return zygote()


def zygote() -> Zygote:
    """The process-wide zygote, started on first use and restarted if it died."""
    global _ZYGOTE
    with _LOCK:
        if _ZYGOTE is None or not _ZYGOTE.proc.is_alive():
            import atexit
            _ZYGOTE = Zygote()
            atexit.register(_ZYGOTE.close)
        return _ZYGOTE

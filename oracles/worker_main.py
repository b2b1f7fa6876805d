"""The worker process's main loop: set tinygrad's environment, apply plants, then answer requests."""
from __future__ import annotations

import importlib
import os
import signal
import sys
import traceback


def serve(conn, environ: dict, patches: tuple, sut_path: str | None, memory_mb: int) -> None:
    if hasattr(signal, "pthread_sigmask"):      # started with SIGINT/SIGTERM held (oracles/worker.py): release them
        signal.pthread_sigmask(signal.SIG_SETMASK, set())
    os.environ.update(environ)
    _own_process_group()
    _die_with_parent()
    stderr = _capture_stderr()
    _dump_stack_on_fault(os.environ.get(FAULT_FILE, ""))
    if sut_path:
        sys.path.insert(0, sut_path)
    _limit_memory(memory_mb)
    from oracles import coverage_probe
    probe = coverage_probe.start()      # before tinygrad is imported: `fuzz run --coverage`
    for spec in patches:
        module, name = spec.split(":", 1)
        importlib.import_module(module).apply_plant(name)
    while True:
        try:
            task, kwargs = conn.recv()
        except (EOFError, KeyboardInterrupt):
            return
        start = stderr.tell() if stderr else 0
        try:
            module, fn = task.split(":")
            reply = ("ok", getattr(importlib.import_module(module), fn)(**kwargs))
        except MemoryError:
            reply = ("error", {"type": "MemoryError", "message": "out of memory", "frame": "", "traceback": ""})
        except BaseException as e:   # anything tinygrad raises is a verdict, not our exit
            reply = ("error", with_compiler_error(describe(e), _read_from(stderr, start)))
        if probe:
            probe.flush()            # before answering: the parent may end this worker as soon as it has the answer
        try:
            conn.send(reply)
        except Exception as e:       # a result that does not pickle
            conn.send(("error", describe(e)))


FAULT_FILE = "TINYFUZZ_FAULT_FILE"    # environment key: where this worker's faulthandler writes (oracles.worker)


def innermost_tinygrad_frame(frames) -> str:
    """"tinygrad/codegen/x.py:func" for the first (filename, function) pair inside tinygrad, innermost first; ''."""
    for filename, func in frames:
        path = filename.replace(os.sep, "/")
        if "/tinygrad/" in path:
            return "tinygrad/" + path.split("/tinygrad/")[-1] + ":" + func
    return ""


def describe(e: BaseException) -> dict:
    from oracles.adapter import is_suite_error
    frame = innermost_tinygrad_frame((fs.filename, fs.name) for fs in reversed(traceback.extract_tb(e.__traceback__)))
    return {"type": type(e).__name__, "message": str(e)[:2000], "frame": frame, "ours": is_suite_error(e),
            "traceback": "".join(traceback.format_exception(type(e), e, e.__traceback__))[-6000:]}


def _die_with_parent() -> None:
    """Linux: SIGKILL this worker when the process that started it dies. An interrupted campaign kills its job
    processes; a worker of theirs busy on a long run (a BEAM search, a retried slow compile) would otherwise go on
    alone, holding the run's stdout open, so the interrupted run seemed alive for minutes (fresh-clone CI, test_cli)."""
    try:
        import ctypes
        ctypes.CDLL(None, use_errno=True).prctl(1, signal.SIGKILL)     # PR_SET_PDEATHSIG
    except (OSError, AttributeError):
        pass


def _own_process_group() -> None:
    """The worker leads a process group of its own, so killing a hung worker also kills the compiler it started
    (a clang left running after its worker was killed once held 6 GB for minutes)."""
    try:
        os.setpgid(0, 0)
    except OSError:
        pass


def _dump_stack_on_fault(path: str) -> None:
    """On SIGSEGV, SIGBUS, SIGFPE, SIGILL or SIGABRT the Python stack goes to `path`: the parent reads the innermost
    tinygrad frame from it, so a death says where it happened (oracles.worker.fault_frame)."""
    if not path:
        return
    import faulthandler
    global _FAULT_STREAM
    _FAULT_STREAM = open(path, "w")       # kept open for the process's life: faulthandler writes to its descriptor
    faulthandler.enable(file=_FAULT_STREAM)


_FAULT_STREAM = None


def _capture_stderr():
    """Send fd 2 to a file: a compiler's diagnostics (clang writes them there, not into the exception) become
    part of the crash's message, so two different compile failures get two different buckets."""
    try:
        import tempfile
        f = tempfile.TemporaryFile(mode="w+b")
        os.dup2(f.fileno(), 2)
        return f
    except OSError:
        return None


def _read_from(f, start: int) -> str:
    if f is None:
        return ""
    f.seek(start)
    text = f.read()[-20000:].decode(errors="replace")
    f.seek(0, 2)
    return text


def with_compiler_error(error: dict, stderr: str) -> dict:
    """Append the first compiler error line (`<stdin>:4:40: error: ...`) to the message when there is one."""
    for line in stderr.splitlines():
        if "error:" in line:
            error["message"] = f"{error['message']}\n{line.split('error:', 1)[1].strip()}"
            error["stderr"] = stderr[-4000:]
            break
    return error


def _limit_memory(memory_mb: int) -> None:
    if not memory_mb:
        return
    try:
        import resource
        limit = memory_mb * 1024 * 1024
        resource.setrlimit(resource.RLIMIT_AS, (limit, limit))
    except (ImportError, ValueError, OSError):
        pass

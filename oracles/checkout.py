"""Run a repro script against one tinygrad: the installed one, or any commit of a tinygrad git repository.

Each run is a fresh interpreter with its own compile cache, so no kernel compiled by another tinygrad is loaded. A
commit is materialized with `git archive` (only the `tinygrad/` package), which reads the repository and never
changes it: a bare mirror works, and so does a checkout with uncommitted work.

A run ends in one of four outcomes (`Outcome.kind`):
  passes       exit 0: the repro says the bug is absent
  fails        the repro reports the bug: exit 1 with no traceback (a wrong value), an exception raised inside
               tinygrad or an AssertionError, a signal, or a timeout
  cannot-run   the repro cannot say anything on this tinygrad: an exception raised in the repro's own frames (an API
               this version lacks: ImportError, AttributeError, TypeError of a call) or tinygrad failing to import
`fingerprint` tells failures apart, so a bisect treats a commit that fails differently as untestable, not as bad.
"""
from __future__ import annotations

import io
import os
import re
import subprocess
import sys
import tarfile
import tempfile
from dataclasses import dataclass
from pathlib import Path

from fuzz.errors import UsageError
from oracles.config import TRUSTWORTHY, default_cc

INSTALLED = "installed"              # the ref that means "the tinygrad this interpreter imports"
_TRACE_FILE = re.compile(r'^\s*File "(?P<file>[^"]+)", line \d+')
_EXC_LINE = re.compile(r"^(?P<type>[A-Za-z_][\w.]*)(?::\s?(?P<msg>.*))?$")
_GIT_TIMEOUT = 120


@dataclass(frozen=True)
class Outcome:
    kind: str                  # passes | fails | cannot-run
    fingerprint: str = ""      # "value", "TypeError", "signal 11", "timeout", ...: what kind of failure
    output: str = ""           # the last lines the repro printed, machine paths scrubbed
    code: int = 0

    def describe(self) -> str:
        return self.kind if self.kind == "passes" else f"{self.kind} ({self.fingerprint})"


def classify(code: int, output: str, script: Path, timed_out: bool = False) -> Outcome:
    """What a finished repro run says. The innermost traceback frame decides whose exception it was."""
    tail = scrub(output)
    if timed_out:
        return Outcome("fails", "timeout", tail, code)
    if code == 0:
        return Outcome("passes", "", tail, 0)
    if code < 0:
        return Outcome("fails", f"signal {-code}", tail, code)
    lines = [line for line in output.splitlines() if line.strip()]
    frames = [m["file"] for line in lines if (m := _TRACE_FILE.match(line))]
    if not frames:                                   # the repro's own verdict: sys.exit(1) after printing WRONG
        return Outcome("fails", "value", tail, code)
    exc = next((m for line in reversed(lines) if not line.startswith(" ") and (m := _EXC_LINE.match(line))), None)
    exc_type = exc["type"].rsplit(".", 1)[-1] if exc else "exception"
    innermost = frames[-1]
    if _same_file(innermost, script) and exc_type not in ("AssertionError", "SystemExit"):
        return Outcome("cannot-run", exc_type, tail, code)
    if any("tinygrad" in Path(f).parts for f in frames) and exc_type in ("ImportError", "ModuleNotFoundError",
                                                                         "SyntaxError") \
            and not any(_same_file(f, script) for f in frames[1:]):
        return Outcome("cannot-run", exc_type, tail, code)   # tinygrad itself does not import at this commit
    return Outcome("fails", exc_type, tail, code)


def _same_file(frame_file: str, script: Path) -> bool:
    try:
        return Path(frame_file).resolve() == script.resolve()
    except OSError:
        return False


def scrub(output: str, keep: int = 25) -> str:
    """The last lines of a run's output with directories cut to tinygrad-relative or bare file names."""
    lines = output.rstrip().splitlines()[-keep:]
    out = []
    for line in lines:
        line = re.sub(r'File "[^"]*/(tinygrad/[^"]+)"', r'File "\1"', line)
        line = re.sub(r'File "[^"]*/([^"/]+)"', r'File "\1"', line)
        out.append(line)
    return "\n".join(out)


def run_repro(script: Path, tinygrad_root: Path | None, timeout: float = 300.0,
              env: dict[str, str] | None = None) -> Outcome:
    """Run `script` in a fresh interpreter whose `import tinygrad` finds the package under `tinygrad_root`
    (None: the installed one), with a compile cache of its own."""
    script = Path(script).resolve()
    with tempfile.TemporaryDirectory(prefix="tinyfuzz-repro-") as tmp:
        run_env = {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH", "CACHEDB", "TINYFUZZ_PLANT")}
        run_env.update(TRUSTWORTHY, CACHEDB=str(Path(tmp) / "cache.db"), PYTHONDONTWRITEBYTECODE="1")
        if default_cc():
            run_env.setdefault("CC", default_cc())
        if tinygrad_root is not None:
            run_env["PYTHONPATH"] = str(tinygrad_root)
        run_env.update(env or {})
        try:
            done = subprocess.run([sys.executable, str(script)], cwd=tmp, env=run_env, capture_output=True,
                                  text=True, timeout=timeout)
        except subprocess.TimeoutExpired as e:
            text = (e.stdout or b"").decode() if isinstance(e.stdout, bytes) else (e.stdout or "")
            return classify(124, text, script, timed_out=True)
        return classify(done.returncode, done.stdout + done.stderr, script)


@dataclass(frozen=True)
class Commit:
    sha: str
    date: str
    subject: str

    @property
    def short(self) -> str:
        return self.sha[:10]


class Repository:
    """A tinygrad git repository (bare or with a work tree), read only."""

    def __init__(self, path: str | Path):
        self.path = Path(path)
        if not self.path.exists():
            raise UsageError(f"--repo {str(path)!r}: no such directory")
        try:
            self.git("rev-parse", "--git-dir")
        except UsageError:
            raise UsageError(f"--repo {str(path)!r}: not a git repository") from None

    def git(self, *args: str) -> str:
        done = subprocess.run(["git", "-C", str(self.path), *args], capture_output=True, text=True,
                              timeout=_GIT_TIMEOUT)
        if done.returncode != 0:
            raise UsageError(f"git {' '.join(args[:3])}: {(done.stderr.strip().splitlines() or ['failed'])[-1]}")
        return done.stdout

    def commit(self, ref: str) -> Commit:
        try:
            sha, date, subject = self.git("log", "-1", "--format=%H%x00%cs%x00%s", f"{ref}^{{commit}}",
                                          "--").rstrip("\n").split("\x00", 2)
        except UsageError:
            raise UsageError(f"{ref!r} is not a commit of {self.path}") from None
        return Commit(sha, date, subject)

    def between(self, old: str, new: str) -> list[Commit]:
        """Commits after `old` up to and including `new`, oldest first, along new's first-parent line."""
        out = self.git("log", "--first-parent", "--reverse", "--format=%H%x00%cs%x00%s", f"{new}^{{commit}}",
                       f"^{old}^{{commit}}", "--")
        return [Commit(*line.split("\x00", 2)) for line in out.splitlines() if line]

    def is_ancestor(self, old: str, new: str) -> bool:
        return subprocess.run(["git", "-C", str(self.path), "merge-base", "--is-ancestor", old, new],
                              capture_output=True, timeout=_GIT_TIMEOUT).returncode == 0

    def tags(self, pattern: str = "v*") -> list[str]:
        """Release tags, newest version first."""
        names = self.git("tag", "--list", pattern).split()
        return sorted(names, key=lambda t: [int(p) if p.isdigit() else 0 for p in re.split(r"[.\-]", t.lstrip("v"))],
                      reverse=True)

    def diffstat(self, sha: str) -> str:
        return self.git("show", "--stat", "--format=", sha).rstrip()

    def materialize(self, sha: str, into: Path) -> Path:
        """Write commit `sha`'s tinygrad/ package under `into`; returns the directory to put on sys.path."""
        archive = subprocess.run(["git", "-C", str(self.path), "archive", "--format=tar", sha, "tinygrad"],
                                 capture_output=True, timeout=_GIT_TIMEOUT)
        if archive.returncode != 0:
            raise UsageError(f"git archive {sha[:10]}: {archive.stderr.decode().strip()[-200:]}")
        into.mkdir(parents=True, exist_ok=True)
        with tarfile.open(fileobj=io.BytesIO(archive.stdout)) as tar:
            tar.extractall(into, filter="data") if hasattr(tarfile, "data_filter") else tar.extractall(into)
        return into


def tinygrad_at(spec: str) -> Path:
    """The directory to put first on sys.path for `--tinygrad SPEC`: SPEC is a directory holding tinygrad/ (a
    checkout, a mutant's overlay), or REPO@REF, a git repository (a bare mirror too) and a commit or tag in it, whose
    tinygrad/ is written out once into a temporary directory (removed at exit)."""
    import atexit
    import shutil
    where, at, ref = spec.rpartition("@")
    if at and not (Path(spec) / "tinygrad" / "__init__.py").exists():
        try:
            repo = Repository(where)
            sha = repo.commit(ref).sha
        except UsageError as e:
            raise UsageError(f"--tinygrad {spec!r}: {str(e).split(': ', 1)[-1]}") from None
        into = Path(tempfile.mkdtemp(prefix=f"tinyfuzz-tg-{sha[:10]}-"))
        atexit.register(shutil.rmtree, into, True)
        return repo.materialize(sha, into).resolve()
    if not (Path(spec) / "tinygrad" / "__init__.py").exists():
        raise UsageError(f"--tinygrad {spec!r}: no tinygrad/__init__.py there (give a checkout, or REPO@REF)")
    return Path(spec).resolve()


def run_at(repo: Repository | None, ref: str, script: Path, timeout: float = 300.0) -> Outcome:
    """Run a repro on tinygrad at `ref` of `repo` (ref "installed": the tinygrad this interpreter imports)."""
    if ref == INSTALLED or repo is None:
        return run_repro(script, None, timeout)
    sha = repo.commit(ref).sha
    with tempfile.TemporaryDirectory(prefix=f"tinyfuzz-tg-{sha[:10]}-") as tmp:
        return run_repro(script, repo.materialize(sha, Path(tmp)), timeout)

"""tinygrad environments: a version spec, an interpreter or a checkout path, resolved to what a worker runs.

`resolve("tinygrad==0.13.0")` makes (once) a virtualenv under the cache directory with
`python -m venv --system-site-packages` (numpy, torch and the rest come from this interpreter) and
`pip install --no-deps tinygrad==0.13.0` into it; its site-packages then shadows the installed tinygrad.
An interpreter path is used as it is; a checkout (a directory holding `tinygrad/__init__.py`, or the package
directory itself, e.g. a mutated copy) runs on this interpreter with the directory first on sys.path;
`installed` is this interpreter's own tinygrad. Nothing here imports tinygrad.
"""
from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

from fuzz.errors import UsageError

READY = ".tinyfuzz-ready"          # written last: an env dir without it is a half-made one and is made again
SPEC = re.compile(r"^tinygrad\s*(==|>=|<=|~=|!=|<|>)\s*[\w.*+!-]+$")
ALIASES = ("installed", "current")


@dataclass(frozen=True)
class Env:
    """Where one side of a diff runs: an interpreter, and a directory put first on sys.path (a checkout)."""
    spec: str                         # as the user typed it
    python: str                       # interpreter the worker runs
    path: str | None = None           # a directory holding the `tinygrad` package, first on sys.path

    @property
    def label(self) -> str:
        return self.spec


def cache_dir() -> Path:
    return Path(os.environ.get("TINYFUZZ_ENVS") or Path.home() / ".cache" / "tinyfuzz" / "envs")


def env_dir_name(spec: str) -> str:
    """A directory name for a spec: `tinygrad==0.13.0` -> `tinygrad-0.13.0` ('=' breaks `env VAR=... cmd`)."""
    name = re.sub(r"\s+", "", spec).replace("==", "-")
    return re.sub(r"[^\w.+-]", "_", name)


def resolve(spec: str, *, cache: Path | None = None, log=print) -> Env:
    """An Env for what the user typed; anything unusable is one UsageError line."""
    text = spec.strip()
    if not text:
        raise UsageError("empty environment: give a version spec (tinygrad==0.13.0), an interpreter or a checkout path")
    if text in ALIASES:
        return Env(spec, sys.executable)
    if SPEC.match(text):
        return Env(spec, str(make_venv(text, cache or cache_dir(), log)))
    path = Path(text).expanduser()
    if path.is_file():
        if not os.access(path, os.X_OK):
            raise UsageError(f"{spec!r}: a file, but not an executable interpreter")
        return Env(spec, str(path))
    if path.is_dir():
        if (path / "tinygrad" / "__init__.py").is_file():
            return Env(spec, sys.executable, str(path.resolve()))
        if path.name == "tinygrad" and (path / "__init__.py").is_file() and (path / "tensor.py").is_file():
            return Env(spec, sys.executable, str(path.resolve().parent))
        for py in ("bin/python", "Scripts/python.exe"):
            if (path / py).is_file():
                return Env(spec, str(path / py))
        raise UsageError(f"{spec!r}: a directory, but neither a tinygrad checkout (no tinygrad/__init__.py) "
                         "nor a virtualenv (no bin/python)")
    where, at, _ = text.rpartition("@")
    if at and Path(where).expanduser().is_dir():           # REPO@REF: that commit's tinygrad/, as --tinygrad takes it
        from oracles.checkout import tinygrad_at
        return Env(spec, sys.executable, str(tinygrad_at(text)))
    if text.startswith("tinygrad"):
        raise UsageError(f"{spec!r}: not a version spec; write it like tinygrad==0.13.0")
    raise UsageError(f"{spec!r}: no such file or directory; give a version spec (tinygrad==0.13.0), "
                     "an interpreter path, a tinygrad checkout or REPO@REF")


def make_venv(spec: str, cache: Path, log=print) -> Path:
    """The interpreter of the spec's virtualenv, created and filled on first use."""
    d = cache / env_dir_name(spec)
    python = d / "bin" / "python"
    if (d / READY).is_file() and python.exists():
        return python
    if d.exists():
        shutil.rmtree(d)          # half-made by an interrupted run
    d.parent.mkdir(parents=True, exist_ok=True)
    log(f"making {d} for {spec} (once)")
    _check(subprocess.run([sys.executable, "-m", "venv", "--system-site-packages", str(d)],
                          capture_output=True, text=True), spec, "python -m venv")
    _check(subprocess.run([str(python), "-m", "pip", "install", "-q", "--disable-pip-version-check", "--no-deps",
                           "--ignore-installed", spec],
                          capture_output=True, text=True), spec, "pip install")
    _inherit_packages(python)
    (d / READY).write_text(spec + "\n")
    return python


def _inherit_packages(python: Path) -> None:
    """Put this interpreter's site-packages after the venv's own: made from inside a venv (tox), the new venv's
    --system-site-packages would only reach the base Python's, without the numpy and hypothesis workers need."""
    import site
    out = subprocess.run([str(python), "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])"],
                         capture_output=True, text=True)
    if out.returncode == 0 and out.stdout.strip():
        Path(out.stdout.strip(), "tinyfuzz-parent.pth").write_text("\n".join(site.getsitepackages()) + "\n")


def _check(proc: subprocess.CompletedProcess, spec: str, what: str) -> None:
    if proc.returncode == 0:
        return
    lines = [ln for ln in (proc.stderr or proc.stdout or "").splitlines() if ln.strip() and "WARNING" not in ln]
    raise UsageError(f"{spec!r}: {what} failed: {lines[-1].strip() if lines else f'exit code {proc.returncode}'}")

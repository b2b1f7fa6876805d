"""Materialize a mutant as an overlay: a directory whose `tinygrad` package is the original but for one file.

The overlay is a tree of symlinks to the original package, with real directories only along the path to the
mutated file. Workers put the overlay first on sys.path (RunConfig(sut_path=...)), so `import tinygrad` finds
the mutant. Compiled bytecode of the untouched modules is reused through symlinks to the original
`__pycache__` files; the mutated module's own entry is left out, so Python compiles the mutant and writes its
.pyc into the overlay, never over the original's.
"""
from __future__ import annotations

import os
import shutil
import tempfile
from contextlib import contextmanager
from pathlib import Path

from mutate.generate import Mutant


def make_overlay(root: str | os.PathLike, mutant: Mutant | None, text: str | None = None,
                 parent: str | None = None) -> str:
    """A fresh overlay directory for the mutant (None: an unchanged copy); `text` overrides the mutated source."""
    root = Path(root).resolve()
    base = Path(tempfile.mkdtemp(prefix="mutant-", dir=parent))
    pkg = base / "tinygrad"
    if mutant is None and text is None:
        pkg.symlink_to(root, target_is_directory=True)
        return str(base)
    rel = Path(mutant.path)
    new_text = text if text is not None else mutant.apply((root / rel).read_text())
    _mirror(root, pkg, rel.parts[:-1], rel.name)
    (pkg / rel).write_text(new_text)
    return str(base)


def _mirror(src: Path, dst: Path, chain: tuple[str, ...], filename: str) -> None:
    """Real directories along `chain`, symlinks for everything else; the mutated file and its .pyc left out."""
    dst.mkdir()
    here, rest = (chain[0], chain[1:]) if chain else (None, ())
    for entry in os.scandir(src):
        if entry.name == here:
            _mirror(Path(entry.path), dst / entry.name, rest, filename)
        elif entry.name == "__pycache__" and here is None:
            cache = dst / "__pycache__"
            cache.mkdir()
            stem = filename.rsplit(".", 1)[0] + "."
            for pyc in os.scandir(entry.path):
                if not pyc.name.startswith(stem):
                    (cache / pyc.name).symlink_to(pyc.path)
        elif not (here is None and entry.name == filename):
            (dst / entry.name).symlink_to(entry.path, target_is_directory=entry.is_dir())


def remove_overlay(path: str) -> None:
    shutil.rmtree(path, ignore_errors=True)


@contextmanager
def overlay(root, mutant: Mutant | None, text: str | None = None):
    path = make_overlay(root, mutant, text)
    try:
        yield path
    finally:
        remove_overlay(path)

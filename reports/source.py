"""tinygrad's source text for the report: whole files for mutation.json, a few lines around a survivor.

The text is read from disk, never imported: reports/ must not import tinygrad. The root is the directory
holding the `tinygrad` package (the installed one unless a checkout is given), so a mutant's file
"tinygrad/codegen/x.py" is root / that path.
"""
from __future__ import annotations

import importlib.util
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path


def installed_root() -> Path | None:
    """The directory holding the importable tinygrad package, found without importing it."""
    spec = importlib.util.find_spec("tinygrad")      # a top-level find_spec does not run the package
    if spec is None or not spec.submodule_search_locations:
        return None
    return Path(list(spec.submodule_search_locations)[0]).parent


@dataclass(frozen=True)
class Sources:
    """Source files under one root; a file that is missing reads as empty (the report says so, it does not fail)."""
    root: Path | None

    def text(self, file: str) -> str:
        return _read(self.root, file)

    def context(self, file: str, line: int, radius: int = 3) -> list[tuple[int, str]]:
        """(line number, text) for the lines around `line`, as far as the file has them."""
        lines = self.text(file).splitlines()
        lo, hi = max(1, line - radius), min(len(lines), line + radius)
        return [(n, lines[n - 1]) for n in range(lo, hi + 1)]


@lru_cache(maxsize=256)
def _read(root: Path | None, file: str) -> str:
    if root is None:
        return ""
    path = (root / file).resolve()
    if root.resolve() not in path.parents:          # a file name from the store never leads outside the root
        return ""
    try:
        return path.read_text(encoding="utf-8", errors="replace")
    except OSError:
        return ""

"""Read the mutation results store into the report's records: the one place that knows the store's schema."""
from __future__ import annotations

from pathlib import Path

from fuzz.errors import UsageError
from reports.model import MutantResult, RunInfo


def load(path: Path) -> tuple[RunInfo, list[MutantResult]]:
    """The latest run in the store and every mutant result in it."""
    if not path.is_file():
        raise UsageError(f"--store {str(path)!r}: no mutation results store there; `python -m mutate run` makes one")
    raise UsageError("mutate/store.py is not there yet")

"""The records a weekly report is made of: mutant results, the run's cost, corpus bugs.

The store adapter (reports/store_adapter.py) and the corpus reader (reports/corpus.py) turn whatever the
mutation store and the corpus hold into these frozen values; nothing else in reports/ knows their formats.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Literal, get_args

Status = Literal["killed", "survived", "no-coverage", "timeout", "equivalent", "error"]
STATUSES: tuple[str, ...] = get_args(Status)
# one per oracle that kills (mutate/execute.py): values and gradients vs pristine tinygrad's answers, the metamorphic
# variants, the speed counters, crashes, hangs
Killer = Literal["value", "grad", "opt:noopt", "opt:random", "jit", "realize", "wino", "shard", "grad-shard", "render", "speed",
                 "crash", "hang", ""]
KILLERS: tuple[str, ...] = get_args(Killer)[:-1]

DETECTED = {"killed", "timeout"}              # Stryker counts a timeout as detected: the suite noticed
UNDETECTED = {"survived", "no-coverage"}      # the score's denominator is detected + undetected


@dataclass(frozen=True)
class MutantResult:
    """One mutant of tinygrad and what the suite did to it."""
    id: str
    file: str                 # path from the tinygrad package's parent, e.g. "tinygrad/codegen/opt/heuristic.py"
    line: int
    operator: str             # mutation operator name, e.g. "delete-rule", "arith"
    diff: str                 # unified diff of the mutant against the original source
    status: Status
    killed_by: Killer = ""    # the oracle that noticed (KILLERS; "" unless detected)
    test: str = ""            # the kill test (a corpus entry or fuzz test id) or "" when none killed it
    seconds: float = 0.0      # CPU seconds spent testing this mutant
    column: int = 1
    hits: int = 0             # how many kill tests execute this line (coverage): how hot the code is
    trivial: bool = False     # killed at import or by the smoke set (mutate/killsuite.py): it breaks nearly everything
    description: str = ""     # a sentence: "replaced Ops.ADD with Ops.MUL"

    def __post_init__(self):
        if self.status not in STATUSES:
            raise ValueError(f"mutant {self.id!r}: status {self.status!r} is not one of {', '.join(STATUSES)}")
        if self.killed_by not in KILLERS + ("",):
            raise ValueError(f"mutant {self.id!r}: killed_by {self.killed_by!r} is not one of {', '.join(KILLERS)}")

    @property
    def detected(self) -> bool:
        return self.status in DETECTED

    @property
    def counted(self) -> bool:
        """Whether the mutant is in the score at all (equivalent and broken mutants are not)."""
        return self.status in DETECTED | UNDETECTED


@dataclass(frozen=True)
class RunInfo:
    """What the mutation run was and what it cost."""
    tinygrad_version: str = ""
    source_hash: str = ""     # hash of the tinygrad sources the mutants were made from
    suite_version: str = ""
    started: str = ""         # ISO 8601 timestamps, UTC
    finished: str = ""
    wall_seconds: float = 0.0
    cpu_seconds: float = 0.0
    workers: int = 0
    dropped_equivalent: int = 0   # mutants dropped before running because their bytecode equals the original's


@dataclass(frozen=True)
class Bug:
    """A corpus bucket: one tinygrad bug however many times it was hit."""
    bucket: str
    kind: str = ""            # verdict kind: mismatch, crash, hang, died, slow
    summary: str = ""
    status: str = "open"      # open, or fixed when the known-bug registry says "fixed-in VERSION"
    first_seen: str = ""
    last_seen: str = ""
    hits: int = 0
    fixed_in: str = ""
    backend: str = ""
    known_id: str = ""        # the registry's id, KB-0001, once the lead has registered the bug

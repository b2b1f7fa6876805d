"""The one decision every path makes about a failure: a registered open tinygrad bug (known), a registered fixed
bug failing again (regression), or something new.

The pytest gate (conftest.KnownBugGate), the campaign (`fuzz run`) and replay (`fuzz replay`) all ask `triage()`,
so a bucket gets the same answer wherever it is met (tests/test_triage.py walks the corpus through all three).
"""
from __future__ import annotations

from dataclasses import dataclass
from enum import Enum

from corpus.known import KnownBug, Registry


class Decision(str, Enum):
    PASS = "pass"              # not a failure (pass or unsupported)
    KNOWN = "known"            # an open registered bug, shown on this backend: expected to fail
    REGRESSION = "regression"  # a bug the registry says is fixed fails again
    NEW = "new"                # nothing registered explains it

    @property
    def fails_the_gate(self) -> bool:
        return self in (Decision.NEW, Decision.REGRESSION)


@dataclass(frozen=True)
class Triage:
    decision: Decision
    bug: KnownBug | None = None

    def describe(self) -> str:
        if self.bug is None:
            return self.decision.value
        return f"{self.decision.value}: {self.bug.id} ({self.bug.status}) {self.bug.title}"


def triage(verdict, registry: Registry) -> Triage:
    """Known, regression or new, by the registry's exact buckets and match rules (corpus.known)."""
    if not verdict.failed:
        return Triage(Decision.PASS)
    bug = registry.matching(verdict)
    if bug is not None:
        return Triage(Decision.KNOWN, bug)
    fixed = registry.fixed_matching(verdict)
    if fixed is not None:
        return Triage(Decision.REGRESSION, fixed)
    return Triage(Decision.NEW)

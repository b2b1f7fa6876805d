"""One decision path: replay, the pytest gate and the campaign give the same known / new answer for every corpus
bucket and every registry row's own verdict, and for decoys of them (tests/test_known_rules.py makes the decoys)."""
from __future__ import annotations

import pytest

from conftest import KnownBugGate
from corpus import known
from corpus.store import Corpus
from corpus.triage import Decision, triage
from fuzz.commands import replay, run
from tests.test_known_rules import REGISTRY, decoys, own_verdict

ENTRIES = [e for e in Corpus().entries() if e.kind == "crash"]


class _Entry:
    """A registry row's own verdict, shaped like a corpus entry for replay's classify()."""
    def __init__(self, row, verdict):
        self.kind, self.name, self.verdict = "crash", row.bucket, verdict


def cases():
    out = [(f"bucket {e.name}", e, e.verdict) for e in ENTRIES]
    for row in REGISTRY.rows:
        own = own_verdict(row)
        out.append((f"{row.id} own verdict", _Entry(row, own), own))
        out += [(f"{row.id} decoy: {name}", _Entry(row, v), v) for name, v in decoys(row, own).items()]
    return out


CASES = cases()


def gate_says(verdict) -> str:
    gate = KnownBugGate()
    gate.registry = REGISTRY
    try:
        gate.check(verdict, "")
    except pytest.fail.Exception:
        return "new"
    return "known"


def replay_says(entry, verdict) -> str:
    backend = verdict.backend.split(" ")[0]
    return "known" if replay.classify(entry, verdict, REGISTRY, backend).status == "xfail" else "new"


def campaign_says(verdict) -> str:
    return "new" if run.judged(verdict, REGISTRY, run.Tally()).fails_the_gate else "known"


@pytest.mark.parametrize("name, entry, verdict", CASES, ids=[c[0] for c in CASES])
def test_three_paths_agree(name, entry, verdict):
    want = "known" if triage(verdict, REGISTRY).decision == Decision.KNOWN else "new"
    assert (gate_says(verdict), replay_says(entry, verdict), campaign_says(verdict)) == (want, want, want)


def test_every_corpus_bucket_is_a_registered_bug():
    """The corpus holds only registered bugs: replay's xfails are each one row's own bucket."""
    untriaged = [e.name for e in ENTRIES if triage(e.verdict, REGISTRY).decision != Decision.KNOWN]
    assert not untriaged


def test_decoys_are_new_on_every_path():
    new = [c for c in CASES if "decoy" in c[0] and triage(c[2], REGISTRY).decision == Decision.NEW]
    known_decoys = [c[0] for c in CASES if "decoy" in c[0] and c not in new]
    assert len(new) > 50, known_decoys
    assert {(gate_says(v), campaign_says(v)) for _, _, v in new} == {("new", "new")}

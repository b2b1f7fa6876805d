"""`python -m fuzz replay`: re-run every corpus entry (buckets, seeds, kill suite) against its stored expected outputs.

One line per entry and backend. Exit 0 when everything passes or fails only as a registered open bug (xfail);
exit 1 on a new or untriaged failure, a changed failure, a regression of a fixed bug, or an open bug that
now passes (XPASS: tinygrad fixed it, so the registry should say so). A FAIL or XPASS of a bucket recorded on a
machine whose relevant capability differs (oracles.capabilities: a compiler without __bf16, a CPU whose bfloat16
conversion is a __truncsfbf2 call) prints NOTHERE, "not reproducible here: <what differs>", and counts as neither,
unless it fails here as it failed there (an untriaged bucket found on another machine and reproduced here).
An entry whose program a registry row refuses now (its rules tightened since) prints STALE and counts as neither.
"""
from __future__ import annotations

from dataclasses import dataclass

HELP = "re-run the whole corpus with stored expected outputs; known bugs xfail, fixed ones XPASS"

BAD = ("FAIL", "XPASS", "SUITE")     # outcomes that make the exit code 1 (SUITE: the suite's own error)


def add_arguments(p) -> None:
    p.add_argument("--backend", default="", help="comma-separated backends (default: the backends each bucket was "
                   "seen on; seeds on CPU)")
    p.add_argument("--corpus", default=None, help="corpus directory (default: the repository's corpus/)")
    p.add_argument("--known", default=None, help="known-bug registry (default: <corpus>/known_bugs.json)")
    p.add_argument("--timeout", type=float, default=20.0, help="seconds per program before it is a hang (default 20)")
    p.add_argument("--patch", action="append", default=[], metavar="MODULE:NAME",
                   help="apply a planted bug in the workers (the suite's own tests)")
    p.add_argument("--jobs", type=int, default=1, help="entries judged at once, each with workers of its own "
                   "(default 1); lines are printed in the corpus's order")
    p.add_argument("-x", "--exitfirst", action="store_true",
                   help="stop at the first FAIL, XPASS or SUITE (the CI gate: red as soon as something is new)")
    p.add_argument("--tinygrad", default=None, metavar="PATH",
                   help="replay against the tinygrad package under PATH (a checkout, or a mutant's overlay) instead "
                        "of the installed one")


@dataclass(frozen=True)
class Outcome:
    status: str        # pass, xfail, XPASS, FAIL, skip
    why: str
    reproduced: bool = False     # fails here as it failed where recorded: never "not reproducible here"


def classify(entry, verdict, registry, backend: str) -> Outcome:
    """What one replayed entry means: corpus.triage decides known / regression / new for a failure, the entry's own
    registry row says whether a pass is an XPASS."""
    from corpus.triage import Decision, triage
    if verdict.kind.value == "unsupported":
        return Outcome("skip", f"unsupported on {backend}: {verdict.detail[:100]}")
    own = registry.get(entry.name) if entry.kind == "crash" else None
    if not verdict.failed:
        if own is not None and own.open and own.shows_on(backend):
            return Outcome("XPASS", f"{own.id} now passes: mark it 'fixed-in <version>' in the registry")
        if entry.kind in ("seed", "kill"):
            return Outcome("pass", "")
        return Outcome("pass", f"{own.id} ({own.status})" if own else "no longer fails (untriaged bucket)")
    decided = triage(verdict, registry)
    if decided.decision == Decision.KNOWN:
        return Outcome("xfail", f"{decided.bug.id}: {decided.bug.title}")
    if decided.decision == Decision.REGRESSION:
        return Outcome("FAIL", f"{decided.bug.id} was {decided.bug.status} and fails again (regression)")
    stored = entry.verdict
    if entry.kind in ("seed", "kill"):
        return Outcome("FAIL", f"new failure, bucket {verdict.bucket}: {verdict.summary()[:160]}")
    if stored is not None and verdict.core != stored.core:
        return Outcome("FAIL", f"fails differently now: {verdict.summary()[:160]}")
    if own is None:
        return Outcome("FAIL", f"untriaged bucket: {verdict.summary()[:120]}", reproduced=stored is not None)
    return Outcome("FAIL", f"fails, but {own.id} does not show on {backend}: {verdict.summary()[:120]}")


def elsewhere(entry, backend: str, here=None) -> list[str]:
    """What differs between the machine that recorded a bucket and this one, among the capabilities its program's
    verdict depends on (oracles.capabilities.NEEDS): a FAIL or XPASS then says "not reproducible here"."""
    from fuzz.infer import infer
    from oracles import capabilities
    recorded = entry.meta.get("host") if entry.kind == "crash" else None
    if not recorded:
        return []
    keys = capabilities.relevant({s.dtype for s in infer(entry.program)}, backend)
    return capabilities.differences(recorded, here or capabilities.probe(), keys)


def run(args) -> int:
    from concurrent.futures import ThreadPoolExecutor, as_completed
    from pathlib import Path
    from corpus import known
    from corpus.store import Corpus
    from fuzz.commands.run import configs
    from fuzz.errors import UsageError
    corpus = Corpus(args.corpus) if args.corpus else Corpus()
    if args.corpus and not Path(args.corpus).is_dir():
        raise UsageError(f"--corpus {args.corpus!r}: no such directory")
    jobs = getattr(args, "jobs", 1)          # callers that build their own arguments judge one at a time
    if jobs < 1:
        raise UsageError(f"--jobs {jobs}: must be at least 1")
    registry = known.load(args.known or corpus.root / "known_bugs.json")
    from oracles.backends import export_library_paths
    export_library_paths()     # NVRTC and nvJitLink from their wheels, for the compile-only CUDA targets
    entries = corpus.replay_entries()      # a malformed file stops here, before anything runs
    forced = configs(_with_backend(args, args.backend)) if args.backend else None
    counts: dict[str, int] = {}

    def tell(future) -> bool:
        """Print an entry's lines; True when -x stops at one of them."""
        for status, line in future.result():
            counts[status] = counts.get(status, 0) + 1
            print(line, flush=True)
            if getattr(args, "exitfirst", False) and status in BAD:
                return True
        return False
    # entries are judged side by side (each thread with workers of its own) and told in the gate's order; with -x a
    # failure is told, and stops the gate, as soon as it is judged: told in order, one slow entry (a keccak program,
    # 50 s) held back every failure judged after it (2026-12-07)
    with ThreadPoolExecutor(jobs) as ex:
        futures = [ex.submit(_replay_entry, entry, args, corpus, registry, forced) for entry in entries]
        told = 0
        for done in as_completed(futures):
            bad = done if getattr(args, "exitfirst", False) and any(s in BAD for s, _ in done.result()) else None
            while told < len(futures) and futures[told].done() and bad is None:
                if tell(futures[told]):
                    bad = futures[told]
                told += 1
            if bad is not None:
                if futures.index(bad) >= told:
                    tell(bad)
                for f in futures:
                    f.cancel()
                print(", ".join(f"{n} {s}" for s, n in sorted(counts.items())) + " (stopped at the first "
                      "failure: -x)")
                return 1
    print(", ".join(f"{n} {s}" for s, n in sorted(counts.items())) or "corpus is empty")
    return 1 if any(counts.get(s) for s in BAD) else 0


def _replay_entry(entry, args, corpus, registry, forced) -> list[tuple[str, str]]:
    """(status, line) for one corpus entry on each of its backends."""
    from dataclasses import replace
    from corpus.record import reference_or_none
    from fuzz.commands.run import configs
    from fuzz.infer import infer
    from fuzz.modes import MODES
    from fuzz.ops.base import Invalid
    from oracles.metamorphic import judge_as
    from oracles.verdict import SuiteError, Verdict, VerdictKind
    try:
        infer(entry.program)
    except Invalid as e:     # a row's rules tightened since the entry was stored: nothing of tinygrad's
        return [("STALE", f"STALE  {entry.kind} {entry.name}: the registry refuses this program now ({e}); rebuild or "
                          "drop the entry")]
    if forced is not None:
        cfgs = forced
    else:
        own = entry.meta.get("backends") or [entry.meta.get("backend", "CPU")] if entry.kind == "crash" else ["CPU"]
        cfgs = configs(_with_backend(args, ",".join(dict.fromkeys(b.split(" ")[0] for b in own))))
    expected = corpus.expected(entry.program)
    if expected is None:
        expected = reference_or_none(entry.program)
        if expected is None:
            return [("FAIL", f"FAIL   {entry.kind} {entry.name}: torch refuses this program (a suite bug)")]
        corpus.save_expected(entry.program, expected)    # so the next replay needs no torch
    mode = entry.meta.get("mode", "values")           # a campaign mode's bucket is judged in that mode
    # a gradient bucket is judged with gradients, and so is a seed or kill test whose stored answers have them
    grad = entry.meta.get("oracle") == "grad" or MODES[mode].grad or \
        (entry.kind != "crash" and bool(expected.get("grads")))
    if grad and not expected.get("grads"):
        expected = reference_or_none(entry.program.with_(shard=None), grad=True) or expected
        if not expected.get("grads"):      # torch refused (or died on) the backward: ours, never tinygrad's
            return [("SUITE", f"SUITE  {entry.kind} {entry.name}: torch gives no gradients for this program (a suite "
                              "bug)")]
        corpus.save_expected(entry.program, expected)
    lines = []
    for config in cfgs:
        try:
            oracle = entry.meta.get("oracle", "")
            cfg = replace(config, grad=grad) if mode == "values" else config
            verdict = judge_as(entry.program, cfg, mode, oracle, expected) or \
                Verdict(VerdictKind.PASS, oracle, "the variant no longer applies", backend=config.label())
        except SuiteError as e:
            out = Outcome("SUITE", f"the suite's own error, not tinygrad's: {e}")
        else:
            out = classify(entry, verdict, registry, config.backend)
        if out.status in BAD and not out.reproduced and (differs := elsewhere(entry, config.backend)):
            out = Outcome("NOTHERE", f"not reproducible here: {'; '.join(differs)}")
        lines.append((out.status, f"{out.status:6} {entry.kind} {entry.name} on {config.backend}"
                                  + (f": {out.why}" if out.why else "")))
        if getattr(args, "exitfirst", False) and out.status in BAD:
            return lines
    for name in [] if forced is not None else entry.meta.get("gate_backends", []):
        out, label = _on_gate_backend(entry, name, cfgs[0], expected, grad, registry)
        lines.append((out.status, f"{out.status:6} {entry.kind} {entry.name} on {label}"
                                  + (f": {out.why}" if out.why else "")))
        if getattr(args, "exitfirst", False) and out.status in BAD:
            break
    return lines


def _on_gate_backend(entry, name: str, base, expected: dict, grad: bool, registry) -> tuple[Outcome, str]:
    """(outcome, backend label) of a seed or kill test on a backend besides CPU that a mutation run saw it kill a
    mutant on (Corpus.gate_backends): on a compile-only target every kernel must render and compile (oracle
    "render"), elsewhere its plain run must match the stored answers, gradients too. A backend whose dependency is
    missing here (NVRTC, nvJitLink) is an "unsupported" verdict, a skip with its reason. `base`: the entry's CPU
    config, whose timeout, plants and tinygrad it takes."""
    from dataclasses import replace
    from oracles.backend_table import BY_NAME
    from oracles.judge import judge
    from oracles.render_eval import render_verdict
    from oracles.verdict import SuiteError
    row = BY_NAME[name]
    cfg = row.config(timeout=base.timeout, patches=base.patches, sut_path=base.sut_path, harness=base.harness)
    try:
        if row.mode == "compile-only":
            verdict = render_verdict(entry.program, cfg)
        else:
            verdict = judge(entry.program, replace(cfg, grad=grad), expected)
    except SuiteError as e:
        return Outcome("SUITE", f"the suite's own error, not tinygrad's: {e}"), cfg.label()
    return classify(entry, verdict, registry, cfg.backend), cfg.label()


def _with_backend(args, backend: str):
    from argparse import Namespace
    return Namespace(**{**vars(args), "backend": backend})

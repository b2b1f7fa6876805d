"""`python -m fuzz bisect TARGET --repo PATH`: the first tinygrad commit where a repro's behaviour changed.

TARGET is a repro script, a registry id (KB-0035) or a corpus bucket. Each step runs the repro in a fresh interpreter
on that commit's tinygrad/ package (read with `git archive`; the repository is never changed), with its own compile
cache; commits where the repro cannot run, or fails some other way, are skipped. When the newer end passes and the
older one fails, it finds the fixing commit instead.
"""
from __future__ import annotations

HELP = "find the first bad (or fixing) tinygrad commit for a repro, registry id or bucket"


def add_arguments(p) -> None:
    p.add_argument("target", help="a repro .py, a registry id (KB-0035) or a corpus bucket")
    p.add_argument("--repo", required=True, metavar="PATH", help="a tinygrad git repository (work tree or bare)")
    p.add_argument("--good", "--old", dest="good", default=None, metavar="REF",
                   help="the older end: a commit where the repro passes (default: the newest release tag where it "
                        "does); for a fix, one where it fails")
    p.add_argument("--bad", "--new", dest="bad", default="HEAD", metavar="REF",
                   help="the newer end (default HEAD): where it fails, or passes when looking for the fix")
    p.add_argument("--same-failure", action="store_true",
                   help="count a commit as bad only when it fails the way the bad end does (else: any failure)")
    p.add_argument("--timeout", type=float, default=300.0, help="seconds per repro run (default 300)")


def run(args) -> int:
    from corpus.bisect import bisect, default_good, repro_of
    from oracles.checkout import Repository
    repo = Repository(args.repo)
    script = repro_of(args.target)
    print(f"bisecting {script} over {args.repo}")
    good = args.good or default_good(repo, script, args.bad, args.timeout, log=print)
    result = bisect(repo, script, good, args.bad, args.timeout, log=print, same_failure=args.same_failure)
    if result.first is None:
        print(f"{result.direction}: somewhere in {len(result.candidates)} commits the repro could not be run on:")
        for c in result.candidates:
            print(f"  {c.short} {c.date} {c.subject}")
        return 1
    c = result.first
    print(f"{result.direction}: first commit that behaves like {args.bad} ({result.new_outcome.describe()}; "
          f"{good} gives {result.old_outcome.describe()}), after {len(result.steps)} steps:")
    print(f"{c.sha} {c.date} {c.subject}")
    there = result.first_outcome
    if there is not None and there.describe() != result.new_outcome.describe():
        print(f"note: it {there.describe()} there, and {result.new_outcome.describe()} at {args.bad}: the failure "
              f"changed form later (--same-failure looks for the latter)")
    print(repo.diffstat(c.sha))
    return 0

"""`python -m fuzz add PROGRAM.json`: judge a hand-written program and, when it fails, file it in the corpus.

This is how a failure found outside a campaign (by hand, from a bug report, from another tool) becomes a bucket
with its minimized program, stored expected outputs and a standalone repro.py, ready for the known-bug registry.
"""
from __future__ import annotations

HELP = "judge a program.json and file it in the corpus as a bucket when it fails"


def add_arguments(p) -> None:
    p.add_argument("path", help="a program.json (the Program IR)")
    p.add_argument("--backend", default="CPU", help="comma-separated backends to judge on (default CPU)")
    p.add_argument("--corpus", default=None, help="corpus directory (default: the repository's corpus/)")
    p.add_argument("--grad", action="store_true", help="also compare gradients")
    p.add_argument("--max-checks", type=int, default=150, help="judge calls the minimizer may spend (0: keep as is)")
    p.add_argument("--timeout", type=float, default=20.0, help="seconds per program before it is a hang")


def run(args) -> int:
    from dataclasses import replace
    from pathlib import Path

    from corpus.store import Corpus, read_program
    from corpus.record import Recorder, reference_or_none
    from fuzz.errors import UsageError
    from fuzz.infer import validate
    from oracles.config import RunConfig, parse_backends
    from oracles.judge import judge
    program = read_program(Path(args.path), args.path)
    validate(program, args.path)
    expected = reference_or_none(program, args.grad)
    if expected is None:
        raise UsageError(f"{args.path}: torch refuses this program, so there is no reference to judge it against")
    corpus = Corpus(args.corpus) if args.corpus else Corpus()
    recorder = Recorder(corpus, max_checks=args.max_checks)
    failed = 0
    for backend in parse_backends(args.backend):
        config = RunConfig(backend=backend, timeout=args.timeout, grad=args.grad)
        verdict = judge(program, config, expected)
        if not verdict.failed:
            print(f"{backend}: {verdict.kind.value}")
            continue
        failed += 1
        bucket, new, sizes = recorder.record(program, verdict, config, expected)
        print(f"{backend}: {verdict.summary()}")
        print(f"  -> bucket {bucket} ({'new' if new else 'known'}), {corpus.bucket_dir(bucket)}")
    return 1 if failed else 0

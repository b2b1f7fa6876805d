"""`python -m fuzz baseline`: measure the speed subjects and compare with, record or refresh their stored baselines.

Subjects: the speed programs in corpus/baselines/programs/, the seed programs in corpus/seeds/, and the
openpilot-like model in each of its configurations, built directly and through ONNX. Without --update only
subjects with no baseline yet are recorded; slower ones are listed and make the exit code 1, improvements are
listed with the hint to refresh. --update writes every measurement (after listing what changes).
"""
from __future__ import annotations

from pathlib import Path

HELP = "record speed baselines (kernels, ops, memory, UOps, image reads); --update refreshes them"
ROOT = Path(__file__).resolve().parent.parent.parent


def add_arguments(p) -> None:
    p.add_argument("--update", action="store_true", help="overwrite stored baselines with this run's numbers")
    p.add_argument("--backend", default="CPU", help="comma-separated backends for the speed programs (default CPU)")
    p.add_argument("--dir", default=None, help="baselines directory (default corpus/baselines)")
    p.add_argument("--models", choices=("ci", "all", "none"), default="ci",
                   help="which openpilot-like model configurations to measure (default: the ci set)")
    p.add_argument("--programs", choices=("all", "speed", "none"), default="all",
                   help="programs to measure: speed programs and seeds (all), speed programs only, or none")


def program_subjects(backends: list[str], which: str = "all") -> list[tuple]:
    """(what, content hash, RunConfig, task kwargs) for every speed and seed program on every backend."""
    from fuzz.errors import UsageError
    from fuzz.infer import validate
    from fuzz.program import Program
    from oracles.config import RunConfig
    out = []
    folders = {"all": ("baselines/programs", "seeds"), "speed": ("baselines/programs",), "none": ()}[which]
    for folder in (ROOT / "corpus" / f for f in folders):
        for path in sorted(folder.glob("*.json")):
            try:
                program = Program.loads(path.read_text())
                validate(program)
            except Exception as e:    # a malformed corpus file is the user's to fix: one line
                raise UsageError(f"{path}: not a valid program ({type(e).__name__}: {e})") from None
            for backend in backends:
                out.append((f"{folder.name}/{path.stem}", program.content_hash, RunConfig(backend=backend),
                            ("oracles.speed_eval:run_request", {"program": program.to_json()})))
    return out


def model_subjects(which: str) -> list[tuple]:
    from fuzz.models import openpilot_like as model
    from oracles.model_eval import model_run_config
    if which == "none":
        return []
    return [(f"{model.NAME}/{how} {name}", f"{model.content_hash()}:{how}", model_run_config(cfg),
             ("oracles.model_eval:run_model", {"how": how, "values": False}))
            for name, cfg in model.CONFIGS.items() for how in model.HOWS if which == "all" or how in cfg.ci]


def run(args) -> int:
    from oracles.config import parse_backends
    from oracles.speed import DEFAULT_DIR, Baselines, compare_counters, describe
    from oracles.worker import WorkerPool
    backends = parse_backends(args.backend)
    subjects = program_subjects(backends, args.programs) + model_subjects(args.models)
    pool = WorkerPool()
    stores: dict[str, Baselines] = {}
    counts = {"new": 0, "same": 0, "slow": 0, "better": 0, "failed": 0}
    try:
        for what, chash, config, (task, kwargs) in subjects:
            outcome = pool.call(config, task, timeout=max(config.timeout, 300.0), **kwargs)
            label = f"{what} [{config.label()}]"
            if outcome.status != "ok":
                counts["failed"] += 1
                print(f"failed  {label}: {outcome.status} {outcome.error.get('type', '')} "
                      f"{outcome.error.get('message', outcome.error.get('reason', ''))[:200]}")
                continue
            version, counters = outcome.value["version"], outcome.value["counters"]
            store = stores.setdefault(version, Baselines(version, args.dir or DEFAULT_DIR))
            old = store.get(chash, config)
            if old is None:
                counts["new"] += 1
                store.put(chash, config, counters, what)
                print(f"new     {label}: " + " ".join(f"{k}={v}" for k, v in counters.items()))
                continue
            cmp = compare_counters(counters, old)
            if cmp.slow:
                counts["slow"] += 1
                print(f"slow    {label}: {describe(cmp.worse)}")
            if cmp.better:
                counts["better"] += 1
                print(f"better  {label}: {describe(cmp.better)}")
            if not cmp.slow and not cmp.better:
                counts["same"] += 1
            if args.update and counters != old:
                store.put(chash, config, counters, what)
    finally:
        pool.close()
        for store in stores.values():
            store.save()
    print(", ".join(f"{n} {k}" for k, n in counts.items()) + (" (baselines updated)" if args.update else ""))
    if counts["better"] and not args.update:
        print("improvements: run `python -m fuzz baseline --update` to make them the new baseline")
    return 1 if (counts["slow"] and not args.update) or counts["failed"] else 0

"""The corpus on disk: crash buckets, seed programs and stored expected outputs, written atomically.

Layout under a root (corpus/ by default):
    crashes/<bucket>/program.json   the (minimized) failing Program
    crashes/<bucket>/meta.json      verdict, signature, backend, tinygrad version, first/last seen, hits, and the
                                    capabilities of the machine that found it (host: oracles.capabilities.Host)
    crashes/<bucket>/repro.py       a standalone script (tinygrad + numpy only)
    seeds/<name>.json               hand-picked Programs, replayed like buckets
    expected/<content_hash>.npz     the reference outputs, so replay needs no torch

meta.json is written last: a bucket directory without it is an interrupted write and is ignored.
"""
from __future__ import annotations

import json
import os
import time
from dataclasses import dataclass
from pathlib import Path

from fuzz.errors import UsageError
from fuzz.infer import validate
from fuzz.program import Program
from oracles import expected as expected_store
from oracles.verdict import Verdict

DEFAULT_ROOT = Path(__file__).resolve().parent
# The kill suite's program lists (corpus/killsuite/): the drawn programs (`mutate suite` rewrites them), then the ones
# `mutate harden` found, kept across rebuilds (a rebuild of the drawn suite dropped the hardened programs that were
# not also seeds). Both are replayed by the gate and run by mutation.
KILL_INDEX_FILES = ("programs.jsonl", "hardened.jsonl")
GATE_ORDER_FILE = "gate_order.json"     # the replay's order, written by mutation runs (Corpus.replay_entries)
KILLERS_FILE = "killers.json"           # {"label" or "label@backend": mutants killed}, written by mutation runs
SEED_BACKENDS_FILE = "seed_backends.json"     # {seed name: [backends besides CPU the gate judges it on]}, by hand


def judged_as(program: Program, variant_mode: str | None = None) -> dict:
    """How the gate judges a seed or kill test ({} : plainly): on its shard plan (what it tests), in the mode of the
    variant it killed a mutant with (gate_modes.json; plain counts there too), or, binding a Variable, in the jit
    mode (a captured JIT replayed with each call's Variable values runs code no eager run reaches). A program with
    gradients is judged plainly, gradients included: the metamorphic modes leave them out."""
    grad = any(i.requires_grad for i in program.inputs)
    if program.shard is not None:
        return {"mode": "shard", "oracle": "shard"}
    if variant_mode and not grad:
        return {"mode": variant_mode, "oracle": "*"}
    if binds_variables(program) and not grad:
        return {"mode": "jit", "oracle": "*"}
    return {}


def _on(backends: list[str] | None) -> dict:
    """An entry's meta naming the backends, besides CPU, the gate judges it on (Corpus.gate_backends)."""
    return {"gate_backends": backends} if backends else {}


def kill_programs(directory: Path) -> list[tuple[Path, Program]]:
    """(file, program) for every program of a kill suite's index files, in order; a line that is no program is a
    UsageError naming the file and line."""
    out = []
    for index in (Path(directory) / name for name in KILL_INDEX_FILES):
        for n, line in enumerate(index.read_text().splitlines() if index.exists() else [], 1):
            if not line.strip():
                continue
            try:
                out.append((index, Program.from_json(json.loads(line))))
            except (ValueError, TypeError, KeyError) as e:
                raise UsageError(f"{index}:{n}: not a program ({e})") from None
    return out


def write_atomic(path: Path, text: str) -> None:
    """tmp + os.replace: a reader (or an interrupted run) sees the old file or the new one, never half of one."""
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    tmp.write_text(text)
    os.replace(tmp, path)


def _backends(meta: dict, backend: str) -> list[str]:
    """Backends a bucket was seen on: the signature leaves the backend out, so one bug on two is one bucket."""
    return sorted(set(meta.get("backends", [meta.get("backend", "")])) | ({backend} if backend else set()) - {""})


def now() -> str:
    return time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime())


def read_program(path: Path, shown: str | None = None, rules: bool = True) -> Program:
    """A Program from a JSON file, checked against the registry (`rules`: its rows' rules too, fuzz.infer.validate);
    any fault is one UsageError line."""
    shown = shown or str(path)
    try:
        text = Path(path).read_text()
    except FileNotFoundError:
        raise UsageError(f"{shown}: no such file") from None
    except (OSError, UnicodeDecodeError) as e:
        raise UsageError(f"{shown}: cannot read: {e}") from None
    try:
        program = Program.loads(text)
    except json.JSONDecodeError as e:
        raise UsageError(f"{shown}: not valid JSON ({e.msg} at line {e.lineno})") from None
    except (KeyError, TypeError, ValueError, AttributeError, IndexError) as e:
        raise UsageError(f"{shown}: not a tinyfuzz program ({type(e).__name__}: {e})") from None
    validate(program, shown, rules)
    return program


def read_json(path: Path, shown: str | None = None) -> dict:
    shown = shown or str(path)
    try:
        data = json.loads(Path(path).read_text())
    except FileNotFoundError:
        raise UsageError(f"{shown}: no such file") from None
    except (json.JSONDecodeError, UnicodeDecodeError) as e:
        raise UsageError(f"{shown}: not valid JSON ({e})") from None
    if not isinstance(data, dict):
        raise UsageError(f"{shown}: expected a JSON object, found {type(data).__name__}")
    return data


def binds_variables(program: Program) -> bool:
    """A program with a symbolic axis (var_shrink binds a Variable) that the JIT oracle can run."""
    from oracles.variant_eval import jit_takes
    return any(n.op == "var_shrink" for n in program.nodes) and jit_takes(program)


@dataclass(frozen=True)
class Entry:
    """One thing replay runs: a crash bucket (with its meta) or a seed program."""
    kind: str                 # "crash" or "seed"
    name: str                 # bucket id or seed file stem
    path: Path                # the bucket directory or the seed file
    program: Program
    meta: dict

    @property
    def verdict(self) -> Verdict | None:
        return Verdict.from_json(self.meta["verdict"]) if "verdict" in self.meta else None

    @property
    def label(self) -> str:
        """The name mutation testing gives it as a kill test (mutate/killsuite.py): ks-<hash>, seed-<name>,
        crash-<bucket>."""
        return self.name if self.kind == "kill" else f"{self.kind}-{self.name}"


class Corpus:
    def __init__(self, root: str | os.PathLike = DEFAULT_ROOT):
        self.root = Path(root)
        self.crashes, self.seeds, self.expected_dir = self.root / "crashes", self.root / "seeds", self.root / "expected"
        self.killsuite = self.root / "killsuite"      # mutation's kill suite: programs.jsonl, expected/ (torch's)
        self._raw: dict[str, str] | None = None     # raw signature -> bucket, built lazily from metas

    # ---- buckets -------------------------------------------------------------------------------

    def bucket_dir(self, bucket: str) -> Path:
        return self.crashes / bucket

    def meta(self, bucket: str) -> dict | None:
        path = self.bucket_dir(bucket) / "meta.json"
        return read_json(path) if path.exists() else None

    def bucket_of_raw(self, raw_signature: str) -> str | None:
        """The bucket an earlier failure with this (unminimized) signature went to: a hit, no minimizing."""
        if self._raw is None:
            self._raw = {}
            for d in sorted(self.crashes.glob("*/meta.json")):
                for sig in read_json(d).get("raw_signatures", []):
                    self._raw[sig] = d.parent.name
        return self._raw.get(raw_signature)

    def record(self, program: Program, verdict: Verdict, *, raw_signature: str, tinygrad: str,
               expected: dict | None = None, repro: str | None = None, sizes: dict | None = None,
               host: dict | None = None, mode: str = "values") -> tuple[str, bool]:
        """Store a failure; returns (bucket, is_new). A known bucket only gains a hit and a last-seen time."""
        bucket = verdict.bucket
        old = self.meta(bucket)
        stamp = now()
        if old is not None:
            raws = sorted(set(old.get("raw_signatures", [])) | {raw_signature})
            meta = old | {"hits": int(old.get("hits", 1)) + 1, "last_seen": stamp, "raw_signatures": raws,
                          "backends": _backends(old, verdict.backend)}
            write_atomic(self.bucket_dir(bucket) / "meta.json", json.dumps(meta, indent=1, sort_keys=True))
            self._remember(raw_signature, bucket)
            return bucket, False
        d = self.bucket_dir(bucket)
        write_atomic(d / "program.json", program.dumps(indent=1))
        if expected is not None:
            self.save_expected(program, expected)
        if repro is not None:
            write_atomic(d / "repro.py", repro)
        meta = {"bucket": bucket, "signature": verdict.signature, "verdict": verdict.to_json(),
                "kind": verdict.kind.value, "oracle": verdict.oracle, "backend": verdict.backend,
                "backends": [verdict.backend],
                "tinygrad": tinygrad, "first_seen": stamp, "last_seen": stamp, "hits": 1,
                "content_hash": program.content_hash, "ops": program.ops(), "raw_signatures": [raw_signature],
                "size": sizes or {}, **({"host": host} if host else {}),
                **({"mode": mode} if mode != "values" else {})}      # how the campaign judged it (fuzz/modes.py)
        write_atomic(d / "meta.json", json.dumps(meta, indent=1, sort_keys=True))   # last: marks the entry whole
        self._remember(raw_signature, bucket)
        return bucket, True

    def add_hit(self, bucket: str, raw_signature: str, backend: str = "") -> None:
        meta = self.meta(bucket)
        if meta is None:
            return
        meta |= {"hits": int(meta.get("hits", 1)) + 1, "last_seen": now(), "backends": _backends(meta, backend)}
        write_atomic(self.bucket_dir(bucket) / "meta.json", json.dumps(meta, indent=1, sort_keys=True))

    def _remember(self, raw_signature: str, bucket: str) -> None:
        if self._raw is not None:
            self._raw[raw_signature] = bucket

    # ---- expected outputs ----------------------------------------------------------------------

    def expected(self, program: Program) -> dict | None:
        return expected_store.load(self.expected_dir, program.content_hash) or \
            expected_store.load(self.killsuite / "expected", program.content_hash)

    def save_expected(self, program: Program, expected: dict) -> None:
        expected_store.save(self.expected_dir, program.content_hash, expected)

    # ---- reading everything back ---------------------------------------------------------------

    def entries(self) -> list[Entry]:
        """Every complete bucket, then every seed (a seed with a shard plan judged on it: judged_as); a malformed file
        is a UsageError naming it."""
        out = []
        for meta_path in sorted(self.crashes.glob("*/meta.json")):
            d = meta_path.parent
            meta = read_json(meta_path)
            if "verdict" not in meta:
                raise UsageError(f"{meta_path}: no 'verdict' recorded")
            try:
                Verdict.from_json(meta["verdict"])
            except (TypeError, ValueError, KeyError) as e:
                raise UsageError(f"{meta_path}: malformed verdict ({e})") from None
            out.append(Entry("crash", d.name, d, read_program(d / "program.json", rules=False), meta))
        gate = self.gate_backends()
        for seed in sorted(self.seeds.glob("*.json")):
            program = read_program(seed, rules=False)
            out.append(Entry("seed", seed.stem, seed, program, judged_as(program) | _on(gate.get(f"seed-{seed.stem}"))))
        return out

    def gate_backends(self) -> dict[str, list[str]]:
        """{seed or kill-test label: the backends besides CPU the CI gate judges it on}, among the rows the gate may
        run (oracles/backend_table.py GATE), in the table's order: those a mutation run saw it kill a mutant on
        (killsuite/killers.json, "label@backend"), and those seed_backends.json names for a seed (hand-picked for a
        backend's own code: a tensor-core matmul on the emulated tensor cores, which no CPU run reaches). A seed
        file naming a backend the gate cannot run is a UsageError."""
        from oracles.backend_table import GATE
        path = self.killsuite / KILLERS_FILE
        labels = [label.partition("@")[::2] for label in (read_json(path) if path.is_file() else {})]
        declared = self.root / SEED_BACKENDS_FILE
        for seed, backends in (read_json(declared) if declared.is_file() else {}).items():
            if not isinstance(backends, list) or any(b not in GATE for b in backends):
                raise UsageError(f"{declared}: {seed!r}: the gate runs only {', '.join(GATE)}, not {backends!r}")
            labels += [(f"seed-{seed}", b) for b in backends]
        out: dict[str, list[str]] = {}
        for name, backend in labels:
            if backend in GATE and backend not in out.get(name, []):
                out.setdefault(name, []).append(backend)
        return {name: sorted(backends, key=GATE.index) for name, backends in out.items()}

    def replay_entries(self) -> list[Entry]:
        """Buckets, seeds and kill tests in the order the CI gate judges them: `fuzz replay -x` stops at the first
        failure, so what comes first decides how soon a broken tinygrad is red. Buckets first (small programs, each
        a registered bug that must still fail the same way: a crashing or removed API is red there in seconds), then
        the seeds and kill tests the last mutation run did not measure (added since, by hand: each was added to
        catch something; listed last, a seed for the data-parallel all-reduce waited 200 s), then the others in the
        order that run wrote (killsuite/gate_order.json, mutate/killsuite.py write_gate_order: each test reaching
        tinygrad lines no test before it reaches; those its record dropped last). In the corpus's own order the
        shard-plan kill tests came last: a broken all-reduce was red after 111 s (2026-12-07). A seed that is also a
        kill test (`mutate harden` writes both) is judged once, as the kill test; the kill tests that run trimmed
        (gate_order.json "trimmed": slow, reaching nothing new, killing nothing) are left out."""
        kills = self.kill_entries()
        in_suite = {e.program.content_hash for e in kills}      # a seed `mutate harden` also put in the suite
        entries = [e for e in self.entries() if e.kind != "seed" or e.program.content_hash not in in_suite] + kills
        path = self.killsuite / GATE_ORDER_FILE
        written = read_json(path) if path.is_file() else {}
        order = {label: k for k, label in enumerate(written.get("order", []))}
        trimmed = written.get("trimmed", {})       # mutate/killsuite.py gate_trim: slow, reach nothing new, kill nothing
        entries = [e for e in entries if e.label not in trimmed]
        return sorted(entries, key=lambda e: (e.kind != "crash", order.get(e.label, -1)))   # stable

    def kill_entries(self) -> list[Entry]:
        """The kill suite's programs that have torch's answers stored: pristine tinygrad passed each when it joined,
        so the CI gate replays them like seeds (what mutation testing showed they catch, the gate catches). Each is
        judged the way it catches most (judged_as; a JIT replaying stale values was not red within 130 s while the
        replay judged the programs binding a Variable eagerly, 2026-12-07)."""
        out = []
        modes_file = self.killsuite / "gate_modes.json"      # mutate/killsuite.py write_gate_modes
        modes = json.loads(modes_file.read_text()) if modes_file.exists() else {}
        gate = self.gate_backends()
        for index, program in kill_programs(self.killsuite):
            if (self.killsuite / "expected" / f"{program.content_hash}.npz").exists():
                name = f"ks-{program.content_hash}"
                meta = judged_as(program, modes.get(name)) | _on(gate.get(name))
                out.append(Entry("kill", name, index, program, meta))
        return out

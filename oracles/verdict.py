"""Verdicts: what running a Program told us, and the signature that buckets failures."""
from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass, field, asdict
from enum import Enum


class SuiteError(Exception):
    """The suite failed, not tinygrad: torch refused the reference, or the worker raised in fuzz/ or oracles/ frames.
    Never a verdict: callers count it and show its traceback (a campaign goes on, a test errors, replay fails)."""


class VerdictKind(str, Enum):
    PASS = "pass"
    MISMATCH = "mismatch"
    CRASH = "crash"
    HANG = "hang"
    DIED = "died"
    SLOW = "slow"
    UNSUPPORTED = "unsupported"

    @property
    def failed(self) -> bool:
        return self not in (VerdictKind.PASS, VerdictKind.UNSUPPORTED)


@dataclass(frozen=True)
class Verdict:
    kind: VerdictKind
    oracle: str = "value"           # which oracle decided: value, grad, speed, crash, hang, or a metamorphic variant
    detail: str = ""                # a sentence for people: which output, how far off, or the exception
    exc_type: str = ""
    message: str = ""
    frame: str = ""                 # innermost tinygrad frame "tinygrad/codegen/x.py:func"
    ops: tuple[str, ...] = ()       # ops of the program judged (after minimization, the ones that matter)
    backend: str = ""
    numbers: dict = field(default_factory=dict, hash=False)   # max_abs, max_rel, output, counters...

    @property
    def failed(self) -> bool:
        return self.kind.failed

    @property
    def symptom(self) -> str:
        """What went wrong, without the program: a mismatch's output dtype and kind of difference ("float32 nan"),
        a crash's normalized message; empty for slow (its counters are in the detail)."""
        if self.kind == VerdictKind.MISMATCH:
            dtype, what = mismatch_class(self)
            return f"{dtype} {what}".strip()
        if self.kind == VerdictKind.SLOW:
            return ""
        return normalize_message(self.message)

    @property
    def signature(self) -> str:
        """Same bug, same signature: kind, oracle, exception type or signal, symptom, innermost tinygrad frame, ops."""
        return "|".join([self.kind.value, self.oracle, self.exc_type, self.symptom, self.frame,
                         ",".join(sorted(set(self.ops)))])

    @property
    def core(self) -> str:
        """The signature without the ops: what the minimizer must keep while it drops ops."""
        return self.signature.rsplit("|", 1)[0]

    @property
    def bucket(self) -> str:
        return hashlib.sha1(self.signature.encode()).hexdigest()[:10]

    def summary(self) -> str:
        where = f" at {self.frame}" if self.frame else ""
        return f"{self.kind.value} ({self.oracle}) on {self.backend}: {self.detail}{where}"

    def to_json(self) -> dict:
        d = asdict(self)
        d["kind"] = self.kind.value
        d["ops"] = list(self.ops)
        return d

    @staticmethod
    def from_json(d: dict) -> "Verdict":
        d = dict(d)
        d["kind"] = VerdictKind(d["kind"])
        d["ops"] = tuple(d.get("ops", ()))
        return Verdict(**d)


def died(error: dict, oracle: str, **base) -> Verdict:
    """A worker that died (oracles.worker.Outcome.error): its signal, and the innermost tinygrad frame of its
    faulthandler dump where there was one."""
    return Verdict(VerdictKind.DIED, oracle, error.get("reason", ""), exc_type=error.get("signal", ""),
                   frame=error.get("frame", ""), **base)


# Kinds of difference a mismatch can have (oracles.compare.Difference.what): the registry's `difference` key names them.
DIFFERENCES = ("nan", "missing-nan", "inf", "value", "shape", "dtype")
_DTYPE_IN_DETAIL = re.compile(r"\b(?:output|gradient) \d+ \((\w+)\)")


def mismatch_class(v: Verdict) -> tuple[str, str]:
    """(output dtype, kind of difference) of a mismatch: from its numbers where the judge recorded them, else read
    from its detail ("output 0 (float32): at [1]: got np.float64(3.0), expected np.float64(nan)"), which every
    value-comparing oracle writes through oracles.compare."""
    dtype, what = v.numbers.get("dtype", ""), v.numbers.get("what", "")
    if not dtype and (m := _DTYPE_IN_DETAIL.search(v.detail)):
        dtype = m.group(1)
    if what == "nan" or not what:
        what = _difference_from_detail(v.detail) or what
    return dtype, what


def _difference_from_detail(detail: str) -> str:
    if detail.startswith("shape") or ": shape " in detail:
        return "shape"
    # the first pair: an operand's, before "; then output ..." (oracles/anchor.py), is the difference that matters
    m = re.search(r"got ([^,]+), expected ([^ ;]+?)(?: \(|;|$)", detail)
    if not m:
        return ""
    got, want = m.group(1), m.group(2)
    if "nan" in want and "nan" not in got:
        return "missing-nan"
    if "nan" in got:
        return "nan"
    if "inf" in got or "inf" in want:
        return "inf"
    return "value"


_NORMALIZERS = [
    # a compiler's failed command names the compiler as the machine has it: "clang-19" here, an absolute path on the
    # device (clang unpacked from .debs); one bug "failed differently" from one machine to the next (bucket
    # f2ca6a9a8c). The program's own name stays (buckets recorded with a bare name keep their ids)
    (re.compile(r"Command '\['/[^']*/([^'/]+)'"), r"Command '['\1'"),
    (re.compile(r"0x[0-9a-fA-F]+"), "H"),
    (re.compile(r"/[\w./-]+"), "P"),
    (re.compile(r"\b\d+(\.\d+)?(e[+-]?\d+)?\b"), "N"),
    (re.compile(r"'[^']{40,}'"), "'S'"),
    (re.compile(r"\s+"), " "),
]


def normalize_message(message: str) -> str:
    """Drop what varies between hits of one bug: numbers, addresses, paths, long quoted values."""
    text = message.strip().splitlines()[0] if message.strip() else ""
    for pattern, repl in _NORMALIZERS:
        text = pattern.sub(repl, text)
    return text[:160]

"""The Program IR: a JSON-serializable DAG of registry ops over inputs, with a content hash.

Values are numbered: inputs first (0..len(inputs)-1), then nodes in order. A node's `args` and the
program's `outputs` refer to values by that number, so a program is data from end to end.
"""
from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass, field, replace
from typing import Any

IR_VERSION = 1
Shape = tuple[int, ...]


@dataclass(frozen=True)
class Values:
    """How an input's numbers are made: a seeded draw from a domain, or literal data (flat, row-major)."""
    seed: int = 0
    domain: str = "normal"
    edges: bool = False                   # sprinkle nan, ±inf, -0.0, subnormals, integer extremes
    data: tuple[Any, ...] | None = None   # literal values win over seed/domain when present

    def to_json(self) -> dict:
        if self.data is not None:
            return {"data": [_encode_number(v) for v in self.data]}
        return {"seed": self.seed, "domain": self.domain, "edges": self.edges}

    @staticmethod
    def from_json(d: dict) -> "Values":
        if "data" in d:
            return Values(data=tuple(_decode_number(v) for v in d["data"]))
        return Values(seed=int(d["seed"]), domain=str(d["domain"]), edges=bool(d.get("edges", False)))


@dataclass(frozen=True)
class Input:
    shape: Shape                       # shape of the stored buffer
    dtype: str
    values: Values = Values()
    view: tuple[tuple, ...] = ()       # movement steps applied unrealized, e.g. ("permute", [1, 0])
    requires_grad: bool = False

    def to_json(self) -> dict:
        d: dict[str, Any] = {"shape": list(self.shape), "dtype": self.dtype, "values": self.values.to_json()}
        if self.view:
            d["view"] = [[step[0], _jsonable(step[1])] for step in self.view]
        if self.requires_grad:
            d["requires_grad"] = True
        return d

    @staticmethod
    def from_json(d: dict) -> "Input":
        return Input(shape=tuple(int(s) for s in d["shape"]), dtype=str(d["dtype"]),
                     values=Values.from_json(d["values"]),
                     view=tuple((str(s[0]), _jsonable(s[1])) for s in d.get("view", [])),
                     requires_grad=bool(d.get("requires_grad", False)))


@dataclass(frozen=True)
class Node:
    op: str
    args: tuple[int, ...]
    attrs: dict = field(default_factory=dict, hash=False)   # JSON values only (lists, not tuples)

    def to_json(self) -> dict:
        d: dict[str, Any] = {"op": self.op, "args": list(self.args)}
        if self.attrs:
            d["attrs"] = _jsonable(self.attrs)
        return d

    @staticmethod
    def from_json(d: dict) -> "Node":
        return Node(op=str(d["op"]), args=tuple(int(a) for a in d["args"]), attrs=_jsonable(d.get("attrs", {})))


@dataclass(frozen=True)
class Program:
    inputs: tuple[Input, ...]
    nodes: tuple[Node, ...]
    outputs: tuple[int, ...]
    shard: dict | None = field(default=None, hash=False)   # a shard plan (see fuzz/shard.py), or None
    version: int = IR_VERSION

    @property
    def n_values(self) -> int:
        return len(self.inputs) + len(self.nodes)

    def to_json(self) -> dict:
        d: dict[str, Any] = {"version": self.version, "inputs": [i.to_json() for i in self.inputs],
                             "nodes": [n.to_json() for n in self.nodes], "outputs": list(self.outputs)}
        if self.shard is not None:
            d["shard"] = _jsonable(self.shard)
        return d

    @staticmethod
    def from_json(d: dict) -> "Program":
        return Program(inputs=tuple(Input.from_json(i) for i in d["inputs"]),
                       nodes=tuple(Node.from_json(n) for n in d["nodes"]),
                       outputs=tuple(int(o) for o in d["outputs"]),
                       shard=_jsonable(d["shard"]) if d.get("shard") is not None else None,
                       version=int(d.get("version", IR_VERSION)))

    def dumps(self, indent: int | None = None) -> str:
        return json.dumps(self.to_json(), sort_keys=True, indent=indent, allow_nan=False)

    @staticmethod
    def loads(text: str) -> "Program":
        return Program.from_json(json.loads(text))

    @property
    def content_hash(self) -> str:
        """First 16 hex digits of sha256 over the canonical JSON: equal programs, equal hash."""
        return hashlib.sha256(self.dumps().encode()).hexdigest()[:16]

    @property
    def size(self) -> int:
        """What the minimizer shrinks: nodes, plus input elements on a log-ish scale."""
        elems = sum(_prod(i.shape) for i in self.inputs)
        return len(self.nodes) * 10 + len(self.inputs) + elems.bit_length()

    def ops(self) -> list[str]:
        return [n.op for n in self.nodes]

    def with_(self, **changes) -> "Program":
        return replace(self, **changes)

    def __repr__(self) -> str:
        lines = [f"x{i} = input({list(inp.shape)}, {inp.dtype!r}"
                 + (f", view={[list(s) for s in inp.view]}" if inp.view else "") + ")"
                 for i, inp in enumerate(self.inputs)]
        for k, n in enumerate(self.nodes):
            args = ", ".join(_ref(a, len(self.inputs)) for a in n.args)
            attrs = "".join(f", {key}={val!r}" for key, val in sorted(n.attrs.items()))
            lines.append(f"{_ref(len(self.inputs) + k, len(self.inputs))} = {n.op}({args}{attrs})")
        lines.append("outputs: " + ", ".join(_ref(o, len(self.inputs)) for o in self.outputs))
        return "\n".join(lines)


def _ref(i: int, n_inputs: int) -> str:
    return f"x{i}" if i < n_inputs else f"v{i - n_inputs}"


def _prod(shape) -> int:
    out = 1
    for s in shape:
        out *= s
    return out


def _jsonable(v):
    """Canonical JSON form: tuples become lists, so a program equals its own round trip."""
    if isinstance(v, (list, tuple)):
        return [_jsonable(x) for x in v]
    if isinstance(v, dict):
        return {str(k): _jsonable(x) for k, x in v.items()}
    return v


# Standard JSON has no nan/inf and loses -0.0's sign in some readers: those travel as strings.
_SPECIAL = {"nan": float("nan"), "inf": float("inf"), "-inf": float("-inf"), "-0.0": -0.0}


def _encode_number(v):
    if isinstance(v, float):
        if v != v:
            return "nan"
        if v in (float("inf"), float("-inf")):
            return "inf" if v > 0 else "-inf"
        if v == 0.0 and str(v).startswith("-"):
            return "-0.0"
    return v


def _decode_number(v):
    return _SPECIAL[v] if isinstance(v, str) else v

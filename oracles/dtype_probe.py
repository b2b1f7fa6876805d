"""Which dtypes a backend runs: one tiny program per dtype, in a worker, so strategies draw only those."""
from __future__ import annotations

from fuzz.dtypes import ALL
from fuzz.program import Input, Node, Program, Values
from oracles.config import RunConfig
from oracles.worker import WorkerPool, pool as default_pool


def probe_program(dtype: str) -> Program:
    """x + x and a cast to float32 in the dtype: enough to need the renderer and the runtime for it."""
    x = Input((3,), dtype, Values(seed=1, domain="small"))
    return Program(inputs=(x,), nodes=(Node("add", (0, 0)),), outputs=(1,))


def supported_dtypes(config: RunConfig, pool: WorkerPool | None = None) -> tuple[str, ...]:
    ok = []
    for dt in ALL:
        out = (pool or default_pool()).call(config, "oracles.tiny_eval:run_request", program=probe_program(dt).to_json(),
                                            grad=False, counters=False)
        if out.status == "ok":
            ok.append(dt)
    return tuple(ok)

"""Worker tasks for the metamorphic variants that need more than settings: random kernel opts, TinyJit replay.

random opts: every kernel gets a seeded random sequence of tinygrad's own optimization actions (the list BEAM
searches over: upcast, unroll, local, group, tensor cores, swap, thread), picked uniformly among those the kernel
scheduler accepts at each step (tinygrad's get_kernel_actions), like tinygrad's former linearizer fuzzer.
TinyJit: the program is captured and replayed with fresh inputs; each call is compared with an eager run.
"""
from __future__ import annotations

import random
from contextlib import contextmanager

from fuzz.ops.symbolic import shrink_to_variable
from fuzz.program import Input, Program, Values
from oracles.adapter import absorbing
from oracles.evaluate import walk
from oracles.tiny_eval import VIEW_STEPS, written_input, load_input, run_tinygrad, tiny_lib, to_numpy

MAX_OPTS = 4            # actions per kernel: enough to stack upcast on unroll on local
MAX_UPCAST = 64         # product of upcast/unroll sizes a sequence may reach (BEAM allows 256: slow to compile)
JIT_CALLS = 3           # 1: eager warm-up, 2: capture, 3: replay (the one that uses the captured graph)
JIT_BOUNDS = lambda bound, side, call: (bound, max(1, bound - 1), side)[call % 3]   # a cut's value on each call


def _clear_program_caches() -> None:
    """Compiled kernels are cached by AST: a new opt sequence for an AST seen before must not hit the cache. The caches
    are probed, not assumed: 0.12.0 has neither to_program_cache nor runtime_cache (`fuzz run --tinygrad REPO@v0.12.0`)."""
    import tinygrad.codegen as codegen
    from tinygrad.engine import realize
    for cache in (getattr(codegen, "to_program_cache", None), getattr(realize, "runtime_cache", None),
                  getattr(realize, "method_cache", None)):
        if cache is not None:
            cache.clear()


@contextmanager
def random_opts(seed: int, applied: list):
    """Within this block, every kernel is optimized by a random valid action sequence drawn from (seed, kernel)."""
    import tinygrad.codegen as codegen
    from tinygrad.codegen.opt.postrange import Scheduler
    from tinygrad.codegen.opt.search import get_kernel_actions
    original = codegen.apply_opts

    def apply_random(ast, ren, beam=0):
        if ast.tag is not None or (ast.arg is not None and ast.arg.opts_to_apply is not None):
            return original(ast, ren, beam)
        k = Scheduler(ast, ren)
        k.convert_loop_to_global()
        rng = random.Random(f"{seed}:{ast.key.hex()}")
        want, done = rng.randint(1, MAX_OPTS), []
        for _ in range(want):
            valid = list(get_kernel_actions(k, include_0=False, max_up=MAX_UPCAST).values())   # applied copies
            if not valid:
                break
            k = rng.choice(valid)
            done.append(repr(k.applied_opts[-1]))
        applied.append(done)
        name = ast.arg.name if ast.arg is not None and ast.arg.name != "test" else None
        return k.get_optimized_ast(name_override=name)
    from tinygrad import Context
    _clear_program_caches()
    codegen.apply_opts = apply_random
    try:
        with Context(SCACHE=0):     # a cached schedule would carry kernels optimized before this block
            yield
    finally:
        codegen.apply_opts = original
        _clear_program_caches()


def random_opts_request(program: dict, seed: int, grad: bool = False, counters: bool = True) -> dict:
    """Worker task: the program's outputs with every kernel randomly optimized; `opts` lists each kernel's actions."""
    applied: list = []
    with absorbing(), random_opts(seed, applied):
        result = run_tinygrad(Program.from_json(program), grad=grad, counters=counters)
    result["opts"] = applied
    return result


def shifted_inputs(program: Program, call: int) -> Program:
    """The same program on other numbers: seeds move on, literal data rolls by one place."""
    def shift(inp: Input) -> Input:
        v = inp.values
        if v.data is not None:
            data = v.data[-call:] + v.data[:-call] if v.data and call % len(v.data) else v.data
            return Input(inp.shape, inp.dtype, Values(data=tuple(data)), inp.view, inp.requires_grad)
        return Input(inp.shape, inp.dtype, Values(seed=v.seed + 7919 * call, domain=v.domain, edges=v.edges),
                     inp.view, inp.requires_grad)
    return program.with_(inputs=tuple(shift(i) for i in program.inputs))


def jit_request(program: dict, calls: int = JIT_CALLS) -> dict:
    """Worker task: call a TinyJit of the program `calls` times on shifted inputs; eager outputs for the same inputs.

    Returns {"jit": [outputs per call], "eager": [outputs per call], "captured": bool}.
    """
    with absorbing():
        return _jit_run(Program.from_json(program), calls)


def _jit_run(p: Program, calls: int) -> dict:
    from tinygrad import TinyJit
    from tinygrad.engine.jit import JitError
    L = tiny_lib()
    cuts = JitCuts(p)

    def body(*args):
        xs, bound = args[:len(p.inputs)], args[len(p.inputs):]
        views = []
        for x, inp in zip(xs, p.inputs):
            for kind, arg in inp.view:
                x = VIEW_STEPS[kind](x, arg)
            views.append(x)
        vals = walk(p, "tiny", L, views, lower=cuts.lowering(bound))
        # a JIT's outputs must be fresh buffers: an output that is an input would alias it across calls
        return [(vals[o].clone() if written_input(p, o) is not None else vals[o].contiguous()).realize()
                for o in p.outputs]

    jitted = TinyJit(body)
    out: dict = {"jit": [], "eager": [], "captured": True}
    for call in range(calls):
        q = shifted_inputs(p, call)
        bases = [load_input(L, inp)[0] for inp in q.inputs]
        try:
            got = jitted(*bases, *cuts.bind(call))
        except JitError as e:           # nothing to capture (a program of views only): not a finding
            out["captured"] = False
            out["reason"] = str(e)
            return out
        out["jit"].append([to_numpy(t) for t in cuts.read_back(got, call)])   # copy now: the next call reuses them
        eager_in = [load_input(L, inp)[0] for inp in q.inputs]
        eager = cuts.read_back(body(*eager_in, *cuts.bind(call)), call)
        out["eager"].append([to_numpy(t) for t in eager])
        # which outputs are an input's own buffer (tinygrad returned the input for x.contiguous(), an identity
        # repeat or a same-size bitcast): the symptom KB-0028 needs, seen here rather than guessed from op names
        out["aliases"] = [next((i for i, b in enumerate(eager_in) if _same_buffer(t, b)), None) for t in eager]
    return out


class JitCuts:
    """Symbolic shapes under the JIT, as a KV cache uses it: each Variable of the program's cuts (fuzz/ops/symbolic.py)
    is an argument of the jitted function, bound to another value on every call (`JIT_BOUNDS`: the program's own
    bound, one less, the whole side), so the replay runs the captured kernels with a new value. Outputs read back
    from a symbolic value are returned as their symbolic buffers and read at the call's bound outside the JIT. A
    program without cuts passes no Variables and reads back nothing."""

    def __init__(self, p: Program):
        self.p, self.n_in = p, len(p.inputs)
        self.keys, self.read_backs = [], set()
        cut_nodes = [n for n in p.nodes if n.op == "var_shrink"]
        if not cut_nodes:                  # most programs: nothing to infer
            return
        from fuzz.infer import infer, symbolic_axes
        from fuzz.ops.symbolic import is_symbolic
        from tinygrad import Variable
        self.specs = infer(p)
        self.axes = symbolic_axes(p, self.specs)
        self.keys = sorted({self._key(n) for n in cut_nodes})
        self.read_backs = {o for o in p.outputs if o >= self.n_in and p.nodes[o - self.n_in].op == "var_unshrink"
                           and is_symbolic(self.axes[p.nodes[o - self.n_in].args[0]])}
        self.variables = [Variable(f"v{b}of{side}", 1, side) for b, side in self.keys]

    def _key(self, node) -> tuple[int, int]:
        return node.attrs["bound"], self.specs[node.args[0]].shape[node.attrs["axis"]]

    def values(self, call: int) -> dict:
        return {(b, side): JIT_BOUNDS(b, side, call) for b, side in self.keys}

    def bind(self, call: int) -> list:
        now = self.values(call)
        return [v.bind(now[k]) for v, k in zip(self.variables, self.keys)] if self.keys else []

    def lowering(self, bound: tuple):
        """The walk's override: a cut with the passed Variable; a read-back output left as its symbolic buffer."""
        if not self.keys:
            return None
        passed = dict(zip(self.keys, bound))

        def lower(k, node, operands):
            if node.op == "var_shrink":
                return shrink_to_variable(operands[0], node.attrs["axis"], node.attrs["bound"],
                                          cut=passed[self._key(node)])
            if self.n_in + k in self.read_backs:
                return operands[0].contiguous()
            return None
        return lower

    def read_back(self, outs: list, call: int) -> list:
        now = self.values(call)
        res = []
        for t, o in zip(outs, self.p.outputs):
            if o in self.read_backs:
                arg = self.p.nodes[o - self.n_in].args[0]
                shape = [now[key] if key else s for s, key in zip(self.specs[arg].shape, self.axes[arg])]
                t = t.shrink(tuple((0, s) for s in shape))
            res.append(t)
        return res


def jit_takes(p: Program) -> bool:
    """Can the JIT oracle run this program? With cuts, only where every read-back of a symbolic value is an output
    no node reads (inside the JIT a read-back's side would be the call's bound, not a number)."""
    from fuzz.infer import infer, symbolic_axes
    from fuzz.ops.symbolic import is_symbolic
    if not any(n.op == "var_shrink" for n in p.nodes):
        return True
    n_in, axes = len(p.inputs), symbolic_axes(p, infer(p))
    read = {a for n in p.nodes for a in n.args}
    return all(n_in + k in p.outputs and n_in + k not in read
               for k, n in enumerate(p.nodes) if n.op == "var_unshrink" and is_symbolic(axes[n.args[0]]))


def _same_buffer(t, base) -> bool:
    def root(buf):             # a buffer view (a same-size bitcast) shares its base's memory
        return getattr(buf, "_base", None) or buf
    try:
        return root(t.uop.base.buffer) is root(base.uop.base.buffer)
    except Exception:          # a CONST (0-d input) or an unrealized view has no buffer to share
        return False


"""Marks on a mismatch's text: a property of the program that a registered bug needs, so its registry rule can ask
for the mark and swallow only itself (DESIGN principle 10). Each mark is a short parenthesis appended to the detail;
the signature does not read it. judge.wrapping_cast (KB-0057) and judge.twin_scalars (KB-0021) are two more.
"""
from __future__ import annotations

import numpy as np

from fuzz.dtypes import DTYPES
from fuzz.infer import infer
from fuzz.ops import OPS
from fuzz.program import Program
from oracles.compare import OVERFLOW_AT

SETITEM_VIEWS = ("setitem", "setitem_scalar")     # basic setitem: a view of the target, then assign into it
NARROW_ARITH = ("add", "sub", "mul", "scalar_add", "scalar_radd", "scalar_sub", "scalar_rsub", "scalar_mul",
                "assign_add", "assign_mul")
KEEP_EVERY_ELEMENT = ("permute", "reshape", "flip", "pad")       # input views that drop no element of the buffer
WIDE_READERS = ("keccak",)      # reads its uint8 bytes as uint64 words, a widening read kept in the kernel (KB-0008)


def marks(program: Program) -> str:
    """Every mark that holds, in a fixed order (the program's specs inferred once for all of them)."""
    specs = infer(program)
    return (view_write_reader(program) + scalar_copy_before_write(program) + reshaped_setitem(program, specs)
            + narrow_int_widened(program, specs) + weak_result(program, specs)
            + weak_reader_of_written(program, specs) + all_padding(program) + chained_division(program)
            + corners_to_one(program) + bool_cast_joined(program, specs) + nearest_exact_same_side(program, specs)
            + expanded_to_zero_padded(program) + folded_scalar_ratio(program, specs)
            + half_scatter_product(program, specs) + signed_zero_joined(program, specs) + large_phase(program)
            + narrowing_scalar_cast(program, specs) + unwrapped_scalar_arith(program, specs)
            + negative_subnormal_power(program, specs)
            + atan_near_one(program, specs) + diagonal_of_padded(program))


def grad_marks(program: Program, got: dict) -> str:
    """Every mark a gradient verdict carries, in a fixed order (judge.twin_scalars, which needs the gradient's index,
    is the judge's)."""
    return (wide_dilated_kernel(program) + std_of_one(program, got) + nearest_exact_same_side(program)
            + layernorm_of_one(program) + elu_at_zero(program))


def large_phase(program: Program) -> str:
    """KB-0006's mark: cos or tan of an input holding a finite value of magnitude 1e3 or more, where tinygrad's
    sin(pi/2 - x) rounds the phase (float32 cos(1e30) is 0.79116, -sin(1e30), for -0.6116); a nan or inf operand
    gets no mark, so a wrong cos(inf) stays new (bucket 380b9c804e: rsqrt of that cos, a number for nan)."""
    from fuzz.values import materialize
    for k, node in enumerate(program.nodes):
        x = node.args[0] if node.op in ("cos", "tan") else None
        if x is not None and x < len(program.inputs) and not program.inputs[x].view:
            a = np.asarray(materialize(program.inputs[x]), np.float64)
            if np.any(np.isfinite(a) & (np.abs(a) >= 1e3)):
                return f" (v{k}: {node.op} of an input past 1e3)"
    return ""


def folded_scalar_ratio(program: Program, specs=None) -> str:
    """KB-0109's mark: c1 / (c2 / x) in a float dtype where c1 / c2 is past the dtype's largest number. tinygrad folds
    the two scalars into one constant, c1 * (1 / c2), made in the dtype: inf, where no value of the program is
    (10000 / (0.1 / y) in float16 is inf for 18944)."""
    n_in = len(program.inputs)
    specs = specs or infer(program)
    for k, node in enumerate(program.nodes):
        inner = node.args[0] - n_in
        if node.op != "scalar_rdiv" or inner < 0 or program.nodes[inner].op != "scalar_rdiv":
            continue
        dtype = specs[n_in + k].dtype
        c1, c2 = node.attrs["scalar"], program.nodes[inner].attrs["scalar"]
        if dtype in OVERFLOW_AT and c2 != 0 and abs(c1 / c2) >= OVERFLOW_AT[dtype]:     # rounds to inf there
            return f" (v{k} divides {c1} by v{inner}'s {c2} over a value: {c1} / {c2} is past {dtype}'s range)"
    return ""


def half_scatter_product(program: Program, specs=None) -> str:
    """KB-0086's mark for scatter_reduce: its prod is a float16/bfloat16 prod (a product accumulated in the dtype);
    its sum and mean accumulate wider and are not this bug."""
    n_in = len(program.inputs)
    specs = specs or infer(program)
    for k, node in enumerate(program.nodes):
        dtype = specs[n_in + k].dtype
        if node.op == "scatter_reduce" and node.attrs.get("reduce") == "prod" and dtype in ("float16", "bfloat16"):
            return f" (v{k} multiplies {dtype} values in scatter_reduce)"
    return ""


def signed_zero_joined(program: Program, specs=None) -> str:
    """KB-0112's mark: a reflect or replicate pad, or a cat of pieces of unequal size, of an input that holds -0.0 (not
    written before). tinygrad's cat of unequal pieces is the sum of the pieces each zero-padded to the whole (reflect
    and replicate pads are such cats), and -0.0 + 0.0 is +0.0: the sign of zero is lost (bucket be11064d15)."""
    from fuzz.values import materialize
    n_in, specs = len(program.inputs), specs or infer(program)
    for k, node in enumerate(program.nodes):
        if node.op == "pad_edge" and node.attrs.get("mode") in ("reflect", "replicate") \
                and any(b > 0 or a > 0 for b, a in node.attrs["pads"]):
            what = f"a {node.attrs['mode']} pad"
        elif node.op == "cat" and len({specs[a].shape[node.attrs.get("dim", 0)] for a in node.args}) > 1:
            what = "a cat"
        else:
            continue
        for x in dict.fromkeys(a for a in node.args if a < n_in):
            if holding_before(program, x, k) != x \
                    or any(kind not in KEEP_EVERY_ELEMENT for kind, _ in program.inputs[x].view):
                continue            # written before, or a view that may drop the -0.0: not what the pad reads
            held = np.asarray(materialize(program.inputs[x]), np.float64)
            if ((held == 0) & np.signbit(held)).any():
                return f" (v{k}: {what} of x{x}, which holds -0.0)"
    return ""


def _plain_input(program: Program, x: int, k: int) -> np.ndarray | None:
    """Input x's numbers as node k reads them (float64), or None: not an input, a view of one, or written before."""
    from fuzz.values import materialize
    if x >= len(program.inputs) or program.inputs[x].view or holding_before(program, x, k) != x:
        return None
    return np.asarray(materialize(program.inputs[x]), np.float64)


def _int_scalar_input(program: Program, x: int, k: int, specs) -> int | None:
    """The value of a 0-d integer input x as node k reads it (a CONST in tinygrad), or None."""
    if x >= len(program.inputs) or program.inputs[x].shape != () or not DTYPES[specs[x].dtype].is_int:
        return None
    held = _plain_input(program, x, k)
    return None if held is None else int(held)


def narrowing_scalar_cast(program: Program, specs=None) -> str:
    """KB-0017's mark on a value mismatch: an integer cast of a 0-d integer input whose value the target does not
    hold. tinygrad makes a 0-d input a CONST, and CAST(CONST) folds to the same Python int in the target dtype without
    wrapping: int64 -1 cast to uint32 stays -1 (bucket 23ec24af7c, 2026-12-07: then cast to float64, -1.0 for
    4294967295.0). A cast of a buffer, or of a value the target holds, is not marked."""
    specs = specs or infer(program)
    for k, node in enumerate(program.nodes):
        dst = DTYPES.get(node.attrs.get("dtype", "")) if node.op == "cast" else None
        held = _int_scalar_input(program, node.args[0], k, specs) if dst is not None and dst.is_int else None
        if held is not None and not (dst.min <= held <= dst.max):
            return f" (v{k}: a 0-d {specs[node.args[0]].dtype} {held} cast to {dst.name}, which does not hold it)"
    return ""


SCALAR_ARITH = {"scalar_add": lambda x, c: x + c, "scalar_radd": lambda x, c: c + x, "scalar_sub": lambda x, c: x - c,
                "scalar_rsub": lambda x, c: c - x, "scalar_mul": lambda x, c: x * c}


def unwrapped_scalar_arith(program: Program, specs=None) -> str:
    """KB-0015's mark on a value mismatch: a 0-d integer input (a CONST) plus, minus or times an int scalar, where the
    exact result leaves the dtype's range. tinygrad folds the constant arithmetic in Python ints without wrapping:
    uint32 4 - 255 stays -251, and - 0.5 then gives -251.5 for 4294967040.0 (device bucket 905eb08909)."""
    specs = specs or infer(program)
    for k, node in enumerate(program.nodes):
        scalar = node.attrs.get("scalar")
        if node.op not in SCALAR_ARITH or not isinstance(scalar, int) or isinstance(scalar, bool):
            continue
        held = _int_scalar_input(program, node.args[0], k, specs)
        dt = DTYPES[specs[node.args[0]].dtype]
        if held is not None and not dt.min <= SCALAR_ARITH[node.op](held, scalar) <= dt.max:
            return f" (v{k}: 0-d {dt.name} arithmetic past its range, not wrapped)"
    return ""


def negative_subnormal_power(program: Program, specs=None) -> str:
    """KB-0042's mark for pow: a base input holding a negative number whose reciprocal overflows the dtype, raised to
    a 0-d (constant) negative power. tinygrad rewrites x ** -c as (1/x) ** c, so float64 -5e-324 ** -1.14 becomes
    (-inf) ** 1.14, inf, where IEEE pow says nan for a negative base to a non-integer power (bucket ef4b817790)."""
    specs = specs or infer(program)
    for k, node in enumerate(program.nodes):
        if node.op != "pow" or node.args[1] >= len(program.inputs) or program.inputs[node.args[1]].shape != ():
            continue
        base, exponent = _plain_input(program, node.args[0], k), _plain_input(program, node.args[1], k)
        if base is None or exponent is None or not float(exponent) < 0:
            continue
        top = OVERFLOW_AT.get(specs[node.args[0]].dtype, np.finfo(np.float64).max)
        with np.errstate(divide="ignore", over="ignore"):
            if np.any((base < 0) & (np.abs(1 / base) > top)):
                return f" (v{k}: a negative base whose reciprocal overflows, to a negative constant power)"
    return ""


def diagonal_of_padded(program: Program) -> str:
    """KB-0113's mark: a diagonal of an input whose view pads it. tinygrad's diagonal is a strided read of the
    flattened tensor, and such a read of a padded buffer loses the pad's mask: (2, 1) padded to (3, 4), diagonal(2)
    is [1, 2] for [1, 0] (device bucket 715657fb8b). A diagonal of an unpadded input is not marked."""
    for k, node in enumerate(program.nodes):
        x = node.args[0] if node.op == "diagonal" else None
        if x is not None and x < len(program.inputs) and holding_before(program, x, k) == x and any(
                kind == "pad" and any(v for pair in args for v in pair) for kind, args in program.inputs[x].view):
            return f" (v{k}: diagonal of x{x}, a padded view)"
    return ""


def atan_near_one(program: Program, specs=None) -> str:
    """KB-0009's mark for atan's accuracy: an input of a finite x where x / sqrt(1 + x*x), tinygrad's asin argument,
    rounds to +-1 in the input's dtype, so asin returns +-pi/2 (float16 atan(63.125) is 1.5703, want 1.5547; bucket
    af3b85f96a). In float16 that is |x| past about 45; in float32 about 2900."""
    from fuzz.dtypes import bfloat16_round
    specs = specs or infer(program)
    for k, node in enumerate(program.nodes):
        x = node.args[0] if node.op == "atan" else None
        held = _plain_input(program, x, k) if x is not None else None
        if held is None or not DTYPES[specs[x].dtype].is_float:
            continue
        dtype = specs[x].dtype
        rnd = bfloat16_round if dtype == "bfloat16" else (lambda a: np.asarray(a, DTYPES[dtype].numpy))
        with np.errstate(over="ignore", invalid="ignore"):
            v = rnd(held)
            r = rnd(v / rnd(np.sqrt(rnd(1 + rnd(v * v)))))
        if np.any(np.isfinite(held) & (np.abs(np.asarray(r, np.float64)) == 1)):
            return f" (v{k}: atan of x{x}, where x / sqrt(1 + x*x) rounds to 1 in {dtype})"
    return ""


def half_cumprod_rounded(program: Program, got: dict) -> str:
    """KB-0086's mark for cumprod, told by the numbers: a float16/bfloat16 cumprod of an input that is a program output
    and equals, at every element, the running product rounded to its dtype at each step (torch rounds once). Bucket
    4f250f5059: bfloat16 over an axis of 127 is off by up to 14 ulps, bit for bit that product."""
    from fuzz.dtypes import bfloat16_round
    if "cumprod" not in program.ops():
        return ""
    n_in, specs = len(program.inputs), infer(program)
    for k, node in enumerate(program.nodes):
        if node.op != "cumprod":
            continue
        x, dtype = node.args[0], specs[n_in + k].dtype
        if dtype not in ("float16", "bfloat16") or n_in + k not in program.outputs or not specs[x].shape \
                or 0 in specs[x].shape or (stored := _plain_input(program, x, k)) is None:
            continue            # the numbers it reads are the stored input, and its own numbers are an output
        held = np.moveaxis(stored, node.attrs["axis"], 0)
        rounded = bfloat16_round if dtype == "bfloat16" else (lambda v: np.asarray(v).astype(np.float16))
        run = [rounded(held[0])]
        with np.errstate(over="ignore", invalid="ignore"):
            for step in held[1:]:
                run.append(rounded(np.asarray(run[-1], np.float64) * step))      # exact in float64, rounded once
        want = np.moveaxis(np.asarray(run, np.float64), 0, node.attrs["axis"])
        out = np.asarray(got["outputs"][program.outputs.index(n_in + k)], np.float64)
        if out.shape == want.shape and np.array_equal(out, want, equal_nan=True):
            return f" (v{k}: {dtype} cumprod rounded to {dtype} at every step)"
    return ""


def float64_in_32_bits(program: Program, i: int, got: np.ndarray, specs=None) -> str:
    """KB-0114's mark, told by the numbers: output i is float64, and every one of its numbers is a float32 value
    that is not a whole number (a whole-number result, a count or a sum of integers, proves nothing). Bucket
    7243a9adab: float64 cross_entropy of constant logits was 709.2813110351562, float32's nearest, for
    709.2817337802788: the kernel held its folded constant and accumulator as float."""
    if (specs or infer(program))[program.outputs[i]].dtype != "float64":
        return ""
    held = np.asarray(got, np.float64).ravel()
    if not held.size or not np.all(np.isfinite(held)) or np.all(held == np.round(held)):
        return ""
    with np.errstate(over="ignore"):
        if np.array_equal(held.astype(np.float32).astype(np.float64), held):
            return f" (output {i}: float64 numbers that are all float32 values)"
    return ""


def expanded_to_zero_padded(program: Program) -> str:
    """KB-0108's mark: a pad of an input whose view expands a realized buffer to a side of 0. tinygrad 0.13.0 on gives
    the buffer's element where every element is padding (Tensor([4]).expand(0).pad(((0, 1),)) is [4], not [0])."""
    for k, node in enumerate(program.nodes):
        if node.op == "pad":
            inp = program.inputs[node.args[0]] if node.args[0] < len(program.inputs) else None
            if inp is not None and any(kind == "expand" and 0 in arg for kind, arg in inp.view):
                return f" (v{k} pads x{node.args[0]}, expanded to a side of 0)"
    return ""


def corners_to_one(program: Program) -> str:
    """KB-0095's mark: a linear interpolate with align_corners to an output side of 1, where tinygrad divides by
    side - 1 = 0 (torch takes position 0 there)."""
    for k, node in enumerate(program.nodes):
        if node.op == "interpolate" and node.attrs.get("mode") == "linear" and node.attrs.get("align_corners") \
                and 1 in node.attrs.get("size", ()):
            return f" (v{k} interpolates with align_corners to a side of 1)"
    return ""


def bool_cast_joined(program: Program, specs=None) -> str:
    """KB-0097's mark: a cat whose operand was cast from bool, beside an operand loaded from another buffer. tinygrad
    folds where(in_a, cast(a), b) into cast(where(in_a, a, b != 0)), so the other operand's elements read as 0 or 1."""
    specs = specs or infer(program)
    n_in, above = len(program.inputs), _ancestors(program)
    from_bool = {n_in + k for k, n in enumerate(program.nodes)
                 if n.op == "cast" and specs[n.args[0]].dtype == "bool" and n.attrs.get("dtype") != "bool"}
    for k, node in enumerate(program.nodes):
        if node.op == "cat" and len(node.args) > 1 and any(above[a] & from_bool for a in node.args):
            return f" (v{k} joins a value cast from bool with another)"
    return ""


def nearest_exact_same_side(program: Program, specs=None) -> str:
    """KB-0099's mark: a nearest-exact interpolate to a side equal to its input's, whose index (arange + 0.5).cast(int)
    the gradient reads wrong (element 0 gets no gradient)."""
    specs = specs or infer(program)
    for k, node in enumerate(program.nodes):
        if node.op == "interpolate" and node.attrs.get("mode") == "nearest-exact":
            size = list(node.attrs.get("size", ()))
            if any(s == side for s, side in zip(size, specs[node.args[0]].shape[-len(size):])):
                return f" (v{k} interpolates nearest-exact to a side it has)"
    return ""


def ranked_shards(program: Program) -> str:
    """KB-0023's mark on a shard verdict: the plan shards two inputs of different rank (each on an axis). tinygrad's
    alu_multi compares their raw axis numbers, not right-aligned ones, so a binary op (a matmul's inner multiply too)
    may combine shards that do not line up."""
    plan = program.shard or {}
    specs = infer(program)
    sharded = [(i, len(specs[i].shape)) for i, e in enumerate(plan.get("inputs", [])) if e.get("axis") is not None]
    for i, rank in sharded:
        other = next((j for j, r in sharded if r != rank), None)
        if other is not None:
            return f" (x{i} and x{other}, of ranks {rank} and {len(specs[other].shape)}, are both sharded)"
    return ""


def padded_replica(program: Program) -> str:
    """KB-0084's mark on a shard verdict: an input replicated and then padded (its view applied after the placement)
    while another input is sharded on an axis. Each shard of the sum reads the pad's window of the first shard."""
    plan = program.shard or {}
    entries = plan.get("inputs", [])
    if not any(e.get("axis") is not None for e in entries):
        return ""
    for i, (inp, e) in enumerate(zip(program.inputs, entries)):
        if e.get("axis") is None and e.get("at") == "base" and any(kind == "pad" for kind, _ in inp.view):
            return f" (x{i} is padded after it is replicated, beside a sharded input)"
    return ""


def wide_dilated_kernel(program: Program) -> str:
    """KB-0073's mark: a conv2d whose dilated kernel spans more than its unpadded input on an axis, so some positions
    see only padding and the reduce in their gradient folds away."""
    specs = infer(program)
    for k, node in enumerate(program.nodes):
        if node.op not in ("conv2d", "conv_transpose2d"):
            continue
        x, w = specs[node.args[0]].shape, specs[node.args[1]].shape
        d, p = int(node.attrs.get("dilation", 1)), int(node.attrs.get("padding", 0))
        if node.op == "conv2d":
            if p == 0:
                continue
            wide = any(d * (kw - 1) + 1 > xw for kw, xw in zip(w[-2:], x[-2:]))
        else:   # tinygrad's conv_transpose2d: a conv2d of the stride-dilated input, padding d * (k - 1) - p
            s = int(node.attrs.get("stride", 1))
            wide = any(d * (kw - 1) - p > 0 and d * (kw - 1) + 1 > (xw - 1) * s + 1 for kw, xw in zip(w[-2:], x[-2:]))
        if wide:
            return f" (v{k}: {node.op}'s dilated kernel spans more than its unpadded input)"
    return ""


def std_of_one(program: Program, got: dict | None = None) -> str:
    """KB-0069's mark on a gradient verdict: a std over one element each (a 0-d input, or sides of 1 on its axes), so
    std is 0 and tinygrad's gradient through it is nan, whatever else the input's gradient adds (bucket 97c7937932:
    the input is also an output, so torch's gradient is that output's weight, not 0). Or a std that is an output of
    the program and is 0 somewhere in tinygrad's run (`got`): a std of equal elements, the same sqrt'(0) (buckets
    5daeded9e7: float16 std of [0, 0]; b0ed236e41: std of a layernorm of an expanded value, all zeros)."""
    from fuzz.ops.base import norm_axes
    specs = infer(program)
    n_in = len(program.inputs)
    for k, node in enumerate(program.nodes):
        if node.op in ("std", "std_mean"):
            shape = specs[node.args[0]].shape
            if all(shape[a] == 1 for a in norm_axes(node.attrs.get("axis"), len(shape))):
                return f" (v{k}: std over one element)"
            at = [i for i, ref in enumerate(program.outputs) if ref == n_in + k]
            if got and node.op == "std" and at and (np.asarray(got["outputs"][at[0]], np.float64) == 0).any():
                return f" (v{k}: std is 0 at some element)"
    return ""


def elu_at_zero(program: Program) -> str:
    """KB-0111's mark on a gradient verdict: an elu whose operand is an input holding an exact 0. tinygrad's elu is
    relu(x) - alpha * relu(1 - exp(x)), and at x = 0 both relus sit at their kinks: the gradient is 0, outside
    [alpha, 1] (bucket 5c78ac45f8)."""
    from fuzz.values import materialize
    n_in = len(program.inputs)
    for k, node in enumerate(program.nodes):
        x = node.args[0] if node.args else -1
        if node.op == "elu" and 0 <= x < n_in and (np.asarray(materialize(program.inputs[x]), np.float64) == 0).any():
            return f" (v{k}: elu at an exact 0)"
    return ""


def layernorm_of_one(program: Program) -> str:
    """KB-0107's mark on a gradient verdict: a layernorm whose normalized axes hold one element, so x - mean is 0 and
    rsqrt(eps) (316 for 1e-5) scales terms that must cancel exactly; tinygrad's bfloat16 backward rounds one of them
    and not the other (bucket 131c598dfe)."""
    import math
    specs = infer(program)
    for k, node in enumerate(program.nodes):
        if node.op == "layernorm":
            shape = specs[node.args[0]].shape
            if math.prod(shape[len(shape) - node.attrs.get("n_axes", 1):]) == 1:
                return f" (v{k}: layernorm over one element)"
    return ""


def all_padding(program: Program) -> str:
    """KB-0048's mark: an input is a zero-size buffer padded, so every element a reduce over it reads is padding. A
    reduce whose body then folds to a constant loses its accumulator's initial store when upcast (stack garbage)."""
    for i, inp in enumerate(program.inputs):
        if 0 in inp.shape and any(kind == "pad" for kind, _ in inp.view):
            return f" (x{i} is all padding: a zero-size buffer padded)"
    return ""


def view_write_reader(program: Program) -> str:
    """tinygrad#17074's mark: a value made before a write through a view of input x (a view input's assign, `+=`,
    or a basic setitem) reads x and is used after the write. tinygrad embeds the write at the buffer for every
    tensor, so such a reader sees the new numbers; eager (torch) gives the old ones."""
    n_in = len(program.inputs)
    nodes = program.nodes
    reads = _ancestors(program)
    for k, node in enumerate(nodes):
        if not OPS[node.op].stateful:
            continue
        t = node.args[0]
        if not (program.inputs[t].view or node.op in SETITEM_VIEWS):
            continue
        later = _read_after(program, k)
        for j in range(k):
            if t not in reads[n_in + j] or (OPS[nodes[j].op].stateful and nodes[j].args[0] == t):
                continue
            seen_as = {n_in + j} | (_same_tensor(program, nodes[j].args[0]) if OPS[nodes[j].op].stateful else set())
            if seen_as & later:
                return f" (v{j} reads x{t} before a later write through its view)"
    return ""


def scalar_copy_before_write(program: Program) -> str:
    """KB-0085's mark: a copy to another device (and back) of a 0-d input, made before a step writes that input and
    read after it. tinygrad's copy of a 0-d tensor reads the written numbers (bucket 473458cc87)."""
    for k, node in enumerate(program.nodes):
        if not OPS[node.op].stateful or program.inputs[node.args[0]].shape:
            continue
        t, later = node.args[0], _read_after(program, k)
        copies = _same_tensor(program, t)        # the tensor, then its copies (a copy of a copy too: device 206e3b2f84)
        for j in range(k):
            if program.nodes[j].op.startswith("to_device") and program.nodes[j].args[0] in copies:
                copies = copies | {len(program.inputs) + j}
                if len(program.inputs) + j in later:
                    return f" (v{j} copies 0-d x{t} before a later write into it)"
    return ""


def reshaped_setitem(program: Program, specs=None) -> str:
    """The mark of a basic setitem whose view of the target begins with a reshape of its buffer: every index is an
    int on a size-1 axis or a slice over the whole axis whose step divides it, and one of them is an int or a step.
    tinygrad 0.14 embeds the write at that RESHAPE(BUFFER), which the target (the BUFFER) never reads."""
    specs = specs or infer(program)
    for k, node in enumerate(program.nodes):
        if node.op not in SETITEM_VIEWS or not _identity_view(program.inputs[node.args[0]]):
            continue
        shape, index = specs[node.args[0]].shape, node.attrs["index"]
        whole, reshaped = True, False
        for item, size in zip(index, shape):
            if isinstance(item, int):
                whole &= size == 1
                reshaped = True
            else:
                start, stop, step = slice(*item).indices(size)
                whole &= start == 0 and stop >= size and step > 0 and (size == 0 or size % step == 0)
                reshaped |= step > 1
        if whole and reshaped:
            return f" (setitem v{k} writes through a reshape of x{node.args[0]}'s buffer)"
    return ""


def _identity_view(inp) -> bool:
    """No view, or one whose every step leaves the buffer as it is (tinygrad returns the BUFFER UOp itself for an
    identity permute: bucket b331220a9a, `permute(0)` then `x[::2] = -2`, is KB-0059)."""
    shape = tuple(inp.shape)
    for kind, arg in inp.view:
        if kind == "permute" and list(arg) == sorted(arg):
            continue
        if kind in ("expand", "reshape") and tuple(arg) == shape:
            continue
        if kind == "shrink" and all(list(a) == [0, s] for a, s in zip(arg, shape)):
            continue
        if kind == "pad" and all(list(a) == [0, 0] for a in arg):
            continue
        if kind == "flip" and not arg:
            continue
        if kind == "stride" and all(a == 1 for a in arg):      # x[::1] (bucket 463e2cd5ce)
            continue
        return False
    return True


# Rows that make a quotient, and those that divide their first operand: (x / y) / z is folded by tinygrad into
# x / (y * z) (KB-0074). scalar_rdiv (s / x) makes a quotient but divides a scalar, not its operand.
QUOTIENTS = ("div", "scalar_div", "scalar_rdiv", "softsign", "idiv", "scalar_floordiv", "scalar_rfloordiv")
DIVIDES_FIRST = ("div", "scalar_div", "softsign", "idiv", "scalar_floordiv")     # integer // folds alike (KB-0089)


def chained_division(program: Program) -> str:
    """KB-0074's mark: a division-like node whose dividend is another's quotient; tinygrad's symbolic rule rewrites
    (x/y)/z into x/(y*z), a product the program never makes, which overflows or underflows."""
    n_in = len(program.inputs)
    for k, node in enumerate(program.nodes):
        first = node.args[0] - n_in if node.args else -1
        if node.op in DIVIDES_FIRST and first >= 0 and program.nodes[first].op in QUOTIENTS:
            return f" (v{k} divides the quotient v{first} again)"
    return ""


def narrow_int_widened(program: Program, specs=None) -> str:
    """KB-0008's mark: an 8- or 16-bit int sum or product is read by something wider (a cast, a Python float scalar
    that lifts it to float32, a comparison, keccak's words of 8 bytes: bucket 4abe464775), where C's integer promotion
    has not wrapped it yet."""
    n_in = len(program.inputs)
    specs = specs or infer(program)
    for k, node in enumerate(program.nodes):
        dt = DTYPES[specs[n_in + k].dtype]
        if node.op not in NARROW_ARITH or not dt.is_int or dt.bits > 16:
            continue
        for j in range(k + 1, len(program.nodes)):
            reader = program.nodes[j]
            if n_in + k in reader.args and (specs[n_in + j].dtype != dt.name or reader.op in WIDE_READERS):
                return f" (a {dt.name} {node.op} read wider before it wraps)"
    return ""


def weak_result(program: Program, specs=None) -> str:
    """KB-0061's mark: a node whose tinygrad result is typed weakfloat, an int tensor met by a Python float (fuzz/ops/
    scalar.py: tinygrad 0.14 keeps the promoted result weak), or weakint, a bool tensor indexed by two tensors
    (KB-0101). TinyJit does not capture the kernel that makes it."""
    specs = specs or infer(program)
    k = next(_weakfloat_nodes(program, specs), None)
    if k is not None:
        return f" (v{k} is weakfloat: an int tensor with a Python float)"
    # a bool tensor indexed by two index tensors is weakint in tinygrad (KB-0101): the same uncaptured kernel under
    # TinyJit, whose replay returns the capture call's numbers (bucket a5721f70a9)
    n_in = len(program.inputs)
    k = next((k for k, n in enumerate(program.nodes)
              if n.op == "getitem_tensors" and specs[n.args[0]].dtype == "bool" and specs[n_in + k].dtype == "bool"), None)
    return f" (v{k} is weakint: a bool tensor indexed by two tensors)" if k is not None else ""


def weak_reader_of_written(program: Program, specs=None) -> str:
    """KB-0065's mark: a weakfloat value made from input x (an int tensor with a Python float) before a step writes
    into x, and read after that step. tinygrad reads the written numbers there, even for a whole-tensor assign."""
    n_in = len(program.inputs)
    for j in _weakfloat_nodes(program, specs or infer(program)):
        x = program.nodes[j].args[0]
        if x >= n_in:
            continue
        for k in range(j + 1, len(program.nodes)):
            step = program.nodes[k]
            if OPS[step.op].stateful and step.args[0] == x and n_in + j in _read_after(program, k):
                return f" (v{j} is weakfloat from x{x}, read after a write into it)"
    return ""


def _weakfloat_nodes(program: Program, specs):
    """Node numbers whose tinygrad result is weakfloat: a scalar row's float scalar on an int (or bool) tensor."""
    n_in = len(program.inputs)
    for k, node in enumerate(program.nodes):
        if OPS[node.op].family == "scalar" and isinstance(node.attrs.get("scalar"), float) \
                and not DTYPES[specs[node.args[0]].dtype].is_float and specs[n_in + k].dtype == "float32":
            yield k


def _read_after(program: Program, k: int) -> set[int]:
    """The values read after node k: by a later node, or as outputs."""
    return {a for n in program.nodes[k + 1:] for a in n.args} | set(program.outputs)


def _ancestors(program: Program) -> list[set[int]]:
    """For every value, the values it is computed from (itself included)."""
    out = [{i} for i in range(len(program.inputs))]
    for k, node in enumerate(program.nodes):
        out.append({len(program.inputs) + k}.union(*(out[a] for a in node.args)))
    return out


def _same_tensor(program: Program, t: int) -> set[int]:
    """Input t and every step that writes into it: one tensor."""
    n_in = len(program.inputs)
    return {t} | {n_in + k for k, n in enumerate(program.nodes) if OPS[n.op].stateful and n.args[0] == t}


def holding_before(program: Program, t: int, k: int) -> int:
    """The value that holds input t's tensor when node k reads it: t itself, or the last step before k that wrote
    into it."""
    return max(v for v in _same_tensor(program, t) if v < len(program.inputs) + k)

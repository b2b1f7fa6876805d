"""The mutation operators, as one table: each row finds the sites in a Python AST and says what to write there.

An operator is a function `sites(node, src) -> list[Edit]` called on every AST node. An Edit replaces one
character span of the file's text, so a mutant's diff touches only the tokens it changes and the rest of
the file (comments, layout) stays as it was. Generic rows apply everywhere, module-level tables and
lambdas included; tinygrad rows know PatternMatcher rule tuples, UPat, Ops and dtypes.
"""
from __future__ import annotations

import ast
import re
from dataclasses import dataclass
from typing import Callable

from mutate.source import Source


@dataclass(frozen=True)
class Edit:
    start: int          # character offsets into the file's text
    end: int
    new: str


@dataclass(frozen=True)
class Operator:
    name: str
    family: str         # "generic" or "tinygrad"
    doc: str
    sites: Callable[[ast.AST, Source], list[Edit]]


ARITH = {ast.Add: "-", ast.Sub: "+", ast.Mult: "//", ast.Div: "*", ast.FloorDiv: "*", ast.Mod: "//",
         ast.Pow: "*", ast.LShift: ">>", ast.RShift: "<<", ast.BitAnd: "|", ast.BitOr: "&", ast.BitXor: "|",
         ast.MatMult: "*"}
SYMBOL = {ast.Add: "+", ast.Sub: "-", ast.Mult: "*", ast.Div: "/", ast.FloorDiv: "//", ast.Mod: "%", ast.Pow: "**",
          ast.LShift: "<<", ast.RShift: ">>", ast.BitAnd: "&", ast.BitOr: "|", ast.BitXor: "^", ast.MatMult: "@",
          ast.Lt: "<", ast.LtE: "<=", ast.Gt: ">", ast.GtE: ">=", ast.Eq: "==", ast.NotEq: "!=",
          ast.Is: "is", ast.IsNot: "is not", ast.In: "in", ast.NotIn: "not in", ast.And: "and", ast.Or: "or"}
COMPARE = {ast.Lt: "<=", ast.LtE: "<", ast.Gt: ">=", ast.GtE: ">", ast.Eq: "!=", ast.NotEq: "==",
           ast.Is: "is not", ast.IsNot: "is", ast.In: "not in", ast.NotIn: "in"}
BOOLEAN = {ast.And: "or", ast.Or: "and"}

# Ops members and the sibling each becomes: same arity, so the mutant still builds graphs and fails late.
OPS_SIBLINGS = {
    "ADD": "MUL", "MUL": "ADD", "SUB": "ADD", "MAX": "ADD", "IDIV": "MOD", "MOD": "IDIV", "FDIV": "MUL",
    "CMPLT": "CMPNE", "CMPNE": "CMPLT", "CMPEQ": "CMPNE", "AND": "OR", "OR": "AND", "XOR": "OR",
    "SHL": "SHR", "SHR": "SHL", "EXP2": "LOG2", "LOG2": "EXP2", "SIN": "EXP2", "SQRT": "RECIPROCAL",
    "RECIPROCAL": "SQRT", "NEG": "RECIPROCAL", "TRUNC": "NEG", "CAST": "BITCAST", "BITCAST": "CAST",
    "REDUCE": "REDUCE_AXIS", "REDUCE_AXIS": "REDUCE", "LOAD": "STORE", "STORE": "LOAD", "RANGE": "SPECIAL",
    "SPECIAL": "RANGE", "CONST": "VCONST", "VCONST": "CONST", "GEP": "VECTORIZE", "VECTORIZE": "GEP",
    "WHERE": "MULACC", "MULACC": "WHERE", "BUFFER": "DEFINE_GLOBAL", "COPY": "BUFFER_VIEW",
    "CONTIGUOUS": "DETACH", "DETACH": "CONTIGUOUS", "EXPAND": "RESHAPE", "RESHAPE": "EXPAND",
    "PERMUTE": "FLIP", "FLIP": "PERMUTE", "PAD": "SHRINK", "SHRINK": "PAD",
}
# dtypes members and the one each becomes: a near neighbour (width or signedness), the classic slip.
DTYPE_SIBLINGS = {
    "float32": "float16", "float": "half", "float16": "float32", "half": "float", "bfloat16": "float16",
    "float64": "float32", "double": "float", "int32": "int64", "int": "long", "int64": "int32", "long": "int",
    "int8": "uint8", "uint8": "int8", "int16": "uint16", "uint16": "int16", "uint32": "int32", "uint": "int",
    "uint64": "int64", "bool": "int8", "index": "int32", "default_float": "float16", "default_int": "int64",
}
UPAT_CONSTRUCTORS = {"UPat"}
HEURISTIC_CALLS = {"getenv", "ContextVar"}        # getenv("NAME", 16): the default is a tuning threshold


def _span(node: ast.AST, src: Source) -> tuple[int, int]:
    return src.offset(node.lineno, node.col_offset), src.offset(node.end_lineno, node.end_col_offset)


def _between(left: ast.AST, right: ast.AST, symbol: str, src: Source) -> tuple[int, int] | None:
    """The span of an operator token in the gap between two operands (the gap holds only it, parens, comments)."""
    a, b = src.offset(left.end_lineno, left.end_col_offset), src.offset(right.lineno, right.col_offset)
    gap = re.sub(r"#[^\n]*", lambda m: " " * len(m.group()), src.text[a:b])
    word = r"\b" if symbol[0].isalpha() else ""
    pattern = re.escape(symbol).replace(r"\ ", r"\s+")
    m = re.search(rf"(?<![<>=!*/]){word}{pattern}{word}(?![<>=*/])", gap)
    return (a + m.start(), a + m.end()) if m else None


def arith(node, src):
    if isinstance(node, ast.BinOp) and type(node.op) in ARITH:
        span = _between(node.left, node.right, SYMBOL[type(node.op)], src)
        return [Edit(*span, ARITH[type(node.op)])] if span else []
    if isinstance(node, ast.AugAssign) and type(node.op) in ARITH:
        span = _between(node.target, node.value, SYMBOL[type(node.op)] + "=", src)
        return [Edit(*span, ARITH[type(node.op)] + "=")] if span else []
    return []


def compare(node, src):
    if not isinstance(node, ast.Compare):
        return []
    edits, left = [], node.left
    for op, right in zip(node.ops, node.comparators):
        span = _between(left, right, SYMBOL[type(op)], src)
        if span:
            edits.append(Edit(*span, COMPARE[type(op)]))
        left = right
    return edits


def boolean(node, src):
    if not isinstance(node, ast.BoolOp):
        return []
    edits = []
    for left, right in zip(node.values, node.values[1:]):
        span = _between(left, right, SYMBOL[type(node.op)], src)
        if span:
            edits.append(Edit(*span, BOOLEAN[type(node.op)]))
    return edits


def negate(node, src):
    """Negate the condition of an if, while, conditional expression or comprehension filter; drop a `not`."""
    tests = []
    if isinstance(node, (ast.If, ast.While, ast.IfExp)):
        tests = [node.test]
    elif isinstance(node, ast.comprehension):
        tests = list(node.ifs)
    edits = []
    for t in tests:
        a, b = _span(t, src)
        edits.append(Edit(a, b, f"not ({src.text[a:b]})"))
    if isinstance(node, ast.UnaryOp) and isinstance(node.op, ast.Not):
        a, _ = _span(node, src)
        b, _ = _span(node.operand, src)
        edits.append(Edit(a, b, ""))
    return edits


def constant(node, src):
    """Integers and floats ±1, True<->False."""
    if not isinstance(node, ast.Constant):
        return []
    a, b = _span(node, src)
    v = node.value
    if isinstance(v, bool):
        return [Edit(a, b, str(not v))]
    if isinstance(v, (int, float)) and not isinstance(v, complex):
        return [Edit(a, b, repr(v + 1)), Edit(a, b, repr(v - 1))]
    return []


def return_value(node, src):
    """`return x` returns None instead (a rewrite rule then declines to rewrite)."""
    if isinstance(node, ast.Return) and node.value is not None and not (
            isinstance(node.value, ast.Constant) and node.value.value is None):
        a, b = _span(node.value, src)
        return [Edit(a, b, "None")]
    return []


def is_upat_call(node) -> bool:
    if not isinstance(node, ast.Call):
        return False
    f = node.func
    return (isinstance(f, ast.Name) and f.id in UPAT_CONSTRUCTORS) or (
        isinstance(f, ast.Attribute) and isinstance(f.value, ast.Name) and f.value.id in UPAT_CONSTRUCTORS)


def is_rule(node) -> bool:
    """A PatternMatcher rule: a tuple whose first element builds a UPat (possibly through `|` or a call)."""
    return isinstance(node, ast.Tuple) and len(node.elts) == 2 and any(is_upat_call(n) for n in ast.walk(node.elts[0]))


def delete_rule(node, src):
    if not isinstance(node, ast.List):
        return []
    edits = []
    for i, elt in enumerate(node.elts):
        if not is_rule(elt):
            continue
        if i + 1 < len(node.elts):      # up to the next rule: takes the comma and the line with it
            a, _ = _span(elt, src)
            b, _ = _span(node.elts[i + 1], src)
        elif i > 0:                     # the last rule: from the end of the one before
            _, a = _span(node.elts[i - 1], src)
            _, b = _span(elt, src)
        else:
            a, b = _span(elt, src)
        edits.append(Edit(a, b, ""))
    return edits


def loosen_upat(node, src):
    """Drop one keyword constraint of a UPat (never `name`: the rule needs it), or set a positional one to None."""
    if not is_upat_call(node):
        return []
    args = list(node.args) + list(node.keywords)
    edits = []
    for i, kw in enumerate(node.keywords):
        if kw.arg in (None, "name"):
            continue
        k = len(node.args) + i
        if k > 0:
            _, a = _span(args[k - 1], src)
            _, b = _span(kw, src)
        elif len(args) > 1:
            a, _ = _span(kw, src)
            b, _ = _span(args[1], src)
        else:
            a, b = _span(kw, src)
        edits.append(Edit(a, b, ""))
    first = 0 if isinstance(node.func, ast.Name) else 1       # UPat.var("x", dtype): the first is the name
    for arg in node.args[first:4]:
        if not (isinstance(arg, ast.Constant) and arg.value is None) and not isinstance(arg, ast.Starred):
            edits.append(Edit(*_span(arg, src), "None"))
    return edits


def _member_swap(owner: str, table: dict):
    def sites(node, src):
        if isinstance(node, ast.Attribute) and isinstance(node.value, ast.Name) and node.value.id == owner \
                and node.attr in table:
            _, b = _span(node, src)
            return [Edit(b - len(node.attr), b, table[node.attr])]
        return []
    return sites


def threshold(node, src):
    """Integer thresholds (compared against, or a getenv default) doubled and halved."""
    consts = []
    if isinstance(node, ast.Compare):
        consts = [c for c in [node.left, *node.comparators] if isinstance(c, ast.Constant)]
    elif isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and node.func.id in HEURISTIC_CALLS:
        consts = [c for c in node.args[1:2] if isinstance(c, ast.Constant)]
    edits = []
    for c in consts:
        if isinstance(c.value, int) and not isinstance(c.value, bool) and c.value >= 2:
            a, b = _span(c, src)
            edits += [Edit(a, b, str(c.value * 2)), Edit(a, b, str(c.value // 2))]
    return edits


TABLE: list[Operator] = [
    Operator("arith", "generic", "swap an arithmetic operator (+ -> -, * -> //, << -> >> ...)", arith),
    Operator("compare", "generic", "swap a comparison (< -> <=, == -> !=, is -> is not ...)", compare),
    Operator("boolean", "generic", "and <-> or", boolean),
    Operator("negate", "generic", "negate an if/while/ternary/comprehension condition, or drop a `not`", negate),
    Operator("constant", "generic", "a number +1 or -1, True <-> False", constant),
    Operator("return", "generic", "return None instead of a value", return_value),
    Operator("delete-rule", "tinygrad", "delete one rewrite rule from a PatternMatcher list", delete_rule),
    Operator("loosen-upat", "tinygrad", "drop one constraint of a UPat", loosen_upat),
    Operator("ops-swap", "tinygrad", "swap an Ops member for a sibling (ADD <-> MUL, CMPLT <-> CMPNE ...)",
             _member_swap("Ops", OPS_SIBLINGS)),
    Operator("dtype-swap", "tinygrad", "swap a dtype for a neighbour (float32 -> float16, int32 -> int64 ...)",
             _member_swap("dtypes", DTYPE_SIBLINGS)),
    Operator("threshold", "tinygrad", "double or halve a heuristic threshold", threshold),
]
OPERATORS = {op.name: op for op in TABLE}

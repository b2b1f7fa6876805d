"""Every mutation operator row: on a small snippet it produces exactly the expected, compilable mutants."""
from __future__ import annotations

import ast

import pytest

from mutate.generate import Generated, file_mutants, same_code
from mutate.operators import OPERATORS, TABLE
from mutate.source import Source

# operator -> (source, the mutated sources it must produce, and nothing else)
PAIRS = {
    "arith": ("x = a + b * c\n", {"x = a - b * c\n", "x = a + b // c\n"}),
    "compare": ("ok = a < b <= c\n", {"ok = a <= b <= c\n", "ok = a < b < c\n"}),
    "boolean": ("ok = a and b\n", {"ok = a or b\n"}),
    "negate": ("if ready: go()\n", {"if not (ready): go()\n"}),
    "constant": ("n = 16\nflag = True\n", {"n = 17\nflag = True\n", "n = 15\nflag = True\n", "n = 16\nflag = False\n"}),
    "return": ("def f(x):\n    return x * 2\n", {"def f(x):\n    return None\n"}),
    "delete-rule": ("pm = PatternMatcher([\n  (UPat(Ops.ADD, name='x'), lambda x: x),\n  (UPat(Ops.MUL), f),\n])\n",
                    {"pm = PatternMatcher([\n  (UPat(Ops.MUL), f),\n])\n",
                     "pm = PatternMatcher([\n  (UPat(Ops.ADD, name='x'), lambda x: x),\n])\n"}),
    "loosen-upat": ("p = UPat(Ops.ADD, dtype=dtypes.int, name='x')\n",
                    {"p = UPat(Ops.ADD, name='x')\n", "p = UPat(None, dtype=dtypes.int, name='x')\n"}),
    "ops-swap": ("p = UPat((Ops.CMPLT, Ops.MAX))\n", {"p = UPat((Ops.CMPNE, Ops.MAX))\n", "p = UPat((Ops.CMPLT, Ops.ADD))\n"}),
    "dtype-swap": ("d = dtypes.float32\n", {"d = dtypes.float16\n"}),
    "threshold": ("if n > 16: split()\nk = getenv('UPCAST', 4)\n",
                  {"if n > 32: split()\nk = getenv('UPCAST', 4)\n", "if n > 8: split()\nk = getenv('UPCAST', 4)\n",
                   "if n > 16: split()\nk = getenv('UPCAST', 8)\n", "if n > 16: split()\nk = getenv('UPCAST', 2)\n"}),
}


def mutate_snippet(operator: str, text: str) -> set[str]:
    src, tree, op = Source(text), ast.parse(text), OPERATORS[operator]
    return {text[:e.start] + e.new + text[e.end:] for node in ast.walk(tree) for e in op.sites(node, src)}


def test_every_operator_has_a_pair():
    assert set(PAIRS) == {op.name for op in TABLE}


@pytest.mark.parametrize("operator", sorted(PAIRS))
def test_operator_pair(operator):
    before, after = PAIRS[operator]
    got = mutate_snippet(operator, before)
    assert got == after
    for text in got:
        compile(text, "<mutant>", "exec")          # applicable: every mutant still compiles


def test_edits_keep_comments_and_layout():
    text = "y = (a  +  b)  # the sum\n"
    assert mutate_snippet("arith", text) == {"y = (a  -  b)  # the sum\n"}


def test_loosen_never_drops_the_name():
    assert mutate_snippet("loosen-upat", "p = UPat.var('x', dtype=dtypes.int)\n") == {"p = UPat.var('x')\n"}
    assert mutate_snippet("loosen-upat", "p = UPat.var('x', dtypes.int)\n") == {"p = UPat.var('x', None)\n"}
    assert mutate_snippet("loosen-upat", "p = UPat(Ops.ADD, name='x')\n") == {"p = UPat(None, name='x')\n"}


def test_equivalent_mutants_are_dropped_and_counted(tmp_path):
    f = tmp_path / "m.py"
    f.write_text("x = 2 + 0\n")                    # 2 - 0 folds to the same constant
    g = Generated()
    file_mutants(f, "m.py", [OPERATORS["arith"]], (), g)
    assert g.mutants == [] and g.equivalent == 1


def test_same_code_ignores_line_numbers_only():
    a = compile("def f():\n    return 1\n", "m", "exec")
    b = compile("\n\ndef f():\n    return 1\n", "m", "exec")
    c = compile("def f():\n    return 2\n", "m", "exec")
    assert same_code(a, b) and not same_code(a, c)

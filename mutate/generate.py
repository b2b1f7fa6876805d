"""Mutant generation: walk tinygrad's in-scope source files, apply every operator row, drop equivalent mutants.

A mutant is one Edit to one file. Its id is a hash of the file path, operator, span and replacement, so the
same mutant of the same source has the same id on every machine. Each mutant also says which lines a kill
program must execute for the mutant to matter (`cover`): the mutated lines when they sit in a function
body; the rule's callback for a deleted rewrite rule; a function's body for its default arguments (evaluated at
import, they matter only to calls of that function: selu's alpha=1.67326 made 2.67 is seen by selu's programs, and
the fastest 40 of every program under `--max-tests` never ran them); None (every program) for other module-level
code, which runs at import.
"""
from __future__ import annotations

import ast
import difflib
import fnmatch
import hashlib
import os
import textwrap
import types
from dataclasses import asdict, dataclass, field
from pathlib import Path

from fuzz.errors import UsageError
from mutate.operators import OPERATORS, TABLE, Edit, is_rule
from mutate.source import Source

# The compiler: what the weekly run mutates. What stays out, and why: no tensor program's compile path runs it.
DEFAULT_SCOPE = ("uop/", "codegen/", "schedule/", "renderer/", "mixin/", "engine/", "tensor.py")
NEVER = {
    "runtime/": "device drivers and runtimes, not the compiler",
    "autogen/": "generated bindings",
    "viz/": "the graph viewer",
    "llm/": "a model, not the compiler",
    # 7.5% of the mutants before 2026-12-06: amd/sqtt.py decodes profiler traces for viz/ only; amd/generate.py
    # writes runtime/autogen/amd from AMD's ISA XML at development time.
    # The rest of renderer/amd (the RDNA/CDNA assembler DSL, its decoder and ELF packer) runs only for a kernel whose
    # linearized program is machine instructions (codegen do_assemble: Ops.INS), and in 0.14.0 only the x86 ISA
    # renderer emits those: an AMD kernel in assembly is written by hand. 7 of W50's 59 unreached mutants were there.
    "renderer/amd/": "the AMD assembler: only hand-written assembly kernels reach it in 0.14.0",
}


@dataclass(frozen=True)
class Mutant:
    id: str
    path: str                 # relative to the tinygrad package directory, e.g. "codegen/simplify.py"
    operator: str
    start: int                # character span of the edit in the file's text
    end: int
    new: str
    old: str
    line: int
    end_line: int
    func: str                 # enclosing function ("Tensor.sum", "<lambda> in pm_x"), or "<module>"
    cover: tuple[int, ...] | None = None   # lines whose execution makes the mutant matter; None: every program

    @property
    def location(self) -> str:
        return f"{self.path}:{self.line}"

    def apply(self, text: str) -> str:
        return text[:self.start] + self.new + text[self.end:]

    def diff(self, text: str) -> str:
        return "".join(difflib.unified_diff(text.splitlines(True), self.apply(text).splitlines(True),
                                            f"a/tinygrad/{self.path}", f"b/tinygrad/{self.path}", n=1))

    def to_json(self) -> dict:
        d = asdict(self)
        d["cover"] = list(self.cover) if self.cover is not None else None
        return d

    @staticmethod
    def from_json(d: dict) -> "Mutant":
        return Mutant(**{**d, "cover": tuple(d["cover"]) if d.get("cover") is not None else None})


@dataclass
class Generated:
    mutants: list[Mutant] = field(default_factory=list)
    equivalent: int = 0       # same bytecode as the original: dropped
    invalid: int = 0          # does not parse or compile: dropped
    files: int = 0


def mutant_id(path: str, operator: str, edit: Edit) -> str:
    return hashlib.sha1(f"{path}|{operator}|{edit.start}|{edit.end}|{edit.new}".encode()).hexdigest()[:12]


def scope_files(root: str | os.PathLike, paths=DEFAULT_SCOPE) -> list[str]:
    """In-scope .py files under the tinygrad package directory, relative to it, sorted."""
    root = Path(root)
    if not (root / "__init__.py").exists():
        raise UsageError(f"{str(root)!r} is not a tinygrad package directory (no __init__.py)")
    out = []
    for p in sorted(root.rglob("*.py")):
        rel = p.relative_to(root).as_posix()
        if any(rel.startswith(n) for n in NEVER):
            continue
        if any(rel == s or (s.endswith("/") and rel.startswith(s)) or fnmatch.fnmatch(rel, s) for s in paths):
            out.append(rel)
    if not out:
        raise UsageError(f"no tinygrad source file matches {', '.join(map(repr, paths))}")
    return out


def generate(root: str | os.PathLike, paths=DEFAULT_SCOPE, functions: tuple[str, ...] = (),
             operators: tuple[str, ...] = ()) -> Generated:
    unknown = [o for o in operators if o not in OPERATORS]
    if unknown:
        raise UsageError(f"unknown operator {unknown[0]!r} (known: {', '.join(OPERATORS)})")
    ops = [op for op in TABLE if not operators or op.name in operators]
    result = Generated()
    for rel in scope_files(root, paths):
        result.files += 1
        file_mutants(Path(root) / rel, rel, ops, functions, result)
    return result


def file_mutants(path: Path, rel: str, ops, functions, result: Generated) -> None:
    text = path.read_text()
    src = Source(text)
    tree = ast.parse(text)
    units = _units(tree, src)
    compiled: dict[tuple[int, int], types.CodeType | None] = {}
    toplevel = {n.name: n for n in tree.body if isinstance(n, (ast.FunctionDef, ast.AsyncFunctionDef))}
    called = _default_owners(tree)
    seen = set()
    for node, func, in_function in _walk(tree):
        if functions and not any(fnmatch.fnmatch(func, f) for f in functions):
            continue
        for op in ops:
            for edit in op.sites(node, src):
                key = (op.name, edit)
                if key in seen or src.text[edit.start:edit.end] == edit.new:
                    continue
                seen.add(key)
                verdict = _equivalent(text, units, compiled, edit, str(path))
                if verdict is None:
                    result.invalid += 1
                    continue
                if verdict:
                    result.equivalent += 1
                    continue
                line, end_line = src.line_of(edit.start), src.line_of(max(edit.end - 1, edit.start))
                if op.name == "delete-rule":
                    cover = _rule_cover(node, edit, src, toplevel)
                elif id(node) in called:
                    body = called[id(node)].body
                    cover = tuple(range(body[0].lineno, body[-1].end_lineno + 1))
                else:
                    cover = tuple(range(line, end_line + 1)) if in_function else None
                result.mutants.append(Mutant(mutant_id(rel, op.name, edit), rel, op.name, edit.start, edit.end,
                                             edit.new, text[edit.start:edit.end], line, end_line, func, cover))


def _units(tree: ast.Module, src: Source) -> list[tuple[int, int]]:
    """Spans that compile on their own: top-level statements, and the methods of top-level classes."""
    out = []
    for stmt in tree.body:
        if isinstance(stmt, ast.ClassDef) and stmt.end_lineno - stmt.lineno > 40:
            for sub in stmt.body:
                first = sub.decorator_list[0].lineno if getattr(sub, "decorator_list", None) else sub.lineno
                out.append((src.starts[first - 1], src.offset(sub.end_lineno, sub.end_col_offset)))
        else:
            first = stmt.decorator_list[0].lineno if getattr(stmt, "decorator_list", None) else stmt.lineno
            out.append((src.starts[first - 1], src.offset(stmt.end_lineno, stmt.end_col_offset)))
    return out


def _equivalent(text: str, units, compiled: dict, edit: Edit, filename: str) -> bool | None:
    """Whether the edit leaves the bytecode of its unit unchanged; None when the mutant does not compile.

    Compiling one statement or method rather than the whole file keeps generation to seconds.
    """
    unit = next(((a, b) for a, b in units if a <= edit.start and edit.end <= b), (0, len(text)))
    a, b = unit
    if unit not in compiled:
        compiled[unit] = _compile(text[a:b], filename)
    mutated = _compile(text[a:edit.start] + edit.new + text[edit.end:b], filename)
    if mutated is None or compiled[unit] is None:
        if mutated is None and compiled[unit] is not None:
            return None
        try:
            compile(text[:edit.start] + edit.new + text[edit.end:], filename, "exec", dont_inherit=True)
        except (SyntaxError, ValueError):
            return None
        return False
    return same_code(compiled[unit], mutated)


def _compile(snippet: str, filename: str) -> types.CodeType | None:
    try:
        return compile(textwrap.dedent(snippet), filename, "exec", dont_inherit=True)
    except (SyntaxError, ValueError):
        return None


def hand_mutant(root: str | os.PathLike, rel: str, old: str, new: str, operator: str = "hand") -> Mutant:
    """A mutant written by hand: the one occurrence of `old` in the file becomes `new` (tests, planted bugs)."""
    text = (Path(root) / rel).read_text()
    if text.count(old) != 1:
        raise ValueError(f"{rel}: {old!r} occurs {text.count(old)} times, not once")
    src = Source(text)
    start = text.index(old)
    edit = Edit(start, start + len(old), new)
    line, end_line = src.line_of(start), src.line_of(start + len(old) - 1)
    return Mutant(mutant_id(rel, operator, edit), rel, operator, edit.start, edit.end, new, old, line, end_line,
                  "hand", tuple(range(line, end_line + 1)))


def _walk(tree: ast.Module):
    """(node, enclosing function name, whether it runs inside a function body) for every node but annotations."""
    stack = [(tree, "<module>", False)]
    while stack:
        node, func, inside = stack.pop()
        yield node, func, inside
        if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.Lambda)):
            outer = list(node.args.defaults) + [d for d in node.args.kw_defaults if d is not None]
            if not isinstance(node, ast.Lambda):
                outer += node.decorator_list
            name = node.name if not isinstance(node, ast.Lambda) else "<lambda>"
            qual = name if func == "<module>" else f"{func}.{name}"
            body = node.body if isinstance(node.body, list) else [node.body]
            stack += [(n, func, inside) for n in reversed(outer)] + [(n, qual, True) for n in reversed(body)]
        elif isinstance(node, ast.ClassDef):
            qual = node.name if func == "<module>" else f"{func}.{node.name}"
            stack += [(n, func, inside) for n in reversed(node.bases + node.decorator_list)]
            stack += [(n, qual, inside) for n in reversed(node.body)]
        elif isinstance(node, ast.AnnAssign):
            stack += [(n, func, inside) for n in (node.target, node.value) if n is not None]
        else:
            stack += [(n, func, inside) for n in reversed(list(ast.iter_child_nodes(node)))]


def _default_owners(tree: ast.Module) -> dict[int, ast.FunctionDef | ast.AsyncFunctionDef]:
    """{id of every node inside a def's default arguments: that def} (not lambdas: their body is an expression on the
    same line, covered already when it runs)."""
    owners = {}
    for fn in ast.walk(tree):
        if isinstance(fn, (ast.FunctionDef, ast.AsyncFunctionDef)):
            for default in list(fn.args.defaults) + [d for d in fn.args.kw_defaults if d is not None]:
                owners.update({id(sub): fn for sub in ast.walk(default)})
    return owners


def _rule_cover(lst: ast.List, edit: Edit, src: Source, toplevel: dict) -> tuple[int, ...] | None:
    """A deleted rule matters only to programs whose rewrites call its callback."""
    for elt in lst.elts:
        if not is_rule(elt):
            continue
        a, b = src.offset(elt.lineno, elt.col_offset), src.offset(elt.end_lineno, elt.end_col_offset)
        if edit.start <= a and b <= edit.end:
            fn = elt.elts[1]
            if isinstance(fn, ast.Lambda):
                return tuple(range(fn.body.lineno, fn.body.end_lineno + 1))
            if isinstance(fn, ast.Name) and fn.id in toplevel:
                body = toplevel[fn.id].body
                return tuple(range(body[0].lineno, body[-1].end_lineno + 1))
            return None
    return None


def same_code(a: types.CodeType, b: types.CodeType) -> bool:
    """Equal bytecode, constants and names, recursively; line numbers ignored."""
    if a.co_code != b.co_code or a.co_names != b.co_names or a.co_varnames != b.co_varnames \
            or a.co_freevars != b.co_freevars or a.co_cellvars != b.co_cellvars or len(a.co_consts) != len(b.co_consts):
        return False
    for x, y in zip(a.co_consts, b.co_consts):
        if isinstance(x, types.CodeType) and isinstance(y, types.CodeType):
            if not same_code(x, y):
                return False
        elif type(x) is not type(y) or repr(x) != repr(y):
            return False
    return True


def source_hash(root: str | os.PathLike) -> str:
    """Hash of every .py file of the tinygrad package (not only the in-scope ones: all of it decides behaviour)."""
    h = hashlib.sha256()
    root = Path(root)
    for p in sorted(root.rglob("*.py")):
        rel = p.relative_to(root).as_posix()
        if rel.startswith(("autogen/", "viz/")):
            continue
        h.update(rel.encode() + b"\0" + p.read_bytes() + b"\0")
    return h.hexdigest()[:16]

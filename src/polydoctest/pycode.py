"""Facts about a step's Python code: which names it defines, which it needs from the steps
before it, and how it uses them (called or read as a module, as one uses an import).

The planner, the checker and the reference guides all ask this of a step, so it belongs to no
one stage. The runner executes a page's steps in one namespace; a step that reads a name only
skipped steps define (a PyTorch step after a TensorFlow section) cannot run, and the checker
wants to say so instead of showing a NameError. Reads are taken in evaluation order:
`x = x + 1` needs `x`, `x = 1; print(x)` does not. Function and lambda bodies run later, so
what they read is needed only if the step never binds it.

All use the standard `ast`; code that does not parse gives empty answers.
"""

from __future__ import annotations

import ast
import builtins
from collections.abc import Iterable

_ALWAYS_THERE = frozenset(dir(builtins)) | {"__name__", "__doc__"}
_Function = ast.FunctionDef | ast.AsyncFunctionDef | ast.Lambda


def defined_names(source: str) -> set[str]:
    """Names the step binds at module level (including `global` names its functions assign)."""
    analysis = _analyse(source)
    return analysis.bound | analysis.global_stores if analysis else set()


def imported_names(source: str) -> set[str]:
    """Names the step binds at module level by importing them."""
    analysis = _analyse(source)
    return analysis.imported if analysis else set()


def used_names(source: str) -> set[str]:
    """Names the step reads before binding them, and that are not builtins."""
    analysis = _analyse(source)
    if analysis is None:
        return set()
    return (analysis.free | (analysis.deferred - analysis.bound)) - _ALWAYS_THERE


def applied_names(source: str) -> dict[str, bool]:
    """Names the code calls, subclasses, decorates with or reads an attribute of: the uses of
    an imported name, unlike passing it as a value. Each maps to whether an attribute of it is
    read (`np.arange`: used as a module)."""
    tree = _parse(source)
    applied: dict[str, bool] = {}
    for node in ast.walk(tree) if tree else ():
        if isinstance(node, ast.Attribute) and isinstance(node.value, ast.Name):
            applied[node.value.id] = True
        heads = [node.func] if isinstance(node, ast.Call) else []
        if isinstance(node, ast.ClassDef | ast.FunctionDef | ast.AsyncFunctionDef):
            heads += node.decorator_list + (node.bases if isinstance(node, ast.ClassDef) else [])
        for head in heads:
            if isinstance(head, ast.Name):
                applied.setdefault(head.id, False)
    return applied


def bound_values(source: str) -> dict[str, str]:
    """Names the code binds at top level by a plain `name = value`, each to its value's code."""
    tree = _parse(source)
    return {
        node.targets[0].id: ast.unparse(node.value) for node in (tree.body if tree else ())
        if isinstance(node, ast.Assign) and len(node.targets) == 1 and isinstance(node.targets[0], ast.Name)
    }  # fmt: skip


def imports_everything(source: str) -> bool:
    """Whether the code has a `from module import *`, which binds names no reading can list."""
    tree = _parse(source)
    return tree is not None and any(
        isinstance(node, ast.ImportFrom) and any(alias.name == "*" for alias in node.names) for node in ast.walk(tree)
    )


def _parse(source: str) -> ast.Module | None:
    try:
        return ast.parse(source)
    except (SyntaxError, ValueError, RecursionError):
        return None


def _analyse(source: str) -> _ModuleReads | None:
    tree = _parse(source)
    if tree is None:
        return None
    reads = _ModuleReads()
    for statement in tree.body:
        reads.visit(statement)
    return reads


class _ModuleReads(ast.NodeVisitor):
    """Walks module-level code in evaluation order."""

    def __init__(self) -> None:
        self.bound: set[str] = set()
        self.free: set[str] = set()
        self.deferred: set[str] = set()
        self.global_stores: set[str] = set()
        self.imported: set[str] = set()

    def _read(self, name: str) -> None:
        if name not in self.bound:
            self.free.add(name)

    def _visit_all(self, nodes: Iterable[ast.AST | None]) -> None:
        for node in nodes:
            if node is not None:
                self.visit(node)

    def visit_Name(self, node: ast.Name) -> None:
        if isinstance(node.ctx, ast.Load):
            self._read(node.id)
        else:
            self.bound.add(node.id)

    def visit_Assign(self, node: ast.Assign) -> None:
        self.visit(node.value)
        self._visit_all(node.targets)

    def visit_AugAssign(self, node: ast.AugAssign) -> None:
        if isinstance(node.target, ast.Name):
            self._read(node.target.id)
        self.visit(node.value)
        self.visit(node.target)

    def visit_AnnAssign(self, node: ast.AnnAssign) -> None:
        self._visit_all((node.value, node.annotation, node.target))

    def visit_NamedExpr(self, node: ast.NamedExpr) -> None:
        self.visit(node.value)
        self.visit(node.target)

    def visit_For(self, node: ast.For | ast.AsyncFor) -> None:
        self.visit(node.iter)
        self.visit(node.target)
        self._visit_all([*node.body, *node.orelse])

    visit_AsyncFor = visit_For

    def visit_With(self, node: ast.With | ast.AsyncWith) -> None:
        for item in node.items:
            self._visit_all((item.context_expr, item.optional_vars))
        self._visit_all(node.body)

    visit_AsyncWith = visit_With

    def visit_Import(self, node: ast.Import | ast.ImportFrom) -> None:
        for alias in node.names:
            if alias.name != "*":
                self.bound.add(alias.asname or alias.name.partition(".")[0])
                self.imported.add(alias.asname or alias.name.partition(".")[0])

    visit_ImportFrom = visit_Import

    def visit_ExceptHandler(self, node: ast.ExceptHandler) -> None:
        self._visit_all((node.type,))
        if node.name:
            self.bound.add(node.name)
        self._visit_all(node.body)

    def visit_FunctionDef(self, node: ast.FunctionDef | ast.AsyncFunctionDef) -> None:
        self._visit_all([*node.decorator_list, *_defaults_and_annotations(node)])
        self._defer(node)
        self.bound.add(node.name)

    visit_AsyncFunctionDef = visit_FunctionDef

    def visit_Lambda(self, node: ast.Lambda) -> None:
        self._visit_all(_defaults_and_annotations(node))
        self._defer(node)

    def _defer(self, function: _Function) -> None:
        free, global_stores = _function_reads(function)
        self.deferred |= free
        self.global_stores |= global_stores

    def visit_ClassDef(self, node: ast.ClassDef) -> None:
        self._visit_all([*node.decorator_list, *node.bases, *(k.value for k in node.keywords)])
        outer = set(self.bound)
        self._visit_all(node.body)  # class bodies run now; their names stay in the class
        self.bound = outer | {node.name}

    def _comprehension(self, node: ast.ListComp | ast.SetComp | ast.GeneratorExp | ast.DictComp) -> None:
        self.visit(node.generators[0].iter)
        outer = set(self.bound)
        for index, generator in enumerate(node.generators):
            if index:
                self.visit(generator.iter)
            self.visit(generator.target)
            self._visit_all(generator.ifs)
        parts = (node.key, node.value) if isinstance(node, ast.DictComp) else (node.elt,)
        self._visit_all(parts)
        self.bound = outer  # comprehension variables do not leak

    visit_ListComp = visit_SetComp = visit_GeneratorExp = visit_DictComp = _comprehension

    def visit_MatchAs(self, node: ast.MatchAs) -> None:
        self._visit_all((node.pattern,))
        if node.name:
            self.bound.add(node.name)

    def visit_MatchStar(self, node: ast.MatchStar) -> None:
        if node.name:
            self.bound.add(node.name)

    def visit_MatchMapping(self, node: ast.MatchMapping) -> None:
        self._visit_all([*node.keys, *node.patterns])
        if node.rest:
            self.bound.add(node.rest)


def _defaults_and_annotations(function: _Function) -> list[ast.AST]:
    args = function.args
    found: list[ast.AST] = [*args.defaults, *(d for d in args.kw_defaults if d is not None)]
    if not isinstance(function, ast.Lambda):
        every = [*args.posonlyargs, *args.args, *args.kwonlyargs, args.vararg, args.kwarg]
        found += [a.annotation for a in every if a is not None and a.annotation is not None]
        found += [function.returns] if function.returns is not None else []
    return found


def _function_reads(function: _Function) -> tuple[set[str], set[str]]:
    """(names the body reads from enclosing scopes, names it assigns through `global`)."""
    args = function.args
    params = {a.arg for a in [*args.posonlyargs, *args.args, *args.kwonlyargs, args.vararg, args.kwarg] if a}
    loads: set[str] = set()
    stores: set[str] = set()
    declared: set[str] = set()
    nested_free: set[str] = set()
    nested_globals: set[str] = set()
    stack: list[ast.AST] = list(function.body) if isinstance(function.body, list) else [function.body]
    while stack:
        node = stack.pop()
        if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.Lambda)):
            stack.extend(_defaults_and_annotations(node))
            if not isinstance(node, ast.Lambda):
                stores.add(node.name)
                stack.extend(node.decorator_list)
            free, global_stores = _function_reads(node)
            nested_free |= free
            nested_globals |= global_stores
            continue
        if isinstance(node, (ast.Global, ast.Nonlocal)):
            declared.update(node.names)
        elif isinstance(node, ast.Name):
            (loads if isinstance(node.ctx, ast.Load) else stores).add(node.id)
        elif isinstance(node, (ast.Import, ast.ImportFrom)):
            stores.update(a.asname or a.name.partition(".")[0] for a in node.names if a.name != "*")
        elif isinstance(node, ast.ClassDef):
            stores.add(node.name)
        elif isinstance(node, (ast.ExceptHandler, ast.MatchAs, ast.MatchStar)) and node.name:
            stores.add(node.name)
        elif isinstance(node, ast.MatchMapping) and node.rest:
            stores.add(node.rest)
        stack.extend(ast.iter_child_nodes(node))
    local = (params | stores) - declared
    return (loads | nested_free) - local, (stores & declared) | nested_globals

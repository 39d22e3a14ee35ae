"""Doc defects with an obvious remedy: a step uses a module that no step imported.

Guides use `torch` or `np` in a step while no step of the page imports them (the original
imported them in a hidden cell, or the line got lost in translation). That is a defect of the
page, not of the library, so the runner imports the module into the namespace, reruns the step
once and records the remedy for the report.

When is it a missing import? The step fails with a plain `NameError` raised in page code, for
a name the namespace does not hold, which `polydoctest.imports` says an import provides (the
planner asks it too, before the step runs, for the names it can see; this is for the rest).

Why rerun the whole step rather than resume at the failing statement: the rerun is exactly
what a reader who adds the import to the step would see. But statements of the step that ran
before the failing one run twice, so the remedy is only applied when repeating them cannot
change the result: imports, definitions, and assignments to plain names whose value does not
read those names (`x = x + 1` does). Anything else (a call like `trainer.train()`, an augmented
assignment) leaves the NameError as a plain error for the checker to classify.
"""

from __future__ import annotations

import ast
import linecache

from polydoctest.imports import forgotten_import
from polydoctest.pycode import applied_names
from polydoctest.run.namespace import step_tracebacks
from polydoctest.run.outcome import Remedy


def missing_import(
    error: BaseException, tree: ast.Module, filename: str, namespace: dict
) -> Remedy | None:
    """The remedy for `error` raised by the step compiled from `tree` as `filename`, if the
    error is a missing import that is safe to repair by rerunning the step."""
    name = getattr(error, "name", None)
    if type(error) is not NameError or not name or name in namespace:
        return None
    frames = step_tracebacks(error.__traceback__)
    if not frames or frames[-1].tb_next is not None:
        return None  # raised in library code: importing into the page would not help
    fix = forgotten_import(name, applied_names("".join(linecache.getlines(frames[-1].tb_frame.f_code.co_filename))))
    step_frames = [tb for tb in frames if tb.tb_frame.f_code.co_filename == filename]
    if fix is None or not step_frames or not _replay_is_safe(tree, step_frames[0].tb_lineno):
        return None
    return Remedy(kind="missing-import", name=name, fix=fix)


def _replay_is_safe(tree: ast.Module, failed_line: int) -> bool:
    for statement in tree.body:
        if statement.lineno <= failed_line <= (statement.end_lineno or statement.lineno):
            return True
        if not _repeatable(statement):
            return False
    return False


def _repeatable(statement: ast.stmt) -> bool:
    if isinstance(
        statement,
        (ast.Import, ast.ImportFrom, ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef, ast.Pass),
    ):
        return True
    if isinstance(statement, ast.Expr):
        return isinstance(statement.value, (ast.Constant, ast.Name))
    if isinstance(statement, (ast.Assign, ast.AnnAssign)):
        targets = statement.targets if isinstance(statement, ast.Assign) else [statement.target]
        assigned = _plain_names(targets)
        if assigned is None:
            return False
        read = {node.id for node in ast.walk(statement.value) if isinstance(node, ast.Name)} if statement.value else set()
        return not assigned & read
    return False


def _plain_names(targets: list[ast.expr]) -> set[str] | None:
    """The names assigned, or None if a target is an attribute, a subscript or starred."""
    names: set[str] = set()
    for target in targets:
        if isinstance(target, ast.Name):
            names.add(target.id)
        elif isinstance(target, (ast.Tuple, ast.List)):
            inner = _plain_names(list(target.elts))
            if inner is None:
                return None
            names |= inner
        else:
            return None
    return names

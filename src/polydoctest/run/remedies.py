"""Doc defects with an obvious remedy: a step uses a module that no step imported.

Guides use `torch` or `np` in a step while no step of the page imports them (the original
imported them in a hidden cell, or the line got lost in translation). That is a defect of the
page, not of the library, so the runner imports the module into the namespace, reruns the step
once and records the remedy for the report.

When is it a missing import? The step fails with a plain `NameError` raised in page code, for
a name the namespace does not hold, which is either used as a module (`name.attribute`
somewhere in that code) and is a well-known alias (`np`, `pd`, `tf`, ...) or the name of an
importable module, or else a name a guide's library exports (`GPTQConfig`, `load_dataset`:
`from transformers import GPTQConfig`). Using the name as a module keeps `print(code)` from
importing the stdlib module `code`.

Why rerun the whole step rather than resume at the failing statement: the rerun is exactly
what a reader who adds the import to the step would see. But statements of the step that ran
before the failing one run twice, so the remedy is only applied when repeating them cannot
change the result: imports, definitions, and assignments to plain names whose value does not
read those names (`x = x + 1` does). Anything else (a call like `trainer.train()`, an augmented
assignment) leaves the NameError as a plain error for the checker to classify.
"""

from __future__ import annotations

import ast
import importlib
import importlib.util
import linecache
import types

from polydoctest.run.namespace import step_tracebacks
from polydoctest.run.outcome import Remedy

# name -> (module that must be importable, the import line a guide would carry)
ALIASES = {
    "np": ("numpy", "import numpy as np"),
    "pd": ("pandas", "import pandas as pd"),
    "tf": ("tensorflow", "import tensorflow as tf"),
    "plt": ("matplotlib", "import matplotlib.pyplot as plt"),
    "nn": ("torch", "from torch import nn"),
}
# Libraries whose exported names guides use without importing them, searched in this order.
LIBRARIES = ("transformers", "datasets", "evaluate", "huggingface_hub", "torch")


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
    used_as_module = _used_as_module(name, frames[-1].tb_frame.f_code.co_filename)
    fix = _import_line(name) if used_as_module else _exported_by_library(name)
    step_frames = [tb for tb in frames if tb.tb_frame.f_code.co_filename == filename]
    if fix is None or not step_frames or not _replay_is_safe(tree, step_frames[0].tb_lineno):
        return None
    return Remedy(kind="missing-import", name=name, fix=fix)


def _used_as_module(name: str, filename: str) -> bool:
    try:
        tree = ast.parse("".join(linecache.getlines(filename)))
    except SyntaxError:
        return False
    return any(
        isinstance(node, ast.Attribute) and isinstance(node.value, ast.Name) and node.value.id == name
        for node in ast.walk(tree)
    )


def _import_line(name: str) -> str | None:
    module, line = ALIASES.get(name, (name, f"import {name}"))
    try:
        spec = importlib.util.find_spec(module)
    except (ImportError, ValueError):  # ValueError: in sys.modules without a spec
        return None
    # A directory the page wrote (`my_awesome_model/`) is a namespace package, not a module.
    if spec is None or spec.origin is None:
        return None
    return line


def _exported_by_library(name: str) -> str | None:
    """`from library import name` for the first of `LIBRARIES` that exports `name`."""
    for library in LIBRARIES:
        try:
            module = importlib.import_module(library)
        except ImportError:
            continue
        exported = getattr(module, "__all__", None)
        listed = name in exported if exported is not None else not name.startswith("_")
        # A submodule (`datasets.config`) is no name a page forgets to import: it names its own.
        if listed and not isinstance(getattr(module, name, None), (types.ModuleType, type(None))):
            return f"from {library} import {name}"
    return None


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

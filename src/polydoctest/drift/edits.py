"""Edits to a step's tree, and the one libcst pass that applies them all.

Each rewrite says what to change on which node of the *original* tree. Changes are functions
of the node as it is after its children were rewritten, so edits to a call and to one of its
arguments (rename `evaluation_strategy`, then add `report_to`) compose instead of colliding.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass

import libcst as cst

from .step import code_of

Change = Callable[[cst.CSTNode], cst.CSTNode | cst.RemovalSentinel | cst.FlattenSentinel]


@dataclass(frozen=True)
class Replace:
    """Replace `target` by `change(target as rewritten so far)`."""

    target: cst.CSTNode
    change: Change


@dataclass(frozen=True)
class Prepend:
    """Run `statements` just before the statement `target`.

    On a simple statement line they join that line (`import os; os.environ[...] = ...; x = f()`)
    so the step keeps its line count and its lines still map to the page.
    """

    target: cst.BaseStatement | cst.BaseSuite
    statements: tuple[cst.BaseSmallStatement, ...]


Edit = Replace | Prepend


def apply_edits(module: cst.Module, edits: Iterable[Edit]) -> cst.Module:
    return module.visit(_EditApplier(edits))


class _EditApplier(cst.CSTTransformer):
    def __init__(self, edits: Iterable[Edit]) -> None:
        self._changes: dict[cst.CSTNode, list[Change]] = defaultdict(list)
        self._prepends: dict[cst.CSTNode, list[cst.BaseSmallStatement]] = defaultdict(list)
        for edit in edits:
            if isinstance(edit, Replace):
                self._changes[edit.target].append(edit.change)
            else:
                _add_unique(self._prepends[edit.target], edit.statements)

    def on_leave(self, original_node, updated_node):  # type: ignore[override]
        node = updated_node
        for change in self._changes.get(original_node, ()):
            node = change(node)
            if isinstance(node, cst.RemovalSentinel):
                return node
        prepended = self._prepends.get(original_node)
        if not prepended:
            return node
        if isinstance(node, (cst.SimpleStatementLine, cst.SimpleStatementSuite)):
            return node.with_changes(body=[*prepended, *node.body])
        return cst.FlattenSentinel([cst.SimpleStatementLine(body=prepended), node])


def _add_unique(into: list[cst.BaseSmallStatement], statements: Sequence[cst.BaseSmallStatement]) -> None:
    """Two matches in one statement may need the same import: add it once."""
    seen = {code_of(s) for s in into}
    for statement in statements:
        if code_of(statement) not in seen:
            into.append(statement)
            seen.add(code_of(statement))

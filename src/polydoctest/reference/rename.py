"""Say a reference expression in a page's words: rename the guide's names to the page's.

A page may call the dataset `dataset` where the reference says `imdb`. Only free names are
renamed: the variables of a comprehension or lambda inside the expression keep their names.
"""

from __future__ import annotations

import ast
from collections.abc import Mapping


def rename(expression: str, names: Mapping[str, str]) -> str:
    """`expression` with every free name in `names` replaced; unchanged when nothing applies."""
    changes = {old: new for old, new in names.items() if old != new}
    if not changes:
        return expression
    tree = ast.parse(expression, mode="eval")
    renamed = _Renamer(changes).visit(tree)
    return ast.unparse(renamed)


class _Renamer(ast.NodeTransformer):
    def __init__(self, names: Mapping[str, str]) -> None:
        self.names = names
        self.bound: list[set[str]] = []

    def _is_free(self, name: str) -> bool:
        return not any(name in scope for scope in self.bound)

    def visit_Name(self, node: ast.Name) -> ast.Name:
        if node.id in self.names and self._is_free(node.id):
            return ast.copy_location(ast.Name(self.names[node.id], node.ctx), node)
        return node

    def _scoped(self, node: ast.AST, bound: set[str]) -> ast.AST:
        self.bound.append(bound)
        try:
            return self.generic_visit(node)
        finally:
            self.bound.pop()

    def visit_Lambda(self, node: ast.Lambda) -> ast.AST:
        args = node.args
        every = [*args.posonlyargs, *args.args, *args.kwonlyargs, args.vararg, args.kwarg]
        return self._scoped(node, {arg.arg for arg in every if arg is not None})

    def _comprehension(self, node: ast.AST) -> ast.AST:
        bound = {
            target.id
            for generator in node.generators  # type: ignore[attr-defined]
            for target in ast.walk(generator.target)
            if isinstance(target, ast.Name)
        }
        return self._scoped(node, bound)

    visit_ListComp = visit_SetComp = visit_DictComp = visit_GeneratorExp = _comprehension

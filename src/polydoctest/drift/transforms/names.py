"""Rewrites of names: renamed classes and attributes, an attribute that moved past a
subscript, moved imports, classes whose successor depends on the model family."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

import libcst as cst

from ..edits import Prepend, Replace
from ..rules import Fix, Match
from ..step import Step, code_of, dotted_name, positional, string_value
from .lists import remove


@dataclass(frozen=True)
class RenameName:
    """`Old` -> `New` wherever the name is used, imports included (`as` aliases are kept)."""

    new: Mapping[str, str]

    def fix(self, match: Match, step: Step) -> Fix | None:
        name: cst.Name = match.node
        new = self.new[name.value]
        return Fix((Replace(name, lambda node: node.with_changes(value=new)),), new)


@dataclass(frozen=True)
class RenameAttribute:
    """`obj.old` -> `obj.new`."""

    new: str

    def fix(self, match: Match, step: Step) -> Fix | None:
        attribute: cst.Attribute = match.node
        change = lambda node: node.with_changes(attr=cst.Name(self.new))  # noqa: E731
        return Fix((Replace(attribute, change),), code_of(change(attribute)))


@dataclass(frozen=True)
class SubscriptBeforeAttribute:
    """`x.attribute[key]` -> `x[key].attribute`."""

    def fix(self, match: Match, step: Step) -> Fix | None:
        subscript: cst.Subscript = match.node
        attribute = subscript.value
        if not isinstance(attribute, cst.Attribute):
            return None

        def change(node: cst.Subscript) -> cst.Attribute:
            return node.value.with_changes(value=node.with_changes(value=node.value.value))

        return Fix((Replace(subscript, change),), code_of(change(subscript)))


def _import_from(module: str, name: str, local: str) -> cst.ImportFrom:
    alias = cst.ImportAlias(name=cst.Name(name), asname=None if local == name else cst.AsName(cst.Name(local)))
    return cst.ImportFrom(module=cst.parse_expression(module), names=[alias])


def _instead_of_import(alias: cst.ImportAlias, step: Step, statements: tuple[cst.BaseSmallStatement, ...]) -> Fix | None:
    """The imported name `alias` leaves its import statement, and `statements` run before it."""
    statement = step.parent(alias)
    line = step.prependable_statement(alias)
    shown = "; ".join(code_of(new.with_changes(semicolon=cst.MaybeSentinel.DEFAULT)).strip() for new in statements)
    if not isinstance(statement, cst.ImportFrom) or isinstance(statement.names, cst.ImportStar) or line is None:
        return None
    if len(statement.names) == 1:
        if len(statements) == 1:
            return Fix((Replace(statement, lambda _: statements[0]),), shown)
        return Fix((Replace(statement, lambda _: cst.RemoveFromParent()), Prepend(line, statements)), shown)
    old = dotted_name(alias.name)

    def change(node: cst.ImportFrom) -> cst.ImportFrom:
        index = next(i for i, a in enumerate(node.names) if dotted_name(a.name) == old)
        return node.with_changes(names=remove(node.names, index))

    return Fix((Replace(statement, change), Prepend(line, statements)), shown)


@dataclass(frozen=True)
class MoveImport:
    """`from old import Name` -> `from module import name as Name`, the local name kept so the
    rest of the page reads the same. Other names of the import statement stay where they were."""

    module: str
    name: str | None = None

    def fix(self, match: Match, step: Step) -> Fix | None:
        alias: cst.ImportAlias = match.node
        old = dotted_name(alias.name) or ""
        local = alias.asname.name.value if alias.asname is not None else old
        return _instead_of_import(alias, step, (_import_from(self.module, self.name or old, local),))


@dataclass(frozen=True)
class DefineInstead:
    """`from module import name` -> `statements` defining `name`: a removed helper whose
    equivalent is a line of code. Other names of the import statement stay where they were."""

    statements: str

    def fix(self, match: Match, step: Step) -> Fix | None:
        alias: cst.ImportAlias = match.node
        if alias.asname is not None:
            return None
        return _instead_of_import(alias, step, tuple(cst.parse_statement(self.statements).body))


@dataclass(frozen=True)
class ReplaceExpression:
    """`module.old` -> `expression`, with `import_` run first (`import torch`)."""

    expression: str
    import_: str

    def fix(self, match: Match, step: Step) -> Fix | None:
        line = step.prependable_statement(match.node)
        if line is None:
            return None
        new = cst.parse_expression(self.expression)
        imported = cst.parse_statement(self.import_).body[0]
        return Fix((Replace(match.node, lambda _: new), Prepend(line, (imported,))), self.expression)


@dataclass(frozen=True)
class AttributeOrDefault:
    """`obj.attribute` -> `getattr(obj, "attribute", default)`; `default` may name the
    receiver as `{receiver}`."""

    default: str

    def fix(self, match: Match, step: Step) -> Fix | None:
        attribute: cst.Attribute = match.node
        receiver = code_of(attribute.value)
        new = cst.parse_expression(f'getattr({receiver}, "{attribute.attr.value}", {self.default.format(receiver=receiver)})')
        return Fix((Replace(attribute, lambda _: new),), code_of(new))


@dataclass(frozen=True)
class StaticMethodToFunction:
    """`Class.method()` -> `function()`, and `from module import Class` -> `... import function`,
    for a class whose only use on the pages was one static method."""

    module: str
    method: str
    function: str

    def fix(self, match: Match, step: Step) -> Fix | None:
        name: cst.Name = match.node
        parent = step.parent(name)
        if isinstance(parent, cst.ImportAlias) and parent.asname is None:
            return Fix((Replace(name, lambda node: node.with_changes(value=self.function)),), self.function)
        grand = step.parent(parent) if parent is not None else None
        line = step.prependable_statement(name)
        if (
            isinstance(parent, cst.Attribute)
            and parent.value is name
            and parent.attr.value == self.method
            and isinstance(grand, cst.Call)
            and line is not None
        ):
            imported = _import_from(self.module, self.function, self.function)
            return Fix((Replace(parent, lambda _: cst.Name(self.function)), Prepend(line, (imported,))), f"{self.function}()")
        return None


@dataclass(frozen=True)
class ClassByModelFamily:
    """A removed catch-all class -> the class for the model family the step loads with it.

    The family is read from the ids the step passes to `Class.from_pretrained` (string literals,
    or names the step binds to one). With no id, or ids of different families, the class is
    left alone: a guess could load the wrong head.
    """

    families: tuple[tuple[tuple[str, ...], str], ...]
    """(id prefixes, class), tried in order on the id's last segment, lowercased."""

    def fix(self, match: Match, step: Step) -> Fix | None:
        name: cst.Name = match.node
        classes = {self._class_for(model_id) for model_id in self._model_ids(step, name.value)}
        if len(classes) != 1 or None in classes:
            return None
        (new,) = classes
        return Fix((Replace(name, lambda node: node.with_changes(value=new)),), new)

    def _class_for(self, model_id: str) -> str | None:
        short = model_id.rpartition("/")[2].lower()
        return next((cls for prefixes, cls in self.families if short.startswith(prefixes)), None)

    @staticmethod
    def _model_ids(step: Step, class_name: str) -> list[str]:
        literals = {
            t.target.value: string_value(assign.value)
            for assign in step.nodes(cst.Assign)
            for t in assign.targets
            if isinstance(t.target, cst.Name) and string_value(assign.value) is not None
        }
        ids = []
        for call in step.nodes(cst.Call):
            func = call.func
            if not (isinstance(func, cst.Attribute) and func.attr.value == "from_pretrained"):
                continue
            if (dotted_name(func.value) or "").rpartition(".")[2] != class_name:
                continue
            first = positional(call, 0)
            value = first.value if first is not None else None
            model_id = string_value(value) or (literals.get(value.value) if isinstance(value, cst.Name) else None)
            ids.append(model_id or "")
        return ids

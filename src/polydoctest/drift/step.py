"""A step's code parsed once, with the lookups every pattern needs.

Patterns ask questions of the whole step (which calls, which names, who is whose parent, on
which line); indexing the tree in one pass spares every rule a walk of its own.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterator, Mapping
from typing import TypeVar

import libcst as cst
from libcst.metadata import MetadataWrapper, PositionProvider

N = TypeVar("N", bound=cst.CSTNode)


class Step:
    """The libcst tree of a step's source, indexed by node type and parent."""

    def __init__(self, module: cst.Module, earlier: Mapping[str, str] | None = None) -> None:
        self.module = module
        self.earlier = dict(earlier or {})
        """What earlier steps of the page bound each name to (the value's code, last one wins)."""
        self._by_type: dict[type[cst.CSTNode], list[cst.CSTNode]] = defaultdict(list)
        self._parents: dict[cst.CSTNode, cst.CSTNode] = {}
        self._positions = None
        module.visit(_Indexer(self._by_type, self._parents))

    @classmethod
    def parse(cls, source: str, earlier: Mapping[str, str] | None = None) -> Step | None:
        """The parsed step, or None when the source is not Python (a fragment, a shell line)."""
        try:
            return cls(cst.parse_module(source), earlier)
        except (cst.ParserSyntaxError, RecursionError, ValueError):
            return None

    def nodes(self, kind: type[N]) -> list[N]:
        """Every node of exactly this type, in source order."""
        return self._by_type.get(kind, [])  # type: ignore[return-value]

    def parent(self, node: cst.CSTNode) -> cst.CSTNode | None:
        return self._parents.get(node)

    def ancestors(self, node: cst.CSTNode) -> Iterator[cst.CSTNode]:
        parent = self._parents.get(node)
        while parent is not None:
            yield parent
            parent = self._parents.get(parent)

    def enclosing(self, node: cst.CSTNode, kind: type[N] | tuple[type, ...]) -> N | None:
        return next((a for a in self.ancestors(node) if isinstance(a, kind)), None)  # type: ignore[return-value]

    def prependable_statement(self, node: cst.CSTNode) -> cst.BaseStatement | cst.BaseSuite | None:
        """Where statements that must run before `node` can go: its simple statement line, or
        the compound statement whose header holds it when that statement sits in a body."""
        for ancestor in self.ancestors(node):
            if isinstance(ancestor, (cst.SimpleStatementLine, cst.SimpleStatementSuite)):
                return ancestor
            if isinstance(ancestor, cst.BaseCompoundStatement):
                return ancestor if isinstance(self.parent(ancestor), (cst.Module, cst.IndentedBlock)) else None
        return None

    def line(self, node: cst.CSTNode) -> int:
        """1-based line where `node` starts."""
        if self._positions is None:
            wrapper = MetadataWrapper(self.module, unsafe_skip_copy=True)
            self._positions = wrapper.resolve(PositionProvider)
        return self._positions[node].start.line

    def code(self, node: cst.CSTNode) -> str:
        return self.module.code_for_node(node)

    def shown(self, node: cst.CSTNode) -> str:
        """The node's code as a finding shows it: without the separator that follows it (an
        argument's comma), and only its first line when it spans several."""
        if getattr(node, "comma", None) is not None:
            node = node.with_changes(comma=cst.MaybeSentinel.DEFAULT)
        code = self.code(node).strip()
        first, newline, _ = code.partition("\n")
        return f"{first.rstrip()} ..." if newline else first


class _Indexer(cst.CSTVisitor):
    def __init__(self, by_type: dict, parents: dict) -> None:
        self._by_type = by_type
        self._parents = parents
        self._stack: list[cst.CSTNode] = []

    def on_visit(self, node: cst.CSTNode) -> bool:
        if self._stack:
            self._parents[node] = self._stack[-1]
        self._by_type[type(node)].append(node)
        self._stack.append(node)
        return True

    def on_leave(self, original_node: cst.CSTNode) -> None:
        self._stack.pop()


_NO_MODULE = cst.Module(body=[])


def code_of(node: cst.CSTNode) -> str:
    """Source code of a node built outside any step (a rewrite's output)."""
    return _NO_MODULE.code_for_node(node)


def dotted_name(node: cst.BaseExpression | None) -> str | None:
    """`a.b.c` for a Name/Attribute chain, None for anything else."""
    if isinstance(node, cst.Name):
        return node.value
    if isinstance(node, cst.Attribute):
        base = dotted_name(node.value)
        return None if base is None else f"{base}.{node.attr.value}"
    return None


def callee(call: cst.Call) -> str | None:
    """The last name of what is called: `Trainer` for `transformers.Trainer(...)`, `from_pretrained`
    for `AutoModel.from_pretrained(...)`."""
    if isinstance(call.func, cst.Name):
        return call.func.value
    if isinstance(call.func, cst.Attribute):
        return call.func.attr.value
    return None


def keyword(call: cst.Call, name: str) -> cst.Arg | None:
    return next((arg for arg in call.args if arg.keyword is not None and arg.keyword.value == name), None)


def positional(call: cst.Call, index: int) -> cst.Arg | None:
    args = [arg for arg in call.args if arg.keyword is None and not arg.star]
    return args[index] if index < len(args) else None


def has_double_star(call: cst.Call) -> bool:
    return any(arg.star == "**" for arg in call.args)


def string_value(node: cst.CSTNode | None) -> str | None:
    """The value of a plain string literal (not an f-string or a concatenation)."""
    if isinstance(node, cst.SimpleString):
        value = node.evaluated_value
        return value if isinstance(value, str) else None
    return None


def int_value(node: cst.CSTNode | None) -> int | None:
    """The value of a plain integer literal (`2000`, `2_000`)."""
    if isinstance(node, cst.Integer):
        value = node.evaluated_value
        return value if isinstance(value, int) else None
    return None


def int_keywords(call: cst.Call, names: tuple[str, ...]) -> list[tuple[cst.Arg, int]]:
    """The arguments of `names` that `call` passes as integer literals, with their values, in
    the call's order."""
    found = []
    for arg in call.args:
        if arg.keyword is not None and arg.keyword.value in names and (value := int_value(arg.value)) is not None:
            found.append((arg, value))
    return found


def is_true(node: cst.BaseExpression) -> bool:
    return isinstance(node, cst.Name) and node.value == "True"


def is_false(node: cst.BaseExpression) -> bool:
    return isinstance(node, cst.Name) and node.value == "False"

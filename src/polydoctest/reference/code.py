"""What a piece of guide code does, as data that does not depend on how it is spelled.

Alignment compares page code with reference code, so both are reduced to the same facts:
the calls made (callee and each argument), the modules and names imported, the names bound
and how, and a bag of features for fuzzy matching. Spelling that does not change behaviour
is normalised away: import aliases become the dotted names they stand for (`np.argmax` is
`numpy.argmax`), a name bound to a constant earlier reads as the constant, a Hub id the Hub
redirects reads as its new id, numbers are compared by value, and function parameters are
numbered. Features also ignore variable names (`imdb.map` and `dataset.map` are both
`_.map`), but for the names bound to constants, and TensorFlow's `TF` class prefix, so a
TensorFlow step can be recognised as the twin of a PyTorch one.
"""

from __future__ import annotations

import ast
import builtins
import copy
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from functools import lru_cache
from typing import TYPE_CHECKING

from polydoctest.drift.catalog.hub_ids import LEGACY_DATASET_IDS, LEGACY_MODEL_IDS
from polydoctest.pycode import defined_names, used_names

if TYPE_CHECKING:
    from polydoctest.reference.model import Guide

_BUILTINS = frozenset(dir(builtins))
_HUB_IDS = {**LEGACY_MODEL_IDS, **LEGACY_DATASET_IDS}
VARIABLE = "_"
# The feature of a name bound to a constant (`text = "..."`), the one feature that keeps a
# variable's name.
CONSTANT_NAME = "name:"


@dataclass(frozen=True)
class Argument:
    """One argument of a call: `key` is `"0"`, `"1"` ... for positional ones, the keyword, or
    `"**"`; `raw` is its normalised source, `resolved` the same with names bound to constants
    replaced by the constants. Both still use the code's own variable names."""

    key: str
    raw: str
    resolved: str
    line: int


@dataclass(frozen=True)
class Call:
    callee: str
    arguments: tuple[Argument, ...]
    line: int


@dataclass(frozen=True)
class Binding:
    """A module-level name and what binds it, in spelling-free form (`call:_.map`, `def`,
    `import:numpy`, a constant ...), to pair it with the same binding in other code."""

    name: str
    how: str


@dataclass(frozen=True)
class CodeFacts:
    calls: tuple[Call, ...]
    imports: frozenset[str]
    bindings: tuple[Binding, ...]
    features: frozenset[str]
    defines: frozenset[str]
    uses: frozenset[str]
    """Names read from earlier code."""

    @property
    def import_only(self) -> bool:
        return bool(self.imports) and all(b.how.startswith("import:") for b in self.bindings) and not self.calls

    @property
    def display_only(self) -> bool:
        """Shows something and does nothing else: no binding, no call but to builtins."""
        return not self.bindings and not self.calls and not self.imports


@dataclass
class Context:
    """What earlier code established: import aliases (name -> dotted target) and names bound to
    constants (name -> normalised constant source). `analyse` updates it as it goes."""

    aliases: dict[str, str]
    constants: dict[str, str]

    @classmethod
    def empty(cls) -> Context:
        return cls({}, {})


def analyse_all(sources: Sequence[str]) -> list[CodeFacts | None]:
    """Facts for each source, in order; None for code that does not parse. A name imported
    anywhere stands for what it imports everywhere (a page may show a call before its import);
    constants are known from where they are bound on."""
    context = Context.empty()
    for source in sources:
        try:
            context.aliases.update(_aliases(ast.parse(source)))
        except (SyntaxError, ValueError, RecursionError):
            continue
    return [analyse(source, context) for source in sources]


@lru_cache(maxsize=None)
def guide_facts(guide: Guide) -> tuple[CodeFacts, ...]:
    """The facts of each reference step, in order (computed once per guide)."""
    facts = analyse_all([step.code for step in guide.steps])
    if any(f is None for f in facts):
        raise ValueError(f"reference guide {guide.id}: a step does not parse")
    return tuple(facts)  # type: ignore[arg-type]


def _aliases(tree: ast.AST) -> dict[str, str]:
    """Every name the code's imports bind -> the dotted name it stands for."""
    return {
        alias: target
        for node in ast.walk(tree)
        if isinstance(node, (ast.Import, ast.ImportFrom))
        for alias, target in _import_targets(node)
    }


def analyse(source: str, context: Context) -> CodeFacts | None:
    try:
        raw = ast.parse(source)
    except (SyntaxError, ValueError, RecursionError):
        return None
    aliases = _aliases(raw)
    context.aliases.update(aliases)
    imports = set(aliases.values())
    resolved = _Normaliser(context, resolve_constants=True).visit(copy.deepcopy(raw))
    raw = _Normaliser(context, resolve_constants=False).visit(raw)
    calls: list[Call] = []
    features: set[str] = set()
    callees = {id(node.func) for node in ast.walk(raw) if isinstance(node, ast.Call)}
    # A class the code writes is featured by its name alone: its body is how it does what a
    # library class does, and what it does is what matters for matching.
    in_class = {
        id(inner) for node in ast.walk(raw) if isinstance(node, ast.ClassDef) for part in node.body for inner in ast.walk(part)
    }
    # Both trees have the same shape (a name and the constant it resolves to are both leaves,
    # once the names' load/store markers are left out): walk them together.
    for node, twin in zip(_nodes(raw), _nodes(resolved)):
        if id(node) in in_class and not isinstance(node, ast.Call):
            continue
        if isinstance(node, ast.Call):
            callee = ast.unparse(node.func)
            if callee in _BUILTINS:
                continue
            shape = _shape(node.func, context)
            if id(node) not in in_class:
                features.add(f"call:{shape}")
            arguments = [
                Argument(str(i), ast.unparse(arg), ast.unparse(other), arg.lineno)
                for i, (arg, other) in enumerate(zip(node.args, twin.args))
            ]
            for keyword, other in zip(node.keywords, twin.keywords):
                arguments.append(Argument(keyword.arg or "**", ast.unparse(keyword.value), ast.unparse(other.value), keyword.lineno))
                if keyword.arg and id(node) not in in_class:
                    features.add(f"kw:{shape}.{keyword.arg}")
            calls.append(Call(callee, tuple(arguments), node.lineno))
        elif isinstance(node, ast.Constant) and not isinstance(node.value, type(Ellipsis)):
            features.add(f"const:{node.value!r}")
        elif isinstance(node, ast.Attribute) and isinstance(node.ctx, ast.Load) and id(node) not in callees:
            features.add(f"attr:{node.attr}")
        elif isinstance(node, ast.FunctionDef):
            features.add("def")
        elif isinstance(node, ast.ClassDef):
            features.add(f"class:{node.name}")
    features |= {f"import:{_without_tf_prefix(target)}" for target in imports}
    bindings = list(_bindings(raw, context))
    for binding in bindings:
        if binding.how.startswith("const:"):
            context.constants[binding.name] = binding.how.removeprefix("const:")
            # A constant may be translated (the example text); its name is then what is left.
            features.add(f"{CONSTANT_NAME}{binding.name}")
        else:
            context.constants.pop(binding.name, None)
    return CodeFacts(
        calls=tuple(calls),
        imports=frozenset(imports),
        bindings=tuple(bindings),
        features=frozenset(features),
        defines=frozenset(defined_names(source)),
        uses=frozenset(used_names(source)),
    )


def _nodes(tree: ast.AST) -> Iterator[ast.AST]:
    return (node for node in ast.walk(tree) if not isinstance(node, ast.expr_context))


def _import_targets(node: ast.Import | ast.ImportFrom) -> Iterator[tuple[str, str]]:
    for alias in node.names:
        if alias.name == "*":
            continue
        if isinstance(node, ast.Import):
            yield (alias.asname, alias.name) if alias.asname else (alias.name.partition(".")[0], alias.name.partition(".")[0])
        else:
            yield alias.asname or alias.name, f"{node.module or ''}.{alias.name}"


def _without_tf_prefix(dotted: str) -> str:
    """`transformers.TFAutoModel` -> `transformers.AutoModel`: the TensorFlow twin's name."""
    parts = dotted.split(".")
    return ".".join(part[2:] if part.startswith("TF") and part[2:3].isupper() else part for part in parts)


def _shape(node: ast.AST, context: Context) -> str:
    """Source of `node` with variables as `_` and TensorFlow prefixes dropped: `_.map`,
    `transformers.AutoModel.from_pretrained`."""

    class Shape(ast.NodeTransformer):
        def visit_Name(self, name: ast.Name) -> ast.Name:
            dotted = name.id in context.aliases.values() or "." in name.id
            return ast.Name(_without_tf_prefix(name.id) if dotted else VARIABLE, name.ctx)

    return ast.unparse(Shape().visit(copy.deepcopy(node)))


def _bindings(tree: ast.Module, context: Context) -> Iterator[Binding]:
    for statement in _module_level(tree.body):
        if isinstance(statement, (ast.Import, ast.ImportFrom)):
            for alias, target in _import_targets(statement):
                yield Binding(alias, f"import:{_without_tf_prefix(target)}")
        elif isinstance(statement, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)):
            yield Binding(statement.name, "def" if not isinstance(statement, ast.ClassDef) else "class")
        elif isinstance(statement, (ast.Assign, ast.AnnAssign, ast.AugAssign)) and statement.value is not None:
            targets = statement.targets if isinstance(statement, ast.Assign) else [statement.target]
            how = _how(statement.value, context)
            for target in targets:
                yield from _target_bindings(target, how)
        elif isinstance(statement, (ast.For, ast.AsyncFor)):
            yield from _target_bindings(statement.target, "loop")
        elif isinstance(statement, (ast.With, ast.AsyncWith)):
            for item in statement.items:
                if item.optional_vars is not None:
                    yield from _target_bindings(item.optional_vars, "with")


def _how(value: ast.expr, context: Context) -> str:
    """`const:` for a scalar constant (later code may read the name as the constant),
    `literal:` for a literal container, else `value:` and the value's shape."""
    if isinstance(value, ast.Constant):
        return f"const:{ast.unparse(value)}"
    if all(isinstance(node, (ast.Constant, ast.Dict, ast.List, ast.Tuple, ast.Set, ast.Load)) for node in ast.walk(value)):
        return f"literal:{ast.unparse(value)}"
    return f"value:{_shape(value, context)}"


def _target_bindings(target: ast.expr, how: str) -> Iterator[Binding]:
    if isinstance(target, ast.Name):
        yield Binding(target.id, how)
    elif isinstance(target, (ast.Tuple, ast.List)):
        for position, element in enumerate(target.elts):
            yield from _target_bindings(element, f"{how}#{position}")


def _module_level(statements: Iterable[ast.stmt]) -> Iterator[ast.stmt]:
    """Statements that run at module level, including those in `if`/`for`/`with`/`try` bodies."""
    for statement in statements:
        yield statement
        if isinstance(statement, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)):
            continue
        for field in ("body", "orelse", "finalbody"):
            yield from _module_level(getattr(statement, field, ()))
        for handler in getattr(statement, "handlers", ()):
            yield from _module_level(handler.body)


class _Normaliser(ast.NodeTransformer):
    """Aliases to dotted targets, moved Hub ids to their new ids, function parameters to `_0`,
    `_1` ..., and with `resolve_constants` names bound to constants to the constants."""

    def __init__(self, context: Context, *, resolve_constants: bool) -> None:
        self.context = context
        self.resolve_constants = resolve_constants
        self.parameters: list[dict[str, str]] = []

    def visit_Name(self, node: ast.Name) -> ast.AST:
        for scope in reversed(self.parameters):
            if node.id in scope:
                return ast.copy_location(ast.Name(scope[node.id], node.ctx), node)
        if not isinstance(node.ctx, ast.Load):
            return node
        if node.id in self.context.aliases:
            return ast.copy_location(ast.Name(self.context.aliases[node.id], node.ctx), node)
        if self.resolve_constants and node.id in self.context.constants:
            return ast.copy_location(ast.parse(self.context.constants[node.id], mode="eval").body, node)
        return node

    def visit_JoinedStr(self, node: ast.JoinedStr) -> ast.AST:
        """`f"ner_tags"` is `"ner_tags"`."""
        if all(isinstance(part, ast.Constant) for part in node.values):
            return self.visit_Constant(ast.copy_location(ast.Constant("".join(part.value for part in node.values)), node))
        return self.generic_visit(node)

    def visit_Constant(self, node: ast.Constant) -> ast.AST:
        if isinstance(node.value, str) and node.value in _HUB_IDS:
            return ast.copy_location(ast.Constant(_HUB_IDS[node.value]), node)
        return node

    def _function(self, node: ast.FunctionDef | ast.AsyncFunctionDef | ast.Lambda) -> ast.AST:
        args = node.args
        every = [*args.posonlyargs, *args.args, *args.kwonlyargs, args.vararg, args.kwarg]
        scope = {arg.arg: f"_{position}" for position, arg in enumerate(a for a in every if a is not None)}
        for arg in (a for a in every if a is not None):
            arg.arg = scope[arg.arg]
        self.parameters.append(scope)
        try:
            return self.generic_visit(node)
        finally:
            self.parameters.pop()

    visit_FunctionDef = visit_AsyncFunctionDef = visit_Lambda = _function


def rename_source(source: str, names: Mapping[str, str]) -> str:
    """Normalised source (an argument, a callee) with names renamed; `names` maps page names
    to reference names."""
    if not names:
        return source
    tree = ast.parse(source, mode="eval")
    for node in ast.walk(tree):
        if isinstance(node, ast.Name) and node.id in names:
            node.id = names[node.id]
    return ast.unparse(tree)

"""Rewrites of keyword arguments: rename, drop, map a flag to its successor, add or set one,
scale counts."""

from __future__ import annotations

from dataclasses import dataclass

import libcst as cst

from ..edits import Prepend, Replace
from ..rules import Fix, Match
from ..step import Step, callee, code_of, dotted_name, has_double_star, int_keywords, int_value, is_false, is_true, keyword, positional, string_value
from .lists import NO_SPACE, append, keyword_argument, remove

_EXPRESSION_SCOPES = (cst.Lambda, cst.ListComp, cst.SetComp, cst.DictComp, cst.GeneratorExp)


def _call_of(arg: cst.Arg, step: Step) -> cst.Call:
    call = step.parent(arg)
    assert isinstance(call, cst.Call)
    return call


def _drop(name: str):
    def change(call: cst.Call) -> cst.Call:
        index = next(i for i, a in enumerate(call.args) if a.keyword is not None and a.keyword.value == name)
        args = remove(call.args, index)
        return call.with_changes(args=args, **({} if args else {"whitespace_before_args": NO_SPACE}))

    return change


def _drop_fix(arg: cst.Arg, step: Step) -> Fix:
    assert arg.keyword is not None
    return Fix((Replace(_call_of(arg, step), _drop(arg.keyword.value)),), "")


def _replace_fix(arg: cst.Arg, step: Step, name: str, value: cst.BaseExpression | None = None) -> Fix | None:
    """`old=v` -> `name=v` (or `name=value`), unless the call already passes `name`."""
    if keyword(_call_of(arg, step), name) is not None:
        return None

    def change(node: cst.Arg) -> cst.Arg:
        node = node.with_changes(keyword=cst.Name(name))
        if node.equal is cst.MaybeSentinel.DEFAULT:  # a positional argument given its name
            node = node.with_changes(equal=cst.AssignEqual(whitespace_before=NO_SPACE, whitespace_after=NO_SPACE))
        return node if value is None else node.with_changes(value=value)

    return Fix((Replace(arg, change),), step.shown(change(arg)))


@dataclass(frozen=True)
class RenameKeyword:
    """`old=value` (or a positional `value`) -> `new=value`, in place."""

    new: str

    def fix(self, match: Match, step: Step) -> Fix | None:
        return _replace_fix(match.node, step, self.new)


@dataclass(frozen=True)
class DropKeyword:
    """Remove the argument: the installed version rejects or ignores it."""

    def fix(self, match: Match, step: Step) -> Fix | None:
        return _drop_fix(match.node, step)


@dataclass(frozen=True)
class MapFlag:
    """`old=True` -> `new=value`; `old=False` (the default) is dropped; anything else is left."""

    new: str
    value: str

    def fix(self, match: Match, step: Step) -> Fix | None:
        arg: cst.Arg = match.node
        if is_true(arg.value):
            return _replace_fix(arg, step, self.new, cst.parse_expression(self.value))
        if is_false(arg.value):
            return _drop_fix(arg, step)
        return None


@dataclass(frozen=True)
class ReplaceArgument:
    """`old=value` -> `keyword=new_value`: an option that moved to another argument, under a new name."""

    keyword: str
    value: str

    def fix(self, match: Match, step: Step) -> Fix | None:
        return _replace_fix(match.node, step, self.keyword, cst.parse_expression(self.value))


@dataclass(frozen=True)
class NegateFlag:
    """`old=True` -> `new=False` and the reverse, for a flag whose meaning flipped."""

    new: str

    def fix(self, match: Match, step: Step) -> Fix | None:
        arg: cst.Arg = match.node
        if is_true(arg.value) or is_false(arg.value):
            flipped = cst.Name("False" if is_true(arg.value) else "True")
            return _replace_fix(arg, step, self.new, flipped)
        return None


@dataclass(frozen=True)
class AddKeyword:
    """Add `keyword=value` as the last argument, on the line of the current last one."""

    keyword: str
    value: str

    def fix(self, match: Match, step: Step) -> Fix | None:
        call: cst.Call = match.node
        new = keyword_argument(self.keyword, self.value)
        change = lambda node: node.with_changes(args=append(node.args, new))  # noqa: E731
        return Fix((Replace(call, change),), f"{callee(call)}(..., {self.keyword}={self.value})")


@dataclass(frozen=True)
class SetKeyword:
    """Pass `keyword=value`: in place of the value the call gives it, or added as in `AddKeyword`."""

    keyword: str
    value: str

    def fix(self, match: Match, step: Step) -> Fix | None:
        call: cst.Call = match.node
        if keyword(call, self.keyword) is None:
            return AddKeyword(self.keyword, self.value).fix(match, step)
        value = cst.parse_expression(self.value)

        def change(node: cst.Call) -> cst.Call:
            args = [a.with_changes(value=value) if a.keyword is not None and a.keyword.value == self.keyword else a for a in node.args]
            return node.with_changes(args=args)

        return Fix((Replace(call, change),), f"{callee(call)}(..., {self.keyword}={self.value})")


@dataclass(frozen=True)
class EnvironmentInstead:
    """`old=value` -> `os.environ[variable] = value`, set just before the statement."""

    variable: str

    def fix(self, match: Match, step: Step) -> Fix | None:
        arg: cst.Arg = match.node
        statement = step.prependable_statement(arg)
        # Inside a lambda or a comprehension the value may read its variables, which do not
        # exist before the statement.
        if statement is None or step.enclosing(arg, _EXPRESSION_SCOPES) is not None:
            return None
        target = cst.parse_expression(f'os.environ["{self.variable}"]')
        assign = cst.Assign(targets=[cst.AssignTarget(target)], value=arg.value)
        setting = (cst.parse_statement("import os").body[0], assign)
        return Fix((*_drop_fix(arg, step).edits, Prepend(statement, setting)), code_of(assign))


@dataclass(frozen=True)
class QuantizationConfig:
    """`load_in_8bit=True` -> `quantization_config=BitsAndBytesConfig(load_in_8bit=True)`, also
    as a dict's element (`{"load_in_8bit": True}` -> `{"quantization_config": BitsAndBytesConfig(...)}`)."""

    def fix(self, match: Match, step: Step) -> Fix | None:
        if isinstance(match.node, cst.DictElement):
            return _quantization_config_element(match.node, step)
        arg: cst.Arg = match.node
        assert arg.keyword is not None
        call = _call_of(arg, step)
        flags = [a for a in call.args if a.keyword is not None and a.keyword.value in {"load_in_8bit", "load_in_4bit"}]
        if is_false(arg.value):
            return _drop_fix(arg, step)
        statement = step.prependable_statement(arg)
        if not is_true(arg.value) or len(flags) != 1 or statement is None:
            return None
        config = cst.parse_expression(f"BitsAndBytesConfig({arg.keyword.value}=True)")
        replaced = _replace_fix(arg, step, "quantization_config", config)
        if replaced is None:
            return None
        imported = cst.parse_statement("from transformers import BitsAndBytesConfig").body[0]
        return Fix((*replaced.edits, Prepend(statement, (imported,))), replaced.shown)


def _quantization_config_element(element: cst.DictElement, step: Step) -> Fix | None:
    statement = step.prependable_statement(element)
    flag = string_value(element.key)
    if not is_true(element.value) or statement is None:
        return None
    config = cst.parse_expression(f"BitsAndBytesConfig({flag}=True)")

    def change(node: cst.DictElement) -> cst.DictElement:
        return node.with_changes(key=cst.SimpleString('"quantization_config"'), value=config)

    imported = cst.parse_statement("from transformers import BitsAndBytesConfig").body[0]
    return Fix((Replace(element, change), Prepend(statement, (imported,))), step.shown(change(element)))


@dataclass(frozen=True)
class GenerationConfigFrom:
    """`X.from_pretrained(repo, num_beams=4)` -> `X.from_pretrained(repo,
    generation_config=GenerationConfig.from_pretrained(repo, num_beams=4))`: the checkpoint's
    generation settings with the page's on top. Only where `repo` is a literal or a name, which
    reads the same twice, and the call passes no `generation_config=` of its own."""

    keywords: frozenset[str]

    def fix(self, match: Match, step: Step) -> Fix | None:
        call: cst.Call = match.node
        repo = positional(call, 0)
        statement = step.prependable_statement(call)
        readable = repo is not None and (string_value(repo.value) is not None or dotted_name(repo.value) is not None)
        if not readable or statement is None or keyword(call, "generation_config") is not None or has_double_star(call):
            return None
        moved = [arg for arg in call.args if arg.keyword is not None and arg.keyword.value in self.keywords]
        settings = ", ".join(f"{arg.keyword.value}={code_of(arg.value)}" for arg in moved)
        config = keyword_argument("generation_config", f"GenerationConfig.from_pretrained({code_of(repo.value)}, {settings})")

        def change(node: cst.Call) -> cst.Call:
            args = list(node.args)
            for index in reversed(range(len(args))):
                if args[index].keyword is not None and args[index].keyword.value in self.keywords:
                    args = remove(args, index)
            return node.with_changes(args=append(args, config))

        imported = cst.parse_statement("from transformers import GenerationConfig").body[0]
        return Fix((Replace(call, change), Prepend(statement, (imported,))), code_of(config))


@dataclass(frozen=True)
class FloatValue:
    """`callee(..., keyword=10)` -> `keyword=10.0`: an integer literal where the API checks
    for a float."""

    keyword: str

    def fix(self, match: Match, step: Step) -> Fix | None:
        arg = keyword(match.node, self.keyword)
        value = int_value(arg.value) if arg is not None else None
        if arg is None or value is None:
            return None
        change = lambda node: node.with_changes(value=cst.Float(f"{value}.0"))  # noqa: E731
        return Fix((Replace(arg, change),), step.shown(change(arg)))


@dataclass(frozen=True)
class ThroughFunction:
    """`receiver.method(..., keyword=value)` -> `keyword=function(receiver, value)`, with
    `import_` run first; only where the receiver is a name or an attribute chain, which reads
    the same twice."""

    function: str
    import_: str

    def fix(self, match: Match, step: Step) -> Fix | None:
        arg: cst.Arg = match.node
        call = _call_of(arg, step)
        statement = step.prependable_statement(arg)
        if statement is None or not isinstance(call.func, cst.Attribute) or dotted_name(call.func.value) is None:
            return None
        receiver = call.func.value

        def change(node: cst.Arg) -> cst.Arg:
            return node.with_changes(value=cst.Call(func=cst.Name(self.function), args=[cst.Arg(receiver), cst.Arg(node.value)]))

        imported = cst.parse_statement(self.import_).body[0]
        return Fix((Replace(arg, change), Prepend(statement, (imported,))), step.shown(change(arg)))


@dataclass(frozen=True)
class ScaleCounts:
    """`keyword=N` -> `keyword=limit`, and the integer literals of the `tied` keywords scaled by
    the same factor (rounded down, at least 1), so what the call does every so many steps
    still happens, as often relative to the whole."""

    keyword: str
    limit: int
    tied: tuple[str, ...]

    def fix(self, match: Match, step: Step) -> Fix | None:
        call: cst.Call = match.node
        counts = {arg.keyword.value: value for arg, value in int_keywords(call, (self.keyword, *self.tied))}
        whole = counts[self.keyword]
        scaled = {name: self.limit if name == self.keyword else max(1, value * self.limit // whole) for name, value in counts.items()}

        def change(node: cst.Call) -> cst.Call:
            args = [
                a.with_changes(value=cst.Integer(str(scaled[a.keyword.value])))
                if a.keyword is not None and a.keyword.value in scaled and int_value(a.value) is not None
                else a
                for a in node.args
            ]
            return node.with_changes(args=args)

        return Fix((Replace(call, change),), ", ".join(f"{name}={value}" for name, value in scaled.items()))

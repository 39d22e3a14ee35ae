"""Rewrites of calls and their results: call the receiver itself, call another method, feed targets as
`text_target=`, index a BatchEncoding, make a list, add a parameter to an override."""

from __future__ import annotations

from dataclasses import dataclass

import libcst as cst

from ..edits import Replace
from ..rules import Fix, Match
from ..step import Step, code_of, positional
from .lists import ONE_SPACE, TIGHT_EQUAL, append


def _first_line(node: cst.CSTNode) -> str:
    return code_of(node).strip().partition("\n")[0]


@dataclass(frozen=True)
class CallReceiver:
    """`tokenizer.encode_plus(...)` -> `tokenizer(...)`."""

    def fix(self, match: Match, step: Step) -> Fix | None:
        call: cst.Call = match.node
        change = lambda node: node.with_changes(func=node.func.value)  # noqa: E731
        return Fix((Replace(call, change),), _first_line(change(call)))


@dataclass(frozen=True)
class CallMethodInstead:
    """`x.old(...)` -> `x.method()`."""

    method: str

    def fix(self, match: Match, step: Step) -> Fix | None:
        call: cst.Call = match.node
        change = lambda node: cst.Call(func=node.func.with_changes(attr=cst.Name(self.method)))  # noqa: E731
        return Fix((Replace(call, change),), _first_line(change(call)))


@dataclass(frozen=True)
class RenameString:
    """A string literal (or a keyword argument's literal value) -> `new`, keeping its quotes."""

    new: str

    def fix(self, match: Match, step: Step) -> Fix | None:
        string = match.node.value if isinstance(match.node, cst.Arg) else match.node
        if not isinstance(string, cst.SimpleString):
            return None
        quote = string.quote
        new = string.with_changes(value=f"{string.prefix}{quote}{self.new}{quote}")
        return Fix((Replace(string, lambda _: new),), new.value)


@dataclass(frozen=True)
class IndexResult:
    """`call(...)` -> `call(...)[key]` (`["input_ids"]`, or `[0]` for an integer key)."""

    key: str | int

    def fix(self, match: Match, step: Step) -> Fix | None:
        call: cst.Call = match.node
        key = cst.Integer(str(self.key)) if isinstance(self.key, int) else cst.SimpleString(f'"{self.key}"')
        index = cst.SubscriptElement(cst.Index(key))
        change = lambda node: cst.Subscript(value=node, slice=[index])  # noqa: E731
        return Fix((Replace(call, change),), _first_line(change(call)))


@dataclass(frozen=True)
class WrapInList:
    """`expression` -> `list(expression)`."""

    def fix(self, match: Match, step: Step) -> Fix | None:
        change = lambda node: cst.Call(func=cst.Name("list"), args=[cst.Arg(node)])  # noqa: E731
        return Fix((Replace(match.node, change),), _first_line(change(match.node)))


@dataclass(frozen=True)
class AddParameter:
    """`def f(self, a, b=1):` -> `def f(self, a, b=1, name=default):`."""

    name: str
    default: str

    def fix(self, match: Match, step: Step) -> Fix | None:
        function: cst.FunctionDef = match.node
        new = cst.Param(
            name=cst.Name(self.name),
            default=cst.parse_expression(self.default),
            equal=TIGHT_EQUAL,
        )
        star = function.params.star_arg
        field = "params" if star is cst.MaybeSentinel.DEFAULT else "kwonly_params"
        if field == "kwonly_params" and not function.params.kwonly_params:
            return None

        def change(node: cst.FunctionDef) -> cst.FunctionDef:
            params = node.params.with_changes(**{field: append(getattr(node.params, field), new)})
            return node.with_changes(params=params)

        return Fix((Replace(function, change),), _first_line(change(function).with_changes(body=cst.IndentedBlock([]))))


@dataclass(frozen=True)
class TextTarget:
    """`with tok.as_target_tokenizer(): labels = tok(targets, ...)` ->
    `labels = tok(text_target=targets, ...)`, the body lifted out of the `with`."""

    def fix(self, match: Match, step: Step) -> Fix | None:
        call: cst.Call = match.node
        statement = step.enclosing(call, cst.With)
        if (
            statement is None
            or len(statement.items) != 1
            or statement.items[0].asname is not None
            or not isinstance(step.parent(statement), (cst.Module, cst.IndentedBlock))
        ):
            return None
        receiver = code_of(call.func.value)
        lifted, converted = _lift(statement, receiver)
        if not converted:
            return None

        def change(node: cst.With) -> cst.FlattenSentinel:
            lines, _ = _lift(node, receiver)
            first = lines[0].with_changes(leading_lines=[*node.leading_lines, *lines[0].leading_lines])
            return cst.FlattenSentinel([first, *lines[1:]])

        return Fix((Replace(statement, change),), _first_line(lifted[0]))


def _lift(statement: cst.With, receiver: str) -> tuple[list[cst.BaseStatement], int]:
    """The body of the `with` as top-level lines, its `receiver(...)` calls given `text_target=`;
    and how many calls were converted."""
    body = statement.body
    lines = list(body.body) if isinstance(body, cst.IndentedBlock) else [cst.SimpleStatementLine(body=list(body.body))]
    converter = _TextTargetCalls(receiver)
    return [line.visit(converter) for line in lines], converter.converted


class _TextTargetCalls(cst.CSTTransformer):
    """`receiver(x, ...)` -> `receiver(text_target=x, ...)`."""

    def __init__(self, receiver: str) -> None:
        self._receiver = receiver
        self.converted = 0

    def leave_Call(self, original_node: cst.Call, updated_node: cst.Call) -> cst.Call:
        first = positional(updated_node, 0)
        if first is None or code_of(updated_node.func) != self._receiver:
            return updated_node
        self.converted += 1
        targeted = first.with_changes(
            keyword=cst.Name("text_target"),
            equal=TIGHT_EQUAL,
        )
        return updated_node.with_changes(args=[targeted if arg is first else arg for arg in updated_node.args])


# prepare_seq2seq_batch keywords that the tokenizer call accepts under a name of its own.
_SEQ2SEQ_KEYWORDS = {"src_texts": "text", "tgt_texts": "text_target"}
_SEQ2SEQ_PASSED = frozenset({"max_length", "padding", "truncation", "return_tensors"})


@dataclass(frozen=True)
class TokenizerCall:
    """`tok.prepare_seq2seq_batch(src, tgt, ...)` -> `tok(src, text_target=tgt, ...)`, when every
    argument has a tokenizer equivalent (`max_target_length` has none: left alone)."""

    def fix(self, match: Match, step: Step) -> Fix | None:
        call: cst.Call = match.node
        positionals = [arg for arg in call.args if arg.keyword is None]
        keywords = {arg.keyword.value for arg in call.args if arg.keyword is not None}
        if any(arg.star for arg in positionals) or len(positionals) > 2 or keywords - _SEQ2SEQ_PASSED - set(_SEQ2SEQ_KEYWORDS):
            return None

        def change(node: cst.Call) -> cst.Call:
            args = []
            for index, arg in enumerate(node.args):
                if arg.keyword is None and index == 1:  # the targets, passed positionally
                    arg = arg.with_changes(keyword=cst.Name("text_target"), equal=TIGHT_EQUAL)
                elif arg.keyword is not None and arg.keyword.value in _SEQ2SEQ_KEYWORDS:
                    arg = arg.with_changes(keyword=cst.Name(_SEQ2SEQ_KEYWORDS[arg.keyword.value]))
                args.append(arg)
            return node.with_changes(func=node.func.value, args=args)

        return Fix((Replace(call, change),), _first_line(change(call)))


@dataclass(frozen=True)
class AudioAsArrays:
    """`ds[:4]["audio"]` -> a list of `{"raw": array, "sampling_rate": rate}`, and
    `ds[0]["audio"]` -> one such dict: the form every release's audio pipelines accept.
    `x["audio"]` alone may be a column or one example's value, so it is left alone."""

    def fix(self, match: Match, step: Step) -> Fix | None:
        audio: cst.Subscript = match.node
        rows = audio.value
        if not isinstance(rows, cst.Subscript) or len(rows.slice) != 1:
            return None
        selected, value = rows.slice[0].slice, code_of(audio)
        if isinstance(selected, cst.Slice):
            code = f'[{{"raw": a["array"], "sampling_rate": a["sampling_rate"]}} for a in {value}]'
        elif isinstance(selected, cst.Index) and isinstance(selected.value, cst.Integer):
            code = f'{{"raw": {value}["array"], "sampling_rate": {value}["sampling_rate"]}}'
        else:
            return None
        new = cst.parse_expression(code)
        return Fix((Replace(audio, lambda _: new),), code)


@dataclass(frozen=True)
class KeyAsArgument:
    """`f(x["key"])` -> `f(x, "key")`: the column a call takes as its own argument."""

    def fix(self, match: Match, step: Step) -> Fix | None:
        arg: cst.Arg = match.node
        subscript = arg.value
        if not isinstance(subscript, cst.Subscript) or len(subscript.slice) != 1 or not isinstance(subscript.slice[0].slice, cst.Index):
            return None
        key = subscript.slice[0].slice.value
        if not isinstance(key, cst.SimpleString):
            return None
        call = step.parent(arg)
        change = lambda node: node.with_changes(args=[cst.Arg(subscript.value, comma=cst.Comma(whitespace_after=ONE_SPACE)), cst.Arg(key)])  # noqa: E731
        return Fix((Replace(call, change),), _first_line(change(call)))


@dataclass(frozen=True)
class CallFunctionInstead:
    """`pipe(model=...)` -> `pipe = pipeline(model=...)`: a call of an object with the arguments
    of the function that makes it. A bare call becomes an assignment to the object's name;
    elsewhere only the function called changes."""

    function: str

    def fix(self, match: Match, step: Step) -> Fix | None:
        call = step.parent(match.node)
        if not isinstance(call, cst.Call) or not isinstance(call.func, cst.Name):
            return None
        target = call.func
        made = call.with_changes(func=cst.Name(self.function))
        statement = step.parent(call)
        if isinstance(statement, cst.Expr):
            assign = cst.Assign(targets=[cst.AssignTarget(target)], value=made)
            return Fix((Replace(statement, lambda _: assign),), _first_line(assign))
        change = lambda node: node.with_changes(func=cst.Name(self.function))  # noqa: E731
        return Fix((Replace(call, change),), _first_line(change(call)))

"""Printed output as a value tree, so that outputs can be compared by structure.

A guide shows what `repr`/`print` wrote: Python literals, but also library reprs that are
not Python (`tensor([...], grad_fn=<SoftmaxBackward0>)`, `Dataset({features: [...],
num_rows: 5})` with bare keys, `DatasetDict({...})` with no commas between splits,
`BertConfig {...}`, `<... object at 0x...>`) and plain text lines
(`label: POSITIVE, with score: 0.9998`). `ast.literal_eval` covers only the first kind, so
this is a small recursive-descent parser over the tokens of Python's `tokenize`, which
already knows strings, numbers and bracket nesting across lines.

`parse_value` never raises: a line that is not a value becomes a `Text` template (words,
numbers and punctuation), so an unknown repr degrades to a text comparison. Several values
or lines give `Lines`. NumPy scalar reprs (`np.float64(0.5)`) parse as the bare number,
since NumPy 1 and 2 print the same value differently.
"""

from __future__ import annotations

import ast
import re
import tokenize
from dataclasses import dataclass


@dataclass(frozen=True)
class Num:
    """A number as printed; `text` keeps the written precision (`0.9998`, `1.`, `nan`)."""

    value: float | int
    text: str

    @property
    def is_int(self) -> bool:
        return isinstance(self.value, int)


@dataclass(frozen=True)
class Str:
    value: str


@dataclass(frozen=True)
class Const:
    """`True`, `False`, `None` (JSON's `true`, `false`, `null` too)."""

    value: bool | None


@dataclass(frozen=True)
class Name:
    """A bare (dotted) name inside a repr: `torch.int64`, `float32`."""

    dotted: str


@dataclass(frozen=True)
class Opaque:
    """An angle-bracket repr (`<SoftmaxBackward0>`, `<X object at 0x7f...>`).

    `kind` drops the memory address, which changes on every run, and a PIL image's size: a
    stand-in picture is small whatever the page's photo was, while its class (JPEG or PNG)
    and mode are the dataset's.
    """

    text: str

    @property
    def kind(self) -> str:
        text = ADDRESS_RE.sub("", self.text)
        return PIL_SIZE_RE.sub("", text) if text.startswith("<PIL.") else text


@dataclass(frozen=True)
class Elided:
    """`...`: written by a doctest author under ELLIPSIS, or by torch/numpy summarising."""


@dataclass(frozen=True)
class Seq:
    kind: str  # "list", "tuple" or "set"
    items: tuple[Value, ...]


@dataclass(frozen=True)
class Map:
    """A dict, also a repr's `{key: value}` body with bare keys (bare keys become `Str`).

    An `Elided` entry (`{'a': 1, ...}`) is stored as `(Elided(), Elided())`.
    """

    entries: tuple[tuple[Value, Value], ...]


@dataclass(frozen=True)
class Call:
    """`name(args, key=value)`; a `Name {...}` repr (configs) is a call with the dict as arg."""

    name: str
    args: tuple[Value, ...]
    kwargs: tuple[tuple[str, Value], ...]


@dataclass(frozen=True)
class Text:
    """A line that is not a value, as tokens: numbers, words, `...`, punctuation."""

    tokens: tuple[str, ...]


@dataclass(frozen=True)
class Lines:
    """Several values or text lines, one per printed line (or multi-line value)."""

    items: tuple[Value, ...]


Value = Num | Str | Const | Name | Opaque | Elided | Seq | Map | Call | Text | Lines

ADDRESS_RE = re.compile(r"\s+at\s+0x[0-9a-fA-F]+")
PIL_SIZE_RE = re.compile(r"\s+size=\d+x\d+")
NUMPY_SCALAR_RE = re.compile(r"(?:np|numpy)\.(?:float|int|uint|bool_?|complex)\d*")
TEXT_TOKEN_RE = re.compile(
    r"\.\.\.|[-+]?(?:\d+\.\d*|\.\d+|\d+)(?:[eE][-+]?\d+)?|\w+(?:[-.'’]\w+)*|\S"
)
NUMBER_RE = re.compile(r"[-+]?(?:\d+\.\d*|\.\d+|\d+)(?:[eE][-+]?\d+)?")
CONSTANTS = {"True": True, "False": False, "None": None, "true": True, "false": False,
             "null": None}
SPECIAL_FLOATS = {"nan", "inf"}
SKIPPED_TOKENS = {tokenize.NL, tokenize.INDENT, tokenize.DEDENT, tokenize.ENCODING}
# Deeper nesting than any printout; past it the text is compared as text.
MAX_DEPTH = 60


class NotAValue(Exception):
    """The text is not a value this parser knows; the caller falls back to text."""


def parse_value(text: str) -> Value:
    """The value tree of a printed output; never raises."""
    lines = text.replace("\r\n", "\n").replace("\r", "\n").split("\n")
    lines = [line.rstrip() for line in lines]
    items: list[Value] = []
    i = 0
    while i < len(lines):
        if lines[i].strip():
            value, i = _value_at(lines, i)
            items.append(value)
        else:
            i += 1
    if len(items) == 1:
        return items[0]
    return Lines(tuple(items))


def text_tokens(line: str) -> tuple[str, ...]:
    return tuple(TEXT_TOKEN_RE.findall(line))


def is_number_token(token: str) -> bool:
    return NUMBER_RE.fullmatch(token) is not None


def _value_at(lines: list[str], start: int) -> tuple[Value, int]:
    """The value whose logical line starts at `lines[start]` (or that line as text) and the
    index of the line after it."""
    try:
        tokens, line_count = _logical_line(lines, start)
        parser = _Parser(tokens, "\n".join(lines[start : start + line_count]))
        value = parser.value(top=True)
        parser.expect_line_end()
    except NotAValue:
        return Text(text_tokens(lines[start])), start + 1
    return value, start + line_count


def _logical_line(lines: list[str], start: int) -> tuple[list[tokenize.TokenInfo], int]:
    """The tokens of the logical line starting at `lines[start]` (brackets and strings may
    carry it over several lines) and how many lines it spans. Tokens are read lazily, so
    text further down cannot spoil this line."""
    rest = iter(lines[start:])

    def readline() -> str:
        line = next(rest, None)
        return "" if line is None else line + "\n"

    kept: list[tokenize.TokenInfo] = []
    try:
        for token in tokenize.generate_tokens(readline):
            if token.type in (tokenize.ERRORTOKEN, tokenize.COMMENT):
                raise NotAValue(f"unexpected {token.string!r}")
            if token.type in (tokenize.NEWLINE, tokenize.ENDMARKER):
                kept.append(token)
                return kept, token.start[0]
            if token.type not in SKIPPED_TOKENS:
                kept.append(token)
    except (tokenize.TokenError, SyntaxError, ValueError) as error:
        raise NotAValue(str(error)) from None
    raise NotAValue("no logical line")


class _Parser:
    def __init__(self, tokens: list[tokenize.TokenInfo], source: str):
        self.tokens = tokens
        self.pos = 0
        self.depth = 0
        line_starts = [0]
        for line in source.split("\n"):
            line_starts.append(line_starts[-1] + len(line) + 1)
        self.source = source
        self.line_starts = line_starts

    # -- token access
    def peek(self, ahead: int = 0) -> tokenize.TokenInfo:
        index = min(self.pos + ahead, len(self.tokens) - 1)
        return self.tokens[index]

    def next(self) -> tokenize.TokenInfo:
        token = self.peek()
        self.pos += 1
        return token

    def at(self, string: str) -> bool:
        token = self.peek()
        return token.type == tokenize.OP and token.string == string

    def take(self, string: str) -> bool:
        if self.at(string):
            self.pos += 1
            return True
        return False

    def expect(self, string: str) -> None:
        if not self.take(string):
            raise NotAValue(f"expected {string!r}, found {self.peek().string!r}")

    def expect_line_end(self) -> None:
        if self.peek().type not in (tokenize.NEWLINE, tokenize.ENDMARKER):
            raise NotAValue(f"more after the value: {self.peek().string!r}")

    def offset(self, position: tuple[int, int]) -> int:
        row, column = position
        return self.line_starts[row - 1] + column

    # -- grammar
    def value(self, top: bool = False) -> Value:
        self.depth += 1
        if self.depth > MAX_DEPTH:
            raise NotAValue("nested too deeply")
        try:
            return self._value(top)
        finally:
            self.depth -= 1

    def _value(self, top: bool) -> Value:
        token = self.peek()
        if token.type == tokenize.NUMBER:
            self.pos += 1
            return _number(token.string)
        if token.type == tokenize.STRING:
            return self.strings()
        if token.type == tokenize.NAME:
            return self.named(top)
        if token.type == tokenize.OP:
            if token.string in ("-", "+") and self.peek(1).type in (tokenize.NUMBER,
                                                                    tokenize.NAME):
                return self.signed()
            if token.string == "...":
                self.pos += 1
                return Elided()
            if token.string == "[":
                self.pos += 1
                return Seq("list", tuple(self.items("]")))
            if token.string == "(":
                return self.parenthesised()
            if token.string == "{":
                self.pos += 1
                return self.braces()
            if token.string == "<":
                return self.opaque()
        raise NotAValue(f"unexpected {token.string!r}")

    def strings(self) -> Str:
        parts = []
        while self.peek().type == tokenize.STRING:
            parts.append(_string(self.next().string))
        return Str("".join(parts))

    def signed(self) -> Num:
        sign = self.next().string
        token = self.next()
        if token.type == tokenize.NAME and token.string not in SPECIAL_FLOATS:
            raise NotAValue(f"{sign}{token.string}")
        number = _number(token.string)
        value = -number.value if sign == "-" else number.value
        return Num(value, sign + token.string if sign == "-" else token.string)

    def named(self, top: bool) -> Value:
        name = self.next().string
        if name in CONSTANTS:
            return Const(CONSTANTS[name])
        if name in SPECIAL_FLOATS:
            return Num(float(name), name)
        while self.at(".") and self.peek(1).type == tokenize.NAME:
            self.pos += 1
            name += "." + self.next().string
        if self.at("(") and self.peek().start == self.tokens[self.pos - 1].end:
            self.pos += 1
            return self.call(name)
        if self.take("{"):
            body = self.braces()
            if not isinstance(body, Map):
                raise NotAValue(f"{name} {{...}} is not a mapping")
            return Call(name, (body,), ())
        if top:  # a lone word on a line is text, not a value
            raise NotAValue(name)
        return Name(name)

    def call(self, name: str) -> Value:
        args: list[Value] = []
        kwargs: list[tuple[str, Value]] = []
        while not self.take(")"):
            token = self.peek()
            if token.type == tokenize.NAME and self.peek(1).string == "=":
                self.pos += 2
                kwargs.append((token.string, self.value()))
            else:
                if kwargs:
                    raise NotAValue("positional argument after keyword argument")
                args.append(self.value())
            if not self.take(","):
                self.expect(")")
                break
        if NUMPY_SCALAR_RE.fullmatch(name) and len(args) == 1 and not kwargs:
            if isinstance(args[0], (Num, Const)):
                return args[0]
        return Call(name, tuple(args), tuple(kwargs))

    def items(self, closing: str) -> list[Value]:
        items: list[Value] = []
        while not self.take(closing):
            items.append(self.value())
            if not self.take(","):
                self.expect(closing)
                break
        return items

    def parenthesised(self) -> Value:
        self.pos += 1
        items: list[Value] = []
        trailing_comma = False
        while not self.take(")"):
            items.append(self.value())
            trailing_comma = self.take(",")
            if not trailing_comma:
                self.expect(")")
                break
        if len(items) == 1 and not trailing_comma:
            return items[0]
        return Seq("tuple", tuple(items))

    def braces(self) -> Value:
        """After `{`: a dict, a repr body with bare keys and optional commas, or a set."""
        if self.take("}"):
            return Map(())
        entries: list[tuple[Value, Value]] = []
        members: list[Value] = []
        while True:
            key = self.key()
            if self.take(":"):
                if members:
                    raise NotAValue("a set and a dict at once")
                entries.append((key, self.value()))
            elif isinstance(key, Elided) and not members:
                entries.append((key, key))
            else:
                if entries:
                    raise NotAValue("a dict entry without a value")
                members.append(key)
            comma = self.take(",")
            if self.take("}"):
                break
            # `DatasetDict({train: ..., test: ...})` prints no comma between its splits
            if not comma and members:
                raise NotAValue("missing comma in a set")
        if members:
            return Seq("set", tuple(members))
        return Map(tuple(entries))

    def key(self) -> Value:
        token = self.peek()
        if token.type == tokenize.NAME and self.peek(1).string == ":":
            self.pos += 1
            if token.string in CONSTANTS:
                return Const(CONSTANTS[token.string])
            return Str(token.string)
        return self.value()

    def opaque(self) -> Opaque:
        start = self.next().start
        depth = 1
        while depth:
            token = self.next()
            if token.type in (tokenize.NEWLINE, tokenize.ENDMARKER):
                raise NotAValue("unclosed <")
            if token.type == tokenize.OP:
                depth += token.string.count("<") - token.string.count(">")
        end = token.end
        return Opaque(self.source[self.offset(start) : self.offset(end)])


def _string(literal: str) -> str:
    # most printed strings are plain quotes around plain text: skip the compiler for them
    plain = literal[0] in "'\"" and literal[:3] not in ("'''", '"""')
    if plain and "\\" not in literal:
        return literal[1:-1]
    try:
        value = ast.literal_eval(literal)
    except (ValueError, SyntaxError) as error:  # f-strings
        raise NotAValue(str(error)) from None
    return value if isinstance(value, str) else repr(value)


def _number(text: str) -> Num:
    if text in SPECIAL_FLOATS:
        return Num(float(text), text)
    try:
        value = ast.literal_eval(text)
    except (ValueError, SyntaxError) as error:
        raise NotAValue(str(error)) from None
    if isinstance(value, complex):
        raise NotAValue(f"complex number {text}")
    return Num(value, text)

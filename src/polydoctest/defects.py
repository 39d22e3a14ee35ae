"""Doc defects a step's code shows before it runs, with the remedy where one is obvious.

Some defects make a step fail with a bare `SyntaxError` although the page's intent is plain:

- translated punctuation in code: a translator's keyboard put the Arabic comma `،` (or a
  full-width `，`, `（`, curly quotes ...) where Python needs ASCII. The remedy replaces them
  in code tokens only (strings and comments keep theirs) and applies only when the step then
  parses (the step runs, and the page is told what to fix) or then shows as a fragment;
- a doctest continuation that lost its `... ` prompt: the line that closes a call (`)`) was
  written bare, or `...)` with no space after the prompt, so a doctest reader takes it as the
  expected output and the code never closes its bracket. The remedy takes the output lines
  that close the open brackets back as code, only when the step then parses;
- punctuation typed as prose: a line of code ended as a sentence ends, with a period
  (`fp16=True.`, `path = "/path/to/model".`), or an import with a trailing comma. The remedy
  writes the comma the arguments need, or drops the mark, on the same terms;
- a translated docstring section: `Args:` turned into `인수:` in a function whose docstring a
  parser reads (a chat tool's schema). The code parses but fails where the docstring is read;
  the remedy puts the English header back;
- printed output in a code fence: the fence holds what the code prints (a repr, a table),
  not code. There is nothing to run; the page should show it as output;
- a fragment: code that illustrates rather than runs (`def f():` with no body, a function's
  body with its `await` or `return`, `...` standing for arguments or items, `<your model>`
  standing for a value, two versions side by side, a loop that runs for ever as a server's,
  the guides' `BrandNewBert` standing for the model a reader adds, a package's module with its
  relative imports: the planner runs that one after all when a later step imports its package,
  see `polydoctest.packages`).
  It is recognised by its syntax, whatever the page's language, one `FRAGMENTS` row per kind,
  and not run: a fragment is no failure of the page, and no step that ran either.

Plain data in (a step's source), plain data out (`Defect`s, the source to run).
"""

from __future__ import annotations

import ast
import io
import keyword
import re
import tokenize
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass

# Translated punctuation -> what Python needs in its place.
PUNCTUATION = {
    "\u060c": ",",  # Arabic comma
    "\u061b": ";",  # Arabic semicolon
    "\uff0c": ",",
    "\uff1a": ":",
    "\uff1b": ";",
    "\uff08": "(",
    "\uff09": ")",
    "\uff1d": "=",
    "\u201c": '"',
    "\u201d": '"',
    "\u2018": "'",
    "\u2019": "'",
}

# A line that reads like printed values: a container or repr opening, a quoted or numeric
# item, an ellipsis, a closing bracket or a table rule.
_OUTPUT_LINE = re.compile(r"""^\s*(?:[\[{(]+\s*)?(?:['"\d.-]|tensor\(|array\(|[A-Za-z_]\w*\((?:\w+=|\{)|[|+]-|[\]})])""")
# A line that starts a statement at the left margin: code, not output.
_STATEMENT = re.compile(r"^(?:import |from |def |class |for |while |if |with |try:|return |@|[A-Za-z_][\w.]*\s*=[^=])")


@dataclass(frozen=True)
class Defect:
    kind: str
    """`translated-punctuation`, `output-in-code`, `missing-import`, `fragment-...` (a
    `FRAGMENTS` row): the finding's rule is `doc-defect.<kind>`."""
    line: int
    """1-based line of the step where the defect is."""
    message: str
    old: str | None
    new: str | None
    """What replaced `old` in the code that runs (for a missing import, the import added);
    None when the step is not run."""


@dataclass(frozen=True)
class Fragment:
    """A kind of illustration that is not a runnable step: `find` gives the step line where it
    shows and what `message` (a format string with `{shown}`) names, or None. `find` gets the
    error of a step that does not parse (None when it does)."""

    kind: str
    find: Callable[[str, SyntaxError | None], tuple[int, str] | None]
    message: str


def find_defects(source: str) -> tuple[tuple[Defect, ...], str]:
    """The defects of a step's code seen before it runs, and the source to run with their
    remedies applied. After a defect whose `new` is None the step is not run."""
    error = _syntax_error(source)
    if error is None:
        fragment = _fragment(source, None)
        sections = _translated_sections(source)
        if sections is not None:
            defect, source = sections
            return ((defect, fragment) if fragment else (defect,)), source
        return (fragment,) if fragment else (), source
    for remedy in (_replace_punctuation, _prose_punctuation):
        found = remedy(source)
        if found is not None:
            defect, remedied = found
            remedied_error = _syntax_error(remedied)
            fragment = _fragment(remedied, remedied_error)
            if remedied_error is None or fragment is not None:
                return ((defect, fragment) if fragment else (defect,)), remedied
    if _reads_like_output(source):
        line = source.splitlines()[(error.lineno or 1) - 1].strip() if source.strip() else ""
        message = "the code fence holds printed output, not code: show it as output (a doctest's expected lines, or a plain fence)"
        return (Defect("output-in-code", error.lineno or 1, message, line, None),), source
    fragment = _fragment(source, error)
    return ((fragment,) if fragment else ()), source


# A continuation prompt with no space after it (`...)`): doctest reads it as no prompt at all.
_PROMPT_WITHOUT_SPACE = re.compile(r"^(?P<indent>[ \t]*)\.\.\.(?=[^\s.])")


def lost_prompts(source: str, expected: str) -> tuple[Defect, str, str] | None:
    """A doctest example whose code leaves a bracket open, and whose first expected lines,
    taken back as code, close it: (the defect, the source with those lines, the expected
    output left). None when the code parses, or no such lines make it parse."""
    if _syntax_error(source) is None or not _unclosed(source):
        return None
    lines = expected.splitlines(keepends=True)
    taken = source
    for count, line in enumerate(lines, 1):
        taken += _PROMPT_WITHOUT_SPACE.sub(r"\g<indent>", line)
        if _unclosed(taken):
            continue
        if _syntax_error(taken) is not None:
            return None
        first = lines[0].rstrip("\n")
        lacks = "its prompt lacks the space after `...`" if _PROMPT_WITHOUT_SPACE.match(first) else "it has lost its `... ` prompt"
        fixed = "... " + _PROMPT_WITHOUT_SPACE.sub("", first).strip()
        message = (
            f"the line `{first.strip()}` goes on with the code but {lacks}, so a doctest reads it as output and "
            f"the code never closes its bracket; write `{fixed}`"
        )
        row = len(source.splitlines()) + 1
        return Defect("lost-prompt", row, message, first.strip(), fixed), taken, "".join(lines[count:])
    return None


def _unclosed(source: str) -> bool:
    """Whether `source` ends inside an open bracket."""
    try:
        for _ in tokenize.generate_tokens(io.StringIO(source).readline):
            pass
    except tokenize.TokenError as error:
        return "multi-line statement" in str(error.args[0])
    except SyntaxError:
        return False
    return False


def missing_import(source: str, name: str, fix: str) -> Defect:
    """`name` is used in `source` (first on the line the defect points at) but the page never
    imports it; `fix` is the import line that provides it."""
    line = next((token.start[0] for token in _tokens(source) if token.type == tokenize.NAME and token.string == name), 1)
    message = f"`{name}` is used but the page never imports it; add `{fix}` before this step"
    return Defect("missing-import", line, message, None, fix)


def _syntax_error(source: str) -> SyntaxError | None:
    # Compiled, not only parsed: `await` or `return` outside a function parse.
    try:
        compile(source, "<step>", "exec", dont_inherit=True)
    except SyntaxError as error:
        return error
    return None


def _fragment(source: str, error: SyntaxError | None) -> Defect | None:
    for row in FRAGMENTS:
        if (found := row.find(source, error)) is not None:
            line, shown = found
            return Defect(row.kind, line, row.message.format(shown=shown), source.splitlines()[line - 1].strip(), None)
    return None


def _replace_punctuation(source: str) -> tuple[Defect, str] | None:
    lines = source.splitlines(keepends=True)
    found: list[tuple[int, int, str]] = []
    try:
        for token in tokenize.generate_tokens(io.StringIO(source).readline):
            if token.type == tokenize.ERRORTOKEN and token.string in PUNCTUATION:
                found.append((token.start[0], token.start[1], token.string))
    except (tokenize.TokenError, SyntaxError):
        return None
    if not found:
        return None
    for row, column, mark in reversed(found):
        text = lines[row - 1]
        lines[row - 1] = text[:column] + PUNCTUATION[mark] + text[column + 1 :]
    remedied = "".join(lines)
    first_row, _, first_mark = found[0]
    marks = ", ".join(f"`{mark}`" for mark in dict.fromkeys(mark for _, _, mark in found))
    message = f"the code uses {marks} where Python needs ASCII punctuation; replace it in code (not in strings or comments)"
    old = source.splitlines()[first_row - 1].strip()
    return Defect("translated-punctuation", first_row, message, old, remedied.splitlines()[first_row - 1].strip()), remedied


def _prose_punctuation(source: str) -> tuple[Defect, str] | None:
    """Punctuation that ends a line of code as it would end a sentence: a period after an
    argument (`fp16=True.`, where the comma between arguments goes) or after a statement
    (`path = "/path/to/model".`, where nothing goes), and a comma after the last name of an
    import without parentheses. The remedy writes the comma, or drops the mark."""
    lines = source.splitlines(keepends=True)
    edits: list[tuple[int, int, str, str]] = []  # (row, column, mark, what replaces it)
    depth = 0
    try:
        tokens = list(tokenize.generate_tokens(io.StringIO(source).readline))
    except (tokenize.TokenError, SyntaxError):
        return None
    for token, following in zip(tokens, tokens[1:]):
        if token.type != tokenize.OP:
            continue
        depth += (token.string in "([{") - (token.string in ")]}")
        if following.type not in _LINE_END:
            continue
        row, column = token.start
        if token.string == ".":
            edits.append((row, column, ".", "," if depth else ""))
        elif token.string == "," and depth == 0 and lines[row - 1].lstrip().startswith(("from ", "import ")):
            edits.append((row, column, ",", ""))
    if not edits:
        return None
    for row, column, _, new in reversed(edits):
        lines[row - 1] = lines[row - 1][:column] + new + lines[row - 1][column + 1 :]
    remedied = "".join(lines)
    row, _, mark, new = edits[0]
    if mark == ",":
        message = "the import ends with `,` as a list in a sentence would; Python takes no comma after the last name"
    else:
        needed = "the comma between arguments" if new else "nothing there"
        message = f"a line of code ends with `.` as a sentence would; Python needs {needed}"
    return Defect("prose-punctuation", row, message, source.splitlines()[row - 1].strip(), remedied.splitlines()[row - 1].strip()), remedied


_LINE_END = frozenset({tokenize.NEWLINE, tokenize.NL, tokenize.COMMENT, tokenize.ENDMARKER})


# A docstring section header alone on its line (`Args:`, or a translation of it).
_SECTION = re.compile(r"^(?P<indent>\s*)(?P<header>[^\s:][^:]*?):\s*$")
# An entry of that section: `name: what it is`, or `name (type): ...`, `name(location): ...`.
_ENTRY = re.compile(r"^(?P<indent>\s*)(?P<entry>(?P<name>[^\s:(]+)\s*(?:\([^)]*\))?)\s*:")
# Google-style sections other than the arguments', which keep their own words.
_OTHER_SECTIONS = frozenset({"Returns", "Return", "Yields", "Raises", "Example", "Examples", "Note", "Notes", "Attributes"})


def _translated_sections(source: str) -> tuple[Defect, str] | None:
    """A function docstring whose `Args:` section was translated: its header (`인수:`), and
    maybe the parameter names under it (`위치:` for `location`). It is recognised by a first
    section holding one entry per parameter; the remedy writes `Args:` and the parameters'
    names, in their order. Google-style parsers (transformers' tool schemas among them) read
    those words as they are."""
    import ast

    lines = source.splitlines(keepends=True)
    edits: list[tuple[int, str, str]] = []  # (row, old text, new text)
    for function in ast.walk(ast.parse(source)):
        if not isinstance(function, (ast.FunctionDef, ast.AsyncFunctionDef)) or ast.get_docstring(function) is None:
            continue
        parameters = [arg.arg for arg in function.args.args + function.args.kwonlyargs if arg.arg not in ("self", "cls")]
        docstring = function.body[0]
        rows = range(docstring.lineno, docstring.end_lineno)  # 1-based rows before the last
        header_row = next((row for row in rows if _SECTION.match(lines[row - 1])), None)
        if header_row is None or not parameters:
            continue
        section = _SECTION.match(lines[header_row - 1])
        header = section["header"]
        if header == "Args" or header in _OTHER_SECTIONS:
            continue
        entries = []
        for row in range(header_row + 1, docstring.end_lineno):
            entry = _ENTRY.match(lines[row - 1])
            if entry is None or len(entry["indent"]) <= len(section["indent"]):
                break
            entries.append((row, entry["name"], entry["entry"]))
        if len(entries) != len(parameters):
            continue
        edits.append((header_row, f"{header}:", "Args:"))
        edits += [(row, written, parameter) for (row, name, written), parameter in zip(entries, parameters) if name != parameter]
    if not edits:
        return None
    for row, old, new in edits:
        lines[row - 1] = lines[row - 1].replace(old, new, 1)
    first, header, _ = edits[0]
    renamed = list(dict.fromkeys((old, new) for _, old, new in edits[1:] if new != "Args:"))
    names = f", and its parameters as {', '.join(f'`{old}` for `{new}`' for old, new in renamed)}" if renamed else ""
    message = (
        f"the docstring's `Args:` section is translated (headed `{header}`{names}): docstring parsers (transformers' "
        "tool schemas) read `Args:` and the parameters' names as they are; keep them in English"
    )
    return Defect("translated-docstring-section", first, message, header, "Args:"), "".join(lines)


def _reads_like_output(source: str) -> bool:
    lines = [line for line in source.splitlines() if line.strip()]
    if not lines or lines[0].startswith(("%", "!")):  # notebook magics: shell, not output
        return False
    if any(_STATEMENT.match(line) for line in lines[1:]):
        return False
    return sum(bool(_OUTPUT_LINE.match(line)) for line in lines) * 2 >= len(lines)


def _tokens(source: str) -> list[tokenize.TokenInfo]:
    """The tokens of `source` up to where it stops tokenizing, without layout tokens."""
    found: list[tokenize.TokenInfo] = []
    try:
        for token in tokenize.generate_tokens(io.StringIO(source).readline):
            if token.type not in _LAYOUT:
                found.append(token)
    except (tokenize.TokenError, SyntaxError):
        pass
    return found


_LAYOUT = frozenset({tokenize.NL, tokenize.INDENT, tokenize.DEDENT, tokenize.COMMENT})
# What `...` stands for, by the bracket it sits in directly.
_ELLIPSIS_STANDS_FOR = {"call": "arguments", "list": "items", "dict": "items"}


def _bracket_role(bracket: str, before: list[tokenize.TokenInfo]) -> str:
    """`call`, `signature`, `subscript`, `list`, `dict` or `group` for an opening bracket."""
    previous = before[-1] if before else None
    follows_value = previous is not None and (
        (previous.type == tokenize.NAME and not keyword.iskeyword(previous.string))
        or previous.string in (")", "]")
        or (bracket == "[" and previous.type == tokenize.STRING)
    )
    if bracket == "{":
        return "dict"
    if bracket == "[":
        return "subscript" if follows_value else "list"
    if not follows_value:
        return "group"
    defines = len(before) > 1 and before[-2].string in ("def", "class")
    return "signature" if defines else "call"


def _ellipsis_placeholder(source: str, error: SyntaxError | None) -> tuple[int, str] | None:
    """`...` given as an argument, a list or dict item, or the value of an assignment: a
    placeholder (`x[..., 0]` and `def f(x=...)` are Python's own uses)."""
    tokens = _tokens(source)
    roles: list[str] = []
    for position, token in enumerate(tokens):
        if token.type == tokenize.OP and token.string in "([{":
            roles.append(_bracket_role(token.string, tokens[:position]))
        elif token.type == tokenize.OP and token.string in ")]}":
            roles = roles[:-1]
        elif token.string == "..." and 0 < position < len(tokens) - 1:
            before, after = tokens[position - 1].string, tokens[position + 1]
            role = roles[-1] if roles else None
            if role in _ELLIPSIS_STANDS_FOR and before in ("(", "[", "{", ",", "=", ":") and after.string in (")", "]", "}", ","):
                return token.start[0], _ELLIPSIS_STANDS_FOR[role]
            if role is None and before == "=" and after.type in (tokenize.NEWLINE, tokenize.ENDMARKER):
                return token.start[0], "a value"
    return None


_NO_BODY = re.compile(r"expected an indented block after .* on line (?P<line>\d+)")


def _missing_body(source: str, error: SyntaxError | None) -> tuple[int, str] | None:
    """A `def`, `class` or block header with no body, or decorators that decorate nothing."""
    if error is None:
        return None
    if match := _NO_BODY.match(error.msg):
        line = int(match["line"])
        return line, source.splitlines()[line - 1].strip()
    lines = source.splitlines()
    last = max((number for number, text in enumerate(lines, 1) if text.strip()), default=0)
    if last and lines[last - 1].lstrip().startswith("@") and (error.lineno or 0) >= last:
        return last, lines[last - 1].strip()
    return None


_OUTSIDE_FUNCTION = re.compile(r"'(?P<keyword>[\w ]+)' outside (?:async )?function")


def _function_body(source: str, error: SyntaxError | None) -> tuple[int, str] | None:
    """`await`, `return` or `yield` at the top level: the body of a function, shown alone."""
    match = _OUTSIDE_FUNCTION.match(error.msg) if error is not None else None
    return (error.lineno or 1, match["keyword"]) if match else None


def _placeholder_token(source: str, error: SyntaxError | None) -> tuple[int, str] | None:
    """`<your model>` written where a value goes, outside strings and comments."""
    if error is None:
        return None
    tokens = _tokens(source)
    for position, token in enumerate(tokens):
        if token.string != "<" or (position and tokens[position - 1].string not in ("(", "[", "{", ",", "=", ":")):
            continue
        end = next((later for later in tokens[position + 1 :] if later.string == ">"), None)
        inside = tokens[position + 1 : tokens.index(end)] if end else []
        if end and end.start[0] == token.start[0] and inside and all(t.type == tokenize.NAME or t.string in "-." for t in inside):
            line = source.splitlines()[token.start[0] - 1]
            return token.start[0], line[token.start[1] : end.end[1]]
    return None


def _side_by_side(source: str, error: SyntaxError | None) -> tuple[int, str] | None:
    """Two versions of the code in columns, split by a `|` at the same column on most lines."""
    if error is None:
        return None
    lines = [line for line in source.splitlines() if line.strip()]
    columns = Counter(column for line in lines for column, mark in enumerate(line) if mark == "|" and line[column - 1 : column] == " ")
    if not columns:
        return None
    column, count = columns.most_common(1)[0]
    if count < 3 or count * 3 < len(lines) * 2:
        return None
    return 1, str(column + 1)


def _endless_loop(source: str, error: SyntaxError | None) -> tuple[int, str] | None:
    """A loop that runs for ever, as a server's does: a top-level `while True:` that nothing
    leaves, or a top-level `for` (with no `break`) over what a generator of the step yields from
    such a loop (`for out in pipe(data()):`)."""
    if error is not None:
        return None
    tree = ast.parse(source)
    endless_generators = {
        statement.name
        for statement in tree.body
        if isinstance(statement, ast.FunctionDef) and any(_endless(node) for node in _own_nodes(statement.body))
    }
    lines = source.splitlines()
    for statement in tree.body:
        calls = _unbounded_calls(statement.iter) if isinstance(statement, ast.For) else set()
        if _endless(statement) or (endless_generators & calls and not _leaves(statement.body)):
            return statement.lineno, lines[statement.lineno - 1].strip()
    return None


# Calls that stop at their shortest or counted input: an endless generator inside them ends.
_BOUNDING = frozenset({"islice", "zip", "take"})


def _unbounded_calls(expression: ast.expr) -> set[str]:
    """The functions called by name in `expression`, outside calls that bound what they read."""
    if isinstance(expression, ast.Call):
        name = expression.func.id if isinstance(expression.func, ast.Name) else getattr(expression.func, "attr", None)
        if name in _BOUNDING:
            return set()
        inner = {called for argument in [*expression.args, *(k.value for k in expression.keywords)] for called in _unbounded_calls(argument)}
        return inner | ({name} if isinstance(expression.func, ast.Name) else set())
    return {called for child in ast.iter_child_nodes(expression) if isinstance(child, ast.expr) for called in _unbounded_calls(child)}


def _endless(node: object) -> bool:
    return isinstance(node, ast.While) and isinstance(node.test, ast.Constant) and bool(node.test.value) and not _leaves(node.body)


def _leaves(body: list) -> bool:
    """Whether a loop body has a `break` of its own, a `return` or a `raise`."""
    for node in _own_nodes(body):
        if isinstance(node, (ast.Return, ast.Raise)):
            return True
        if isinstance(node, ast.Break) and not _in_inner_loop(node, body):
            return True
    return False


def _own_nodes(body: list) -> list:
    """The nodes of `body`, not those of the functions and classes it defines."""
    found, pending = [], list(body)
    while pending:
        node = pending.pop()
        found.append(node)
        if not isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef, ast.Lambda)):
            pending.extend(ast.iter_child_nodes(node))
    return found


def _in_inner_loop(target: object, body: list) -> bool:
    return any(target in _own_nodes(loop.body) for loop in _own_nodes(body) if isinstance(loop, (ast.For, ast.While)))


# The name the guides give the reader's new model (`BrandNewBertModel`, `brand_new_bert`).
_NEW_MODEL = re.compile(r"BrandNewBert\w*|brand_new_bert\w*")


def _new_model_name(source: str, error: SyntaxError | None) -> tuple[int, str] | None:
    """The guides' stand-in name for a model the reader is adding, used as code."""
    for token in _tokens(source):
        if token.type == tokenize.NAME and _NEW_MODEL.fullmatch(token.string):
            return token.start[0], token.string
    return None


def _relative_import(source: str, error: SyntaxError | None) -> tuple[int, str] | None:
    """`from ..bert.modeling_bert import BertModel`: a module of a package, shown as a step."""
    if error is not None:
        return None
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.ImportFrom) and node.level > 0:
            return node.lineno, "." * node.level + (node.module or "")
    return None


# One row per kind of fragment, tried in this order.
FRAGMENTS = (
    Fragment("fragment-no-body", _missing_body, "a fragment: `{shown}` has no body; the page shows a signature, not code that runs"),
    Fragment(
        "fragment-function-body",
        _function_body,
        "a fragment: `{shown}` outside a function; the page shows the body of a function, not code that runs on its own",
    ),
    Fragment("fragment-ellipsis", _ellipsis_placeholder, "a fragment: `...` stands for {shown} the page does not give"),
    Fragment("fragment-placeholder", _placeholder_token, "a fragment: `{shown}` stands for a value the page does not give"),
    Fragment(
        "fragment-side-by-side",
        _side_by_side,
        "a fragment: two versions of the code side by side (columns split by `|` at column {shown}), not one program",
    ),
    Fragment("fragment-endless-loop", _endless_loop, "a fragment: `{shown}` loops for ever, as a server does; it illustrates, it is not run"),
    Fragment("fragment-new-model", _new_model_name, "a fragment: `{shown}` stands for the model the reader adds, which no library has"),
    Fragment(
        "fragment-package-module",
        _relative_import,
        "a fragment: the relative import of `{shown}` shows a module inside a package, not code that runs on its own",
    ),
)

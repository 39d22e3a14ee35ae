"""Doc defects a step's code shows before it runs, with the remedy where one is obvious.

Two defects make a step fail with a bare `SyntaxError` although the page's intent is plain:

- translated punctuation in code: a translator's keyboard put the Arabic comma `،` (or a
  full-width `，`, `（`, curly quotes ...) where Python needs ASCII. The remedy replaces them
  in code tokens only (strings and comments keep theirs) and applies only when the step then
  parses: the step runs, and the page is told what to fix;
- printed output in a code fence: the fence holds what the code prints (a repr, a table),
  not code. There is nothing to run; the page should show it as output.

Plain data in (a step's source), plain data out (`Defect`, the source to run).
"""

from __future__ import annotations

import ast
import io
import re
import tokenize
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
    """`translated-punctuation`, `output-in-code`: the finding's rule is `doc-defect.<kind>`."""
    line: int
    """1-based line of the step where the defect is."""
    message: str
    old: str | None
    new: str | None
    """What replaced `old` in the code that runs; None when the step is not run."""


def find_defect(source: str) -> tuple[Defect, str] | None:
    """The defect that keeps `source` from parsing, and the source to run (unchanged when the
    step is not to run); None when it parses or the failure is none of these defects."""
    try:
        ast.parse(source)
    except SyntaxError as error:
        failing_line = error.lineno or 1
    else:
        return None
    remedied = _replace_punctuation(source)
    if remedied is not None:
        return remedied
    if _reads_like_output(source):
        line = source.splitlines()[failing_line - 1].strip() if source.strip() else ""
        message = "the code fence holds printed output, not code: show it as output (a doctest's expected lines, or a plain fence)"
        return Defect("output-in-code", failing_line, message, line, None), source
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
    try:
        ast.parse(remedied)
    except SyntaxError:
        return None
    first_row, _, first_mark = found[0]
    marks = ", ".join(f"`{mark}`" for mark in dict.fromkeys(mark for _, _, mark in found))
    message = f"the code uses {marks} where Python needs ASCII punctuation; replace it in code (not in strings or comments)"
    old = source.splitlines()[first_row - 1].strip()
    return Defect("translated-punctuation", first_row, message, old, remedied.splitlines()[first_row - 1].strip()), remedied


def _reads_like_output(source: str) -> bool:
    lines = [line for line in source.splitlines() if line.strip()]
    if not lines or lines[0].startswith(("%", "!")):  # notebook magics: shell, not output
        return False
    if any(_STATEMENT.match(line) for line in lines[1:]):
        return False
    return sum(bool(_OUTPUT_LINE.match(line)) for line in lines) * 2 >= len(lines)

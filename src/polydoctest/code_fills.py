"""Which encoding repairs touched code, and whether they change what runs.

The read stage fills holes without knowing Markdown; the parse stage knows where code is but
nothing of repairs. A fill inside a step's source that is not inside a comment or a string
literal changes executable code: that is an error unless the repair is confident, because a
wrong guess there silently changes what the harness runs.
"""

from __future__ import annotations

import io
import tokenize
from dataclasses import dataclass
from typing import Literal

from polydoctest.parse import Page, Step
from polydoctest.read import Fill

Where = Literal["code", "comment", "string", "expected-output", "fence"]

# Python 3.12 splits f-strings into several tokens; earlier versions give one STRING token.
STRING_TOKENS = frozenset(
    getattr(tokenize, name) for name in ("STRING", "FSTRING_START", "FSTRING_MIDDLE", "FSTRING_END") if hasattr(tokenize, name)
)


@dataclass(frozen=True)
class CodeFill:
    """A fill that lies inside a code fence; `error` when it changes code without confidence."""

    fill: Fill
    step: int | None
    where: Where
    error: bool


def _token_kind(source: str, row: int, column: int) -> Where:
    """`comment`, `string` or `code` for the character at (1-based row, 0-based column)."""
    try:
        tokens = list(tokenize.generate_tokens(io.StringIO(source).readline))
    except (tokenize.TokenError, SyntaxError, IndentationError):
        # A fragment that does not tokenize: fall back to the one rule that needs no
        # tokens, a `#` earlier on the line. Anything else counts as code, the safe side.
        line = source.split("\n")[row - 1]
        return "comment" if "#" in line[:column] else "code"
    for token in tokens:
        if token.start <= (row, column) < token.end:
            if token.type == tokenize.COMMENT:
                return "comment"
            if token.type in STRING_TOKENS:
                return "string"
            return "code"
    return "code"


def _locate(step: Step, page_lines: list[str], line: int, column: int) -> Where | None:
    """Where a (1-based line, 1-based column) position of the page falls within `step`."""
    source_lines = step.source.split("\n")[:-1] if step.source.endswith("\n") else step.source.split("\n")
    offset = line - step.line_start
    if offset < 0 or line > step.line_end:
        return None
    if offset >= len(source_lines):
        return "expected-output"
    source_line = source_lines[offset]
    page_line = page_lines[line - 1]
    # Prompts and indentation are removed from the start of a line only.
    prefix = len(page_line) - len(source_line) if page_line.endswith(source_line) else 0
    column_in_source = column - 1 - prefix
    if column_in_source < 0:
        return "fence"
    return _token_kind(step.source, offset + 1, column_in_source)


def code_fills(page: Page, text: str, fills: tuple[Fill, ...], *, confident: float) -> tuple[CodeFill, ...]:
    """The fills of a repair that fall inside the page's code fences, classified."""
    page_lines = text.splitlines()
    fences = [fence for fence in page.fences if not fence.commented]
    found = []
    for fill in fills:
        line = fill.repaired_line
        fence = next((f for f in fences if f.line_start <= line <= f.line_end), None)
        if fence is None:
            continue
        steps = (s for s in page.steps if s.fence == fence.index and s.line_start <= line <= s.line_end)
        step = next(steps, None)
        where = _locate(step, page_lines, line, fill.repaired_column) if step else None
        where = where or "fence"
        found.append(CodeFill(fill, step.index if step else None, where, where == "code" and fill.confidence < confident))
    return tuple(found)

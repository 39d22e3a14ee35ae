"""The page model: what a guide page contains, as plain frozen data.

Later stages (drift, run, check, report) consume this and never look at Markdown again, so
everything they need to point a user back at the page is here: line numbers in the file as
given, the section a step sits in and the framework tab it belongs to. `dataclasses.asdict`
of a `Page` is JSON-able (tuples become lists).

Line numbers are 1-based lines of the text handed to `parse_page`, where a line ends at
`\\n`, `\\r\\n` or a lone `\\r` (the same split markdown-it makes; other Unicode line
separators do not end a line). As in CommonMark, NUL characters read as U+FFFD.

Line mapping guarantee for a `Step`: line `k` (0-based) of `source.split("\\n")` is page
line `line_start + k`. For a doctest step the expected output follows directly: line `j`
of `expected` is page line `line_start + n + j` where `n` is the number of source lines,
and `line_end` is the last line of the expected output (or of the source when there is
none). Prompts (`>>> `, `... `), blockquote markers, list indentation and shell escapes
(`!`, `%`, `$ `) are removed from the text, never lines.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

FenceKind = Literal["doctest", "code", "shell", "other"]
StepKind = Literal["doctest", "code", "shell"]
Framework = Literal["pt", "tf"]


@dataclass(frozen=True)
class Section:
    """A heading: `title` as written minus a trailing `[[anchor]]`, which goes to `anchor`."""

    title: str
    level: int
    anchor: str | None
    line: int


@dataclass(frozen=True)
class Fence:
    """A fenced code block, runnable or not.

    `kind`: `doctest` (Python with `>>>` prompts), `code` (Python without prompts), `shell`
    (bash/sh/console...) or `other` (json, text, output, an unlabelled fence without prompts):
    `other` fences yield no steps, nor do `commented` ones (inside `<!-- -->`).
    `info` is the whole info string, `language` its first word, both as written.
    `tab` is the label of the enclosing framework tab or option as written (`pt`, `PyTorch`,
    `Pytorch`, an `<hfoption id=...>`), `framework` what it means (`pt`, `tf`, or None).
    `line_start`/`line_end` include the fence lines. `stray_lines` are page lines of a doctest
    fence that are neither example source, expected output nor leading code (prompt-less
    lines after the blank line that ended an example): recorded so a report can show them,
    never run.
    """

    index: int
    info: str
    language: str
    kind: FenceKind
    framework: Framework | None
    tab: str | None
    section: Section | None
    line_start: int
    line_end: int
    commented: bool
    stray_lines: tuple[int, ...] = ()


@dataclass(frozen=True)
class Step:
    """One thing to run, in page order (`index` is 0-based).

    `source` is Python code with prompts stripped (or a shell command for `shell` steps),
    `expected` the expected output of a doctest example ("" otherwise); both end with a
    newline when not empty. `directives` are the `# doctest:` options written in the source
    (`+SKIP`, `+IGNORE_RESULT`, `-ELLIPSIS` ...), in order, left in the source too.
    `fence` is the index of the fence the step comes from.

    Line mapping: line `k` (0-based) of `source` is page line `line_start + k`; the expected
    output follows on the next lines and `line_end` is its last line (or the source's).
    """

    index: int
    kind: StepKind
    framework: Framework | None
    tab: str | None
    section: Section | None
    line_start: int
    line_end: int
    source: str
    expected: str
    directives: tuple[str, ...]
    fence: int


@dataclass(frozen=True)
class Problem:
    """Something wrong with the page's Markdown itself, at a page `line`: `rule` names what
    (`parse.unterminated-fence`), `message` says it to the translator."""

    rule: str
    line: int
    message: str


@dataclass(frozen=True)
class Page:
    """A parsed guide page: its headings, every fence, the steps to run, and the problems of
    its Markdown (the parse yields what it can around them)."""

    path: str | None
    language: str
    sections: tuple[Section, ...]
    fences: tuple[Fence, ...]
    steps: tuple[Step, ...]
    problems: tuple[Problem, ...] = ()

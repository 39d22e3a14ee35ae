"""Split a doctest fence body into examples.

Why not `doctest.DocTestParser`: it ends an example at a blank line even when the next line
is a `...` continuation (a function body with a blank line in it, as in the token
classification guide), and it would read a closing fence as expected output if handed the
fence. The rules here:

- `>>> ` starts an example; `... ` lines continue it, also across blank lines when the next
  non-blank line is a `... ` line (the blank lines stay in the source, as empty lines);
- the non-blank, non-`>>>` lines directly after the source are its expected output, up to a
  blank line or the next `>>>`;
- prompt-less lines before the first `>>>` can only be code, so they are split like a code
  fence (`shell.split_code`);
- prompt-less lines after the blank line that ended an example are ambiguous (code the
  author forgot to prompt, or output with a blank line in it): they are returned as stray
  lines for the report, never run nor compared;
- an example whose whole source is a shell command (`>>> !pip install x`) is a shell chunk.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from polydoctest.parse.chunk import Chunk
from polydoctest.parse.shell import shell_command, split_code

PS1_RE = re.compile(r"^(?P<indent>[ \t]*)>>>(?:[ \t]|$)")
PS2_RE = re.compile(r"^(?P<indent>[ \t]*)\.\.\.(?:[ \t]|$)")


def has_prompt(lines: list[str]) -> bool:
    return any(PS1_RE.match(line) for line in lines)


@dataclass(frozen=True)
class DoctestBody:
    chunks: tuple[Chunk, ...]
    stray: tuple[int, ...]


def _after_prompt(line: str, prompt: re.Match[str]) -> str:
    return line[prompt.end() :]


def _continuation(lines: list[str], i: int) -> tuple[int, re.Match[str]] | None:
    """The `...` line continuing an example at line i, or after blank lines from i."""
    j = i
    while j < len(lines) and not lines[j].strip():
        j += 1
    prompt = PS2_RE.match(lines[j]) if j < len(lines) else None
    return (j, prompt) if prompt else None


def split_examples(lines: list[str]) -> DoctestBody:
    first = next((i for i, line in enumerate(lines) if PS1_RE.match(line)), len(lines))
    chunks = split_code(lines[:first])
    stray: list[int] = []
    i = first
    while i < len(lines):
        prompt = PS1_RE.match(lines[i])
        if prompt is None:
            if lines[i].strip():
                stray.append(i)
            i += 1
            continue
        start = i
        source = [_after_prompt(lines[i], prompt)]
        i += 1
        while (continuation := _continuation(lines, i)) is not None:
            j, continued = continuation
            source.extend([""] * (j - i))
            source.append(_after_prompt(lines[j], continued))
            i = j + 1
        expected = []
        indent = prompt["indent"]
        while i < len(lines) and lines[i].strip() and not PS1_RE.match(lines[i]):
            line = lines[i]
            expected.append(line[len(indent) :] if line.startswith(indent) else line)
            i += 1
        command = shell_command(source[0]) if len(source) == 1 else None
        if command is not None:
            chunks.append(Chunk("shell", start, (command,), tuple(expected)))
        else:
            chunks.append(Chunk("doctest", start, tuple(source), tuple(expected)))
    return DoctestBody(tuple(chunks), tuple(stray))

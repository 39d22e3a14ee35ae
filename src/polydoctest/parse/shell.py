"""Shell commands inside Python fences and the body of shell fences.

Guides write installs as `pip install ...` in a `py` fence, a script run as `python train.py
...`, or notebook escapes (`!pip`, `%pip`); none is Python. Such a line becomes a shell step
of its own, in place, and the Python around it is split into code steps before and after it,
so the order in which a runner meets them is the order of the page. A shell step's source is
the command without the escape (`!`, `%`, `$ `). A notebook cell that starts with a shell cell
magic (`%%bash`) is a shell step as a whole.
"""

from __future__ import annotations

import re
from itertools import groupby

from polydoctest.parse.chunk import Chunk, trimmed_code

# `!cmd` (notebook shell escape), `%pip`/`%conda` (IPython magics) and `$ cmd` (a prompt).
ESCAPE_RE = re.compile(r"^\s*(?:!|%(?=(?:pip|conda)\b)|\$(?=\s))\s*(?P<command>\S.*)$")
# A bare install command, which Python would read as a syntax error.
INSTALL_RE = re.compile(r"^\s*(?P<command>(?:python[\d.]*\s+-m\s+)?(?:pip3?|conda)\s+(?:install|uninstall)\b.*)$")
# A script or module launched from the command line: `python train.py`, `torchrun -m ...`.
LAUNCH_RE = re.compile(r"^\s*(?P<command>(?:python[\d.]*|torchrun|deepspeed|accelerate\s+launch)\s+(?:-\S|[\w./-]+\.py\b).*)$")
# A cell magic that runs the whole cell in a shell.
SHELL_CELL_RE = re.compile(r"^\s*%%(?:bash|sh|shell|script\s+(?:ba)?sh)\s*$")


def shell_command(line: str) -> str | None:
    """The command a line of a Python fence runs in a shell, or None if it is Python."""
    match = ESCAPE_RE.match(line) or INSTALL_RE.match(line) or LAUNCH_RE.match(line)
    return match["command"].rstrip() if match else None


def split_code(lines: list[str], start: int = 0) -> list[Chunk]:
    """Prompt-less Python lines: code chunks, with each run of shell lines a shell chunk; the
    lines after a shell cell magic are one shell chunk."""
    first = next((i for i, line in enumerate(lines) if line.strip()), None)
    if first is not None and SHELL_CELL_RE.match(lines[first]):
        chunk = trimmed_code("shell", start + first + 1, lines[first + 1 :])
        return [chunk] if chunk is not None else []
    commands = [shell_command(line) for line in lines]
    chunks: list[Chunk] = []
    for is_shell, group in groupby(range(len(lines)), key=lambda i: commands[i] is not None):
        indexes = list(group)
        if is_shell:
            chunks.append(Chunk("shell", start + indexes[0], tuple(commands[i] or "" for i in indexes)))
        elif (code := trimmed_code("code", start + indexes[0], [lines[i] for i in indexes])) is not None:
            chunks.append(code)
    return chunks


def shell_fence(lines: list[str]) -> list[Chunk]:
    """A bash/sh/console fence: one shell chunk, escapes stripped, or none if empty."""
    chunk = trimmed_code("shell", 0, [shell_command(line) or line for line in lines])
    return [chunk] if chunk is not None else []

"""What a page process left behind when it died or was killed in the middle of a step.

The step's captured stdout/stderr are in files, and faulthandler has written the Python stack
of every thread to the dump file: on a fatal signal (segfault, abort) by itself, and on the
signal the parent sends just before killing it for a timeout or the memory cap. Frames below
the outermost step frame are the runner's own and are dropped, so the dump reads like a
traceback of the step.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from polydoctest.run.capture import read_captured
from polydoctest.run.scratch import PageDirs

_STEP_FRAME = re.compile(r'File "<step [^"]*>", line (\d+)')


@dataclass(frozen=True)
class Remains:
    output: str
    stderr: str
    stack: str  # faulthandler's dump, trimmed; empty if none was written
    lineno: int | None  # innermost step line in the dump


def read_remains(dirs: PageDirs) -> Remains:
    output, stderr = read_captured(dirs.scratch)
    try:
        dump = dirs.dump_file.read_text(encoding="utf-8", errors="replace")
    except FileNotFoundError:
        dump = ""
    stack = _trim(dump)
    found = _STEP_FRAME.search(stack)
    return Remains(output, stderr, stack, int(found.group(1)) if found else None)


def _trim(dump: str) -> str:
    blocks: list[list[str]] = [[]]
    for line in dump.splitlines():
        if line.startswith(("Thread 0x", "Current thread 0x")):
            blocks.append([])
        if not line.startswith("Extension modules:"):  # lists hundreds of modules with torch
            blocks[-1].append(line)
    return "\n".join(line for block in blocks for line in _down_to_outermost_step(block)).strip()


def _down_to_outermost_step(block: list[str]) -> list[str]:
    """Frames come most recent first: drop the frames called before the outermost step frame."""
    step_lines = [i for i, line in enumerate(block) if _STEP_FRAME.search(line)]
    if not step_lines:
        return block
    last = step_lines[-1]
    return block[: last + 1] + [line for line in block[last + 1 :] if not line.startswith("  File ")]

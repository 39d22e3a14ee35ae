"""A runnable piece of a fence body, before it is placed on the page.

The splitters (`examples`, `shell`) work on the lines of one fence body and return chunks
indexed by body line; `page` turns them into `Step`s with page line numbers. A chunk keeps
one source line per body line, so the page's line mapping guarantee follows from
`start` alone.
"""

from __future__ import annotations

import textwrap
from dataclasses import dataclass

from polydoctest.parse.model import StepKind


@dataclass(frozen=True)
class Chunk:
    kind: StepKind
    start: int
    source: tuple[str, ...]
    expected: tuple[str, ...] = ()


def trimmed_code(kind: StepKind, start: int, lines: list[str]) -> Chunk | None:
    """Drop blank lines at both ends and common indentation; None if nothing is left."""
    first = next((i for i, line in enumerate(lines) if line.strip()), None)
    if first is None:
        return None
    last = max(i for i, line in enumerate(lines) if line.strip())
    body = textwrap.dedent("\n".join(lines[first : last + 1])).split("\n")
    return Chunk(kind, start + first, tuple(body))

"""What the reference check says about a page: findings, and the observed values that differ.

A finding is one thing to fix, with the reference's code and the page's beside each other; the
mismatches it explains and the later reference steps whose values differ because of it go
with it.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any, Literal

from polydoctest.reference.align import Difference

FindingKind = Literal["missing", "outdated", "unparsed", "code-differs", "translated", "value-differs", "extra"]


@dataclass(frozen=True)
class Mismatch:
    reference_step: str
    observation: str
    reference_value: Any
    page_value: Any


@dataclass(frozen=True)
class Finding:
    kind: FindingKind
    reference_step: str | None
    page_steps: tuple[int, ...]
    message: str
    reference_code: str
    page_code: str
    differences: tuple[Difference, ...] = ()
    mismatches: tuple[Mismatch, ...] = ()
    consequences: tuple[str, ...] = field(default=())
    """Later reference steps whose values differ because of this."""

    def page_line(self, line_starts: Mapping[int, int]) -> int | None:
        """The page line to look at, given each page step's first line: the first differing
        call, else the first page step."""
        for difference in self.differences:
            if difference.page_step is not None and difference.line is not None:
                return line_starts[difference.page_step] + difference.line - 1
        return line_starts[self.page_steps[0]] if self.page_steps else None

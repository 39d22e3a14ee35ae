"""Turn what the harness learned into a patch of the page itself.

The fixed page is the repaired text with each drift rewrite, and each doc defect's remedy made
before running (translated punctuation in code), put back on the page lines it came from: a step's source line k is page line `line_start + k`, minus the prompt or indentation the
parser removed, which is kept as it was. Rewrites that change a step's number of lines cannot be
placed line for line; they are left out and reported, so the translator applies them by hand.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from polydoctest.plan import StepPlan


@dataclass(frozen=True)
class Fix:
    text: str
    applied: tuple[int, ...]  # steps whose rewrites are in `text`
    left_out: tuple[int, ...]  # steps whose rewrites could not be placed line for line


def _lines(source: str) -> list[str]:
    return source[:-1].split("\n") if source.endswith("\n") else source.split("\n")


def _line_ending(line: str) -> str:
    return line[len(line.rstrip("\r\n")) :]


def _placed(plan: StepPlan, page_lines: list[str]) -> dict[int, str] | None:
    """New page lines (by 0-based number) for the step's rewrite, or None if it cannot be placed."""
    old, new = _lines(plan.step.source), _lines(plan.drift.source)
    if len(old) != len(new):
        return None
    placed = {}
    for offset, (before, after) in enumerate(zip(old, new)):
        if before == after:
            continue
        number = plan.step.line_start + offset - 1
        line = page_lines[number]
        body = line.rstrip("\r\n")
        if not body.endswith(before):
            return None
        placed[number] = body[: len(body) - len(before)] + after + _line_ending(line)
    return placed


def fix_page(text: str, plans: Sequence[StepPlan]) -> Fix:
    """`text` (the repaired page) with every drift rewrite and remedy of `plans` applied in place."""
    page_lines = text.splitlines(keepends=True)
    applied, left_out = [], []
    for plan in plans:
        # A remedy in place of page code; a forgotten import adds a line, which the page gets from the report.
        remedied = any(defect.old is not None and defect.new is not None for defect in plan.defects)
        if not plan.rewritten and not remedied:
            continue
        placed = _placed(plan, page_lines)
        if placed is None:
            left_out.append(plan.step.index)
            continue
        for number, line in placed.items():
            page_lines[number] = line
        applied.append(plan.step.index)
    return Fix("".join(page_lines), tuple(applied), tuple(left_out))

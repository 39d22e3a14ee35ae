"""What the drift stage hands on: the rewritten step and one finding per old form it saw.

A finding is written for two readers: a translator (one line saying what to change on the
page) and the runner (whether the code it is about to run still holds the old form).

Some old forms no release ever accepted (`from_pt=` on a PyTorch class, a pipeline's list of
results read as one result): they are bugs of the page, not drift, and their rules are named
`doc-defect.<name>`, the name every stage gives a page's defects. Their rewrite is the remedy
the step runs with.
"""

from __future__ import annotations

import difflib
from dataclasses import dataclass, field
from enum import Enum


class Action(str, Enum):
    """What the drift stage did about one occurrence of an old form."""

    REWRITTEN = "rewritten"
    """The installed version no longer accepts the old form (or no release did: a page bug);
    the step now uses the new one."""
    STALE = "stale"
    """The old form is deprecated but still works here, or it could not be rewritten: kept."""
    ADAPTED = "adapted"
    """Not an API change: polydoctest changed the code so the run stays offline and quiet (e.g.
    `report_to="none"` before transformers 5.0). Says nothing about the page being stale."""
    REMOVED = "removed"
    """The old form is gone and has no rewrite (removed pipeline, TensorFlow): skip and report."""


@dataclass(frozen=True)
class Finding:
    rule: str
    """Stable rule id, e.g. `transformers.eval-strategy`."""
    line: int
    """1-based line in the step's *original* source."""
    message: str
    old: str
    """The old code: the node itself, or its first line when the node spans several."""
    new: str | None
    """The code that replaced it ("" when it was dropped), None when nothing was rewritten."""
    action: Action

    @property
    def page_bug(self) -> bool:
        """Whether the old form failed on every release (`removed_in=ALWAYS`): the page is
        wrong, not stale."""
        return self.rule.startswith("doc-defect.")


@dataclass(frozen=True)
class DriftResult:
    source: str
    """The step's code, rewritten where the installed versions need it."""
    findings: tuple[Finding, ...]
    origins: tuple[int, ...] = field(default=(), compare=False)
    """For each line of `source`, the line of the original step it comes from."""

    def original_line(self, line: int) -> int:
        """Map a 1-based line of the rewritten source (e.g. from a traceback) to the original."""
        if 1 <= line <= len(self.origins):
            return self.origins[line - 1]
        return line


def line_origins(original: str, rewritten: str) -> tuple[int, ...]:
    """Line map from a rewritten source back to its original.

    Most rewrites edit in place and the map is the identity. When a rewrite adds or removes
    lines, unchanged lines are matched by a diff; a changed line maps to the most similar
    original line of its changed block (in order), an inserted one to the line it precedes.
    """
    old_lines = original.splitlines()
    new_lines = rewritten.splitlines()
    if len(old_lines) == len(new_lines):
        return tuple(range(1, len(new_lines) + 1))
    origins: list[int] = []
    matcher = difflib.SequenceMatcher(a=old_lines, b=new_lines, autojunk=False)
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        if tag == "equal":
            origins.extend(range(i1 + 1, i2 + 1))
            continue
        start = i1
        for line in new_lines[j1:j2]:
            if start < i2:
                start = max(range(start, i2), key=lambda i: difflib.SequenceMatcher(a=old_lines[i], b=line).ratio())
            origins.append(min(start + 1, max(len(old_lines), 1)))
    return tuple(origins)

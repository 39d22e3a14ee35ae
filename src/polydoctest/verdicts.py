"""The one verdict type every stage and report shares: a step's answer to "is my page right?".

A `Verdict` is a `str` whose value is the name JSON, JUnit and pytest show, so records written
by other versions read back unchanged. Declaration order is display order. Besides its name a
verdict knows its short name (for narrow table columns), how bad it is (`severity`: a
reference matrix cell shows the worst verdict of its page steps) and whether it fails a run,
plainly or under `--strict`.

`unsupported` stands apart from the page's verdicts: the harness itself could not verify the
step (no offline stand-in for what it loads, a package the setup does not provide, a Hub
route polydoctest does not serve). It says nothing about the page and never fails a run; the
reports show it in its own column with what to do about it.

This module imports nothing from the package, so every stage can use it.
"""

from __future__ import annotations

from enum import Enum


class Verdict(str, Enum):
    short: str
    severity: int
    fails: bool
    fails_strict: bool
    page_verdict: bool

    def __new__(cls, value: str, short: str, severity: int, fails: bool, fails_strict: bool, page_verdict: bool = True):
        member = str.__new__(cls, value)
        member._value_ = value
        member.short = short
        member.severity = severity
        member.fails = fails
        member.fails_strict = fails_strict
        member.page_verdict = page_verdict
        return member

    # value, short name, severity (higher is worse), fails a run, fails under --strict
    PASSED = "passed", "passed", 0, False, False
    """Ran as written."""
    PASSED_AFTER_REWRITE = "passed-after-rewrite", "rewritten", 1, False, True
    """Ran once stale API use was rewritten: the page is stale."""
    DOC_DEFECT = "doc-defect", "defect", 2, False, True
    """The page itself is wrong; where the remedy is obvious it was applied and the step ran."""
    SKIPPED = "skipped", "skipped", 3, False, False
    """Not meant to run here (shell, TensorFlow, `+SKIP`, a GPU library, code the installed
    libraries removed), with the reason; so is a step that needs what only such a step provides."""
    BLOCKED = "blocked", "blocked", 4, False, False
    """Could not run because step N did not."""
    FAILED = "failed", "failed", 6, True, True
    CRASHED = "crashed", "crashed", 8, True, True
    TIMED_OUT = "timed-out", "timeout", 7, True, True
    UNSUPPORTED = "unsupported", "unsupported", 5, False, False, False
    """The harness could not verify the step; the reason says what would let it."""

    def __str__(self) -> str:
        return self.value


PAGE_VERDICTS: tuple[Verdict, ...] = tuple(verdict for verdict in Verdict if verdict.page_verdict)
"""The verdicts about the page, in display order: everything but `unsupported`."""

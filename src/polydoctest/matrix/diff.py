"""The regression report: the steps whose verdict changed between two versions, and why.

A library maintainer asks "which steps of which pages break if we release this?", a translator
"what do I change?". Both need, for each changed step, its cause: a drift rule that applies on
one version and not the other, or that rewrites on one and only reports on the other. A step
blocked by another is explained by what changed its blocker. When no rule explains a change,
the failure itself is shown and the change is marked unexplained: that is either a regression
in the library or a gap in the drift catalog, and someone has to look.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

from polydoctest.matrix.merge import Cell, Column, Finding, Matrix, ReferenceRow, Row
from polydoctest.verdicts import Verdict


@dataclass(frozen=True)
class Cause:
    rule: str | None
    """The drift rule id; None when the cause is the step's own failure or skip reason."""
    text: str


@dataclass(frozen=True)
class Change:
    row: Row
    old: Cell
    new: Cell
    causes: tuple[Cause, ...]

    @property
    def regression(self) -> bool:
        """The step fails on the new version and did not on the old one."""
        return self.new.verdict.fails and not self.old.verdict.fails

    @property
    def explained(self) -> bool:
        return any(cause.rule is not None for cause in self.causes)


def _by_rule(findings: tuple[Finding, ...]) -> dict[str, Finding]:
    """One finding per rule; a rule that rewrote any occurrence counts as rewritten."""
    chosen: dict[str, Finding] = {}
    for finding in findings:
        if finding.rule not in chosen or (finding.rewritten and not chosen[finding.rule].rewritten):
            chosen[finding.rule] = finding
    return chosen


@lru_cache(maxsize=None)
def protects_the_run(rule_id: str) -> bool:
    """Harness rules (`report_to="none"` before transformers 5.0) rewrite a step to keep the
    run offline, not because the page is stale: they explain a change only when no rule about
    the page's own code does."""
    from polydoctest.drift.catalog import rule  # the catalog costs a second to import

    try:
        return rule(rule_id).applies_before is not None
    except KeyError:  # a rule of another polydoctest version
        return False


def _handling(finding: Finding) -> str:
    return "rewritten" if finding.rewritten else "reported"


def rule_causes(old: Cell, new: Cell, old_label: str, new_label: str) -> tuple[Cause, ...]:
    """Drift rules that differ between the two cells: present on one side only, or rewritten
    on one side and only reported on the other."""
    before, after = _by_rule(old.findings), _by_rule(new.findings)
    causes: list[Cause] = []
    for rule in dict.fromkeys([*before, *after]):
        if rule not in before:
            causes.append(Cause(rule, f"{_handling(after[rule])} on {new_label} only: {after[rule].message}"))
        elif rule not in after:
            causes.append(Cause(rule, f"{_handling(before[rule])} on {old_label} only: {before[rule].message}"))
        elif before[rule].rewritten != after[rule].rewritten:
            causes.append(
                Cause(rule, f"{_handling(before[rule])} on {old_label}, {_handling(after[rule])} on {new_label}: {after[rule].message}")
            )
    about_the_page = tuple(cause for cause in causes if not protects_the_run(cause.rule))
    return about_the_page or tuple(causes)


def _reason_causes(old: Cell, new: Cell, old_label: str, new_label: str, *, failing_only: bool) -> tuple[Cause, ...]:
    causes = []
    for label, cell in ((old_label, old), (new_label, new)):
        wanted = cell.verdict.fails if failing_only else cell.verdict not in (Verdict.PASSED, Verdict.PASSED_AFTER_REWRITE)
        if wanted and cell.reason:
            causes.append(Cause(None, f"{cell.verdict} on {label}: {cell.reason}"))
    return tuple(causes)


def explain(matrix: Matrix, row: Row, old: Column, new: Column, seen: frozenset[int] = frozenset()) -> tuple[Cause, ...]:
    """The causes of a verdict change. A failure's own error is always among them: a rule
    that differs between the versions is the likely cause, not a proof."""
    old_cell, new_cell = row.cells[old.label], row.cells[new.label]
    causes = rule_causes(old_cell, new_cell, old.label, new.label)
    if causes:
        return causes + _reason_causes(old_cell, new_cell, old.label, new.label, failing_only=True)
    for cell in (new_cell, old_cell):
        blocker = cell.blocked_by
        if blocker is None or blocker in seen:
            continue
        for other in matrix.page_rows(row.page):
            if other.index == blocker and old.label in other.cells and new.label in other.cells:
                via = explain(matrix, other, old, new, seen | {row.index})
                where = f" (line {other.line_start})" if other.line_start is not None else ""
                prefixed = tuple(Cause(c.rule, f"blocked by step {other.index}{where}: {c.text}") for c in via)
                if any(c.rule is not None for c in prefixed):
                    return prefixed
    return _reason_causes(old_cell, new_cell, old.label, new.label, failing_only=False)


def diff(matrix: Matrix, old: Column, new: Column) -> tuple[Change, ...]:
    """Every step whose verdict differs between the runs `old` and `new`, in page order.
    Steps that only one of the two runs has are not changes and are left out."""
    changes = []
    for row in matrix.rows:
        if old.label not in row.cells or new.label not in row.cells:
            continue
        if row.cells[old.label].verdict != row.cells[new.label].verdict:
            changes.append(Change(row, row.cells[old.label], row.cells[new.label], explain(matrix, row, old, new)))
    return tuple(changes)


def broken_references(matrix: Matrix, old: Column, new: Column) -> tuple[ReferenceRow, ...]:
    """The reference guides that passed on `old` and did not on `new`: a regression of the
    libraries, whatever the pages say."""
    return tuple(
        row
        for row in matrix.references
        if old.label in row.outcomes and new.label in row.outcomes
        and row.outcomes[old.label].passed and not row.outcomes[new.label].passed
    )

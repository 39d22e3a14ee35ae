"""After the runs: does each aligned page step produce what the reference step produces?

Fixtures and seeds make runs deterministic, so equal code must give equal values exactly;
any observation that differs is a mismatch. Findings are causes, one per thing to fix: a
reference step the page lacks, a step whose code reads a name the page never defines (an
identifier translated), a step whose code differs, a page step that does nothing the guide
does, or (when the code is the same and nothing it depends on differs) a value that differs
anyway. A mismatch in a later step that depends on an earlier finding is that
finding's consequence, not a finding of its own: a changed learning rate changes the
trained weights, the pushed repo and every prediction after it.

A page step that does not parse where a reference step is gives one finding, the code that no
longer parses, not the step missing and a step added. The findings are then joined by part
of the page (`parts`): a section the original rewrote is one finding, not step by step.
"""

from __future__ import annotations

import ast
from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from typing import Literal

from polydoctest.parse import Page
from polydoctest.reference.align import AlignedStep, Alignment, MissingStep
from polydoctest.reference.findings import Finding, Mismatch
from polydoctest.reference.identify import Identification
from polydoctest.reference.jobs import Observed
from polydoctest.reference.model import Guide, RefStep
from polydoctest.reference.parts import by_part
from polydoctest.reference.prepare import PageCheck
from polydoctest.run import PageOutcome, StepOutcome

StepStatus = Literal["verified", "mismatch", "not-run", "missing", "reference-failed", "unobserved", "reference"]
"""`reference`: the reference's own step, whose values the pages' are compared with (`matrix`)."""


@dataclass(frozen=True)
class ReferenceRun:
    """The reference guide run as a page: its own outcome and what it observed."""

    guide: Guide
    outcome: PageOutcome
    observed: Observed
    left_out: Mapping[str, str] = field(default_factory=dict)
    """Reference steps not run with these libraries (`jobs.left_out`), with the reason."""

    def failure(self, step_id: str) -> str | None:
        """Why the reference step did not run to its end, or None when it did or was left out."""
        if step_id in self.left_out:
            return None
        position = self.guide.position(step_id)
        outcome = next((s for s in self.outcome.steps if s.index == position), None)
        if outcome is None or outcome.status != "ok":
            return _failure_text(outcome) or self.outcome.message or "the reference did not run"
        return None

    @property
    def passed(self) -> bool:
        return self.outcome.status == "ok" and all(self.failure(step.id) is None for step in self.guide.steps)


@dataclass(frozen=True)
class StepCheck:
    """One reference step on one page. `caused_by`: earlier reference steps with a finding (or
    that did not run) that this step depends on, which explain its mismatches."""

    reference_step: str
    status: StepStatus
    reason: str | None
    mismatches: tuple[Mismatch, ...] = ()
    caused_by: tuple[str, ...] = ()


@dataclass(frozen=True)
class Verification:
    identification: Identification
    alignment: Alignment
    steps: tuple[StepCheck, ...]
    findings: tuple[Finding, ...]

    @property
    def mismatches(self) -> tuple[Mismatch, ...]:
        return tuple(m for step in self.steps for m in step.mismatches)

    def check(self, step_id: str) -> StepCheck:
        return next(step for step in self.steps if step.reference_step == step_id)


def verify(check: PageCheck, page: Page, outcome: PageOutcome, observed: Observed, reference: ReferenceRun) -> Verification:
    """Compare a page run (its own outcome, observation steps removed) with the reference run."""
    guide = check.alignment.guide
    outcomes = {step.index: step for step in outcome.steps}
    sources = {step.index: step.source for step in page.steps}
    steps: list[StepCheck] = []
    findings: dict[str, Finding] = {}
    explains: set[str] = set()  # reference steps with a finding or that did not run
    for ref_step in guide.steps:
        found = check.alignment.find(ref_step.id)
        status = _status(found, outcomes, observed, reference)
        mismatches = status.mismatches
        upstream = guide.dependencies(ref_step.id) & explains
        cause_ids = tuple(step.id for step in guide.steps if step.id in upstream)
        finding = _finding(ref_step, found, status, bool(cause_ids), sources)
        if finding is not None:
            findings[ref_step.id] = finding
        if ref_step.id in findings or status.status in ("not-run", "missing", "reference-failed"):
            explains.add(ref_step.id)
        if mismatches and cause_ids:
            explains.add(ref_step.id)
            for cause in cause_ids:
                if cause in findings:
                    findings[cause] = _with_consequence(findings[cause], ref_step.id)
        steps.append(StepCheck(ref_step.id, status.status, status.reason, mismatches, cause_ids if mismatches else ()))
    return Verification(check.identification, check.alignment, tuple(steps), by_part(page, check.alignment, findings, sources))


def _finding(
    ref_step: RefStep, found: AlignedStep | MissingStep, status: _Status, explained: bool, sources: Mapping[int, str]
) -> Finding | None:
    """The finding a reference step gives on its own, if any; a mismatch that an earlier
    finding `explained` is that finding's consequence instead."""
    if isinstance(found, MissingStep) and found.unparsed:
        page_code = "".join(sources.get(index, "") for index in found.unparsed)
        message = (
            f"code that no longer parses: page step {', '.join(map(str, found.unparsed))} is `{ref_step.id}` "
            f"({ref_step.title}) but {_syntax_error(page_code)}: an identifier, keyword or quote was translated; "
            "code keeps the reference's, only comments and prose are translated"
        )
        return Finding("unparsed", ref_step.id, found.unparsed, message, ref_step.code, page_code)
    if isinstance(found, MissingStep):
        message = f"`{ref_step.id}` ({ref_step.title}) is missing: {found.reason}"
        return Finding("missing", ref_step.id, (), message, ref_step.code, "")
    page_code = "".join(sources.get(index, "") for index in found.page_steps)
    if found.undefined:
        message = f"`{ref_step.id}` reads " + "; ".join(
            f"`{name}`, which no step of the page defines" + (f" (the reference reads `{ours}` there)" if ours else "")
            for name, ours in found.undefined.items()
        ) + ": an identifier translated or changed; code keeps the reference's identifiers, only comments and prose are translated"
        return Finding(
            "translated", ref_step.id, found.page_steps, message, ref_step.code, page_code, found.differences, status.mismatches
        )
    if found.differences:
        message = f"`{ref_step.id}` differs from the reference: " + "; ".join(d.describe() for d in found.differences)
        if status.status == "verified":
            message += " (the observed values are the same)"
        return Finding(
            "code-differs", ref_step.id, found.page_steps, message, ref_step.code, page_code, found.differences, status.mismatches
        )
    if status.mismatches and not explained:
        names = ", ".join(f"`{m.observation}`" for m in status.mismatches)
        message = f"`{ref_step.id}` does what the reference does, yet {names} differ"
        return Finding(
            "value-differs", ref_step.id, found.page_steps, message, ref_step.code, page_code, (), status.mismatches
        )
    return None


@dataclass(frozen=True)
class _Status:
    status: StepStatus
    reason: str | None
    mismatches: tuple[Mismatch, ...] = ()


def _status(
    found: AlignedStep | MissingStep, outcomes: Mapping[int, StepOutcome], observed: Observed, reference: ReferenceRun
) -> _Status:
    if isinstance(found, MissingStep):
        return _Status("missing", found.reason)
    step_id = found.reference_step
    if step_id in reference.left_out:
        return _Status("not-run", f"not run with these libraries: {reference.left_out[step_id]}")
    failure = reference.failure(step_id)
    if failure is not None:
        return _Status("reference-failed", f"the reference step failed: {failure}")
    for index in found.page_steps:
        outcome = outcomes.get(index)
        if outcome is None or outcome.status != "ok":
            status = outcome.status if outcome else "not-run"
            return _Status("not-run", f"page step {index} did not complete ({status})")
    expected = reference.observed.values.get(step_id)
    if not expected:
        return _Status("unobserved", "the reference observes nothing here")
    actual = observed.values.get(step_id)
    if actual is None:
        return _Status("not-run", "the page ended before its observations")
    mismatches = tuple(
        Mismatch(step_id, name, value, actual.get(name)) for name, value in expected.items() if actual.get(name) != value
    )
    if mismatches:
        return _Status("mismatch", f"{len(mismatches)} of {len(expected)} observed values differ", mismatches)
    return _Status("verified", None)


def _syntax_error(source: str) -> str:
    try:
        ast.parse(source)
    except SyntaxError as error:
        return f"does not parse ({error.msg}, line {error.lineno})"
    return "does not parse"


def _with_consequence(finding: Finding, step_id: str) -> Finding:
    return replace(finding, consequences=(*finding.consequences, step_id))


def _failure_text(outcome: StepOutcome | None) -> str | None:
    if outcome is None or outcome.error is None:
        return None if outcome is None else outcome.status
    return f"{outcome.error.type}: {outcome.error.message}"


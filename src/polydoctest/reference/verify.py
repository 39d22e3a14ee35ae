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
longer parses, not the step missing and a step added. Reference steps missing in one section
of the original are one finding: with page steps of the page's own in their place, the
translation follows an older version of that part (it was rewritten since), which a
maintainer fixes by translating the part again, not step by step. Steps the page adds under
one of its top headings (and not in such a part) are one finding too.
"""

from __future__ import annotations

import ast
import math
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field, replace
from typing import Any, Literal

from polydoctest.parse import Page
from polydoctest.reference.align import AlignedStep, Alignment, Difference, ExtraStep, MissingStep
from polydoctest.reference.identify import Identification
from polydoctest.reference.jobs import Observed
from polydoctest.reference.model import Guide, RefStep
from polydoctest.reference.prepare import PageCheck
from polydoctest.run import PageOutcome, StepOutcome

StepStatus = Literal["verified", "mismatch", "not-run", "missing", "reference-failed", "unobserved", "reference"]
"""`reference`: the reference's own step, whose values the pages' are compared with (`matrix`)."""
FindingKind = Literal["missing", "outdated", "unparsed", "code-differs", "translated", "value-differs", "extra"]
# Steps the page adds under one heading of this level (or above) are one finding.
PART_LEVEL = 2
# How many of the calls a finding of several page steps names.
EXTRA_CALLS = 6
# This many reference steps missing in one part of the original are one finding, however many.
GROUPED_MISSING = 2


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
class Mismatch:
    reference_step: str
    observation: str
    reference_value: Any
    page_value: Any


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
    grouped, absorbed = _gap_findings(guide, check.alignment, findings, sources)
    extras = _extra_findings(page, [extra for extra in check.alignment.extra if extra.page_step not in absorbed], sources)
    return Verification(check.identification, check.alignment, tuple(steps), (*grouped, *extras))


def _extra_findings(page: Page, extras: list[ExtraStep], sources: Mapping[int, str]) -> list[Finding]:
    """A finding per page step no reference step does, those in one part of the page (under one
    top heading) joined: a part the translation has and the reference does not is one thing."""
    parts: dict[str, list[ExtraStep]] = {}
    for extra in extras:
        parts.setdefault(_part(page, extra.page_step), []).append(extra)
    found = []
    for part, items in parts.items():
        indexes = tuple(extra.page_step for extra in items)
        if len(items) == 1:
            message = f"page step {indexes[0]}: {items[0].reason}"
        else:
            calls = list(dict.fromkeys(c for extra in items for c in re.findall(r"`[^`]+`", extra.reason)))
            message = (
                f"{part}: {len(items)} page steps ({', '.join(map(str, indexes))}) that no reference step does"
                + (f" (they call {', '.join(calls[:EXTRA_CALLS])}{', …' if len(calls) > EXTRA_CALLS else ''})" if calls else "")
                + ": the translation has code here that the reference does not, an older version of this part or steps of its own"
            )
        found.append(Finding("extra", None, indexes, message, "", "".join(sources.get(index, "") for index in indexes)))
    return found


def _part(page: Page, index: int) -> str:
    """The top heading (level 2 or above) a page step is under, as the page writes it."""
    line = next(step.line_start for step in page.steps if step.index == index)
    heading = next((s for s in reversed(page.sections) if s.level <= PART_LEVEL and s.line <= line), None)
    if heading is None:
        return "the page"
    return f"section «{heading.title}»" + (f" [[{heading.anchor}]]" if heading.anchor else "")


def _gap_findings(
    guide: Guide, alignment: Alignment, findings: Mapping[str, Finding], sources: Mapping[int, str]
) -> tuple[list[Finding], set[int]]:
    """The findings in guide order, the reference steps missing in one part of the original
    (runs of them, `_gaps`, joined by section) made one finding with the page steps the page has
    in their place: the translation follows an older version of that part (`outdated`), or
    lacks it (`missing`). A lone missing step without a page step in its place stays as it is.
    Also the page steps the parts took in."""
    first_of = {ids[0]: (ids, extra) for ids, extra in _by_section(guide, _gaps(guide, alignment)) if len(ids) >= GROUPED_MISSING or extra}
    # A part the original rewrote: its steps whose code differs are that part too.
    rewritten = {ids[0]: _same_section(guide, ids, findings) if extra else [] for ids, extra in first_of.values()}
    inside = {step_id for ids, _ in first_of.values() for step_id in ids} | {f.reference_step for fs in rewritten.values() for f in fs}
    result: list[Finding] = []
    for step_id, finding in findings.items():
        if step_id in first_of:
            ids, extra = first_of[step_id]
            absent = [findings[i] for i in ids if i in findings]
            result.append(_gap_finding(guide, ids, extra, absent, rewritten[step_id], sources))
        elif step_id not in inside:
            result.append(finding)
    return result, {index for ids, extra in first_of.values() for index in extra}


def _same_section(guide: Guide, ids: list[str], findings: Mapping[str, Finding]) -> list[Finding]:
    """The code-differs findings of the original's steps in the sections `ids` are in."""
    sections = {guide.step(step_id).section for step_id in ids} - {None}
    return [
        finding
        for step_id, finding in findings.items()
        if finding.kind == "code-differs" and step_id not in ids and guide.step(step_id).section in sections
    ]


def _gaps(guide: Guide, alignment: Alignment) -> list[tuple[list[str], tuple[int, ...]]]:
    """Runs of reference steps no page step does (not even in TensorFlow or as code that does
    not parse), each with the extra page steps between the page steps around it."""
    missing = {m.reference_step for m in alignment.missing if not m.unparsed and not m.tensorflow_steps}
    extra = sorted(e.page_step for e in alignment.extra)
    taken: set[int] = set()
    gaps: list[tuple[list[str], tuple[int, ...]]] = []
    run: list[str] = []
    before = -1
    for step in (*guide.steps, None):
        if step is not None and step.id in missing:
            run.append(step.id)
            continue
        own = _page_steps(alignment, step.id) if step is not None else ()
        after = min(own, default=math.inf) if step is not None else math.inf
        if run:
            between = tuple(index for index in extra if before < index < after and index not in taken)
            taken.update(between)
            gaps.append((run, between))
            run = []
        before = max(own, default=before)
    return gaps


def _by_section(guide: Guide, gaps: list[tuple[list[str], tuple[int, ...]]]) -> list[tuple[list[str], tuple[int, ...]]]:
    """The gaps, those in the same section of the original joined: a part rewritten is
    reported once, however many steps of the translation still align inside it."""
    joined: dict[object, tuple[list[str], tuple[int, ...]]] = {}
    for position, (ids, extra) in enumerate(gaps):
        section = guide.step(ids[0]).section
        key = section if section is not None else position
        known, more = joined.get(key, ([], ()))
        joined[key] = ([*known, *ids], (*more, *extra))
    return list(joined.values())


def _page_steps(alignment: Alignment, step_id: str) -> tuple[int, ...]:
    found = alignment.find(step_id)
    return found.page_steps if isinstance(found, AlignedStep) else (*found.unparsed, *found.tensorflow_steps)


def _gap_finding(
    guide: Guide,
    ids: list[str],
    extra: tuple[int, ...],
    absent: list[Finding],
    differing: list[Finding],
    sources: Mapping[int, str],
) -> Finding:
    """One finding for a gap: `absent` are its steps' own findings, `differing` the findings of
    the steps around it in the same part of the original whose code differs."""
    order = {step.id: position for position, step in enumerate(guide.steps)}
    steps = sorted((guide.step(step_id) for step_id in {*ids, *(f.reference_step for f in differing)}), key=lambda s: order[s.id])
    sections = list(dict.fromkeys(step.section for step in steps if step.section))
    where = ("section " + ", ".join(f"«{title}»" for title in sections)) if sections else "the reference"
    listed = ", ".join(f"`{step_id}`" for step_id in ids)
    if extra:
        pages = ", ".join(map(str, extra))
        message = (
            f"{where}: the page does this part differently: the reference's {_plural('step', ids)} {listed} "
            f"{'have' if len(ids) > 1 else 'has'} no counterpart here, and page {_plural('step', extra)} {pages} in "
            f"{'their' if len(ids) > 1 else 'its'} place {'do' if len(extra) > 1 else 'does'} what the reference does not"
            + "".join(f"; {finding.message}" for finding in differing)
            + ": the translation follows an older version of this part; translate it again from the current original"
        )
    else:
        message = f"{where}: {len(ids)} steps of the reference are missing ({listed}): the page lacks this part"
    page_steps = tuple(sorted({*extra, *(index for finding in differing for index in finding.page_steps)}))
    return Finding(
        "outdated" if extra else "missing",
        ids[0],
        page_steps,
        message,
        "".join(step.code for step in steps),
        "".join(sources.get(index, "") for index in page_steps),
        tuple(d for finding in differing for d in finding.differences),
        tuple(m for finding in differing for m in finding.mismatches),
        tuple(dict.fromkeys(c for finding in (*absent, *differing) for c in finding.consequences)),
    )


def _plural(word: str, items: Sequence[object]) -> str:
    return word + ("s" if len(items) > 1 else "")


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


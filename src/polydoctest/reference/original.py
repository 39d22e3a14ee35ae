"""An English original as the reference of its translations, when no hand-written guide is.

The original says which guide its translations are: when it is a hand-written guide, they are
held against that guide (`held_against`), else against the original itself.

The original is planned exactly like a page (drift, placeholders, TensorFlow and fragments
skipped), and each of its Python steps becomes a reference step, in the same compared form a
translation's steps take (`prepare.page_steps`), so that equal code aligns as equal. Its
observations are generic: `describe` of each name the step defines, and the files in the
working directory after a step that saves or pushes. The original runs as a page, its own
planned code with these observation steps after each step; a step its plan does not run is
left out of the reference's run with the plan's reason, as a page's own is skipped, and still
aligns. TensorFlow steps are no reference step: a translation's are twins of nothing. Code
that is not Python (an illustration) is no reference step either; the guide keeps it so that
the translation's copy of it is not taken for a step the translation adds.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, replace

from polydoctest.parse import Page
from polydoctest.plan import StepPlan
from polydoctest.pycode import defined_names, imported_names
from polydoctest.reference.code import analyse_all
from polydoctest.reference.identify import Identification, identify
from polydoctest.reference.jobs import observation_job
from polydoctest.reference.model import Guide, Observation, RefStep
from polydoctest.reference.prepare import page_steps
from polydoctest.run import StepJob

# A step calling one of these leaves files behind: the files are observed after it.
_WRITES = ("save_pretrained", "save_model", "save", "push_to_hub", "to_csv", "to_json", "save_to_disk")
FILES = "files in the working directory"


@dataclass(frozen=True)
class Original:
    guide: Guide
    steps: tuple[StepJob, ...]
    """The reference's run: each step it runs, numbered by its position in `guide`, then its
    observations."""
    left_out: Mapping[str, str]
    """Reference steps the original's plan does not run, with the plan's reason."""


def original_reference(page: Page, plans: Sequence[StepPlan]) -> Original:
    """The reference made of `page` (an English original) and its plans."""
    python = [step for step in page_steps(page, plans) if not step.tensorflow]
    by_index = {plan.step.index: plan for plan in plans}
    analysed = list(zip(python, analyse_all([step.source for step in python])))
    compared = [step for step, facts in analysed if facts is not None]
    steps: list[RefStep] = []
    for step, facts in analysed:
        if facts is None:
            continue
        line = by_index[step.index].step.line_start
        writes = any(call.callee.rpartition(".")[2] in _WRITES for call in facts.calls)
        steps.append(RefStep(f"line-{line}", f"step {step.index} (line {line})", step.source, _observations(step.source, writes)))
    fragments = tuple(step.source for step, facts in analysed if facts is None)
    guide = Guide(f"original:{page.path}", _title(page), tuple(steps), original=page.path, fragments=fragments)
    jobs: list[StepJob] = []
    left_out: dict[str, str] = {}
    for position, (step, ref_step) in enumerate(zip(compared, steps)):
        plan = by_index[step.index]
        if not plan.runs:
            left_out[ref_step.id] = plan.skip_reason or "not run"
            continue
        jobs.append(replace(plan.job(), index=position))
        if ref_step.observations:
            jobs.append(observation_job(guide, ref_step, {}))
    return Original(guide, tuple(jobs), left_out)


def held_against(page: Page, plans: Sequence[StepPlan]) -> tuple[Identification, Original | None]:
    """What a translation of `page` (an English original) is held against: the hand-written
    guide the original is, when it is one (the stronger check, and the original names it
    surer than a translation that may lag or differ), else the original itself, with its run."""
    known = identify(analyse_all([step.source for step in page_steps(page, plans)]), page.path)
    if known is not None:
        return known, None
    original = original_reference(page, plans)
    return Identification(original.guide, 1.0, (f"translates {page.path}",), False), original


def _observations(source: str, writes: bool) -> tuple[Observation, ...]:
    """`describe` of each name the step defines other than by importing it (an import says
    nothing the code does not), and the files after a step that writes some."""
    names = sorted(defined_names(source) - imported_names(source))
    found = [Observation(name, f"describe({name})") for name in names]
    if writes:
        found.append(Observation(FILES, "files_written()"))
    return tuple(found)


def _title(page: Page) -> str:
    return page.sections[0].title if page.sections else str(page.path)

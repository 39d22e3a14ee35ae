"""An English original as the reference of its translations, when no hand-written guide is.

The original says which guide its translations are: when it is a hand-written guide, they are
held against that guide (`held_against`), else against the original itself.

The original is planned exactly like a page (drift, placeholders, TensorFlow and fragments
skipped), and each of its Python steps becomes a reference step, in the same compared form a
translation's steps take (`prepare.page_steps`), so that equal code aligns as equal; a step
that only shows something belongs to the step before it. Its
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
from dataclasses import dataclass, field, replace

from polydoctest.parse import Page
from polydoctest.plan import StepPlan, page_files
from polydoctest.pycode import defined_names, imported_names
from polydoctest.reference.align import PageStep
from polydoctest.reference.code import CodeFacts, analyse_all
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
    files: Mapping[str, str] = field(default_factory=dict)
    """The files the original has the reader save (`plan.page_files`), for its run."""


def original_reference(page: Page, plans: Sequence[StepPlan]) -> Original:
    """The reference made of `page` (an English original) and its plans."""
    by_index = {plan.step.index: plan for plan in plans}
    groups = _reference_groups(page_steps(page, plans))
    steps = tuple(_reference_step(group, by_index[group[0][0].index]) for group in groups if group[0][1] is not None)
    fragments = tuple(group[0][0].source for group in groups if group[0][1] is None)
    guide = Guide(f"original:{page.path}", _title(page), steps, original=page.path, fragments=fragments)
    jobs: list[StepJob] = []
    left_out: dict[str, str] = {}
    for position, (group, ref_step) in enumerate(zip((g for g in groups if g[0][1] is not None), steps)):
        first = by_index[group[0][0].index]
        if not first.runs:
            left_out[ref_step.id] = first.skip_reason or "not run"
            continue
        jobs.extend(replace(by_index[step.index].job(), index=position) for step, _ in group if by_index[step.index].runs)
        if ref_step.observations:
            jobs.append(observation_job(guide, ref_step, {}))
    return Original(guide, tuple(jobs), left_out, page_files(plans))


def _reference_groups(steps: Sequence[PageStep]) -> list[list[tuple[PageStep, CodeFacts | None]]]:
    """The original's Python steps, each with the steps after it that only show something
    (`>>> dataset` after the line that loads it): a translation's display steps go with what
    they show too (`align`). Code that does not parse is a group of its own."""
    python = [step for step in steps if not step.tensorflow]
    groups: list[list[tuple[PageStep, CodeFacts | None]]] = []
    for step, facts in zip(python, analyse_all([step.source for step in python])):
        if facts is not None and facts.display_only and groups and groups[-1][0][1] is not None:
            groups[-1].append((step, facts))
        else:
            groups.append([(step, facts)])
    return groups


def _reference_step(group: Sequence[tuple[PageStep, CodeFacts | None]], plan: StepPlan) -> RefStep:
    """The group's step; its display steps run with it (`original_reference`) and are no code
    to compare: a translation's go with the same step by what they read."""
    first, facts = group[0]
    line = plan.step.line_start
    writes = facts is not None and any(call.callee.rpartition(".")[2] in _WRITES for call in facts.calls)
    section = plan.step.section.title if plan.step.section else None
    return RefStep(
        f"line-{line}", f"step {first.index} (line {line})", first.source, _observations(first.source, writes), section=section
    )


def held_against(page: Page, plans: Sequence[StepPlan]) -> tuple[Identification, Original | None]:
    """What a translation of `page` (an English original) is held against: the hand-written
    guide the original is, when it is one (the stronger check; the original says so surer than
    a translation that may lag or differ), else the original itself, with its run."""
    known = identify(analyse_all([step.source for step in page_steps(page, plans)]), page.path)
    # An original has its upstream file name, which is what a guide's path hints are made of:
    # an original that only shares a guide's APIs (an audio page and text classification's
    # Trainer) is its own reference, a better one than a guide it is not.
    if known is not None and known.path_hint:
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

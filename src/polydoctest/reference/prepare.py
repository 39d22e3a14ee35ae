"""Before a page runs: which guide it is, how its steps align, where to observe.

The page's code is compared in the API's newest form: a page written for an older release
(`Trainer(tokenizer=)`) does what the reference does with `processing_class=`, and the
drift stage, not this check, reports the old form. What the harness adds to keep a run
offline (`report_to="none"`) is not the page's and is not compared. A placeholder namespace
(`"username/my_model"`) is the reader's own, as the guide's author's is the reference's: it
reads as the reference's namespace. Steps that do not run are compared too, so they still
align. The observation steps of each aligned reference step go after the last page step
that does it (a step that only shows a value does nothing), in the page's own names. A
translation is the guide its English original is, when the original is known
(`original.held_against`).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from polydoctest.drift import newest_form
from polydoctest.parse import Page
from polydoctest.placeholders import fill_placeholders
from polydoctest.plan import StepPlan, tensorflow_steps
from polydoctest.reference.align import Alignment, PageStep, align
from polydoctest.reference.code import analyse_all
from polydoctest.reference.guides.steps import HUB_USER
from polydoctest.reference.identify import Identification, identify
from polydoctest.reference.jobs import observation_job
from polydoctest.run import StepJob


@dataclass(frozen=True)
class PageCheck:
    identification: Identification
    alignment: Alignment
    observations: Mapping[int, tuple[StepJob, ...]]
    """Observation steps to run right after page step `i`."""


def page_steps(page: Page, plans: Sequence[StepPlan]) -> list[PageStep]:
    """The page's code steps as alignment sees them. TensorFlow steps are marked whether or
    not TensorFlow can run here: they are never what a PyTorch reference step is. An import the
    page forgot and the plan supplies says what the step's names stand for; it goes after the
    step's own code, so that the code keeps its line numbers (names are resolved page-wide)."""
    tensorflow = tensorflow_steps(page)
    return [
        PageStep(plan.step.index, _compared_source(plan), plan.step.framework == "tf" or plan.step.index in tensorflow)
        for plan in plans
        if plan.step.kind != "shell"
    ]


def _compared_source(plan: StepPlan) -> str:
    source = newest_form(fill_placeholders(plan.step.source, HUB_USER)[0])
    return "".join([source.rstrip("\n") + "\n", *(f"{line}\n" for line in plan.imports)]) if plan.imports else source


def prepare_page(page: Page, plans: Sequence[StepPlan], known: Identification | None = None) -> PageCheck | None:
    """The reference check of a page, or None when the page is no known guide. `known`: what
    the page's English original says the page is (`original.held_against`); without it, the
    page is identified by its own code."""
    steps = page_steps(page, plans)
    facts = analyse_all([step.source for step in steps])
    identification = known or identify(facts, page.path)
    if identification is None:
        return None
    guide = identification.guide
    alignment = align(guide, steps)
    # A step that only shows a value changes nothing: observing before it sees the same, and
    # observing after it could see what a later step did (`>>> id2label[2]` after the loop that
    # fills the dict `label2id, id2label = dict(), dict()` made).
    shows = {step.index for step, found in zip(steps, facts) if found is not None and found.display_only}
    observations: dict[int, tuple[StepJob, ...]] = {}
    for aligned in alignment.aligned:
        step = guide.step(aligned.reference_step)
        if step.observations:
            after = max((index for index in aligned.page_steps if index not in shows), default=max(aligned.page_steps))
            observations[after] = (*observations.get(after, ()), observation_job(guide, step, aligned.names))
    return PageCheck(identification, alignment, observations)

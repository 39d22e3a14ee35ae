"""The reference as a runner job, and observation steps spliced into a page's job.

The reference runs like a page: one `exec` step per reference step, each followed by an
observation step. It is written in the newest API, and on an older release it goes through
the drift stage like a page, so that it gets what protects a run there (no tracker on
transformers 4.x) and what an older release needs of the newer companions. In a page, the
same observation steps go right after the last page step that does the reference step.
Observation steps have indexes from `OBSERVATION_INDEX` on, so they never collide with page
steps; `split_observations` takes them out of the outcome again before the page is judged,
leaving the page's own step outcomes as they were.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, replace
from typing import Any

from polydoctest.drift import Action, rewrite
from polydoctest.reference.model import Guide, RefStep
from polydoctest.reference.observe import parse
from polydoctest.reference.rename import rename
from polydoctest.run import PageOutcome, StepJob

OBSERVATION_INDEX = 10_000

Values = Mapping[str, Any]


def observation_job(guide: Guide, step: RefStep, names: Mapping[str, str]) -> StepJob:
    """The step that evaluates `step`'s observations, in the words of a page whose names for
    the guide's names are `names`."""
    expressions = {item.name: rename(item.expression, names) for item in step.observations}
    source = (
        "__import__('polydoctest.reference.observe', fromlist=['emit'])"
        f".emit({step.id!r}, {expressions!r}, globals())\n"
    )
    return StepJob(OBSERVATION_INDEX + guide.position(step.id), source, mode="exec")


def reference_steps(guide: Guide, versions: Mapping[str, str]) -> tuple[StepJob, ...]:
    """The reference's steps as they run with the libraries at `versions`, without those
    `left_out` there."""
    skipped = left_out(guide, versions)
    steps: list[StepJob] = []
    for position, step in enumerate(guide.steps):
        if step.id in skipped:
            continue
        steps.append(StepJob(position, rewrite(step.code, versions).source, mode="exec"))
        if step.observations:
            steps.append(observation_job(guide, step, {}))
    return tuple(steps)


def left_out(guide: Guide, versions: Mapping[str, str]) -> dict[str, str]:
    """Reference steps that use what the libraries at `versions` no longer have (a pipeline task
    removed in transformers 5), with the reason. The guide still does them on the lines that
    have it; here the reference leaves them out, as a page's plan skips its own."""
    found: dict[str, str] = {}
    for step in guide.steps:
        removed = [f for f in rewrite(step.code, versions).findings if f.action is Action.REMOVED]
        if removed:
            found[step.id] = removed[0].message
    return found


def with_observations(steps: Sequence[StepJob], after: Mapping[int, Sequence[StepJob]]) -> tuple[StepJob, ...]:
    """`steps` with the observation steps of `after[i]` right after page step `i`."""
    spliced: list[StepJob] = []
    for step in steps:
        spliced.append(step)
        spliced.extend(after.get(step.index, ()))
    return tuple(spliced)


@dataclass(frozen=True)
class Observed:
    """What the observation steps of a run printed: values per reference step id. A step whose
    observations did not run (the page ended first) is absent."""

    values: Mapping[str, Values]


def split_observations(outcome: PageOutcome) -> tuple[PageOutcome, Observed]:
    """The page's own outcome (observation steps removed) and what they observed."""
    own = tuple(step for step in outcome.steps if step.index < OBSERVATION_INDEX)
    values: dict[str, Values] = {}
    for step in outcome.steps:
        if step.index >= OBSERVATION_INDEX and step.status == "ok" and (found := parse(step.output)):
            values[found[0]] = found[1]
    at_step = outcome.at_step
    if at_step is not None and at_step >= OBSERVATION_INDEX:
        # The page died while observing: blame the page step the observation followed.
        positions = [step.index for step in outcome.steps]
        at_step = max((index for index in positions[: positions.index(at_step)] if index < OBSERVATION_INDEX), default=None)
    return replace(outcome, steps=own, at_step=at_step), Observed(values)

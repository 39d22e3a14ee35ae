"""The reference as a runner job, and the observations of a reference step as runner steps.

The reference runs like a page: one `exec` step per reference step, each followed by the
runner's `observe` step for its observations. It is written in the newest API, and on an older
release it goes through the drift stage like a page, so that it gets what protects a run there
(no tracker on transformers 4.x) and what an older release needs of the newer companions. In a
page, the same observations go right after the last page step that does the reference step,
in the page's names. The runner returns what they saw apart from the page's steps;
`split_observations` reads it as values per reference step.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, replace
from typing import Any

from polydoctest.drift import Action, rewrite
from polydoctest.reference.model import Guide, RefStep
from polydoctest.reference.rename import rename
from polydoctest.run import PageOutcome, StepJob

HELPERS = "polydoctest.reference.observe:helpers"

Values = Mapping[str, Any]


def observation_job(guide: Guide, step: RefStep, names: Mapping[str, str]) -> StepJob:
    """The step that evaluates `step`'s observations, in the words of a page whose names for
    the guide's names are `names`; it follows the reference step (`with_observations` puts it
    after a page step)."""
    expressions = {item.name: rename(item.expression, names) for item in step.observations}
    return StepJob(guide.position(step.id), mode="observe", name=step.id, expressions=expressions, helpers=HELPERS)


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
        spliced.extend(replace(observation, index=step.index) for observation in after.get(step.index, ()))
    return tuple(spliced)


@dataclass(frozen=True)
class Observed:
    """What the observations of a run saw: values per reference step id. A step whose
    observations did not run (the page ended first) is absent."""

    values: Mapping[str, Values]


def split_observations(outcome: PageOutcome) -> tuple[PageOutcome, Observed]:
    """The page's own outcome (without the observations) and what they saw."""
    values = {observation.name: observation.values for observation in outcome.observations}
    return replace(outcome, observations=()), Observed(values)
